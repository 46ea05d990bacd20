// A weighted sum of standardised features: the selector's first model class, still the start the
// boosted trees (trees.ts) are fitted from when that helps.
export interface LinearModel {
  kind: 'linear';
  mean: number[];
  std: number[];
  w: number[];
}

export function linear(m: LinearModel, x: number[]): number {
  let s = 0;
  for (let j = 0; j < m.w.length; j++) s += m.w[j] * ((x[j] - m.mean[j]) / m.std[j]);
  return s;
}

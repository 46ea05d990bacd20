// Fitting the selector's two small models: a softmax ranker that picks the sentence holding the
// answer among a question's candidates, and a logistic regression that turns how the best candidate
// looks into the probability that the answer is right. Plain full-batch gradient descent (Adam) with
// L2: the data is a few hundred thousand rows of a few dozen features, and the result must be
// reproducible from the same data with no native dependency.
import type { LinearModel } from './linear';

export interface RankGroup {
  x: number[][];
  /** Which candidates hold a gold answer; groups without any are skipped. */
  y: boolean[];
}

export function standardizer(rows: number[][]): { mean: number[]; std: number[] } {
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (const r of rows) r.forEach((v, j) => (mean[j] += v));
  mean.forEach((_, j) => (mean[j] /= Math.max(1, rows.length)));
  for (const r of rows) r.forEach((v, j) => (sq[j] += (v - mean[j]) ** 2));
  // A constant column (the bias) keeps mean 0 and std 1 so it stays an intercept.
  const std = sq.map((s, j) => {
    const sd = Math.sqrt(s / Math.max(1, rows.length));
    if (sd < 1e-9) {
      mean[j] = 0;
      return 1;
    }
    return sd;
  });
  return { mean, std };
}

function adam(dim: number, lr: number) {
  const m = new Array<number>(dim).fill(0);
  const v = new Array<number>(dim).fill(0);
  let t = 0;
  return (w: number[], g: number[]) => {
    t++;
    for (let j = 0; j < dim; j++) {
      m[j] = 0.9 * m[j] + 0.1 * g[j];
      v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
      w[j] -= (lr * (m[j] / (1 - 0.9 ** t))) / (Math.sqrt(v[j] / (1 - 0.999 ** t)) + 1e-8);
    }
  };
}

const z = (x: number[], mean: number[], std: number[]) => x.map((v, j) => (v - mean[j]) / std[j]);

/** Conditional logit: maximise the probability mass the softmax over a question's candidates puts on its gold ones. */
export function fitRanker(groups: RankGroup[], opts: FitOptions = {}): LinearModel {
  const usable = groups.filter((g) => g.y.some(Boolean) && g.x.length > 0);
  const { mean, std } = standardizer(usable.flatMap((g) => g.x));
  const zs = usable.map((g) => ({ x: g.x.map((r) => z(r, mean, std)), y: g.y }));
  const w = descend(mean.length, opts.epochs ?? 300, opts.l2, (w, grad) => {
    for (const g of zs) addSoftmaxGradient(grad, g.x, g.y, g.x.map((r) => dot(w, r)), zs.length);
  });
  return { kind: 'linear', mean, std, w };
}

/**
 * One question's share of the ranker's gradient: the softmax over its candidates' scores `s`, the
 * loss -log of the mass on its gold ones, each candidate's row `x` added to `grad` by its
 * d(-log(pos/all))/ds_i = p_i - (y_i e_i / pos), over `n` questions.
 */
function addSoftmaxGradient(grad: number[], x: number[][], y: boolean[], s: number[], n: number): void {
  const max = Math.max(...s);
  const e = s.map((v) => Math.exp(v - max));
  const all = e.reduce((a, b) => a + b, 0);
  const pos = e.reduce((a, v, i) => a + (y[i] ? v : 0), 0);
  x.forEach((r, i) => addScaled(grad, r, (e[i] / all - (y[i] ? e[i] / pos : 0)) / n));
}

/**
 * Weights for features added on top of a fitted ranker, its own weights kept as they are: the
 * softmax is fitted with the ranker's score (`score`) as a fixed offset, and the weights are written
 * into `into` (the ranker's linear model, or the one its trees start from). An added feature is
 * scaled but not centred (mean 0), so a candidate where it is 0 scores exactly as before: a feature
 * that is 0 on every English sentence leaves every English ranking, and its logits, untouched.
 */
export function fitAddedWeights(groups: RankGroup[], score: (x: number[]) => number, into: LinearModel, added: number[], opts: FitOptions = {}): LinearModel {
  const usable = groups.filter((g) => g.y.some(Boolean) && g.x.length > 0);
  const { std } = standardizer(usable.flatMap((g) => g.x.map((r) => added.map((j) => r[j]))));
  const zs = usable.map((g) => ({ offset: g.x.map(score), x: g.x.map((r) => added.map((j, k) => r[j] / std[k])), y: g.y }));
  const w = descend(added.length, opts.epochs ?? 300, opts.l2, (w, grad) => {
    // The same gradient as fitRanker's: s_i depends on the added weights only through r.
    for (const g of zs) addSoftmaxGradient(grad, g.x, g.y, g.x.map((r, i) => g.offset[i] + dot(w, r)), zs.length);
  });
  const out: LinearModel = { kind: 'linear', mean: [...into.mean], std: [...into.std], w: [...into.w] };
  added.forEach((j, k) => {
    out.mean[j] = 0;
    out.std[j] = Number(std[k].toPrecision(6));
    out.w[j] = Number(w[k].toPrecision(6));
  });
  return out;
}

/** Logistic regression: P(y) = sigmoid(w·z(x)). */
export function fitLogistic(x: number[][], y: boolean[], opts: FitOptions = {}): LinearModel {
  const { mean, std } = standardizer(x);
  const zs = x.map((r) => z(r, mean, std));
  const w = descend(mean.length, opts.epochs ?? 500, opts.l2, (w, grad) => {
    zs.forEach((r, i) => addScaled(grad, r, (1 / (1 + Math.exp(-dot(w, r))) - (y[i] ? 1 : 0)) / zs.length));
  });
  return { kind: 'linear', mean, std, w };
}

export interface FitOptions {
  l2?: number;
  epochs?: number;
}

/** Full-batch Adam from zero weights: `addGradient` adds the data's gradient at `w` to `grad` (which starts as the L2 term). */
function descend(d: number, epochs: number, l2 = 1e-3, addGradient: (w: number[], grad: number[]) => void): number[] {
  const w = new Array<number>(d).fill(0);
  const step = adam(d, 0.05);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const grad = w.map((wj) => l2 * wj);
    addGradient(w, grad);
    step(w, grad);
  }
  return w;
}

function addScaled(into: number[], r: number[], coef: number): void {
  for (let j = 0; j < r.length; j++) into[j] += coef * r[j];
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

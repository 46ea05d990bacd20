// Gradient-boosted trees as the selector reads them: a sum of small trees over the same feature
// vector as the linear models. Trees express what a weighted sum cannot: "asks how many" matters
// only when the sentence has no number, a missing rare word only when the rest is covered.
// Fitted by boost.ts; this file only walks them, so answering needs nothing but the JSON.
import { linear, type LinearModel } from './linear';

export interface Tree {
  /** Nodes in heap order (node i's children are 2i+1 and 2i+2): the feature a node splits on, or -1 at a leaf. */
  f: number[];
  /** The split's threshold (x[f] <= v goes left), or the leaf's score. */
  v: number[];
}

export interface TreeModel {
  kind: 'trees';
  /** The score before any tree: the log-odds of the base rate for a probability, 0 for a ranker. */
  base: number;
  /** The linear model the trees were boosted from, when they only fit what it misses (its score is added). */
  start?: LinearModel;
  trees: Tree[];
  /** Platt scaling of the summed score, fitted on held-out predictions: a·s + b. */
  platt?: { a: number; b: number };
}

/** The trees laid end to end in typed arrays, made once per model: the ranker walks them for every candidate. */
interface Flat {
  f: Int32Array;
  v: Float64Array;
  at: Int32Array;
}
const flat = new WeakMap<TreeModel, Flat>();

function flatten(m: TreeModel): Flat {
  const at = new Int32Array(m.trees.length);
  let size = 0;
  m.trees.forEach((t, i) => {
    at[i] = size;
    size += t.f.length;
  });
  const f = new Int32Array(size);
  const v = new Float64Array(size);
  m.trees.forEach((t, i) => {
    f.set(t.f, at[i]);
    v.set(t.v, at[i]);
  });
  const out = { f, v, at };
  flat.set(m, out);
  return out;
}

export function treeScore(m: TreeModel, x: number[]): number {
  const { f, v, at } = flat.get(m) ?? flatten(m);
  let s = m.base + (m.start ? linear(m.start, x) : 0);
  for (let t = 0; t < at.length; t++) {
    const o = at[t];
    let i = 0;
    while (f[o + i] >= 0) i = x[f[o + i]] <= v[o + i] ? 2 * i + 1 : 2 * i + 2;
    s += v[o + i];
  }
  return m.platt ? m.platt.a * s + m.platt.b : s;
}

/** The largest feature index any split reads, -1 for no split (to check a model against its feature list). */
export function maxFeature(m: TreeModel): number {
  let max = -1;
  for (const t of m.trees) for (const f of t.f) if (f > max) max = f;
  if (m.start) max = Math.max(max, m.start.w.length - 1);
  return max;
}

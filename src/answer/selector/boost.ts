// Fitting gradient-boosted trees (trees.ts) in plain TypeScript: second-order boosting of small
// trees (depth 2–3) with shrinkage, a minimum leaf size, and thresholds taken from the quantiles of
// each feature. The number of rounds is chosen on rows held out of the fit (the caller passes a
// part of its training split, never the validation split), then the trees are refitted on all rows
// with that many rounds. Nothing is random: the same rows give the same trees.
import type { RankGroup } from './fit';
import { linear, type LinearModel } from './linear';
import type { Tree, TreeModel } from './trees';

export interface BoostOptions {
  /** The most rounds tried (or fitted, without a holdout). */
  rounds?: number;
  depth?: number;
  /** Each tree's leaves are scaled by this: many small steps generalise better than a few large ones. */
  shrinkage?: number;
  /** No leaf is made from fewer rows (groups' candidates count as rows). */
  minLeaf?: number;
  /** Thresholds per feature at most (quantiles of its values). */
  bins?: number;
  /** L2 penalty on leaf scores. */
  l2?: number;
  /** Rows (for a ranker: groups) kept out of the fit to choose the number of rounds. */
  holdout?: boolean[];
  /** A linear model the trees start from instead of a constant, so they fit only what it misses (kept in the model). */
  start?: LinearModel;
}

const DEFAULTS = { rounds: 400, depth: 3, shrinkage: 0.05, minLeaf: 20, bins: 32, l2: 1 };

/** How a loss reads the scores: the gradient and (diagonal) hessian per row, and the mean loss over some rows. */
interface Objective {
  base: number;
  gradients(scores: Float64Array, g: Float64Array, h: Float64Array, fit: Uint8Array): void;
  loss(scores: Float64Array, rows: Uint8Array): number;
}

/** Logistic loss: P(y) = sigmoid(score). */
export function fitBoostedLogistic(x: number[][], y: boolean[], opts: BoostOptions = {}): TreeModel {
  const yy = Float64Array.from(y, (v) => (v ? 1 : 0));
  const objective = (rows: Uint8Array): Objective => {
    let pos = 0;
    let n = 0;
    rows.forEach((r, i) => {
      if (r) {
        pos += yy[i];
        n++;
      }
    });
    const p = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1, n)));
    return {
      base: Math.log(p / (1 - p)),
      gradients(s, g, h, fit) {
        for (let i = 0; i < s.length; i++) {
          if (!fit[i]) continue;
          const q = 1 / (1 + Math.exp(-s[i]));
          g[i] = q - yy[i];
          h[i] = Math.max(q * (1 - q), 1e-6);
        }
      },
      loss(s, rows) {
        let sum = 0;
        let k = 0;
        for (let i = 0; i < s.length; i++) {
          if (!rows[i]) continue;
          const q = Math.min(1 - 1e-12, Math.max(1e-12, 1 / (1 + Math.exp(-s[i]))));
          sum -= yy[i] ? Math.log(q) : Math.log(1 - q);
          k++;
        }
        return sum / Math.max(1, k);
      },
    };
  };
  return fitWithHoldout(x, opts.holdout, opts, objective);
}

/**
 * Listwise softmax over each group's candidates (the loss of fit.ts's ranker: minus the log of the
 * probability mass on the gold candidates). Groups with no gold candidate are skipped.
 */
export function fitBoostedRanker(groups: RankGroup[], opts: BoostOptions = {}): TreeModel {
  const kept = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.y.some(Boolean) && g.x.length > 0);
  const x: number[][] = [];
  const y: number[] = [];
  const spans: [number, number][] = [];
  for (const { g } of kept) {
    spans.push([x.length, x.length + g.x.length]);
    x.push(...g.x);
    y.push(...g.y.map((v) => (v ? 1 : 0)));
  }
  const rowHoldout = opts.holdout && kept.flatMap(({ g, i }) => g.x.map(() => opts.holdout![i]));
  const objective = (): Objective => ({
    base: 0,
    gradients(s, g, h, fit) {
      for (const [a, b] of spans) {
        if (!fit[a]) continue;
        const { max, all, pos } = softmaxSums(s, y, a, b);
        for (let i = a; i < b; i++) {
          const e = Math.exp(s[i] - max);
          const p = e / all;
          g[i] = p - (y[i] ? e / pos : 0);
          h[i] = Math.max(p * (1 - p), 1e-6);
        }
      }
    },
    loss(s, rows) {
      let sum = 0;
      let k = 0;
      for (const [a, b] of spans) {
        if (!rows[a]) continue;
        const { all, pos } = softmaxSums(s, y, a, b);
        sum -= Math.log(pos / all);
        k++;
      }
      return sum / Math.max(1, k);
    },
  });
  return fitWithHoldout(x, rowHoldout, opts, objective);
}

/** Rounds chosen on the held-out rows (lowest loss), then refitted on every row. */
function fitWithHoldout(x: number[][], holdout: boolean[] | undefined, opts: BoostOptions, objective: (rows: Uint8Array) => Objective): TreeModel {
  const o = { ...DEFAULTS, ...opts };
  const all = new Uint8Array(x.length).fill(1);
  if (!holdout || !holdout.some(Boolean) || holdout.every(Boolean)) return boost(x, all, undefined, o, objective(all), o.rounds).model;
  const fit = Uint8Array.from(holdout, (h) => (h ? 0 : 1));
  const held = Uint8Array.from(holdout, (h) => (h ? 1 : 0));
  const { curve } = boost(x, fit, held, o, objective(fit), o.rounds);
  let best = 0;
  curve.forEach((l, i) => {
    if (l < curve[best] - 1e-9) best = i;
  });
  return boost(x, all, undefined, o, objective(all), best).model;
}

interface Binned {
  d: number;
  codes: Uint8Array;
  cuts: number[][];
}

/** Up to `bins - 1` thresholds per feature, midway between neighbouring values at its quantiles (rounded, so the JSON holds them exactly). */
export function quantileCuts(x: number[][], rows: Uint8Array, bins: number): number[][] {
  const d = x[0]?.length ?? 0;
  const out: number[][] = [];
  for (let j = 0; j < d; j++) {
    const vs: number[] = [];
    for (let i = 0; i < x.length; i++) if (rows[i]) vs.push(x[i][j]);
    const sorted = Float64Array.from(vs).sort();
    const distinct: number[] = [];
    for (const v of sorted) if (!distinct.length || v !== distinct[distinct.length - 1]) distinct.push(v);
    const picks: number[] = [];
    if (distinct.length <= bins) for (let k = 0; k + 1 < distinct.length; k++) picks.push(k);
    else {
      // The distinct value at each quantile of the rows: frequent values keep their own bin.
      let k = 0;
      for (let q = 1; q < bins; q++) {
        const v = sorted[Math.floor((q * sorted.length) / bins)];
        while (distinct[k] < v) k++;
        if (k + 1 < distinct.length && picks[picks.length - 1] !== k) picks.push(k);
      }
    }
    const cuts = [...new Set(picks.map((k) => Number(((distinct[k] + distinct[k + 1]) / 2).toPrecision(6))))].sort((a, b) => a - b);
    out.push(cuts);
  }
  return out;
}

function binned(x: number[][], cuts: number[][]): Binned {
  const d = cuts.length;
  const codes = new Uint8Array(x.length * d);
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < d; j++) {
      const c = cuts[j];
      const v = x[i][j];
      let lo = 0;
      let hi = c.length;
      // The first threshold the value does not exceed: x <= cut goes left, as in treeScore.
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= c[mid]) hi = mid;
        else lo = mid + 1;
      }
      codes[i * d + j] = lo;
    }
  }
  return { d, codes, cuts };
}

function boost(
  x: number[][],
  fit: Uint8Array,
  held: Uint8Array | undefined,
  o: typeof DEFAULTS & BoostOptions,
  objective: Objective,
  rounds: number,
): { model: TreeModel; curve: number[] } {
  const cuts = quantileCuts(x, fit, o.bins);
  const data = binned(x, cuts);
  const n = x.length;
  // Started from a linear model's score, the trees add to it: no constant of their own.
  const start = o.start;
  const base = start ? 0 : objective.base;
  const scores = Float64Array.from(x, (r) => base + (start ? linear(start, r) : 0));
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: Tree[] = [];
  const curve: number[] = [];
  if (held) curve.push(objective.loss(scores, held));
  for (let r = 0; r < rounds; r++) {
    objective.gradients(scores, g, h, fit);
    const { tree, leafOf } = growTree(data, fit, g, h, o);
    trees.push(tree);
    for (let i = 0; i < n; i++) scores[i] += tree.v[leafOf(i)];
    if (held) curve.push(objective.loss(scores, held));
  }
  return { model: { kind: 'trees', base: Number(base.toPrecision(6)), ...(start && { start }), trees }, curve };
}

/** One tree, level by level: each node takes the split with the best second-order gain among its features' thresholds. */
function growTree(data: Binned, fit: Uint8Array, g: Float64Array, h: Float64Array, o: typeof DEFAULTS) {
  const { d, codes, cuts } = data;
  const n = fit.length;
  const size = 2 ** (o.depth + 1) - 1;
  const f = new Array<number>(size).fill(-1);
  const v = new Array<number>(size).fill(0);
  const splitCode = new Int32Array(size);
  const B = o.bins;
  const node = new Int32Array(n);
  const G = new Float64Array(size);
  const H = new Float64Array(size);
  const N = new Int32Array(size);
  for (let i = 0; i < n; i++) {
    if (!fit[i]) continue;
    G[0] += g[i];
    H[0] += h[i];
    N[0]++;
  }
  const leaf = (k: number) => {
    f[k] = -1;
    v[k] = Number(((-G[k] / (H[k] + o.l2)) * o.shrinkage).toPrecision(6));
  };
  let open = [0];
  const dB = d * B;
  let prev: { slot: Int32Array; hg: Float64Array; hh: Float64Array; hn: Int32Array } | undefined;
  for (let depth = 0; depth < o.depth && open.length; depth++) {
    const slot = new Int32Array(size).fill(-1);
    open.forEach((k, s) => (slot[k] = s));
    // Siblings come in pairs: the rows of the smaller one are counted, the other is its parent minus it.
    const counted = new Uint8Array(size);
    if (!prev) counted[0] = 1;
    else for (let p = 0; p < open.length; p += 2) counted[N[open[p]] <= N[open[p + 1]] ? open[p] : open[p + 1]] = 1;
    const hg = new Float64Array(open.length * dB);
    const hh = new Float64Array(open.length * dB);
    const hn = new Int32Array(open.length * dB);
    for (let i = 0; i < n; i++) {
      if (!fit[i] || !counted[node[i]]) continue;
      const s = slot[node[i]];
      if (s < 0) continue;
      const base = s * dB;
      const row = i * d;
      const gi = g[i];
      const hi = h[i];
      for (let j = 0; j < d; j++) {
        const k = base + j * B + codes[row + j];
        hg[k] += gi;
        hh[k] += hi;
        hn[k]++;
      }
    }
    if (prev) {
      for (const k of open) {
        if (counted[k]) continue;
        const [to, from, parent] = [slot[k] * dB, slot[k % 2 ? k + 1 : k - 1] * dB, prev.slot[(k - 1) >> 1] * dB];
        for (let t = 0; t < dB; t++) {
          hg[to + t] = prev.hg[parent + t] - hg[from + t];
          hh[to + t] = prev.hh[parent + t] - hh[from + t];
          hn[to + t] = prev.hn[parent + t] - hn[from + t];
        }
      }
    }
    prev = { slot, hg, hh, hn };
    const next: number[] = [];
    open.forEach((k, s) => {
      const parent = (G[k] * G[k]) / (H[k] + o.l2);
      let best = 1e-9;
      let bj = -1;
      let bc = -1;
      for (let j = 0; j < d; j++) {
        let gl = 0;
        let hl = 0;
        let nl = 0;
        const base = s * d * B + j * B;
        for (let c = 0; c < cuts[j].length; c++) {
          gl += hg[base + c];
          hl += hh[base + c];
          nl += hn[base + c];
          if (nl < o.minLeaf) continue;
          if (N[k] - nl < o.minLeaf) break;
          const gr = G[k] - gl;
          const hr = H[k] - hl;
          const gain = (gl * gl) / (hl + o.l2) + (gr * gr) / (hr + o.l2) - parent;
          if (gain > best) {
            best = gain;
            bj = j;
            bc = c;
          }
        }
      }
      if (bj < 0) return leaf(k);
      f[k] = bj;
      v[k] = cuts[bj][bc];
      splitCode[k] = bc;
      let gl = 0;
      let hl = 0;
      let nl = 0;
      const base = s * d * B + bj * B;
      for (let c = 0; c <= bc; c++) {
        gl += hg[base + c];
        hl += hh[base + c];
        nl += hn[base + c];
      }
      const [l, r] = [2 * k + 1, 2 * k + 2];
      G[l] = gl;
      H[l] = hl;
      N[l] = nl;
      G[r] = G[k] - gl;
      H[r] = H[k] - hl;
      N[r] = N[k] - nl;
      next.push(l, r);
    });
    for (let i = 0; i < n; i++) {
      const k = node[i];
      if (fit[i] && f[k] >= 0) node[i] = codes[i * d + f[k]] <= splitCode[k] ? 2 * k + 1 : 2 * k + 2;
    }
    open = next;
  }
  for (const k of open) leaf(k);
  const leafOf = (i: number) => {
    let k = 0;
    while (f[k] >= 0) k = codes[i * d + f[k]] <= splitCode[k] ? 2 * k + 1 : 2 * k + 2;
    return k;
  };
  return { tree: { f, v }, leafOf };
}

/** Platt scaling: a and b so that sigmoid(a·s + b) fits the labels (Newton's method on the log loss). */
export function fitPlatt(scores: number[], y: boolean[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    scores.forEach((s, i) => {
      const p = 1 / (1 + Math.exp(-(a * s + b)));
      const e = p - (y[i] ? 1 : 0);
      const w = p * (1 - p);
      ga += e * s;
      gb += e;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a: Number(a.toPrecision(6)), b: Number(b.toPrecision(6)) };
}

/** One question's candidates s[a..b): the softmax's normaliser and the share of it on gold candidates (shifted by the max, so exp never overflows). */
function softmaxSums(s: ArrayLike<number>, y: ArrayLike<number>, a: number, b: number): { max: number; all: number; pos: number } {
  let max = -Infinity;
  for (let i = a; i < b; i++) max = Math.max(max, s[i]);
  let all = 0;
  let pos = 0;
  for (let i = a; i < b; i++) {
    const e = Math.exp(s[i] - max);
    all += e;
    if (y[i]) pos += e;
  }
  return { max, all, pos };
}

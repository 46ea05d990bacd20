// The selector's boosted trees: they learn an interaction a linear model cannot (the reason they
// exist), the same data gives the same trees, their probabilities are calibrated, a saved model
// reads back to the same scores, and a weights file this code cannot use is refused by name.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fitBoostedLogistic, fitBoostedRanker, fitPlatt } from '../src/answer/selector/boost';
import { fitLogistic, fitRanker } from '../src/answer/selector/fit';
import { checkedWeights, score, shippedWeights, sigmoid, WEIGHTS_VERSION, type SelectorModel } from '../src/answer/selector/model';
import { treeScore, type TreeModel } from '../src/answer/selector/trees';
import { FEATURES } from '../src/answer/selector/features';
import { CONFIDENCE_FEATURES } from '../src/answer/selector/confidence';
import { isBotError } from '../src/errors';
import { cleanup, tmpDir } from './fixtures/core/small-kb';
import { rng } from './helpers/rng';

afterAll(cleanup);


// "Asks how many" × "the sentence has a number": either alone says nothing, together (or both
// absent) they decide. Columns: [bias, asks_amount, has_number, noise].
function xorRows(n: number, seed: number) {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const a = r() < 0.5 ? 1 : 0;
    const b = r() < 0.5 ? 1 : 0;
    const right = a === b ? r() < 0.9 : r() < 0.1;
    return { x: [1, a, b, r()], y: right };
  });
}

const accuracy = (rows: { x: number[]; y: boolean }[], p: (x: number[]) => number) => rows.filter((t) => p(t.x) >= 0.5 === t.y).length / rows.length;

describe('fitBoostedLogistic', () => {
  const train = xorRows(2000, 1);
  const test = xorRows(1000, 2);
  const x = train.map((t) => t.x);
  const y = train.map((t) => t.y);

  it('learns an XOR-like interaction that a linear model (and depth-1 stumps) cannot: a tree that never splits twice would score at chance', () => {
    const trees = fitBoostedLogistic(x, y, { depth: 2, rounds: 100, shrinkage: 0.1 });
    expect(accuracy(test, (v) => sigmoid(treeScore(trees, v)))).toBeGreaterThan(0.85);
    const lin = fitLogistic(x, y, { epochs: 300 });
    expect(accuracy(test, (v) => sigmoid(score(lin, v)))).toBeLessThan(0.65);
    const stumps = fitBoostedLogistic(x, y, { depth: 1, rounds: 100, shrinkage: 0.1 });
    expect(accuracy(test, (v) => sigmoid(treeScore(stumps, v)))).toBeLessThan(0.65);
  });

  it('gives the same trees for the same data (no randomness, no dependence on the run)', () => {
    const holdout = train.map((_, i) => i % 4 === 0);
    const a = fitBoostedLogistic(x, y, { depth: 3, rounds: 60, holdout });
    const b = fitBoostedLogistic(x.map((r) => [...r]), [...y], { depth: 3, rounds: 60, holdout });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.trees.length).toBeGreaterThan(0);
  });

  it('chooses the number of rounds on the held-out rows: with labels that are pure noise it stops almost at once', () => {
    const r = rng(5);
    const noise = Array.from({ length: 1000 }, () => ({ x: [1, r(), r()], y: r() < 0.5 }));
    const holdout = noise.map((_, i) => i % 4 === 0);
    const m = fitBoostedLogistic(noise.map((t) => t.x), noise.map((t) => t.y), { depth: 3, rounds: 300, minLeaf: 5, holdout });
    expect(m.trees.length).toBeLessThan(60);
  });

  it('each node of a level is split on its own rows (a node given its sibling\'s or no counts stays a leaf)', () => {
    // a = 1: right when b = 1; a = 0: right when b = 0. The root splits on a, each side on b.
    const rows = [
      ...Array.from({ length: 80 }, () => ({ x: [1, 1, 1], y: true })),
      ...Array.from({ length: 20 }, () => ({ x: [1, 1, 0], y: false })),
      ...Array.from({ length: 50 }, () => ({ x: [1, 0, 0], y: true })),
      ...Array.from({ length: 50 }, () => ({ x: [1, 0, 1], y: false })),
    ];
    const m = fitBoostedLogistic(rows.map((t) => t.x), rows.map((t) => t.y), { depth: 2, rounds: 1, shrinkage: 1, minLeaf: 5 });
    expect(m.trees[0].f.slice(0, 3)).toEqual([1, 2, 2]);
    expect(treeScore(m, [1, 1, 1])).toBeGreaterThan(treeScore(m, [1, 1, 0]));
    expect(treeScore(m, [1, 0, 0])).toBeGreaterThan(treeScore(m, [1, 0, 1]));
  });

  it('no leaf is made of fewer rows than minLeaf: one odd row cannot get a leaf of its own', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ x: [1, i === 7 ? 1 : 0], y: i === 7 }));
    const m = fitBoostedLogistic(rows.map((t) => t.x), rows.map((t) => t.y), { depth: 2, rounds: 50, minLeaf: 10 });
    expect(m.trees.every((t) => t.f.every((f) => f < 0))).toBe(true);
  });

  it('is calibrated on a synthetic set: in every fifth of the range predicted and observed rates agree within 0.06', () => {
    const r = rng(11);
    // A curved truth: the linear part of it is not enough, and the trees' steps must still average right.
    const make = (n: number) =>
      Array.from({ length: n }, () => {
        const u = r() * 4 - 2;
        const v = r();
        return { x: [1, u, v], y: r() < sigmoid(1.5 * u + (v > 0.5 ? 1 : -1) * Math.abs(u)) };
      });
    const data = make(6000);
    const m = fitBoostedLogistic(data.map((t) => t.x), data.map((t) => t.y), { depth: 2, rounds: 400, holdout: data.map((_, i) => i % 4 === 0) });
    const bins = Array.from({ length: 5 }, () => ({ n: 0, p: 0, o: 0 }));
    for (const t of make(6000)) {
      const p = sigmoid(treeScore(m, t.x));
      const b = bins[Math.min(4, Math.floor(p * 5))];
      b.n++;
      b.p += p;
      b.o += t.y ? 1 : 0;
    }
    expect(bins.filter((b) => b.n >= 100).length).toBeGreaterThanOrEqual(4);
    for (const b of bins.filter((b) => b.n >= 100)) expect(Math.abs(b.p / b.n - b.o / b.n)).toBeLessThan(0.06);
  });
});

describe('fitPlatt', () => {
  it('recovers the scale and shift of over-confident scores (a sign error would make them worse)', () => {
    const r = rng(3);
    const s = Array.from({ length: 5000 }, () => r() * 8 - 4);
    const y = s.map((v) => r() < sigmoid(0.5 * v - 0.3));
    const { a, b } = fitPlatt(s, y);
    expect(a).toBeGreaterThan(0.4);
    expect(a).toBeLessThan(0.6);
    expect(b).toBeGreaterThan(-0.45);
    expect(b).toBeLessThan(-0.15);
  });
});

describe('fitBoostedRanker', () => {
  // The gold candidate is the one whose two flags agree; every candidate has each flag half the time.
  function questions(n: number, seed: number) {
    const r = rng(seed);
    return Array.from({ length: n }, () => {
      const k = 4 + Math.floor(r() * 4);
      const gold = Math.floor(r() * k);
      const x = Array.from({ length: k }, (_, i) => {
        const a = r() < 0.5 ? 1 : 0;
        return [1, a, i === gold ? a : 1 - a, r()];
      });
      return { x, y: x.map((_, i) => i === gold) };
    });
  }
  const top1 = (groups: ReturnType<typeof questions>, m: SelectorModel) =>
    groups.filter((g) => {
      const s = g.x.map((x) => score(m, x));
      return g.y[s.indexOf(Math.max(...s))];
    }).length / groups.length;

  // A linear score can put (1,1) above (1,0) or (0,0) above (0,1), never both: it is right about half the time.
  it('ranks by an interaction of two features, where the linear softmax ranker is right only half the time', () => {
    const train = questions(300, 1);
    const held = questions(200, 2);
    const trees = fitBoostedRanker(train, { depth: 2, rounds: 60, shrinkage: 0.2, minLeaf: 10 });
    expect(top1(held, trees)).toBeGreaterThan(0.9);
    expect(top1(held, fitRanker(train, { epochs: 150 }))).toBeLessThan(0.6);
  });

  it('started from a linear model, keeps it and adds to its score', () => {
    const train = questions(100, 3);
    const start = fitRanker(train, { epochs: 50 });
    const m = fitBoostedRanker(train, { depth: 2, rounds: 0, start });
    expect(m.start).toEqual(start);
    expect(score(m, train[0].x[0])).toBeCloseTo(score(start, train[0].x[0]), 12);
  });
});

describe('a saved model', () => {
  it('walks a tree as written: x[f] <= threshold goes left, and Platt scaling applies to the sum', () => {
    const m: TreeModel = { kind: 'trees', base: 0.5, trees: [{ f: [1, -1, 0, -1, -1, -1, -1], v: [0.3, -1, 2, 0, 0, 10, 20] }], platt: { a: 2, b: 1 } };
    expect(treeScore(m, [0, 0.3])).toBe(2 * (0.5 - 1) + 1);
    expect(treeScore(m, [2, 0.31])).toBe(2 * (0.5 + 10) + 1);
    expect(treeScore(m, [2.5, 0.31])).toBe(2 * (0.5 + 20) + 1);
  });

  it('reads back from its JSON file to the same scores, and the answerer accepts the file', () => {
    const r = rng(9);
    const d = CONFIDENCE_FEATURES.length;
    const rows = Array.from({ length: 600 }, () => Array.from({ length: d }, (_, j) => (j === 0 ? 1 : r())));
    const y = rows.map((x) => (x[1] > 0.5) !== (x[2] > 0.5));
    const confidence = fitBoostedLogistic(rows, y, { depth: 2, rounds: 40 });
    const w = shippedWeights();
    const file = path.join(tmpDir('weights-'), 'weights.json');
    fs.writeFileSync(file, JSON.stringify({ ...w, confidence }, null, 1));
    const read = checkedWeights(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect(read.confidence.kind).toBe('trees');
    for (const x of rows.slice(0, 50)) expect(score(read.confidence, x)).toBe(treeScore(confidence, x));
  });
});

describe('weights this code cannot use', () => {
  const tree = (f: number): TreeModel => ({ kind: 'trees', base: 0, trees: [{ f: [f, -1, -1], v: [0.5, 1, -1] }] });
  it.each<[string, (w: object) => unknown, string]>([
    ['a file from before model kinds (version 1) read as if linear', (w) => ({ ...w, version: 1 }), 'version 1'],
    ['a model of a kind this code does not know scored as linear', (w) => ({ ...w, ranker: { kind: 'forest', trees: [] } }), 'unknown kind "forest"'],
    ['trees that read a feature this code does not compute', (w) => ({ ...w, confidence: tree(CONFIDENCE_FEATURES.length) }), `reads feature ${CONFIDENCE_FEATURES.length}`],
    ['a linear model with a weight missing', (w) => ({ ...w, ranker: { kind: 'linear', mean: [], std: [], w: [] } }), `does not have ${FEATURES.length} weights`],
    ['features added since the file was fitted', (w) => ({ ...w, features: FEATURES.slice(1) }), 'other features'],
    ['something that is not a weights file at all', () => 'hello', 'not a weights file'],
  ])('%s: refused with SELECTOR_WEIGHTS_STALE and the command that fixes it', (_bug, make, why) => {
    let err: unknown;
    try {
      checkedWeights(make(shippedWeights()));
    } catch (e) {
      err = e;
    }
    expect(isBotError(err, 'SELECTOR_WEIGHTS_STALE')).toBe(true);
    expect((err as Error).message).toContain(why);
    expect((err as Error).message).toContain('npm run train');
  });

  it('the shipped file has the current layout', () => {
    const w = shippedWeights();
    expect(w.version).toBe(WEIGHTS_VERSION);
    expect(['linear', 'trees']).toContain(w.ranker.kind);
    expect(['linear', 'trees']).toContain(w.confidence.kind);
  });
});

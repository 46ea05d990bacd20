// Which model classes the selector ships: each of the two models is fitted as a linear model and as
// boosted trees (started from the linear model's score, so the trees fit the interactions it cannot
// express), and the validation split decides. The trees' number of rounds is chosen on a part of
// the train split (a quarter of its articles), never on the validation split.
import { fitLogistic, fitRanker } from '../../answer/selector/fit';
import { fitBoostedLogistic, fitBoostedRanker, fitPlatt, type BoostOptions } from '../../answer/selector/boost';
import { score, type LinearModel, type SelectorModel } from '../../answer/selector/model';
import type { Candidate } from '../../answer/selector/features';
import type { Example } from './dataset';
import { auc, metrics, scoreExamples, type FeatureViews, type Scored } from './evaluate';

/** Trees of depth 3 on the candidates (a few hundred thousand rows): few rounds, large leaves. */
const RANKER_TREES: BoostOptions = { depth: 3, minLeaf: 50, shrinkage: 0.1, rounds: 150 };
/** The confidence has one row per question (a few thousand): small steps, many candidates for rounds. */
const CONFIDENCE_TREES: BoostOptions = { depth: 2, minLeaf: 20, shrinkage: 0.05, rounds: 600 };
/** Folds of the train split (by article) whose held-out predictions fit the trees' Platt scaling. */
const PLATT_FOLDS = 4;

export interface Fitted {
  ranker: SelectorModel;
  confidence: SelectorModel;
  min: number;
  scored: Scored[];
  /** What each model class scored on the validation split, and which was kept. */
  choices: string[];
}

export function articleHash(key: string): number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h / 2 ** 32;
}

const article = (e: Example) => `${e.lang}:${e.item.doc}`;
/** A quarter of the train split's articles, to choose the trees' number of rounds. */
const roundsHoldout = (e: Example) => articleHash(`rounds:${article(e)}`) < 0.25;
const fold = (e: Example) => Math.floor(articleHash(`platt:${article(e)}`) * PLATT_FOLDS);
const half = (e: Example) => articleHash(`half:${article(e)}`) < 0.5;

export function fitModels(train: Example[], valid: Example[], langs: string[], maxDeclined: number, views: FeatureViews = {}): Fitted {
  const vx = views.x ?? ((c: Candidate) => c.x);
  const choices: string[] = [];
  const groups = train.map((e) => ({ x: e.cands.map((c) => vx(c, e)), y: e.labels }));
  const linearRanker = rounded(fitRanker(groups));
  const treeRanker = fitBoostedRanker(groups, { ...RANKER_TREES, start: linearRanker, holdout: train.map(roundsHoldout) });
  // Top-1 hit on the validation split, never declining: what the ranker alone decides.
  const top1 = (m: SelectorModel) => scoreExamples(valid, m, undefined, views).filter((s) => s.hit).length;
  const [linHits, treeHits] = [top1(linearRanker), top1(treeRanker)];
  const ranker = treeHits > linHits ? treeRanker : linearRanker;
  choices.push(`ranker: linear ${linHits} / linear+trees (${treeRanker.kind === 'trees' ? treeRanker.trees.length : 0} rounds) ${treeHits} validation questions right at top 1 → ${ranker === treeRanker ? 'trees' : 'linear'}`);

  const trainScored = (ranker.kind === 'trees' ? crossFitted(train, ranker, views) : scoreExamples(train, ranker, undefined, views)).filter((s) => s.top >= 0);
  const x = trainScored.map((s) => s.features!);
  const y = trainScored.map((s) => s.hit);
  const holdout = trainScored.map((s) => roundsHoldout(s.ex));
  const folds = trainScored.map((s) => fold(s.ex));
  const linearConfidence = rounded(fitLogistic(x, y));
  const candidatesOf: [string, SelectorModel][] = [
    ['linear', linearConfidence],
    ['trees', plattScaled(fitBoostedLogistic(x, y, { ...CONFIDENCE_TREES, holdout }), x, y, folds, false)],
    ['linear+trees', plattScaled(fitBoostedLogistic(x, y, { ...CONFIDENCE_TREES, holdout, start: linearConfidence }), x, y, folds, true)],
  ];
  let best: { name: string; confidence: SelectorModel; min: number; scored: Scored[]; right: number } | undefined;
  for (const [name, confidence] of candidatesOf) {
    const scored = scoreExamples(valid, ranker, confidence, views);
    const { min, right } = threshold(scored, langs, maxDeclined);
    const rounds = confidence.kind === 'trees' ? ` (${confidence.trees.length} rounds)` : '';
    choices.push(`confidence ${name}${rounds}: ${right} validation questions right at ANSWER_MIN_CONFIDENCE=${min}, AUC ${auc(scored).toFixed(3)}`);
    if (!best || right > best.right) best = { name, confidence, min, scored, right };
  }
  choices.push(`confidence → ${best!.name}`);
  return { ranker, confidence: best!.confidence, min: best!.min, scored: best!.scored, choices };
}

/**
 * The train split as the confidence model must see it: ranked by trees that never saw its
 * questions. Trees fitted on a question rank it better than they will rank a new one, and a
 * confidence model learned from such rankings expects margins it will not get. Each half of the
 * articles is ranked by trees fitted on the other half (the same rounds, from the same linear start).
 */
function crossFitted(train: Example[], ranker: SelectorModel & { kind: 'trees' }, views: FeatureViews): Scored[] {
  const vx = views.x ?? ((c: Candidate) => c.x);
  const byHalf = [false, true].map((h) => {
    const fitOn = train.filter((e) => half(e) !== h);
    const m = fitBoostedRanker(
      fitOn.map((e) => ({ x: e.cands.map((c) => vx(c, e)), y: e.labels })),
      { ...RANKER_TREES, rounds: ranker.trees.length, start: ranker.start },
    );
    return scoreExamples(train.filter((e) => half(e) === h), m, undefined, views);
  });
  return [...byHalf[0], ...byHalf[1]];
}

/**
 * Trees fitted with shrinkage and stopped early are not quite calibrated: a and b of sigmoid(a·s + b)
 * are fitted on predictions for each fold of the train split by trees fitted on the other folds.
 */
function plattScaled(model: SelectorModel, x: number[][], y: boolean[], folds: number[], withStart: boolean): SelectorModel {
  if (model.kind !== 'trees') return model;
  const held: number[] = new Array<number>(x.length).fill(0);
  for (let k = 0; k < PLATT_FOLDS; k++) {
    const inFold = folds.map((f) => f === k);
    if (!inFold.some(Boolean) || inFold.every(Boolean)) continue;
    const fx = x.filter((_, i) => !inFold[i]);
    const fy = y.filter((_, i) => !inFold[i]);
    const start = withStart ? rounded(fitLogistic(fx, fy)) : undefined;
    const m = fitBoostedLogistic(fx, fy, { ...CONFIDENCE_TREES, rounds: model.trees.length, start });
    x.forEach((r, i) => {
      if (inFold[i]) held[i] = score(m, r);
    });
  }
  return { ...model, platt: fitPlatt(held, y) };
}

/** The default threshold: most questions right on the validation split, with at most maxDeclined of the answerable ones declined in any language. */
export function threshold(scored: Scored[], langs: string[], maxDeclined: number): { min: number; right: number } {
  let min = 0;
  let right = -1;
  for (let t = 0; t <= 0.951; t += 0.01) {
    const ms = langs.map((l) => metrics(scored.filter((s) => s.ex.lang === l), t));
    if (ms.some((m) => m.answerable && m.declinedAnswerable / m.answerable > maxDeclined)) continue;
    const r = ms.reduce((a, m) => a + m.allCorrect, 0);
    if (r > right) {
      right = r;
      min = Number(t.toFixed(2));
    }
  }
  return { min, right };
}

function rounded(m: LinearModel): LinearModel {
  const r = (xs: number[]) => xs.map((v) => Number(v.toPrecision(6)));
  return { kind: 'linear', mean: r(m.mean), std: r(m.std), w: r(m.w) };
}

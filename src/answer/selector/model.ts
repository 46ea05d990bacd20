// The learned selector as shipped: weights.json beside this file, fitted by `npm run train`
// (src/cli/train.ts) on public QA sets split by article. Reading it needs nothing but JSON.
import shipped from './weights.json' with { type: 'json' };
import { BotError } from '../../errors';
import { FEATURES } from './features';
import { CONFIDENCE_FEATURES } from './confidence';
import { linear, type LinearModel } from './linear';
import { maxFeature, treeScore, type TreeModel } from './trees';
import { CROSS_FEATURES } from './cross-lingual';

export { linear, type LinearModel };

/** A model's `kind` says how to read it: a weighted sum of standardised features, or boosted trees (trees.ts). */
export type SelectorModel = LinearModel | TreeModel;

export interface SelectorWeights {
  version: number;
  features: string[];
  ranker: SelectorModel;
  confidenceFeatures: string[];
  confidence: SelectorModel;
  /** The default ANSWER_MIN_CONFIDENCE: best "all correct" on the validation split with ≤ 15% answerable questions declined. */
  minConfidence: number;
  /** Models for questions answered across languages, fitted without the surface-wording features (cross-lingual.ts). */
  crossLingual?: {
    ranker: SelectorModel;
    confidence: SelectorModel;
    minConfidence: number;
    /**
     * For questions whose names were found only by sound (no glossary entry, cross-lingual.ts
     * namedOnlyBySound): fitted with the English-like rows of `npm run train`, a ranker that also
     * reads `features` (CROSS_FEATURES), and a threshold with at most 15% of those rows answered wrongly.
     */
    bySound?: { features: string[]; ranker: SelectorModel; confidence: SelectorModel; minConfidence: number };
  };
  /** How the weights were made and how they did on the validation split (for the README and `kb status`). */
  trainedOn?: Record<string, unknown>;
}

/** The model's score for a feature vector: a ranker's logit, or the log-odds of a right answer. */
export function score(m: SelectorModel, x: number[]): number {
  return m.kind === 'trees' ? treeScore(m, x) : linear(m, x);
}

export const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The layout of weights.json this code reads: models carry a `kind` (version 1 files had linear models only). */
export const WEIGHTS_VERSION = 2;

/** The shipped weights, checked against the features this code computes (a stale file would score nonsense). */
let checked: SelectorWeights | undefined;

export function shippedWeights(): SelectorWeights {
  return (checked ??= checkedWeights(shipped));
}

const RETRAIN = 'run `npm run train -- --data <QA folder>`';

function stale(why: string): BotError {
  return new BotError('SELECTOR_WEIGHTS_STALE', `src/answer/selector/weights.json ${why}: ${RETRAIN}.`);
}

/** The weights as this code can use them, or SELECTOR_WEIGHTS_STALE saying what does not fit. */
export function checkedWeights(file: unknown): SelectorWeights {
  const w = file as Partial<SelectorWeights> | null;
  if (!w || typeof w !== 'object') throw stale('is not a weights file (not a JSON object)');
  if (w.version !== WEIGHTS_VERSION) throw stale(`has layout version ${String(w.version)}, this code reads version ${WEIGHTS_VERSION}`);
  const same = (a: readonly string[], b: unknown) => Array.isArray(b) && a.length === b.length && a.every((n, i) => n === b[i]);
  const bySound = w.crossLingual?.bySound;
  if (!same(FEATURES, w.features) || !same(CONFIDENCE_FEATURES, w.confidenceFeatures) || (bySound && !same(CROSS_FEATURES, bySound.features))) {
    throw stale('was fitted on other features than this code computes');
  }
  const models: [string, unknown, number][] = [
    ['ranker', w.ranker, FEATURES.length],
    ['confidence', w.confidence, CONFIDENCE_FEATURES.length],
  ];
  if (w.crossLingual) models.push(['crossLingual.ranker', w.crossLingual.ranker, FEATURES.length], ['crossLingual.confidence', w.crossLingual.confidence, CONFIDENCE_FEATURES.length]);
  if (bySound) models.push(['crossLingual.bySound.ranker', bySound.ranker, FEATURES.length + CROSS_FEATURES.length], ['crossLingual.bySound.confidence', bySound.confidence, CONFIDENCE_FEATURES.length]);
  for (const [name, m, d] of models) {
    const why = modelProblem(m, d);
    if (why) throw stale(`has a ${name} model that ${why}`);
  }
  return w as SelectorWeights;
}

function modelProblem(m: unknown, d: number): string | undefined {
  const model = m as SelectorModel | undefined;
  const sized = (xs: unknown) => Array.isArray(xs) && xs.length === d;
  if (!model || typeof model !== 'object') return 'is missing';
  if (model.kind === 'linear') return sized(model.w) && sized(model.mean) && sized(model.std) ? undefined : `does not have ${d} weights`;
  if (model.kind === 'trees') {
    if (!Array.isArray(model.trees) || model.trees.some((t) => !Array.isArray(t?.f) || !Array.isArray(t?.v) || t.f.length !== t.v.length)) return 'has malformed trees';
    if (model.start && modelProblem(model.start, d)) return `starts from a linear model that ${modelProblem(model.start, d)}`;
    return maxFeature(model) < d ? undefined : `reads feature ${maxFeature(model)} of ${d}`;
  }
  return `is of unknown kind "${String((model as { kind?: unknown }).kind)}"`;
}

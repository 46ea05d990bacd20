// The learned selector as shipped: weights.json beside this file, fitted by `npm run train`
// (src/cli/train.ts) on public QA sets split by article. Reading it needs nothing but JSON.
import shipped from './weights.json' with { type: 'json' };
import { BotError } from '../../errors';
import { FEATURES } from './features';
import { CONFIDENCE_FEATURES } from './confidence';
import { CROSS_FEATURES } from './cross-lingual';

export interface LinearModel {
  mean: number[];
  std: number[];
  w: number[];
}

export interface SelectorWeights {
  version: number;
  features: string[];
  ranker: LinearModel;
  confidenceFeatures: string[];
  confidence: LinearModel;
  /** The default ANSWER_MIN_CONFIDENCE: best "all correct" on the validation split with ≤ 15% answerable questions declined. */
  minConfidence: number;
  /** Models for questions answered across languages, fitted without the surface-wording features (cross-lingual.ts). */
  crossLingual?: {
    ranker: LinearModel;
    confidence: LinearModel;
    minConfidence: number;
    /**
     * For questions whose names were found only by sound (no glossary entry, cross-lingual.ts
     * namedOnlyBySound): fitted with the English-like rows of `npm run train`, a ranker that also
     * reads `features` (CROSS_FEATURES), and a threshold with at most 15% of those rows answered wrongly.
     */
    bySound?: { features: string[]; ranker: LinearModel; confidence: LinearModel; minConfidence: number };
  };
  /** How the weights were made and how they did on the validation split (for the README and `kb status`). */
  trainedOn?: Record<string, unknown>;
}

export function linear(m: LinearModel, x: number[]): number {
  let s = 0;
  for (let j = 0; j < m.w.length; j++) s += m.w[j] * ((x[j] - m.mean[j]) / m.std[j]);
  return s;
}

export const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The shipped weights, checked against the features this code computes (a stale file would score nonsense). */
let checked: SelectorWeights | undefined;

export function shippedWeights(): SelectorWeights {
  return (checked ??= checkedWeights(shipped as SelectorWeights));
}

export function checkedWeights(w: SelectorWeights): SelectorWeights {
  const same = (a: readonly string[], b: string[]) => a.length === b.length && a.every((n, i) => n === b[i]);
  const cross = w.crossLingual;
  if (!same(FEATURES, w.features) || !same(CONFIDENCE_FEATURES, w.confidenceFeatures) || (cross?.bySound !== undefined && !same(CROSS_FEATURES, cross.bySound.features))) {
    throw new BotError('SELECTOR_WEIGHTS_STALE', 'src/answer/selector/weights.json was fitted on other features than this code computes: run `npm run train -- --data <QA folder>`.');
  }
  return w;
}

// Features read from Korean word order only (cross-lingual.ts KOREAN_ONLY_FEATURES, 0 on every
// English sentence) are fitted on top of the shared models rather than with them. Fitted jointly,
// a feature that helps a few Korean questions shifts every other weight and the confidence model's
// trees with them, and English answers moved by that noise alone (measured: validation English all
// correct 59.9 → 59.5). Here the shared ranker and confidence are fitted without them, exactly as
// before they came; only their own weights are then fitted, with the ranker's score as a fixed
// offset (fit.ts fitAddedWeights), and kept only if the validation split gets more questions right.
import { fitAddedWeights } from '../../answer/selector/fit';
import { score, type SelectorModel } from '../../answer/selector/model';
import type { Example } from './dataset';
import { scoreExamples } from './evaluate';
import { threshold, type Fitted } from './fit-models';

export function withAddedFeatures(fitted: Fitted, train: Example[], valid: Example[], langs: string[], maxDeclined: number, added: number[]): Fitted {
  const base = fitted.ranker;
  const into = base.kind === 'linear' ? base : base.start;
  if (!added.length || !into) return fitted;
  const groups = train.map((e) => ({ x: e.cands.map((c) => c.x), y: e.labels }));
  const start = fitAddedWeights(groups, (x) => score(base, x), into, added);
  const ranker: SelectorModel = base.kind === 'linear' ? start : { ...base, start };
  const scored = scoreExamples(valid, ranker, fitted.confidence);
  const { min, right } = threshold(scored, langs, maxDeclined);
  const before = threshold(fitted.scored, langs, maxDeclined).right;
  const keep = right > before;
  const weights = added.map((j) => start.w[j]).join(', ');
  const choice = `Korean-only features fitted on top (weights ${weights}): ${right} validation questions right at ANSWER_MIN_CONFIDENCE=${min}, without them ${before} → ${keep ? 'added' : 'left out'}`;
  return keep ? { ranker, confidence: fitted.confidence, min, scored, choices: [...fitted.choices, choice] } : { ...fitted, choices: [...fitted.choices, choice] };
}

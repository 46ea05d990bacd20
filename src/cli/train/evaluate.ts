// What a set of weights would score on held-out questions, counted as the public scorer counts:
// an answer hit is an answerable question answered with a gold string in the quote; a correct
// abstention is an unanswerable question declined.
import { score, sigmoid, type SelectorModel } from '../../answer/selector/model';
import { confidenceFeatures } from '../../answer/selector/confidence';
import type { Example } from './dataset';
import type { Candidate } from '../../answer/selector/features';

export interface Scored {
  ex: Example;
  /** Index of the chosen candidate (-1 when a rule declined). */
  top: number;
  confidence: number;
  /** The chosen candidate holds a gold answer. */
  hit: boolean;
  features?: number[];
}

export interface FeatureViews {
  /** The ranker's input for a candidate (default: its shared features). */
  x?: (c: Candidate, ex: Example) => number[];
  confidence?: (z: number[]) => number[];
}

export function scoreExamples(examples: Example[], ranker: SelectorModel, confidence?: SelectorModel, views: FeatureViews = {}): Scored[] {
  const vx = views.x ?? ((c: Candidate) => c.x);
  const vz = views.confidence ?? ((z: number[]) => z);
  return examples.map((ex) => {
    if (ex.ruled || !ex.cands.length) return { ex, top: -1, confidence: 0, hit: false };
    const logits = ex.cands.map((c) => score(ranker, vx(c, ex)));
    const order = logits.map((_, i) => i).sort((a, b) => logits[b] - logits[a]);
    const features = vz(confidenceFeatures(ex.query, ex.groups, order.map((i) => ex.cands[i]), order.map((i) => logits[i])));
    return { ex, top: order[0], confidence: confidence ? sigmoid(score(confidence, features)) : 1, hit: ex.labels[order[0]], features };
  });
}

export interface Metrics {
  n: number;
  answerable: number;
  hit: number;
  declinedAnswerable: number;
  unanswerable: number;
  declinedUnanswerable: number;
  allCorrect: number;
  medianChars: number;
}

export function metrics(scored: Scored[], min: number): Metrics {
  const m: Metrics = { n: scored.length, answerable: 0, hit: 0, declinedAnswerable: 0, unanswerable: 0, declinedUnanswerable: 0, allCorrect: 0, medianChars: 0 };
  const lengths: number[] = [];
  for (const s of scored) {
    const declined = s.top < 0 || s.confidence < min;
    if (!declined) lengths.push(s.ex.cands[s.top].text.length);
    if (s.ex.item.answerable) {
      m.answerable++;
      if (declined) m.declinedAnswerable++;
      else if (s.hit) m.hit++;
    } else {
      m.unanswerable++;
      if (declined) m.declinedUnanswerable++;
    }
  }
  m.allCorrect = m.hit + m.declinedUnanswerable;
  lengths.sort((a, b) => a - b);
  m.medianChars = lengths.length ? lengths[Math.floor(lengths.length / 2)] : 0;
  return m;
}

/** Predicted vs. observed probability of a right answer, in 5 equal-width bins. */
export function reliability(scored: Scored[]): { bin: string; n: number; predicted: number; observed: number }[] {
  const bins = Array.from({ length: 5 }, (_, i) => ({ bin: `${(i / 5).toFixed(1)}–${((i + 1) / 5).toFixed(1)}`, n: 0, p: 0, o: 0 }));
  for (const s of scored) {
    if (s.top < 0) continue;
    const b = bins[Math.min(4, Math.floor(s.confidence * 5))];
    b.n++;
    b.p += s.confidence;
    b.o += s.hit ? 1 : 0;
  }
  return bins.map((b) => ({ bin: b.bin, n: b.n, predicted: b.n ? b.p / b.n : 0, observed: b.n ? b.o / b.n : 0 }));
}

/** Area under the ROC curve of confidence for "the answer is right". */
export function auc(scored: Scored[]): number {
  const xs = scored.filter((s) => s.top >= 0).map((s) => ({ c: s.confidence, y: s.hit })).sort((a, b) => a.c - b.c);
  let rankSum = 0;
  let pos = 0;
  xs.forEach((x, i) => {
    if (x.y) {
      rankSum += i + 1;
      pos++;
    }
  });
  const neg = xs.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : 0.5;
}

// The threshold of the cross-language models for names found by sound, chosen on the English-like
// validation rows (cross-lingual-rows.ts).
import { metrics, type Scored } from './evaluate';

/**
 * The threshold for English questions whose names were found by sound: the most answers right
 * with at most `maxWrong` of the questions answered wrongly (the target), on the
 * English-like validation rows, which are all answerable. The rows are a sample of a few hundred:
 * the cap holds one standard error above the measured share, so that a threshold which only just
 * meets it on these rows does not exceed it on new questions as often as not.
 */
export function wrongCapped(rows: Scored[], maxWrong: number): { min: number; right: number } {
  let best = { min: 0.95, right: -1 };
  for (let t = 0; t <= 0.951; t += 0.01) {
    const m = metrics(rows, t);
    const wrong = m.answerable - m.hit - m.declinedAnswerable;
    const p = m.answerable ? wrong / m.answerable : 0;
    const upper = p + Math.sqrt((p * (1 - p)) / Math.max(1, m.answerable));
    if (upper <= maxWrong && m.hit > best.right) best = { min: Number(t.toFixed(2)), right: m.hit };
  }
  return best;
}

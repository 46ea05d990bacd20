// An English question answered from Korean passages (or the reverse) cannot share its wording with
// the text: word pairs, runs of its words, its own words and Hangul bigrams are absent by nature,
// not because the sentence is wrong. No training set pairs questions and passages across languages,
// so such questions get models fitted on the same data with those features left out (zeroed in
// training and at answer time), rather than models that read their absence as a poor match.
import type { AnalyzedQuery } from '../../retrieval/query';
import { CONFIDENCE_FEATURES } from './confidence';
import { FEATURES, type RankedChunk } from './features';

const HANGUL = /[\uac00-\ud7a3]/;

export const SURFACE_FEATURES: readonly string[] = ['words', 'bigrams', 'word_pairs', 'longest_run', 'proximity', 'ko_words', 'ko_bigrams'];
export const SURFACE_CONFIDENCE_FEATURES: readonly string[] = ['words', 'bigrams', 'word_pairs', 'longest_run', 'run_but_missing', 'proximity', 'altered_word', 'contrasted_word'];

const rankerMask = FEATURES.map((n) => SURFACE_FEATURES.includes(n));
const confidenceMask = CONFIDENCE_FEATURES.map((n) => SURFACE_CONFIDENCE_FEATURES.includes(n));

export const withoutSurface = (x: number[]) => x.map((v, i) => (rankerMask[i] ? 0 : v));
export const withoutSurfaceConfidence = (x: number[]) => x.map((v, i) => (confidenceMask[i] ? 0 : v));

/** The question is in one script and most of its best passages in the other. */
export function acrossLanguages(query: AnalyzedQuery, ranked: RankedChunk[]): boolean {
  if (!ranked.length) return false;
  const koQuestion = HANGUL.test(query.text);
  return ranked.filter((r) => HANGUL.test(r.chunk.text) !== koQuestion).length * 2 > ranked.length;
}

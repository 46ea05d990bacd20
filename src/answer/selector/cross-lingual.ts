// An English question answered from Korean passages (or the reverse) cannot share its wording with
// the text: word pairs, runs of its words, its own words and Hangul bigrams are absent by nature,
// not because the sentence is wrong. No training set pairs questions and passages across languages,
// so such questions get models fitted on the same data with those features left out (zeroed in
// training and at answer time), rather than models that read their absence as a poor match.
import type { AnalyzedQuery } from '../../retrieval/query';
import type { Glossary } from '../../retrieval/glossary';
import type { WeightedGroup } from '../coverage';
import { CONFIDENCE_FEATURES } from './confidence';
import { FEATURES, type Candidate, type RankedChunk } from './features';

const HANGUL = /[\uac00-\ud7a3]/;

export const SURFACE_FEATURES: readonly string[] = ['words', 'bigrams', 'word_pairs', 'longest_run', 'proximity', 'ko_words', 'ko_bigrams', 'family_share', 'family_rel', 'rarest_held'];
export const SURFACE_CONFIDENCE_FEATURES: readonly string[] = ['words', 'bigrams', 'word_pairs', 'longest_run', 'run_but_missing', 'proximity', 'altered_word', 'contrasted_word', 'family_missing', 'rarest_family_missing'];

/**
 * Read from Korean word order only, and zero on every English sentence: the models used across
 * languages are fitted without them, so they stay exactly as they were fitted before the feature
 * came, and an English question over Korean text is ranked as before.
 */
export const KOREAN_ONLY_FEATURES: readonly string[] = ['topic_dropped_gain'];

const rankerMask = FEATURES.map((n) => SURFACE_FEATURES.includes(n) || KOREAN_ONLY_FEATURES.includes(n));
const confidenceMask = CONFIDENCE_FEATURES.map((n) => SURFACE_CONFIDENCE_FEATURES.includes(n));

export const withoutSurface = (x: number[]) => x.map((v, i) => (rankerMask[i] ? 0 : v));
export const withoutSurfaceConfidence = (x: number[]) => x.map((v, i) => (confidenceMask[i] ? 0 : v));

/**
 * How much of a question crossed into the text: fitted only where the rows cross languages (the
 * models for names found by sound). The glossary's cross-language models are fitted on
 * same-language rows, where these say nothing about crossing, so they leave them out and stay as
 * they were.
 */
export const REACH_CONFIDENCE_FEATURES: readonly string[] = ['reached_share', 'translated_missing', 'sound_name_missing', 'translated_share', 'unreached_share'];
const glossaryMask = CONFIDENCE_FEATURES.map((n) => SURFACE_CONFIDENCE_FEATURES.includes(n) || REACH_CONFIDENCE_FEATURES.includes(n));
export const withoutSurfaceOrReach = (x: number[]) => x.map((v, i) => (glossaryMask[i] ? 0 : v));

/** The question is in one script and most of its best passages in the other. */
export function acrossLanguages(query: AnalyzedQuery, ranked: RankedChunk[]): boolean {
  if (!ranked.length) return false;
  const koQuestion = HANGUL.test(query.text);
  return ranked.filter((r) => HANGUL.test(r.chunk.text) !== koQuestion).length * 2 > ranked.length;
}

/**
 * What the cross-language ranker reads besides the shared features. Korean names a subject once and
 * drops it from the sentences that follow, while an English question's names carry most of its
 * rare-word weight: a sentence that repeats the name but says nothing asked (the birth line, for a
 * question about the film) outranks the one that says the fact. So the name and the question's other
 * words are weighed apart, and the name counts when the passage holds it. Fitted on the
 * English-like rows of `npm run train` (src/cli/train/cross-lingual-rows.ts) and the others.
 */
export const CROSS_FEATURES = ['fact_cover', 'translated_cover', 'name_cover', 'name_in_passage'] as const;

export function crossFeatures(groups: WeightedGroup[], c: Candidate): number[] {
  let facts = 0, factsIn = 0, translated = 0, translatedIn = 0, names = 0, namesIn = 0, namesInPassage = 0;
  groups.forEach((g, i) => {
    if (!g.present || g.group.context) return;
    if (g.group.kind === 'entity' || g.group.soundsLike?.length) {
      names += g.weight;
      namesIn += g.weight * c.degrees[i];
      namesInPassage += g.weight * c.chunkDegrees[i];
      return;
    }
    facts += g.weight;
    factsIn += g.weight * c.degrees[i];
    if (g.group.translated) {
      translated += g.weight;
      translatedIn += g.weight * c.degrees[i];
    }
  });
  const share = (a: number, b: number) => (b ? a / b : 0);
  return [share(factsIn, facts), share(translatedIn, translated), share(namesIn, names), share(namesInPassage, names)];
}

const TITLE = FEATURES.indexOf('title_idf');

/**
 * Each document's best title match among the candidates. The training articles name their subject
 * in their one heading, so title_idf says "this article is about the asked name" on every sentence
 * of it, and the models weigh it most; a knowledge-base document with sections names its subject
 * in its first heading only, and a later section (# 가족, where the marriage is) lost that match.
 * Across languages a candidate reads its document's title match (the same on one-heading articles,
 * as all training articles are, so the fitted weights stand).
 */
export function articleTitles(cands: Candidate[]): Map<string, number> {
  const best = new Map<string, number>();
  for (const c of cands) best.set(c.chunk.docId, Math.max(best.get(c.chunk.docId) ?? 0, c.x[TITLE]));
  return best;
}

/** The cross-language ranker's input: the shared features without surface wording (the title match its document's), then CROSS_FEATURES. */
export function crossRankerInput(groups: WeightedGroup[], c: Candidate, titles?: Map<string, number>): number[] {
  const x = withoutSurface(c.x);
  if (titles) x[TITLE] = titles.get(c.chunk.docId) ?? x[TITLE];
  return [...x, ...crossFeatures(groups, c)];
}


/**
 * A name of the question was matched only by its sound, to a spelling no glossary entry written by
 * an admin gives (mined pairs count as sound: nobody checked them). Such questions get the stricter
 * threshold (minConfidenceBySound); a possessive the glossary missed (Anthropic's → 앤스로픽, an
 * entry's own spelling) is as sure as the glossary.
 */
export function namedOnlyBySound(query: AnalyzedQuery, glossary: Glossary): boolean {
  const korean = HANGUL.test(query.text);
  // Its models were fitted on English questions over Korean text only.
  if (korean) return false;
  const squash = (t: string) => t.replace(/\s+/g, '');
  const written = (spelling: string) => glossary.match(spelling).some((m) => !m.entry.minedFrom && squash(m.matched) === squash(spelling));
  return query.groups.some((g) => !g.context && g.soundsLike?.some((s) => HANGUL.test(s) !== korean && !written(s)));
}

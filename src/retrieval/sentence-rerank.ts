// BM25 scores a chunk as a bag of words. A company's name in five chunks (founding, funding,
// headcount, CEO, product) ties them on the name, and the one whose *sentence* joins the name with the
// word asked about ("렌쿠쿠는 … 투자받았다" for "렌쿠쿠가 투자받은 금액은?") was told apart only by how
// often filler elsewhere in the chunk happened to use that word. Korean suffers most: its predicate
// words (투자받았다, 설립된) are common in any business text, so their IDF is low and only their
// co-occurrence with the name says which chunk answers. Rescoring the best BM25 hits by their best
// sentence (the IDF-weighted query terms that sentence holds) puts that chunk first.
//
// The weight was chosen on the bench's planted questions and checked on the public QA sets (retrained
// selector): at 1 the hit rates stay within 0.6 points and English recall@6 rises a little;
// numbers in bench/README.md and the issue 10 note. At 2 the bench gains a few more points, but the
// shipped article's near-miss unanswerable questions (an amount the article never gives) get answered.
import { visitTermsBySentence } from '../text/analyzer';
import type { Bm25Hit, WeightedTerm } from './bm25';

const PURE_HANGUL = /^[\uac00-\ud7a3]+$/;

export interface SentenceRerankOptions {
  /** How many of the best BM25 hits are rescored (the rest keep their order below them). */
  depth: number;
  /** Weight of the best sentence's score beside the chunk's BM25 score (both are sums of IDF × weight). */
  weight: number;
}

export const SENTENCE_RERANK: SentenceRerankOptions = { depth: 20, weight: 1 };

/**
 * Hits reordered by BM25 score + weight × (IDF-weighted query terms in the chunk's best sentence).
 * `idf` and `textOf` come from the index the hits were found in.
 */
export function rerankBySentence(
  hits: Bm25Hit[],
  query: WeightedTerm[],
  idf: (term: string) => number,
  textOf: (index: number) => string,
  opts: SentenceRerankOptions = SENTENCE_RERANK,
): Bm25Hit[] {
  if (hits.length < 2 || opts.weight <= 0) return hits;
  const value = new Map<string, number>();
  for (const q of query) {
    if (value.has(q.term) && value.get(q.term)! >= q.weight) continue;
    value.set(q.term, q.weight);
  }
  for (const [term, w] of value) value.set(term, w * idf(term));
  const head = hits.slice(0, opts.depth);
  // A Hangul word's terms (its stem, its bigrams) are made of its own syllables: a word sharing no
  // syllable with the question's terms gives none of them, and is not analysed (a first-seen question
  // meets 20 chunks of words the analyzer's memo has not seen).
  const syllables = new Set<string>();
  for (const term of value.keys()) for (const ch of term) if (ch >= '\uac00' && ch <= '\ud7a3') syllables.add(ch);
  const skipWord = (word: string): boolean => {
    if (!PURE_HANGUL.test(word)) return false;
    for (const ch of word) if (syllables.has(ch)) return false;
    return true;
  };
  // A term counts once per sentence: a sentence is worth the distinct concepts it joins, not repeats.
  const stamp = new Map<string, number>();
  let seq = 0;
  const rescored = head.map((h) => {
    let best = 0;
    let current = 0;
    let sentence = -1;
    visitTermsBySentence(textOf(h.index), (t, s) => {
      if (s !== sentence) {
        if (current > best) best = current;
        current = 0;
        sentence = s;
        seq++;
      }
      const tv = value.get(t);
      if (tv === undefined || stamp.get(t) === seq) return;
      stamp.set(t, seq);
      current += tv;
    }, skipWord);
    if (current > best) best = current;
    return { index: h.index, score: h.score + opts.weight * best };
  });
  rescored.sort((a, b) => b.score - a.score);
  return [...rescored, ...hits.slice(opts.depth)];
}

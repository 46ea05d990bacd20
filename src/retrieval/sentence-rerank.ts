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
  const rescored = head.map((h) => {
    let best = 0;
    for (const terms of sentenceTerms(textOf(h.index))) {
      let current = 0;
      for (const t of terms) {
        const tv = value.get(t);
        if (tv !== undefined) current += tv;
      }
      if (current > best) best = current;
    }
    return { index: h.index, score: h.score + opts.weight * best };
  });
  rescored.sort((a, b) => b.score - a.score);
  return [...rescored, ...hits.slice(opts.depth)];
}

// The best BM25 hits recur from question to question (a company's five chunks, a popular topic), and
// analysing 20 chunks was a tenth of a question's time: each chunk's terms by sentence are kept,
// bounded, keyed by its text (the same string while its chunk is decoded and held by the chunk store).
const SENTENCE_TERMS = new Map<string, string[][]>();
const SENTENCE_TERMS_LIMIT = 4096;

/** The distinct terms of each sentence of the text, in the order they first appear (a term counts once per sentence). */
function sentenceTerms(text: string): string[][] {
  let out = SENTENCE_TERMS.get(text);
  if (!out) {
    const sentences: string[][] = [];
    let seen = new Set<string>();
    let sentence = -1;
    visitTermsBySentence(text, (t, s) => {
      if (s !== sentence) {
        sentences.push([]);
        seen = new Set();
        sentence = s;
      }
      if (seen.has(t)) return;
      seen.add(t);
      sentences[sentences.length - 1].push(t);
    });
    out = sentences;
    if (SENTENCE_TERMS.size >= SENTENCE_TERMS_LIMIT) SENTENCE_TERMS.clear();
    SENTENCE_TERMS.set(text, out);
  }
  return out;
}

// The question's words met in another form than the index's light stemmer joins: "summing" and
// "sum", "classifies" and "classification", "enrollment" and "enrollments". Questions paraphrase
// the text's wording this way, so the sentence that holds the fact can look like it lacks a word it
// has. Only for Latin-script words: Korean forms meet through their syllable bigrams already.
import { analyze, stemEnglish } from '../../text/analyzer';
import type { TermStats } from '../coverage';

/** Longest stem kept: words sharing their first five letters after stemming are taken as one word. */
const STEM_PREFIX = 5;

/** A word's family: stemmed, a doubled final consonant undone (summ → sum), cut to its first letters. */
export function wordFamily(word: string): string {
  const w = word.toLowerCase().replace(/['’]s$/, '');
  if (/\d/.test(w)) return w;
  // raise / raised: the stemmer keeps the e of the bare verb and drops it before -ed.
  const s = stemEnglish(w).replace(/([bdgklmnprt])\1$/, '$1').replace(/(?<=...)e$/, '');
  return s.length > STEM_PREFIX ? s.slice(0, STEM_PREFIX) : s;
}

const LATIN_WORD = /[a-z][a-z'’]*[a-z]|\d[\d.,]*\d|\d/gi;

/** The families of a text's Latin-script words (stop words too: they only ever meet a question's content words). */
export function familiesOf(text: string): Set<string> {
  return new Set((text.match(LATIN_WORD) ?? []).map(wordFamily));
}

export interface QuestionFamilies {
  /** Each content word's family with its weight (its rarity in the knowledge base). */
  words: { family: string; weight: number }[];
  total: number;
  /** The family of the rarest content word ('' for none). */
  rarest: string;
}

/** The question's content words (no stop words), one per family, weighted by idf. */
export function questionFamilies(question: string, stats: TermStats): QuestionFamilies {
  const byFamily = new Map<string, number>();
  for (const word of question.match(LATIN_WORD) ?? []) {
    const terms = analyze(word, { bigrams: false });
    if (!terms.length) continue;
    const weight = stats.idf(terms[0]);
    const family = wordFamily(word);
    if (weight > (byFamily.get(family) ?? 0)) byFamily.set(family, weight);
  }
  const words = [...byFamily].map(([family, weight]) => ({ family, weight }));
  let rarest = '';
  let top = 0;
  for (const w of words) {
    if (w.weight > top) {
      top = w.weight;
      rarest = w.family;
    }
  }
  return { words, total: words.reduce((a, w) => a + w.weight, 0), rarest };
}

/** Share (by weight) of the question's content words whose family the text has; 0 for a question with none. */
export function familyShare(q: QuestionFamilies, has: (family: string) => boolean): number {
  if (!q.total) return 0;
  let got = 0;
  for (const w of q.words) if (has(w.family)) got += w.weight;
  return got / q.total;
}

// What a question asks about, as a set of terms two phrasings of the same need share: the
// analyzer's content keywords (no stop words, no question words, English stemmed, Korean particles
// stripped), with every glossary name replaced by one key for its entry, so "Mistral", "미스트랄AI"
// and "Mistral AI" are one term, and "founded" / "설립" another.
import { keywords, normalize } from '../text/analyzer';
import type { Glossary } from '../retrieval/glossary';

const HANGUL = /[\uac00-\ud7a3]/;
/** Prefix of an entry key; no analyzer term starts with it. */
export const ENTRY_MARK = '=';

export function needTerms(text: string, glossary: Glossary): string[] {
  const terms = new Set(keywords(text));
  for (const m of glossary.match(text)) {
    for (const k of keywords(m.matched)) terms.delete(k);
    if (HANGUL.test(m.matched)) {
      // A Korean name inside a longer word (설립됐어, 미스트랄은요) takes that word with it.
      const needle = normalize(m.matched).replace(/\s+/g, '');
      for (const t of [...terms]) if (HANGUL.test(t) && t.includes(needle)) terms.delete(t);
    }
    terms.add(ENTRY_MARK + m.entry.names[0].toLowerCase());
  }
  return [...terms].sort();
}

/** How a term reads in a report: entry keys as their glossary name. */
export function termLabel(term: string): string {
  return term.startsWith(ENTRY_MARK) ? term.slice(ENTRY_MARK.length) : term;
}

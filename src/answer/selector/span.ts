// A quote short enough to read in chat: the whole sentence when it is short, otherwise the stretch
// of it where the question's words are densest (the fact asked about sits beside them).
import { analyze } from '../../text/analyzer';

/** Longest quote in characters; a longer sentence is cut to the window around the question's words. */
export const MAX_SPAN = 260;

export function answerSpan(sentence: string, isQueryTerm: (term: string) => boolean): { text: string; offset: number } {
  if (sentence.length <= MAX_SPAN) return { text: sentence, offset: 0 };
  const words = [...sentence.matchAll(/\S+/g)].map((m) => ({ at: m.index ?? 0, end: (m.index ?? 0) + m[0].length, hit: analyze(m[0]).some(isQueryTerm) ? 1 : 0 }));
  // Slide a window of whole words; the one holding the most matched words wins, the earliest on ties.
  let best = 0;
  let bestHits = -1;
  let hits = 0;
  let j = 0;
  for (let i = 0; i < words.length; i++) {
    while (j < words.length && words[j].end - words[i].at <= MAX_SPAN) hits += words[j++].hit;
    if (hits > bestHits) {
      bestHits = hits;
      best = i;
    }
    hits -= words[i].hit;
  }
  let last = best;
  while (last + 1 < words.length && words[last + 1].end - words[best].at <= MAX_SPAN) last++;
  const start = words[best].at;
  const end = words[last].end;
  return { text: sentence.slice(start, end), offset: start };
}

// Finds the Hangul words of the corpus that read a pinyin name syllable by syllable (Zheng Zhilong →
// 정지룡). No scan of the vocabulary: the readings of the first syllables are extended one at a
// time, and a prefix survives only while the corpus holds its last two syllables as a syllable
// bigram (the analyzer's §-terms), so a lookup reads the index a few hundred times at most.
import threshold from './hanja-threshold.json' with { type: 'json' };
import { pinyinParses, readingsOf } from '../../text/hanja/readings';

/** A reading rarer than this share of its syllable's characters is not tried (learned by `npm run train:hanja`). */
export const MIN_SHARE: number = threshold.minShare;
/** Korean writes a Chinese person's name as one word of two to four syllables (정지룡, 제갈량). */
const MIN_SYLLABLES = 2;
const MAX_SYLLABLES = 5;

export interface HanjaMatch {
  term: string;
  /** The product of the readings' shares: how usual this reading of the name is. */
  score: number;
}

/**
 * The corpus words (df > 0) that read the given Latin words as pinyin, best first. `df` is the
 * BM25 index's: whole words and §-bigrams.
 */
export function hanjaSpellings(words: string[], df: (term: string) => number, minShare = MIN_SHARE): HanjaMatch[] {
  const best = new Map<string, number>();
  for (const syllables of parses(words)) {
    if (syllables.length < MIN_SYLLABLES || syllables.length > MAX_SYLLABLES) continue;
    const options = syllables.map((s) => readingsOf(s).filter(([, share]) => share >= minShare));
    if (options.some((o) => !o.length)) continue;
    let prefixes: [string, number][] = options[0];
    for (let i = 1; i < options.length; i++) {
      const next: [string, number][] = [];
      for (const [p, score] of prefixes) {
        const last = p[p.length - 1];
        for (const [h, share] of options[i]) if (df('§' + last + h) > 0) next.push([p + h, score * share]);
      }
      prefixes = next;
      if (!prefixes.length) break;
    }
    for (const [term, score] of prefixes) if (df(term) > 0 && score > (best.get(term) ?? 0)) best.set(term, score);
  }
  return [...best].map(([term, score]) => ({ term, score })).sort((a, b) => b.score - a.score);
}

/** Each word's parses combined in order (Zheng + Zhi-long → zheng zhi long). */
function parses(words: string[]): string[][] {
  let out: string[][] = [[]];
  for (const w of words) {
    const mine = pinyinParses(w);
    if (!mine.length) return [];
    out = out.flatMap((p) => mine.map((m) => [...p, ...m])).slice(0, 16);
  }
  return out;
}

// The corpus vocabulary by sound: every Hangul term of the index with its sound key, and every
// Latin one, bucketed by consonant skeleton. Built once per index (at reload), so a question looks
// up a few hundred buckets instead of comparing its words with every term.
import { hangulSoundKey, latinSoundKeys, skeleton, soundSimilarity } from '../../text/romanize';
import threshold from './sound-threshold.json';

/** Learned from name pairs by `npm run train:names` (see sound-threshold.json). */
export const SOUND_THRESHOLD: number = threshold.threshold;
/**
 * A lowercase word is more often an English word with a Korean translation than a name spelled
 * by sound, so it needs a near-exact match (pickup = 픽업, but not sinking = 신경).
 */
export const LOWERCASE_MARGIN: number = threshold.lowercaseMargin;

const SHORT_THRESHOLD = 0.88;

export interface SoundMatch {
  term: string;
  similarity: number;
}

interface Entry {
  term: string;
  key: string;
}

const HANGUL_WORD = /^[\uac00-\ud7a3]{2,}$/;
const LATIN_WORD = /^[a-z]{3,}$/;
const CLASSES = ['K', 'T', 'P', 'S', 'C', 'H', 'L', 'M', 'N', 'G'];

export class SoundIndex {
  private readonly hangul = new Map<string, Entry[]>();
  private readonly latin = new Map<string, Entry[]>();
  /** Hangul terms of the corpus, and how many of them have a romanized (sound) form indexed. */
  readonly hangulTerms: number;
  readonly romanized: number;
  readonly latinTerms: number;
  /** More Hangul than Latin words: English questions are answered from Korean text. */
  readonly mostlyHangul: boolean;

  private constructor(
    terms: Iterable<string>,
    /** Chunks holding a term: a query word the corpus already has needs no sound match. */
    readonly df: (term: string) => number,
  ) {
    let hangulTerms = 0;
    let romanized = 0;
    let latinTerms = 0;
    for (const term of terms) {
      if (HANGUL_WORD.test(term)) {
        hangulTerms++;
        const key = hangulSoundKey(term);
        if (add(this.hangul, term, key)) romanized++;
      } else if (LATIN_WORD.test(term)) {
        latinTerms++;
        for (const key of latinSoundKeys(term).slice(0, 1)) add(this.latin, term, key);
      }
    }
    this.hangulTerms = hangulTerms;
    this.romanized = romanized;
    this.latinTerms = latinTerms;
    this.mostlyHangul = hangulTerms > latinTerms;
  }

  static build(terms: Iterable<string>, df: (term: string) => number): SoundIndex {
    return new SoundIndex(terms, df);
  }

  /** Hangul terms of the corpus that sound like a Latin word or name, best first. */
  hangulFor(latin: string, threshold = SOUND_THRESHOLD): SoundMatch[] {
    return lookup(this.hangul, latinSoundKeys(latin), threshold);
  }

  /** Latin terms of the corpus that sound like a Hangul word (닉슨 → nixon), best first. */
  latinFor(hangul: string, threshold = SOUND_THRESHOLD): SoundMatch[] {
    return lookup(this.latin, [hangulSoundKey(hangul)], threshold);
  }
}

function add(map: Map<string, Entry[]>, term: string, key: string): boolean {
  const sk = skeleton(key);
  // A key of vowels alone (아이, 오이) sounds like too much to mean anything.
  if (!sk) return false;
  let list = map.get(sk);
  if (!list) map.set(sk, (list = []));
  list.push({ term, key });
  return true;
}

/** Skeletons one consonant edit away (a consonant dropped, added or swapped), the skeleton included. */
function neighbours(sk: string): Set<string> {
  const out = new Set([sk]);
  for (let i = 0; i <= sk.length; i++) {
    if (i < sk.length) out.add(sk.slice(0, i) + sk.slice(i + 1));
    for (const c of CLASSES) {
      out.add(sk.slice(0, i) + c + sk.slice(i));
      if (i < sk.length) out.add(sk.slice(0, i) + c + sk.slice(i + 1));
    }
  }
  return out;
}

function lookup(map: Map<string, Entry[]>, keys: string[], threshold: number): SoundMatch[] {
  const best = new Map<string, number>();
  for (const key of keys) {
    const sk = skeleton(key);
    // A one-consonant word (Ayn, Euro) keeps its consonant and needs a closer match: too many
    // short words sound alike.
    const near = sk.length >= 2 ? neighbours(sk) : [sk];
    const bar = sk.length >= 2 ? threshold : Math.max(threshold, SHORT_THRESHOLD);
    for (const s of near) {
      for (const e of map.get(s) ?? []) {
        const sim = soundSimilarity(key, e.key);
        if (sim >= bar && sim > (best.get(e.term) ?? 0)) best.set(e.term, sim);
      }
    }
  }
  return [...best].map(([term, similarity]) => ({ term, similarity })).sort((a, b) => b.similarity - a.similarity);
}

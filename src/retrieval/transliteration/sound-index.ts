// The corpus vocabulary by sound: every Hangul term of the index with its sound key, and every
// Latin one, bucketed by consonant skeleton. Built once per index (right after a reload, in slices
// that leave questions answered in between), so a question reads a few buckets instead of
// comparing its words with every term.
import { hangulSoundKey, keyWeight, latinSoundKeys, skeleton, soundSimilarity } from '../../text/romanize';
import threshold from './sound-threshold.json';
import { readableAsHanja } from '../../text/hanja/readings';

/** Learned from name pairs by `npm run train:names` (see sound-threshold.json). */
export const SOUND_THRESHOLD: number = threshold.threshold;
/**
 * A lowercase word is more often an English word with a Korean translation than a name spelled
 * by sound, so it needs a near-exact match (pickup = 픽업, but not sinking = 신경).
 */
export const LOWERCASE_MARGIN: number = threshold.lowercaseMargin;

const SHORT_THRESHOLD = 0.88;
const MEMO_LIMIT = 10_000;
/** How far a substitution can cost less than the weights it trades (a schwa for a vowel). */
const WEIGHT_SLACK = 0.3;

export interface SoundMatch {
  term: string;
  similarity: number;
}

interface Entry {
  term: string;
  key: string;
  /** Its own skeleton (the entry is also filed under shorter ones). */
  exact: string;
  /** Total edit weight of the key: a cheap bound rules most candidates out before the edit distance. */
  weight: number;
}

const HANGUL_WORD = /^[\uac00-\ud7a3]{2,}$/;
const LATIN_WORD = /^[a-z]{3,}$/;

export class SoundIndex {
  private readonly hangul = new Map<string, Entry[]>();
  private readonly latin = new Map<string, Entry[]>();
  private counts = { hangulTerms: 0, romanized: 0, latinTerms: 0, hanjaReadable: 0 };
  /** Terms not filed yet: the index fills in slices (see `step`), or at once when first asked. */
  private readonly pending: string[];
  private next = 0;

  private constructor(
    terms: string[],
    /** Chunks holding a term: a query word the corpus already has needs no sound match. */
    readonly df: (term: string) => number,
    /**
     * Whether the corpus writes the first term right before the second. A given name is checked
     * against its surname with it: Korean writes a foreign name whole (아이작 뉴턴), so a look-alike
     * of the given name never written there (Isaac → 이색) is another word, not the person's name.
     * Unknown: every match stands.
     */
    readonly together?: (a: string, b: string) => boolean,
    /**
     * Whether the corpus writes a Latin term inside Korean text (JTBC, NTSC, S8 in a Korean
     * article): an English question naming it is answered from Korean passages. Unknown: never.
     */
    readonly inHangulText?: (latin: string) => boolean,
  ) {
    this.pending = terms;
  }

  /** Files every term now. */
  static build(terms: string[], df: (term: string) => number, together?: (a: string, b: string) => boolean, inHangulText?: (latin: string) => boolean): SoundIndex {
    const s = new SoundIndex(terms, df, together, inHangulText);
    s.complete();
    return s;
  }

  /** An index that files its terms later, by `step` or on first use: a reload need not wait for it. */
  static deferred(terms: string[], df: (term: string) => number, together?: (a: string, b: string) => boolean, inHangulText?: (latin: string) => boolean): SoundIndex {
    return new SoundIndex(terms, df, together, inHangulText);
  }

  /** Files up to `count` more terms; false once all are. */
  step(count: number): boolean {
    const end = Math.min(this.pending.length, this.next + count);
    this.walk(this.counts, end, true);
    this.next = end;
    return end < this.pending.length;
  }

  /** Counts the pending terms up to `end` into `c`, as a full index counts them; with `file`, files them too. */
  private walk(c: SoundIndex['counts'], end: number, file: boolean): void {
    for (let i = this.next; i < end; i++) {
      const term = this.pending[i];
      if (HANGUL_WORD.test(term)) {
        c.hangulTerms++;
        const key = hangulSoundKey(term);
        // add files a term exactly when its key has a skeleton.
        if (file ? add(this.hangul, term, key) : skeleton(key)) c.romanized++;
        if (readableAsHanja(term)) c.hanjaReadable++;
      } else if (LATIN_WORD.test(term)) {
        c.latinTerms++;
        if (file) for (const key of latinSoundKeys(term).slice(0, 1)) add(this.latin, term, key);
      }
    }
  }

  private complete(): void {
    if (this.next < this.pending.length) this.step(Infinity);
  }

  /**
   * The counts of a full index without filing the terms not filed yet: the saved index's status and
   * every question read them right after a reload, and filing the Latin terms (most of the work) then
   * held up the swap (the save) or the first question after it.
   */
  private tally(): SoundIndex['counts'] {
    if (this.next >= this.pending.length) return this.counts;
    if (this.tallied?.at === this.next) return this.tallied.counts;
    const c = { ...this.counts };
    this.walk(c, this.pending.length, false);
    this.tallied = { at: this.next, counts: c };
    return c;
  }
  private tallied?: { at: number; counts: SoundIndex['counts'] };

  /** Hangul terms of the corpus, and how many of them have a romanized (sound) form indexed. */
  get hangulTerms(): number {
    return this.tally().hangulTerms;
  }

  get romanized(): number {
    return this.tally().romanized;
  }

  /** Hangul terms every syllable of which some Chinese character reads as: what a pinyin name can match (see ../hanja-readings). */
  get hanjaReadable(): number {
    return this.tally().hanjaReadable;
  }

  get latinTerms(): number {
    return this.tally().latinTerms;
  }

  /** More Hangul than Latin words: English questions are answered from Korean text. */
  get mostlyHangul(): boolean {
    const c = this.tally();
    return c.hangulTerms > c.latinTerms;
  }

  /** Hangul terms of the corpus that sound like a Latin word or name, best first. */
  hangulFor(latin: string, threshold = SOUND_THRESHOLD): SoundMatch[] {
    return this.cached(`h${threshold}\u0000${latin}`, () => lookup(this.hangul, latinSoundKeys(latin), threshold));
  }

  /** Latin terms of the corpus that sound like a Hangul word (닉슨 → nixon), best first. */
  latinFor(hangul: string, threshold = SOUND_THRESHOLD): SoundMatch[] {
    return this.cached(`l${threshold}\u0000${hangul}`, () => lookup(this.latin, [hangulSoundKey(hangul)], threshold));
  }

  // The same names come back (a thread about one company): their matches are kept, boundedly.
  private readonly memo = new Map<string, SoundMatch[]>();
  private cached(key: string, compute: () => SoundMatch[]): SoundMatch[] {
    this.complete();
    let out = this.memo.get(key);
    if (!out) {
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, (out = compute()));
    }
    return out;
  }
}

/**
 * Each key is filed under its skeleton and the skeleton with any one consonant dropped; a lookup
 * reads the same for the query. Two skeletons one consonant edit apart (dropped, added or swapped)
 * always share a bucket, and a lookup reads a handful of buckets, not one per possible edit.
 */
function add(map: Map<string, Entry[]>, term: string, key: string): boolean {
  const sk = skeleton(key);
  // A key of vowels alone (아이, 오이) sounds like too much to mean anything.
  if (!sk) return false;
  const entry = { term, key, weight: keyWeight(key), exact: sk };
  for (const b of buckets(sk)) {
    let list = map.get(b);
    if (!list) map.set(b, (list = []));
    list.push(entry);
  }
  return true;
}

function buckets(sk: string): Set<string> {
  const out = new Set([sk]);
  // One-consonant skeletons are only matched exactly (see lookup): no deletion bucket.
  if (sk.length >= 2) for (let i = 0; i < sk.length; i++) out.add(sk.slice(0, i) + sk.slice(i + 1));
  return out;
}

function lookup(map: Map<string, Entry[]>, keys: string[], threshold: number): SoundMatch[] {
  const best = new Map<string, number>();
  for (const key of keys) {
    const sk = skeleton(key);
    // A one-consonant word (Ayn, Euro) keeps its consonant and needs a closer match: too many
    // short words sound alike.
    const near = sk.length >= 2 ? buckets(sk) : [sk];
    const bar = sk.length >= 2 ? threshold : Math.max(threshold, SHORT_THRESHOLD);
    const w = keyWeight(key);
    for (const s of near) {
      for (const e of map.get(s) ?? []) {
        if (sk.length < 2 && e.exact !== sk) continue;
        // The distance is at least about the difference in weight (what must be added or dropped),
        // and similarity is 1 - distance / the larger weight.
        if (Math.abs(e.weight - w) - WEIGHT_SLACK > (1 - bar) * Math.max(e.weight, w)) continue;
        const sim = soundSimilarity(key, e.key);
        if (sim >= bar && sim > (best.get(e.term) ?? 0)) best.set(e.term, sim);
      }
    }
  }
  return [...best].map(([term, similarity]) => ({ term, similarity })).sort((a, b) => b.similarity - a.similarity);
}

// How one sentence meets the question's terms, read once per question and sentence. A sentence is
// part of up to two candidates (alone, and with its neighbour), and a pair's measures used to be read
// again over the joined text; here a pair's are made from its two sentences' with the same
// arithmetic in the same order as over the joined terms, so the features are equal to the bit
// (answers must not change with speed work) and each sentence's terms are walked once.
import { isBigram } from '../../text/analyzer';
import type { QuestionFamilies } from './word-forms';

/** What of a sentence is read here (its cached analysis in features.ts). */
export interface MeetSource {
  terms: string[];
  set: Set<string>;
  /** Its terms that are whole words (no Hangul bigrams). */
  content: string[];
  /** Its words as written, lowercased (no spaces inside a word). */
  words: string[];
  families: Set<string>;
}

/** The question's side, built once per question. */
export interface QuestionTerms {
  /** The weighted query terms in the query's order (the order sums are taken in). */
  terms: string[];
  weights: number[];
  /** Whole-word terms (no Hangul bigrams), by position. */
  whole: boolean[];
  total: number;
  /** The typed words and bigrams, its consecutive word pairs and its words in order. */
  words: string[];
  bigrams: string[];
  pairs: string[];
  qWords: string[];
  /** Where each of the question's words stands in it (1-based, ascending). */
  positions: Map<string, number[]>;
  /** For a position j ≥ 2 of the question's words: the index in `pairs` of the pair ending there. */
  pairAt: number[];
  families: QuestionFamilies;
  /** Scratch for runsOf, reused from sentence to sentence (zero between uses). */
  run: Int32Array;
  live: Int32Array;
  next: Int32Array;
  lengths: Int32Array;
}

export interface Meet {
  length: number;
  /** How often the sentence has each query term (by position). */
  tf: Uint16Array;
  /** Position in the sentence's terms of its first and last whole-word query term (-1: none). */
  first: number;
  last: number;
  words: Uint8Array;
  bigrams: Uint8Array;
  pairs: Uint8Array;
  families: Uint8Array;
  rarestFamily: boolean;
  /** Whole-word terms the question does not have. */
  novel: number;
  /** The longest run of the question's words it repeats in order, as a share of the question. */
  run: number;
}

export function questionTerms(q: Map<string, number>, qTotal: number, words: string[], bigrams: string[], pairs: string[], qWords: string[], families: QuestionFamilies): QuestionTerms {
  const terms = [...q.keys()];
  const positions = new Map<string, number[]>();
  qWords.forEach((w, i) => positions.set(w, [...(positions.get(w) ?? []), i + 1]));
  const pairIndex = new Map(pairs.map((p, i) => [p, i]));
  const pairAt = qWords.map((w, i) => (i > 0 ? pairIndex.get(`${qWords[i - 1]} ${w}`) ?? -1 : -1));
  pairAt.unshift(-1);
  return {
    terms,
    weights: [...q.values()],
    whole: terms.map((t) => !isBigram(t)),
    total: qTotal,
    words,
    bigrams,
    pairs,
    qWords,
    positions,
    pairAt,
    families,
    run: new Int32Array(qWords.length + 1),
    live: new Int32Array(qWords.length),
    next: new Int32Array(qWords.length),
    lengths: new Int32Array(qWords.length),
  };
}

export function meet(s: MeetSource, qt: QuestionTerms): Meet {
  // The question's few terms are looked up in the sentence's set, and only those it has are
  // counted in its terms (a Korean sentence has dozens of bigrams, the question a handful).
  const tf = new Uint16Array(qt.terms.length);
  let first = -1;
  let last = -1;
  let held = 0;
  for (let k = 0; k < qt.terms.length; k++) {
    const t = qt.terms[k];
    if (!s.set.has(t)) continue;
    const whole = qt.whole[k];
    for (let i = 0; i < s.terms.length; i++) {
      if (s.terms[i] !== t) continue;
      tf[k]++;
      if (whole) {
        if (first < 0 || i < first) first = i;
        if (i > last) last = i;
      }
    }
    if (whole) held += tf[k];
  }
  // Whole-word terms the question does not have.
  const novel = s.content.length - held;
  const pairs = new Uint8Array(qt.pairs.length);
  return {
    length: s.terms.length,
    tf,
    first,
    last,
    words: flags(qt.words, (w) => s.set.has(w)),
    bigrams: flags(qt.bigrams, (b) => s.set.has(b)),
    pairs,
    families: flags(qt.families.words, (w) => s.families.has(w.family)),
    rarestFamily: s.families.has(qt.families.rarest),
    novel,
    run: runsOf(s.words, qt, pairs),
  };
}

function flags<T>(xs: T[], has: (x: T) => boolean): Uint8Array {
  const out = new Uint8Array(xs.length);
  for (let i = 0; i < xs.length; i++) if (has(xs[i])) out[i] = 1;
  return out;
}

/** Share (by weight) of the query terms the sentence, or the pair, has: the old `share(has)`. */
export function idfShare(qt: QuestionTerms, a: Meet, b?: Meet): number {
  let got = 0;
  for (let i = 0; i < qt.terms.length; i++) if (a.tf[i] || (b && b.tf[i])) got += qt.weights[i];
  return got / qt.total;
}

/** How many of the flagged items (words, bigrams, pairs) the sentence or the pair has. */
export function held(a: Uint8Array, b?: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] || (b && b[i])) n++;
  return n;
}

/** Distinct matched whole-word terms over the stretch of terms they span, over a's terms then b's. */
export function proximity(qt: QuestionTerms, a: Meet, b?: Meet): number {
  let hits = 0;
  for (let i = 0; i < qt.terms.length; i++) if (qt.whole[i] && (a.tf[i] || (b && b.tf[i]))) hits++;
  if (hits < 2) return 0;
  const first = a.first >= 0 ? a.first : b && b.first >= 0 ? a.length + b.first : -1;
  const last = b && b.last >= 0 ? a.length + b.last : a.last;
  return hits / (last - first + 1);
}

/** BM25 saturation of a candidate's own terms: repeats count less and less, a long text is discounted. */
const K1 = 1.2;
const B = 0.75;
const AVG_TERMS = 24;
export function bm25Of(qt: QuestionTerms, a: Meet, b?: Meet): number {
  const length = a.length + (b ? b.length : 0);
  let s = 0;
  for (let i = 0; i < qt.terms.length; i++) {
    const tf = a.tf[i] + (b ? b.tf[i] : 0);
    const w = qt.weights[i];
    if (tf) s += (w * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / AVG_TERMS));
  }
  return s;
}

/** Share (by weight) of the question's content words whose family the sentence or pair has (word-forms.ts's familyShare). */
export function familyShare(qt: QuestionTerms, a: Meet, b?: Meet): number {
  const f = qt.families;
  if (!f.total) return 0;
  let got = 0;
  for (let i = 0; i < f.words.length; i++) if (a.families[i] || (b && b.families[i])) got += f.words[i].weight;
  return got / f.total;
}

/**
 * The longest run of the question's words that the text repeats in order, as a share of the
 * question; on the way, which of the question's word pairs the text has (a run of two or more ends
 * on one). Only the positions where a word of the text stands in the question are visited: most of
 * a sentence's words are not the question's.
 */
function runsOf(words: string[], qt: QuestionTerms, pairs: Uint8Array): number {
  const n = qt.qWords.length;
  if (!n) return 0;
  // run[j]: length of the run ending at the current word and the question's word j (1-based); only
  // the `live` positions are non-zero, and they are zeroed again before returning.
  const { run, live, next, lengths } = qt;
  let alive = 0;
  let best = 0;
  for (const w of words) {
    const at = qt.positions.get(w);
    let found = 0;
    if (at) {
      for (const j of at) {
        next[found] = j;
        lengths[found] = run[j - 1] + 1;
        found++;
      }
    }
    for (let k = 0; k < alive; k++) run[live[k]] = 0;
    for (let k = 0; k < found; k++) {
      const j = next[k];
      const r = lengths[k];
      run[j] = r;
      live[k] = j;
      if (r > best) best = r;
      if (r >= 2 && qt.pairAt[j] >= 0) pairs[qt.pairAt[j]] = 1;
    }
    alive = found;
  }
  for (let k = 0; k < alive; k++) run[live[k]] = 0;
  return best / n;
}

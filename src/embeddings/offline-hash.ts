// The built-in offline embedder "local:hash-v1": feature hashing of analyzer terms and character
// n-grams into a fixed number of dimensions. No model, no download, no network; the same text
// always gives the same vector, on any machine.
// LangChain's EmbeddingsInterface, not its Embeddings base class: the class loads ~40 modules
// (async caller, queues) that a synchronous local embedder never uses, on every start-up.
import type { EmbeddingsInterface, EmbeddingsParams } from '@langchain/core/embeddings';
import { analyze, ANALYZER_VERSION } from '../text/analyzer';

export const OFFLINE_HASH_ID = 'local:hash-v1';

/**
 * What this embedder can and cannot do, in words a maintainer can put in the README.
 *
 * Good at: passages that share words or parts of words with the question — the same terms after
 * the analyzer (case folding, light English stemming, Korean particles stripped: 미스트랄AI는 and
 * 미스트랄AI의 meet), Hangul syllable bigrams and Latin trigrams (compounds, conjugations, small
 * typos such as "antropic" still land near "anthropic"). Deterministic and fast: on one core,
 * ~40k chunks/s of 500 chars once the words are known, ~13-25k/s on a first pass over new text
 * (then the analyzer is the bottleneck).
 *
 * Bad at: meaning. It knows no synonyms ("startup" does not meet "company") and no cross-lingual
 * equivalence ("오픈AI" meets "OpenAI" only if a glossary expands the query). It is a lexical
 * signal in vector form, a complement to BM25 — not a semantic model. For semantic retrieval set
 * EMBEDDINGS_MODEL=openai:text-embedding-3-small (or any OpenAI-compatible endpoint).
 */
export function describe(): string {
  return (
    'local:hash-v1 — offline feature-hashing embedder. Matches shared words and sub-words ' +
    '(Korean particles via stemming and syllable bigrams, typos via character trigrams). ' +
    'No synonyms and no cross-lingual meaning unless a glossary expands the query.'
  );
}

export interface OfflineHashOptions extends Partial<EmbeddingsParams> {
  /** Vector size (default 128). More dimensions, fewer hash collisions, slower index builds. */
  dimensions?: number;
  /** Weight of a whole analyzer term (default 1). */
  wordWeight?: number;
  /** Weight of each character n-gram (default 0.4): there are several per word, so each counts less. */
  ngramWeight?: number;
  /** Distinct pieces of text whose features are remembered (default 100k, ~20 MB). */
  memoLimit?: number;
}

// FNV-1a seeds: words and n-grams get different seeds so the bigram "미스" never shares a bucket
// with the one-word term "미스" by construction.
const SEED_WORD = 0x811c9dc5;
const SEED_NGRAM = 0x050c5d1f;
const FNV_PRIME = 0x01000193;

/** murmur3's finalizer: FNV's low bits are weak and we take `% dims` of them. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function hashRange(s: string, from: number, to: number, seed: number): number {
  let h = seed;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return mix(h);
}

/** Trigram of " word " without building the padded string: index -1 and len stand for the spaces. */
function hashPaddedTrigram(s: string, start: number, len: number): number {
  let h = SEED_NGRAM;
  for (let i = start; i < start + 3; i++) {
    h ^= i < 0 || i >= len ? 32 : s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return mix(h);
}

const HANGUL_RE = /[\uac00-\ud7a3]/;
const WHITESPACE = /\s+/;

/** Hashes of one piece: [number of word hashes, ...word hashes, ...n-gram hashes]. */
type Features = Int32Array;
// ~20 MB at most; a 2.5 MB English corpus has ~60k distinct pieces.
const MEMO_LIMIT = 100_000;

/**
 * Counts features of one text. Open addressing on typed arrays, reused across texts: a Map per
 * text was the bottleneck of the whole embedder.
 */
class FeatureCounter {
  private keys = new Int32Array(1024);
  private counts = new Float32Array(1024);
  private weights = new Float32Array(1024);
  private used = new Uint8Array(1024);
  private slots: number[] = [];

  add(hash: number, weight: number): void {
    if ((this.slots.length + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = hash & mask;
    while (this.used[i]) {
      if (this.keys[i] === hash) {
        this.counts[i] += 1;
        return;
      }
      i = (i + 1) & mask;
    }
    this.used[i] = 1;
    this.keys[i] = hash;
    this.counts[i] = 1;
    this.weights[i] = weight;
    this.slots.push(i);
  }

  /** Writes signed, sublinear-tf weights into `out` and clears the counter for the next text. */
  flush(out: number[], dims: number): void {
    for (const i of this.slots) {
      const h = this.keys[i];
      const value = this.weights[i] * (1 + Math.log(this.counts[i]));
      // Bucket from the low bits, sign from the top bit: colliding features cancel out on
      // average instead of piling up on one side.
      out[(h >>> 0) % dims] += h < 0 ? -value : value;
      this.used[i] = 0;
    }
    this.slots.length = 0;
  }

  private grow(): void {
    const old = { keys: this.keys, counts: this.counts, weights: this.weights, slots: this.slots };
    const size = this.keys.length * 2;
    this.keys = new Int32Array(size);
    this.counts = new Float32Array(size);
    this.weights = new Float32Array(size);
    this.used = new Uint8Array(size);
    this.slots = [];
    const mask = size - 1;
    for (const j of old.slots) {
      let i = old.keys[j] & mask;
      while (this.used[i]) i = (i + 1) & mask;
      this.used[i] = 1;
      this.keys[i] = old.keys[j];
      this.counts[i] = old.counts[j];
      this.weights[i] = old.weights[j];
      this.slots.push(i);
    }
  }
}

export class OfflineHashEmbeddings implements EmbeddingsInterface {
  /**
   * Its vectors only re-encode the words BM25 already matches: on the bench, BM25 alone finds as
   * many answers in the top 3 as BM25 fused with these vectors (README, "No vector index offline"),
   * so the knowledge base builds no vector index for it (src/kb/build.ts usesVectors).
   */
  readonly lexicalOnly = true;
  readonly dimensions: number;
  private readonly wordWeight: number;
  private readonly ngramWeight: number;
  private readonly memoLimit: number;
  private readonly counter = new FeatureCounter();
  // Feature hashes per whitespace-separated piece of text. analyze() works word by word and its
  // words never span whitespace (a test checks embedSync(t) = embedTerms(analyze(t))), and a
  // corpus repeats its words: most pieces are analysed and hashed once. Without this the
  // analyzer alone caps us near 15k chunks/s.
  private readonly memo = new Map<string, Features>();

  constructor(opts: OfflineHashOptions = {}) {
    // The rest of EmbeddingsParams (concurrency, retries) concerns remote calls; there are none here.
    const { dimensions = 128, wordWeight = 1, ngramWeight = 0.4, memoLimit = MEMO_LIMIT } = opts;
    if (!Number.isInteger(dimensions) || dimensions < 8 || dimensions > 65_536) {
      throw new RangeError(`OfflineHashEmbeddings: dimensions must be a whole number from 8 to 65536, got ${dimensions}.`);
    }
    this.dimensions = dimensions;
    this.wordWeight = wordWeight;
    this.ngramWeight = ngramWeight;
    this.memoLimit = memoLimit;
  }

  /** Pieces currently remembered (for tests and diagnostics). */
  get memoSize(): number {
    return this.memo.size;
  }

  /**
   * Changes whenever the vectors would: a persisted index with another fingerprint must be
   * re-embedded (the analyzer version is part of it because its terms are our features).
   */
  get fingerprint(): string {
    return `${OFFLINE_HASH_ID}/d${this.dimensions}/w${this.wordWeight}/n${this.ngramWeight}/${ANALYZER_VERSION}`;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embedSync(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedSync(document);
  }

  /** Synchronous core, for callers that embed in a tight loop (and for the benchmark). */
  embedSync(text: string): number[] {
    for (const piece of text.split(WHITESPACE)) {
      if (!piece) continue;
      let f = this.memo.get(piece);
      if (!f) {
        f = this.features(analyze(piece));
        // Bounded: a pathological corpus (ids, hashes) must not grow memory without limit.
        if (this.memo.size >= this.memoLimit) this.memo.clear();
        this.memo.set(piece, f);
      }
      this.count(f);
    }
    return this.finish();
  }

  /**
   * The vector of already-analysed terms (what embedSync(text) gives for analyze(text)): lets a
   * caller that ran the analyzer for BM25 skip a second pass.
   */
  embedTerms(terms: string[]): number[] {
    this.count(this.features(terms));
    return this.finish();
  }

  private features(terms: string[]): Features {
    const words: number[] = [];
    const ngrams: number[] = [];
    for (const term of terms) {
      if (term.charCodeAt(0) === 0xa7 /* § */) {
        // The analyzer already emits Hangul syllable bigrams; they are sub-word features.
        ngrams.push(hashRange(term, 1, term.length, SEED_NGRAM));
        continue;
      }
      words.push(hashRange(term, 0, term.length, SEED_WORD));
      // Latin/digit terms get trigrams of " term " (Hangul already has its bigrams).
      if (term.length >= 2 && !HANGUL_RE.test(term)) {
        for (let i = -1; i + 3 <= term.length + 1; i++) ngrams.push(hashPaddedTrigram(term, i, term.length));
      }
    }
    const f = new Int32Array(1 + words.length + ngrams.length);
    f[0] = words.length;
    f.set(words, 1);
    f.set(ngrams, 1 + words.length);
    return f;
  }

  private count(f: Features): void {
    const wordsEnd = 1 + f[0];
    for (let i = 1; i < wordsEnd; i++) this.counter.add(f[i], this.wordWeight);
    for (let i = wordsEnd; i < f.length; i++) this.counter.add(f[i], this.ngramWeight);
  }

  private finish(): number[] {
    const out = new Array<number>(this.dimensions).fill(0);
    this.counter.flush(out, this.dimensions);
    let norm = 0;
    for (let i = 0; i < out.length; i++) norm += out[i] * out[i];
    // Text without a single term (empty, only punctuation or stop words) stays the zero vector:
    // it is similar to nothing, which is the honest answer.
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < out.length; i++) out[i] *= inv;
    }
    return out;
  }
}

// Okapi BM25 over analyzer terms, with weighted query terms (glossary expansions count less than
// the words the user typed). Postings are flat typed arrays so 100k chunks stay fast and small.

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface Bm25Hit {
  index: number;
  score: number;
}

export interface Bm25Parts {
  terms: string[];
  /** Postings of term i are docs[offsets[i] .. offsets[i+1]). */
  offsets: Uint32Array;
  docs: Int32Array;
  tfs: Uint16Array;
  docLen: Float32Array;
}

export class Bm25Index {
  private readonly avgLen: number;
  /** Score buffer reused across searches (search is synchronous, so never shared mid-use). */
  private scratch?: Float32Array;
  readonly size: number;

  private readonly termIds: Map<string, number>;

  private constructor(
    private readonly parts: Bm25Parts,
    /** term → position in parts.terms, when the caller already has it (a 1M-chunk vocabulary takes a while). */
    termIds?: Map<string, number>,
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.termIds = termIds ?? new Map(parts.terms.map((t, i) => [t, i]));
    this.size = parts.docLen.length;
    let total = 0;
    for (const l of parts.docLen) total += l;
    this.avgLen = this.size ? total / this.size : 0;
  }

  /** Builds from each document's terms (with repeats: term frequency counts). */
  static build(docs: string[][]): Bm25Index {
    const ids = new Map<string, number>();
    const lists: number[][] = [];
    const counts: number[][] = [];
    // Per term: the last chunk it was seen in and its count there, so counting needs no Map per chunk.
    const lastDoc: number[] = [];
    const tfNow: number[] = [];
    const docLen = new Float32Array(docs.length);
    const seen: number[] = [];
    docs.forEach((terms, d) => {
      docLen[d] = terms.length;
      seen.length = 0;
      for (const t of terms) {
        let id = ids.get(t);
        if (id === undefined) {
          id = lists.length;
          ids.set(t, id);
          lists.push([]);
          counts.push([]);
          lastDoc.push(-1);
          tfNow.push(0);
        }
        if (lastDoc[id] !== d) {
          lastDoc[id] = d;
          tfNow[id] = 1;
          seen.push(id);
        } else tfNow[id] += 1;
      }
      for (const id of seen) {
        lists[id].push(d);
        counts[id].push(Math.min(tfNow[id], 65535));
      }
    });
    const offsets = new Uint32Array(lists.length + 1);
    lists.forEach((l, i) => (offsets[i + 1] = offsets[i] + l.length));
    const flatDocs = new Int32Array(offsets[lists.length]);
    const flatTf = new Uint16Array(offsets[lists.length]);
    lists.forEach((l, i) => {
      flatDocs.set(l, offsets[i]);
      flatTf.set(counts[i], offsets[i]);
    });
    return new Bm25Index({ terms: [...ids.keys()], offsets, docs: flatDocs, tfs: flatTf, docLen });
  }

  /** The arrays behind the index, for saving; `fromParts` restores it without re-analysing any text. */
  toParts(): Bm25Parts {
    return this.parts;
  }

  static fromParts(parts: Bm25Parts, termIds?: Map<string, number>): Bm25Index {
    return new Bm25Index(parts, termIds);
  }

  /**
   * Position of a term in toParts().terms. The lookup map may be shared with later indexes built
   * from this one (Bm25Builder), which add their new terms to it: an id is only this index's when
   * it is inside its table and names the same term.
   */
  termId(term: string): number | undefined {
    const id = this.termIds.get(term);
    return id !== undefined && id < this.parts.terms.length && this.parts.terms[id] === term ? id : undefined;
  }

  /** The term → id map, for Bm25Builder to extend (see termId). */
  termMap(): Map<string, number> {
    return this.termIds;
  }

  /** Number of chunks that contain the term. */
  df(term: string): number {
    const id = this.termId(term);
    return id === undefined ? 0 : this.parts.offsets[id + 1] - this.parts.offsets[id];
  }

  /** Chunks (up to `limit`) that hold both terms: where a given name may be written beside its surname. */
  together(a: string, b: string, limit = Infinity): number[] {
    const x = this.termId(a);
    const y = this.termId(b);
    if (x === undefined || y === undefined) return [];
    const { offsets, docs } = this.parts;
    let i = offsets[x];
    let j = offsets[y];
    const out: number[] = [];
    while (i < offsets[x + 1] && j < offsets[y + 1] && out.length < limit) {
      if (docs[i] === docs[j]) {
        out.push(docs[i]);
        i++;
        j++;
      } else if (docs[i] < docs[j]) i++;
      else j++;
    }
    return out;
  }

  idf(term: string): number {
    const n = this.df(term);
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }

  search(query: WeightedTerm[], k: number, accept?: (index: number) => boolean): Bm25Hit[] {
    if (!this.size || !query.length) return [];
    const { offsets, docs, tfs, docLen } = this.parts;
    const merged = new Map<number, number>();
    for (const q of query) {
      const id = this.termId(q.term);
      if (id !== undefined) merged.set(id, Math.max(merged.get(id) ?? 0, q.weight));
    }
    // Rarest first: they find the candidates; a term in many chunks (a common bigram, a glossary
    // expansion) then only re-scores those, looked up by binary search instead of a pass over
    // its whole posting list. Small corpora keep the exhaustive pass.
    const terms = [...merged].map(([id, weight]) => ({ id, weight, df: offsets[id + 1] - offsets[id] })).sort((a, b) => a.df - b.df);
    const common = this.size >= 2000 ? this.size * 0.05 : Infinity;
    const scores = (this.scratch ??= new Float32Array(this.size));
    const touched: number[] = [];
    const norm = (d: number, tf: number) => tf + this.k1 * (1 - this.b + (this.b * docLen[d]) / this.avgLen);
    for (const { id, weight, df } of terms) {
      const from = offsets[id];
      const to = offsets[id + 1];
      const idf = weight * Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
      // A term in nearly every chunk moves no ranking but costs a pass over all of them.
      if (idf < 0.05) continue;
      if (df > common && touched.length > 0) {
        for (const d of touched) {
          const i = lowerBound(docs, from, to, d);
          if (i < to && docs[i] === d) scores[d] += (idf * tfs[i] * (this.k1 + 1)) / norm(d, tfs[i]);
        }
        continue;
      }
      for (let i = from; i < to; i++) {
        const d = docs[i];
        if (scores[d] === 0) touched.push(d);
        scores[d] += (idf * tfs[i] * (this.k1 + 1)) / norm(d, tfs[i]);
      }
    }
    const hits = topK(touched, scores, k, accept);
    for (const d of touched) scores[d] = 0;
    return hits;
  }
}

/** First position in docs[from, to) whose value is ≥ d (posting lists are sorted by chunk). */
function lowerBound(docs: Int32Array, from: number, to: number, d: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function topK(candidates: number[], scores: Float32Array, k: number, accept?: (i: number) => boolean): Bm25Hit[] {
  // A bounded min-heap would be O(n log k); sorting the touched set is simpler and fast enough here.
  const hits: Bm25Hit[] = [];
  for (const d of candidates) if (scores[d] > 0 && (!accept || accept(d))) hits.push({ index: d, score: scores[d] });
  if (hits.length > k * 8) {
    // Cheap pre-filter: keep only hits above the k-th largest of a sample-free quickselect bound.
    const threshold = kthLargest(hits.map((h) => h.score), k);
    return hits.filter((h) => h.score >= threshold).sort((a, b) => b.score - a.score).slice(0, k);
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, k);
}

function kthLargest(values: number[], k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = Math.min(k, values.length) - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j], values[i]];
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target];
}

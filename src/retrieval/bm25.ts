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

export class Bm25Index {
  private readonly termIds = new Map<string, number>();
  private postingsDocs: Int32Array[] = [];
  private postingsTf: Uint16Array[] = [];
  private readonly docLen: Float32Array;
  private readonly avgLen: number;
  readonly size: number;

  constructor(
    docs: string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.size = docs.length;
    this.docLen = new Float32Array(docs.length);
    const tmpDocs: number[][] = [];
    const tmpTf: number[][] = [];
    let total = 0;
    docs.forEach((terms, d) => {
      this.docLen[d] = terms.length;
      total += terms.length;
      const counts = new Map<string, number>();
      for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, c] of counts) {
        let id = this.termIds.get(t);
        if (id === undefined) {
          id = tmpDocs.length;
          this.termIds.set(t, id);
          tmpDocs.push([]);
          tmpTf.push([]);
        }
        tmpDocs[id].push(d);
        tmpTf[id].push(Math.min(c, 65535));
      }
    });
    this.avgLen = docs.length ? total / docs.length : 0;
    this.postingsDocs = tmpDocs.map((a) => Int32Array.from(a));
    this.postingsTf = tmpTf.map((a) => Uint16Array.from(a));
  }

  /** Number of chunks that contain the term. */
  df(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.postingsDocs[id].length;
  }

  idf(term: string): number {
    const n = this.df(term);
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }

  search(query: WeightedTerm[], k: number, accept?: (index: number) => boolean): Bm25Hit[] {
    if (!this.size || !query.length) return [];
    const scores = new Float32Array(this.size);
    const touched: number[] = [];
    const merged = new Map<string, number>();
    for (const q of query) merged.set(q.term, Math.max(merged.get(q.term) ?? 0, q.weight));
    for (const [term, weight] of merged) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const docs = this.postingsDocs[id];
      const tfs = this.postingsTf[id];
      const idf = weight * Math.log(1 + (this.size - docs.length + 0.5) / (docs.length + 0.5));
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        const tf = tfs[i];
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.docLen[d]) / this.avgLen);
        if (scores[d] === 0) touched.push(d);
        scores[d] += (idf * tf * (this.k1 + 1)) / norm;
      }
    }
    return topK(touched, scores, k, accept);
  }
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

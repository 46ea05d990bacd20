// Builds a BM25 index from the previous one plus new chunks, without analysing the chunks that
// stayed: their postings are copied (renumbered) from the old typed arrays. A one-file edit of a
// 100k-chunk index analyses that file only; the rest is a few passes over flat arrays, run in a
// worker thread (bm25-merge.ts) so that questions keep being answered meanwhile.
import { Bm25Index } from './bm25';
import { mergePostingsInWorker } from './bm25-merge';

class Growable<T extends Int32Array | Uint16Array | Float32Array> {
  length = 0;
  constructor(public data: T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (n: number) => T)(Math.max(1024, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class Bm25Builder {
  private readonly prevTerms: number;
  /** Terms the previous index does not have, numbered after its own. */
  private readonly fresh = new Map<string, number>();
  private readonly freshTerms: string[] = [];
  // New chunks, flat: for new chunk j, pairs [pairEnd[j-1], pairEnd[j]) of (term id, tf).
  private readonly pairTerm = new Growable(new Int32Array(1024));
  private readonly pairTf = new Growable(new Uint16Array(1024));
  private readonly pairEnd: number[] = [];
  private readonly newLen = new Growable(new Float32Array(1024));
  // Per term: the last new chunk (+1) it was seen in and its count there (typed: ids run into millions).
  private lastSeen: Int32Array;
  private tfNow: Int32Array;
  private readonly seen: number[] = [];

  /**
   * @param prev   the index being updated (none for a first build)
   * @param keep   keep[old chunk] = its position in the new index, or -1 when it is dropped;
   *               kept chunks must keep their relative order, and come before every new chunk
   * @param kept   how many old chunks are kept
   */
  constructor(
    private readonly prev?: Bm25Index,
    private keep?: Int32Array,
    private kept = 0,
  ) {
    this.prevTerms = prev?.toParts().terms.length ?? 0;
    this.lastSeen = new Int32Array(this.prevTerms + 1024);
    this.tfNow = new Int32Array(this.prevTerms + 1024);
  }

  private idOf(term: string): number {
    const old = this.prev?.termId(term);
    if (old !== undefined) return old;
    // Not in the previous index (termId checks the id against its own table): a new term.
    let id = this.fresh.get(term);
    if (id === undefined) {
      id = this.prevTerms + this.freshTerms.length;
      this.fresh.set(term, id);
      this.freshTerms.push(term);
      if (id >= this.lastSeen.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.lastSeen = grow(this.lastSeen);
        this.tfNow = grow(this.tfNow);
      }
    }
    return id;
  }

  /**
   * Which old chunks stay (same meaning as the constructor's `keep` and `kept`), when that is only
   * known after the new chunks were added: a streamed build learns it once every file was read.
   */
  keepOld(keep: Int32Array, kept: number): void {
    this.keep = keep;
    this.kept = kept;
  }

  /** Adds the next new chunk's terms (with repeats: term frequency counts). */
  add(terms: string[]): void {
    const d = this.pairEnd.length;
    this.seen.length = 0;
    for (const t of terms) {
      const id = this.idOf(t);
      if (this.lastSeen[id] !== d + 1) {
        this.lastSeen[id] = d + 1; // +1: a zeroed slot never reads as chunk 0
        this.tfNow[id] = 1;
        this.seen.push(id);
      } else this.tfNow[id] += 1;
    }
    for (const id of this.seen) {
      this.pairTerm.push(id);
      this.pairTf.push(Math.min(this.tfNow[id], 65535));
    }
    this.pairEnd.push(this.pairTerm.length);
    this.newLen.push(terms.length);
  }

  /**
   * The new index. The posting merge (a pass over every posting) runs in a worker thread
   * (bm25-merge.ts): this thread only hands over the arrays and extends the term table.
   * Rejects with INDEX_WORKER_FAILED when the worker dies; the builder is then used up.
   */
  async finish(): Promise<Bm25Index> {
    const old = this.prev?.toParts();
    const merged = await mergePostingsInWorker({
      old: old && { offsets: old.offsets, docs: old.docs, tfs: old.tfs, docLen: old.docLen },
      keep: this.keep,
      kept: this.kept,
      nTerms: this.prevTerms + this.freshTerms.length,
      // Whole buffers (transferred, not copied); pairEnd says how much of them is used.
      pairTerm: this.pairTerm.data,
      pairTf: this.pairTf.data,
      pairEnd: Int32Array.from(this.pairEnd),
      newLen: this.newLen.data,
    });
    // The term table: the old one extended. Its lookup map is the previous index's, with the new
    // terms added (an index ignores ids beyond its own table): copying a 1M-term map would take seconds.
    const terms = old ? old.terms.concat(this.freshTerms) : this.freshTerms;
    // A term no chunk has any more keeps its slot (renumbering would touch every posting) but not its
    // name: the table then lists what a full build lists, and so does everything built over it (the
    // sound index matched a removed name after an edit). A later chunk with it gets a new id.
    for (const t of merged.unused) terms[t] = '';
    const ids = this.prev?.termMap() ?? new Map<string, number>();
    for (const [term, id] of this.fresh) ids.set(term, id);
    const { offsets, docs, tfs, docLen } = merged;
    return Bm25Index.fromParts({ terms, offsets, docs, tfs, docLen }, ids);
  }
}

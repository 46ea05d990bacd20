// Builds a BM25 index from the previous one plus new chunks, without analysing the chunks that
// stayed: their postings are copied (renumbered) from the old typed arrays. A one-file edit of a
// 100k-chunk index analyses that file only; the rest is a few passes over flat arrays, which
// pause between time slices so that questions keep being answered meanwhile.
import { Bm25Index, type Bm25Parts } from './bm25';

/** Where `await slicer.tick()` pauses long loops; see src/kb/time-slice.ts. */
export interface Slicer {
  tick(): Promise<void> | undefined;
}

const NONE: Slicer = { tick: () => undefined };

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
  view(): T {
    return this.data.subarray(0, this.length) as T;
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

  async finish(slicer: Slicer = NONE): Promise<Bm25Index> {
    const old = this.prev?.toParts();
    const keep = this.keep;
    const nTerms = this.prevTerms + this.freshTerms.length;
    const counts = new Uint32Array(nTerms);
    const pairTerm = this.pairTerm.view();
    const pairTf = this.pairTf.view();
    // The passes below run in sync batches (fast, JIT-friendly loops) with a pause between batches.
    const batches = async (n: number, size: number, run: (from: number, to: number) => void) => {
      for (let from = 0; from < n; from += size) {
        run(from, Math.min(n, from + size));
        await slicer.tick();
      }
    };
    // Over old terms, a batch ends after ~64k postings: the first terms are the common words, and
    // 2,048 of them held 10M postings at 100k chunks (a 400 ms block). At 1M chunks a batch of 128k
    // still took 40 ms (writing fresh memory faults its pages in).
    const termBatches = async (run: (from: number, to: number) => void) => {
      const offs = old!.offsets;
      for (let from = 0; from < this.prevTerms; ) {
        let to = from + 1;
        while (to < this.prevTerms && to - from < 4096 && offs[to] - offs[from] < 65_536) to++;
        run(from, to);
        from = to;
        await slicer.tick();
      }
    };

    // 1. Postings per term: the old ones that stay, then the new ones.
    const runs = keep && keptRuns(keep);
    if (old && keep) await termBatches((a, b) => countKept(old, keep, runs, counts, a, b));
    for (let i = 0; i < pairTerm.length; i++) counts[pairTerm[i]]++;
    const offsets = new Uint32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) offsets[t + 1] = offsets[t] + counts[t];
    const docs = new Int32Array(offsets[nTerms]);
    const tfs = new Uint16Array(offsets[nTerms]);
    const cursor = offsets.slice(0, nTerms);
    await slicer.tick();

    // 2. Fill: kept chunks keep their order and precede new ones, so every list stays sorted.
    if (old && keep) await termBatches((a, b) => copyKept(old, keep, runs, docs, tfs, cursor, a, b));
    const ends = this.pairEnd;
    await batches(ends.length, 4096, (a, b) => {
      for (let j = a; j < b; j++) {
        const d = this.kept + j;
        for (let i = j === 0 ? 0 : ends[j - 1]; i < ends[j]; i++) {
          const at = cursor[pairTerm[i]]++;
          docs[at] = d;
          tfs[at] = pairTf[i];
        }
      }
    });

    const docLen = new Float32Array(this.kept + ends.length);
    if (old && keep) for (let i = 0; i < keep.length; i++) if (keep[i] >= 0) docLen[keep[i]] = old.docLen[i];
    docLen.set(this.newLen.view(), this.kept);

    // 3. The term table: the old one extended. Its lookup map is the previous index's, with the new
    // terms added (an index ignores ids beyond its own table): copying a 1M-term map would take seconds.
    const terms = old ? old.terms.concat(this.freshTerms) : this.freshTerms;
    const ids = this.prev?.termMap() ?? new Map<string, number>();
    for (const [term, id] of this.fresh) ids.set(term, id);
    return Bm25Index.fromParts({ terms, offsets, docs, tfs, docLen }, ids);
  }
}

/**
 * The kept old chunks as runs of consecutive numbers that all move by the same amount: an edit of one
 * document drops one range, so the index is two runs (before it, unchanged; after it, shifted).
 */
interface Runs {
  from: Int32Array;
  to: Int32Array;
  shift: Int32Array;
}

/** Up to this many runs a long posting list is copied run by run (binary search + bulk copy). */
const MAX_RUNS = 64;
/** Shorter lists are cheaper to map posting by posting. */
const LONG_LIST = 32;

function keptRuns(keep: Int32Array): Runs | undefined {
  const from: number[] = [];
  const to: number[] = [];
  const shift: number[] = [];
  for (let i = 0; i < keep.length; i++) {
    if (keep[i] < 0) continue;
    const n = to.length - 1;
    if (n >= 0 && to[n] === i && i - keep[i] === shift[n]) to[n] = i + 1;
    else {
      if (from.length === MAX_RUNS) return undefined;
      from.push(i);
      to.push(i + 1);
      shift.push(i - keep[i]);
    }
  }
  return { from: Int32Array.from(from), to: Int32Array.from(to), shift: Int32Array.from(shift) };
}

/** First position in docs[lo, hi) (sorted) whose value is ≥ v. */
function lowerBound(docs: Int32Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countKept(old: Bm25Parts, keep: Int32Array, runs: Runs | undefined, counts: Uint32Array, from: number, to: number): void {
  const { offsets, docs } = old;
  for (let t = from; t < to; t++) {
    const s = offsets[t];
    const e = offsets[t + 1];
    let n = 0;
    if (runs && e - s >= LONG_LIST) {
      for (let r = 0, lo = s; r < runs.from.length && lo < e; r++) {
        const a = lowerBound(docs, lo, e, runs.from[r]);
        lo = lowerBound(docs, a, e, runs.to[r]);
        n += lo - a;
      }
    } else for (let i = s; i < e; i++) if (keep[docs[i]] >= 0) n++;
    counts[t] = n;
  }
}

function copyKept(old: Bm25Parts, keep: Int32Array, runs: Runs | undefined, docs: Int32Array, tfs: Uint16Array, cursor: Uint32Array, from: number, to: number): void {
  const { offsets, docs: oldDocs, tfs: oldTfs } = old;
  for (let t = from; t < to; t++) {
    let at = cursor[t];
    const s = offsets[t];
    const e = offsets[t + 1];
    if (runs && e - s >= LONG_LIST) {
      // Run by run: term frequencies copy in bulk, chunk numbers in bulk too when they do not move.
      for (let r = 0, lo = s; r < runs.from.length && lo < e; r++) {
        const a = lowerBound(oldDocs, lo, e, runs.from[r]);
        lo = lowerBound(oldDocs, a, e, runs.to[r]);
        if (lo === a) continue;
        tfs.set(oldTfs.subarray(a, lo), at);
        const shift = runs.shift[r];
        if (shift === 0) docs.set(oldDocs.subarray(a, lo), at);
        else for (let i = a, j = at; i < lo; i++, j++) docs[j] = oldDocs[i] - shift;
        at += lo - a;
      }
    } else {
      for (let i = s; i < e; i++) {
        const nd = keep[oldDocs[i]];
        if (nd >= 0) {
          docs[at] = nd;
          tfs[at++] = oldTfs[i];
        }
      }
    }
    cursor[t] = at;
  }
}

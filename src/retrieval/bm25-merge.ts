// The posting merge of a BM25 build (old postings that stay, renumbered, then the new chunks'),
// run in a worker thread. It is pure typed-array work over every posting of the index (~14M at
// 100k chunks): on the thread that answers questions it had to pause ~200 times, and under 50
// askers each pause waited for a round of their answers, so a one-file edit took seconds to serve.
// In a worker it runs on the other core in one go. The arrays cross without a copy: the old
// index's live in SharedArrayBuffers (persist.ts loads them so), the new chunks' are transferred,
// and the result is allocated shared and handed back.
import { Worker } from 'node:worker_threads';
import { BotError } from '../errors';
import { workerSource } from '../threads/worker-source';

export interface MergeOld {
  offsets: Uint32Array;
  docs: Int32Array;
  tfs: Uint16Array;
  docLen: Float32Array;
}

export interface MergeInput {
  /** The previous index's postings; absent for a first build. */
  old?: MergeOld;
  /** keep[old chunk] = its new number, or -1 when dropped (see Bm25Builder). */
  keep?: Int32Array;
  kept: number;
  /** Terms of the new index (the old table, then the new terms). */
  nTerms: number;
  /** New chunk j has pairs [pairEnd[j-1], pairEnd[j]) of (term id, tf); the arrays may be longer. */
  pairTerm: Int32Array;
  pairTf: Uint16Array;
  pairEnd: Int32Array;
  /** Length of new chunk j at j (may be longer than pairEnd). */
  newLen: Float32Array;
}

export interface MergeOutput {
  offsets: Uint32Array;
  docs: Int32Array;
  tfs: Uint16Array;
  docLen: Float32Array;
  /** Terms that no chunk has any more (their documents were edited or removed). */
  unused: Int32Array;
}

/**
 * The merge itself. It runs as the worker's source (see WORKER_SOURCE), so it must not refer to
 * anything outside its own body: every helper is declared inside.
 */
export function mergePostings(input: MergeInput): MergeOutput {
  const { old, keep, kept, nTerms, pairTerm, pairTf, pairEnd, newLen } = input;
  // Up to this many runs a long posting list is copied run by run (binary search + bulk copy).
  const MAX_RUNS = 64;
  // Shorter lists are cheaper to map posting by posting.
  const LONG_LIST = 32;
  const shared = (n: number, bytes: number) => new SharedArrayBuffer(Math.max(0, n) * bytes);

  const lowerBound = (docs: Int32Array, lo: number, hi: number, v: number): number => {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // The kept old chunks as runs of consecutive numbers that all move by the same amount: an edit of
  // one document drops one range, so the index is two runs (before it, unchanged; after it, shifted).
  let runs: { from: Int32Array; to: Int32Array; shift: Int32Array } | undefined;
  if (keep) {
    const from: number[] = [];
    const to: number[] = [];
    const shift: number[] = [];
    let many = false;
    for (let i = 0; i < keep.length && !many; i++) {
      if (keep[i] < 0) continue;
      const n = to.length - 1;
      if (n >= 0 && to[n] === i && i - keep[i] === shift[n]) to[n] = i + 1;
      else if (from.length === MAX_RUNS) many = true;
      else {
        from.push(i);
        to.push(i + 1);
        shift.push(i - keep[i]);
      }
    }
    if (!many) runs = { from: Int32Array.from(from), to: Int32Array.from(to), shift: Int32Array.from(shift) };
  }

  // 1. Postings per term: the old ones that stay, then the new ones.
  const counts = new Uint32Array(nTerms);
  const oldTerms = old ? old.offsets.length - 1 : 0;
  if (old && keep) {
    const { offsets, docs } = old;
    for (let t = 0; t < oldTerms; t++) {
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
  const pairs = pairEnd.length ? pairEnd[pairEnd.length - 1] : 0;
  for (let i = 0; i < pairs; i++) counts[pairTerm[i]]++;
  const offsets = new Uint32Array(shared(nTerms + 1, 4));
  let unusedCount = 0;
  for (let t = 0; t < nTerms; t++) {
    offsets[t + 1] = offsets[t] + counts[t];
    if (counts[t] === 0) unusedCount++;
  }
  const unused = new Int32Array(unusedCount);
  for (let t = 0, k = 0; t < nTerms; t++) if (counts[t] === 0) unused[k++] = t;
  const docs = new Int32Array(shared(offsets[nTerms], 4));
  const tfs = new Uint16Array(shared(offsets[nTerms], 2));
  const cursor = offsets.slice(0, nTerms);

  // 2. Fill: kept chunks keep their order and precede new ones, so every list stays sorted.
  if (old && keep) {
    const { offsets: oldOffsets, docs: oldDocs, tfs: oldTfs } = old;
    for (let t = 0; t < oldTerms; t++) {
      let at = cursor[t];
      const s = oldOffsets[t];
      const e = oldOffsets[t + 1];
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
  for (let j = 0; j < pairEnd.length; j++) {
    const d = kept + j;
    for (let i = j === 0 ? 0 : pairEnd[j - 1]; i < pairEnd[j]; i++) {
      const at = cursor[pairTerm[i]]++;
      docs[at] = d;
      tfs[at] = pairTf[i];
    }
  }

  const docLen = new Float32Array(shared(kept + pairEnd.length, 4));
  if (old && keep) for (let i = 0; i < keep.length; i++) if (keep[i] >= 0) docLen[keep[i]] = old.docLen[i];
  docLen.set(newLen.subarray(0, pairEnd.length), kept);
  return { offsets, docs, tfs, docLen, unused };
}

const WORKER_SOURCE = workerSource('mergePostings', mergePostings, 'parentPort.postMessage(mergePostings(workerData));');

/** How a merge worker is started; tests swap it for one that dies (see tests/kb-merge-worker.test.ts). */
export const mergeWorker = {
  spawn: (source: string, workerData: MergeInput, transferList: ArrayBuffer[]): Worker => new Worker(source, { eval: true, workerData, transferList }),
};

/** A copy in shared memory, unless the array already is (then it crosses to the worker as it is). */
function toShared<T extends Uint32Array | Int32Array | Uint16Array | Float32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/**
 * mergePostings in a worker thread. The new chunks' arrays are transferred (the caller must not use
 * them again: a first build of 1M chunks has ~140M pairs, a copy would block for a while); the old index's are shared, read-only. A worker that dies or throws rejects with
 * INDEX_WORKER_FAILED, and the index being updated is untouched.
 */
export function mergePostingsInWorker(input: MergeInput): Promise<MergeOutput> {
  const own = (a: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) => !(a.buffer instanceof SharedArrayBuffer) && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
  // Transfer an array only when it is the whole of its buffer; a view is copied (structured clone).
  // `keep` is copied: the caller may build from it again (a second try after a failed reload).
  const fresh = [input.pairTerm, input.pairTf, input.pairEnd, input.newLen];
  const transfer = [...new Set(fresh.filter(own).map((a) => a.buffer as ArrayBuffer))];
  const old = input.old && { offsets: toShared(input.old.offsets), docs: toShared(input.old.docs), tfs: toShared(input.old.tfs), docLen: toShared(input.old.docLen) };
  return new Promise<MergeOutput>((resolve, reject) => {
    let settled = false;
    const fail = (why: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      reject(new BotError('INDEX_WORKER_FAILED', `The index worker ${why}; the current index keeps serving.`, { cause }));
    };
    let worker: Worker;
    try {
      worker = mergeWorker.spawn(WORKER_SOURCE, { ...input, old }, transfer);
    } catch (err) {
      fail(`could not start: ${(err as Error).message}`, err);
      return;
    }
    worker.once('message', (out: MergeOutput) => {
      if (settled) return;
      settled = true;
      resolve(out);
      void worker.terminate();
    });
    worker.once('error', (err) => fail(`failed: ${err.message}`, err));
    worker.once('exit', (code) => fail(`stopped (exit code ${code}) before it finished`));
  });
}

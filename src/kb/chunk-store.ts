// Chunk texts and metadata of a snapshot as UTF-8 JSON records in binary buffers with an offset
// table, instead of one JSON string (V8 caps a string at ~537M characters, ~600k chunks). A chunk
// is decoded when a question needs it, so a 1M-chunk index is ready once the bytes are read. A new
// snapshot shares the byte buffers of the old one (segments), so a one-file edit copies no text.
import type { Chunk } from '../ingest/types';
import type { TimeSlicer } from './time-slice';

/** A run of chunks to carry into a new store: a range of an old store, new chunks, or new chunks already encoded. */
export type ChunkSource = { store: ChunkStore; from: number; to: number } | { chunks: Chunk[] } | { encoded: ChunkEncoder };

/**
 * New chunks encoded as they arrive (a streamed build keeps bytes, not Chunk objects: a 1M-chunk
 * build held every document and chunk as JS strings at once), into buffers of ~8 MB so that saving
 * and loading never meet one huge string.
 */
export class ChunkEncoder {
  readonly segments: Buffer[] = [];
  readonly lengths: number[] = [];
  readonly ids: string[] = [];
  private part: Buffer[] = [];
  private size = 0;

  add(c: Chunk): void {
    const b = Buffer.from(JSON.stringify(c), 'utf8');
    this.part.push(b);
    this.size += b.length;
    this.lengths.push(b.length);
    this.ids.push(c.id);
    if (this.size >= 8 << 20) this.flush();
  }

  get length(): number {
    return this.ids.length;
  }

  /** Call once the last chunk was added. */
  flush(): void {
    if (this.part.length) this.segments.push(Buffer.concat(this.part, this.size));
    this.part = [];
    this.size = 0;
  }
}

/** Decoded chunks kept for identity and speed: a question looks at a few dozen. */
const CACHE_LIMIT = 4096;

export class ChunkStore {
  private readonly cache = new Map<number, Chunk>();
  private readonly positionOf = new WeakMap<Chunk, number>();
  private byId?: Map<string, number>;
  /** Where each segment starts in the store's virtual concatenation of all records. */
  private readonly segStart: number[] = [];

  /**
   * @param segments  buffers whose concatenation holds the records back to back
   * @param ends      ends[i] = offset in that concatenation where record i ends (it starts at ends[i - 1], or 0)
   * @param ids       chunk ids in order (saved beside the records so lookups by id need no decoding)
   */
  constructor(
    readonly segments: Buffer[],
    readonly ends: Float64Array,
    readonly ids: string[],
  ) {
    let at = 0;
    for (const s of segments) {
      this.segStart.push(at);
      at += s.length;
    }
    if (ends.length !== ids.length || (ends.length > 0 ? ends[ends.length - 1] : 0) !== at) {
      throw new Error(`chunk store does not match its offsets (${ids.length} ids, ${ends.length} offsets, ${at} bytes)`);
    }
  }

  static empty(): ChunkStore {
    return new ChunkStore([], new Float64Array(0), []);
  }

  get length(): number {
    return this.ids.length;
  }

  /** Total bytes of records. */
  get byteLength(): number {
    return this.ends.length ? this.ends[this.ends.length - 1] : 0;
  }

  get(i: number): Chunk {
    let c = this.cache.get(i);
    if (c) return c;
    if (i < 0 || i >= this.ids.length) throw new RangeError(`no chunk ${i} (of ${this.ids.length})`);
    c = JSON.parse(this.slice(this.start(i), this.ends[i]).toString('utf8')) as Chunk;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(i, c);
    this.positionOf.set(c, i);
    return c;
  }

  /** Position of a chunk this store handed out, or of a chunk with that id. */
  indexOf(chunk: Chunk): number | undefined {
    return this.positionOf.get(chunk) ?? this.indexOfId(chunk.id);
  }

  indexOfId(id: string): number | undefined {
    // Built on first use: serving by BM25 position never needs it.
    if (!this.byId) {
      this.byId = new Map();
      this.ids.forEach((x, i) => this.byId!.set(x, i));
    }
    return this.byId.get(id);
  }

  private start(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1];
  }

  /** Bytes [a, b) of the concatenation; one record never spans two segments. */
  private slice(a: number, b: number): Buffer {
    const s = this.segmentAt(a);
    return this.segments[s].subarray(a - this.segStart[s], b - this.segStart[s]);
  }

  private segmentAt(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segStart[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Views of the bytes of records from..to, as whole segments' parts (no copy). */
  private views(from: number, to: number): Buffer[] {
    const a = this.start(from);
    const b = to === 0 ? 0 : this.ends[to - 1];
    const out: Buffer[] = [];
    for (let s = a < b ? this.segmentAt(a) : this.segments.length; s < this.segments.length && this.segStart[s] < b; s++) {
      const lo = Math.max(a, this.segStart[s]) - this.segStart[s];
      const hi = Math.min(b, this.segStart[s] + this.segments[s].length) - this.segStart[s];
      if (hi > lo) out.push(this.segments[s].subarray(lo, hi));
    }
    return out;
  }

  /** A new store from ranges of old ones and new chunks, in order: old records are shared, not copied. */
  static async compose(sources: ChunkSource[], slicer?: TimeSlicer): Promise<ChunkStore> {
    const segments: Buffer[] = [];
    const ids: string[] = [];
    const count = sources.reduce((n, s) => n + ('store' in s ? Math.max(0, s.to - s.from) : 'encoded' in s ? s.encoded.length : s.chunks.length), 0);
    const ends = new Float64Array(count);
    let at = 0;
    let k = 0;
    for (const s of sources) {
      if ('store' in s) {
        if (s.to <= s.from) continue;
        segments.push(...s.store.views(s.from, s.to));
        for (let i = s.from; i < s.to; i++) {
          at += s.store.ends[i] - s.store.start(i);
          ends[k++] = at;
          ids.push(s.store.ids[i]);
          // A kept range is most of a 1M-chunk index: one loop over it was a stall of its own.
          if ((i & 0xffff) === 0) await slicer?.tick();
        }
      } else {
        let enc: ChunkEncoder;
        if ('encoded' in s) enc = s.encoded;
        else {
          enc = new ChunkEncoder();
          for (const c of s.chunks) {
            enc.add(c);
            await slicer?.tick();
          }
        }
        enc.flush();
        segments.push(...enc.segments);
        for (let i = 0; i < enc.length; i++) {
          at += enc.lengths[i];
          ends[k++] = at;
          ids.push(enc.ids[i]);
        }
      }
      await slicer?.tick();
    }
    return new ChunkStore(segments, ends, ids);
  }
}

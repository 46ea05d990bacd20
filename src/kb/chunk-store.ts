// Chunk texts and metadata of a snapshot as one binary buffer of UTF-8 JSON records with an offset
// table, instead of one JSON string (V8 caps a string at ~537M characters, ~600k chunks). A chunk
// is decoded when a question needs it, so a 1M-chunk index is ready once the bytes are read.
import type { Chunk } from '../ingest/types';
import type { TimeSlicer } from './time-slice';

/** A run of chunks to carry into a new store: a range of an old store, or new chunks. */
export type ChunkSource = { store: ChunkStore; from: number; to: number } | { chunks: Chunk[] };

/** Decoded chunks kept for identity and speed: a question looks at a few dozen. */
const CACHE_LIMIT = 4096;

export class ChunkStore {
  private readonly cache = new Map<number, Chunk>();
  private readonly positionOf = new WeakMap<Chunk, number>();
  private byId?: Map<string, number>;

  /**
   * @param data  records back to back
   * @param ends  ends[i] = byte offset where record i ends; record i starts at ends[i - 1] (or 0)
   * @param ids   chunk ids in order (saved beside the records so lookups by id need no decoding)
   */
  constructor(
    readonly data: Buffer,
    readonly ends: Float64Array,
    readonly ids: string[],
  ) {
    if (ends.length !== ids.length || (ends.length > 0 && ends[ends.length - 1] !== data.length)) {
      throw new Error(`chunk store does not match its offsets (${ids.length} ids, ${ends.length} offsets, ${data.length} bytes)`);
    }
  }

  static empty(): ChunkStore {
    return new ChunkStore(Buffer.alloc(0), new Float64Array(0), []);
  }

  get length(): number {
    return this.ids.length;
  }

  get(i: number): Chunk {
    let c = this.cache.get(i);
    if (c) return c;
    if (i < 0 || i >= this.ids.length) throw new RangeError(`no chunk ${i} (of ${this.ids.length})`);
    c = JSON.parse(this.data.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i])) as Chunk;
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

  /** Bytes of records from..to, copied as they are (no decoding). */
  private bytes(from: number, to: number): Buffer {
    return this.data.subarray(from === 0 ? 0 : this.ends[from - 1], to === 0 ? 0 : this.ends[to - 1]);
  }

  /** A new store from ranges of old ones and new chunks, in order; old records are copied byte for byte. */
  static async compose(sources: ChunkSource[], slicer?: TimeSlicer): Promise<ChunkStore> {
    const pieces: { buf: Buffer; lengths: Float64Array; ids: string[] }[] = [];
    for (const s of sources) {
      if ('store' in s) {
        if (s.to <= s.from) continue;
        const lengths = new Float64Array(s.to - s.from);
        for (let i = s.from; i < s.to; i++) lengths[i - s.from] = s.store.ends[i] - (i === 0 ? 0 : s.store.ends[i - 1]);
        pieces.push({ buf: s.store.bytes(s.from, s.to), lengths, ids: s.store.ids.slice(s.from, s.to) });
      } else {
        const bufs: Buffer[] = [];
        const lengths = new Float64Array(s.chunks.length);
        s.chunks.forEach((c, i) => {
          const b = Buffer.from(JSON.stringify(c), 'utf8');
          bufs.push(b);
          lengths[i] = b.length;
        });
        pieces.push({ buf: Buffer.concat(bufs), lengths, ids: s.chunks.map((c) => c.id) });
      }
      await slicer?.tick();
    }
    const total = pieces.reduce((n, p) => n + p.buf.length, 0);
    const count = pieces.reduce((n, p) => n + p.ids.length, 0);
    const data = Buffer.allocUnsafe(total);
    const ends = new Float64Array(count);
    const ids: string[] = [];
    let at = 0;
    let k = 0;
    // Copied in slices of 8 MB so a large store does not hold the event loop for one long memcpy.
    const STEP = 8 << 20;
    for (const p of pieces) {
      for (let off = 0; off < p.buf.length; off += STEP) {
        p.buf.copy(data, at + off, off, Math.min(p.buf.length, off + STEP));
        await slicer?.tick();
      }
      for (let i = 0; i < p.lengths.length; i++) {
        at += p.lengths[i];
        ends[k++] = at;
      }
      for (const id of p.ids) ids.push(id);
    }
    return new ChunkStore(data, ends, ids);
  }
}

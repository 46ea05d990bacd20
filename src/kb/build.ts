// Builds a new snapshot from loaded documents, paying only for what changed: an unchanged document
// keeps its chunk records and BM25 postings (copied from the previous snapshot, not re-analysed), and
// only the chunks of added or edited documents are analysed and, with a vector index, embedded
// (even then, a chunk whose text the previous snapshot embedded reuses its vector: with a paid
// embeddings API, unchanged text is free). Long loops pause every few ms (time-slice.ts) so that
// questions are answered throughout; the serving snapshot is never mutated.
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { BotError } from '../errors';
import { chunkDocument, sha256 } from '../ingest/chunker';
import type { Chunk, KnowledgeDocument } from '../ingest/types';
import type { DocumentFailure, ReloadProgress } from '../types';
import type { Glossary } from '../retrieval/glossary';
import { Bm25Builder } from '../retrieval/bm25-builder';
import type { HnswStore } from '../vector/hnsw-store';
import { ChunkEncoder, ChunkStore, type ChunkSource } from './chunk-store';
import { chunkSearchText, chunkTerms, IndexSnapshot, type DocInfo } from './snapshot';
import { timeSlicer } from './time-slice';

export interface BuildInput {
  documents: KnowledgeDocument[];
  /** Documents the previous snapshot has byte for byte (the loader did not parse them). */
  unchanged?: string[];
  failures: DocumentFailure[];
  glossary: Glossary;
  embeddings: EmbeddingsInterface;
  embeddingsId: string;
  chunkSize: number;
  chunkOverlap: number;
  previous?: IndexSnapshot;
  /** Documents that failed to load this time but were indexed before: their last good version keeps serving. */
  keep?: string[];
  onProgress?: (p: ReloadProgress) => void;
  /** Texts per embeddings call. */
  batchSize?: number;
}

export interface BuildResult {
  snapshot: IndexSnapshot;
  /** Chunks sent to the embedder. */
  embedded: number;
  /** Chunks analysed (new or edited documents). */
  indexed: number;
  /** False when the index is the previous one (only the glossary or the failure list may differ): nothing to save. */
  changed: boolean;
}

/**
 * Whether an embedder's vectors are worth an index. The offline hash embedder says no
 * (`lexicalOnly`): it matches the same words BM25 does, and on the bench adds no recall (README,
 * "Why no vector index offline"); a real embeddings model knows meaning and gets one.
 */
export function usesVectors(embeddings: EmbeddingsInterface): boolean {
  return (embeddings as { lexicalOnly?: unknown }).lexicalOnly !== true;
}

export async function buildSnapshot(input: BuildInput): Promise<BuildResult> {
  const builder = new SnapshotBuilder(input);
  for (const doc of input.documents) await builder.add(doc);
  return builder.finish(input);
}

export type BuilderOptions = Pick<BuildInput, 'embeddings' | 'embeddingsId' | 'chunkSize' | 'chunkOverlap' | 'previous' | 'onProgress' | 'batchSize'>;
export type FinishInput = Pick<BuildInput, 'unchanged' | 'failures' | 'glossary' | 'keep'>;

/**
 * A build fed one document at a time (the loader streams them): an added or edited document is
 * chunked, analysed and encoded at once, and only its bytes and postings are kept, so a 1M-chunk
 * first build never holds the whole folder's text. Which old documents stay is known at finish().
 */
export class SnapshotBuilder {
  private readonly slicer = timeSlicer();
  private readonly vectors: boolean;
  /** The previous snapshot, when it can lend its parts (same embedder and kind of index). */
  private readonly base?: IndexSnapshot;
  /** Where each previous document's chunks are (contiguous, in the order of base.docs). */
  private readonly ranges = new Map<string, { from: number; to: number; info: DocInfo }>();
  private readonly kept = new Set<string>();
  private readonly freshDocs: DocInfo[] = [];
  private readonly encoded = new ChunkEncoder();
  private readonly bm25: Bm25Builder;
  /** New chunks themselves, only for the vector half (it embeds them at finish). */
  private readonly freshChunks: Chunk[] = [];

  constructor(private readonly opts: BuilderOptions) {
    this.vectors = usesVectors(opts.embeddings);
    // Only a snapshot of the same embedder and kind of index can lend its parts.
    const prev = opts.previous?.embeddingsId === opts.embeddingsId && Boolean(opts.previous.store) === this.vectors ? opts.previous : undefined;
    let at = 0;
    for (const d of prev?.docs ?? []) {
      this.ranges.set(d.id, { from: at, to: at + d.chunks, info: d });
      at += d.chunks;
    }
    this.base = prev && at === prev.size ? prev : undefined;
    this.bm25 = new Bm25Builder(this.base?.bm25);
  }

  /** The next document read (each id once). */
  async add(doc: KnowledgeDocument): Promise<void> {
    if (this.base && this.ranges.get(doc.id)?.info.hash === doc.hash) {
      this.kept.add(doc.id);
      return;
    }
    const cs = chunkDocument(doc, { size: this.opts.chunkSize, overlap: this.opts.chunkOverlap });
    const about = aboutChunk(doc);
    if (about) cs.push(about);
    this.freshDocs.push({ id: doc.id, title: doc.title, hash: doc.hash, chunks: cs.length, lang: doc.lang });
    for (const c of cs) {
      this.bm25.add(chunkTerms(c));
      this.encoded.add(c);
      if (this.vectors) this.freshChunks.push(c);
      await this.slicer.tick();
    }
  }

  async finish(input: FinishInput): Promise<BuildResult> {
    const { base, ranges, kept, slicer } = this;
    for (const id of input.keep ?? []) if (base && ranges.has(id)) kept.add(id);
    for (const id of input.unchanged ?? []) {
      // The caller only skips parsing when the previous snapshot can lend the document's chunks.
      if (!base || !ranges.has(id)) throw new BotError('RELOAD_FAILED', `${id} was not parsed as unchanged, but the index has no chunks for it; reload again.`);
      kept.add(id);
    }

    // Kept documents first, in their old order (their BM25 numbering stays sorted), then the new ones.
    const keepMap = new Int32Array(base?.size ?? 0).fill(-1);
    const sources: ChunkSource[] = [];
    const docs: DocInfo[] = [];
    let keptChunks = 0;
    for (const d of base?.docs ?? []) {
      await slicer.tick(); // 1M chunks in one pass blocked answers for ~60 ms
      if (!kept.has(d.id)) continue;
      const r = ranges.get(d.id)!;
      for (let i = r.from; i < r.to; i++) keepMap[i] = keptChunks++;
      const last = sources[sources.length - 1];
      if (last && 'store' in last && last.to === r.from) last.to = r.to;
      else sources.push({ store: base!.chunkStore, from: r.from, to: r.to });
      docs.push(d);
    }
    docs.push(...this.freshDocs);
    const freshCount = this.encoded.length;

    // Nothing changed (the usual start-up and most reloads): the same index, not even saved again.
    if (base && freshCount === 0 && keptChunks === base.size) {
      this.opts.onProgress?.({ phase: 'embed', done: 0, total: 0 });
      return { snapshot: base.withGlossary(input.glossary, input.failures, docs), embedded: 0, indexed: 0, changed: false };
    }
    if (freshCount) sources.push({ encoded: this.encoded });

    let store: HnswStore | undefined;
    let embedded = 0;
    if (this.vectors) ({ store, embedded } = await buildVectors(this.opts, base, keepMap, this.freshChunks, slicer));
    else this.opts.onProgress?.({ phase: 'embed', done: 0, total: 0 });

    if (base) this.bm25.keepOld(keepMap, keptChunks);
    const bm25 = await this.bm25.finish();
    const chunkStore = await ChunkStore.compose(sources, slicer);
    const snapshot = new IndexSnapshot(chunkStore, bm25, store, this.opts.embeddings, this.opts.embeddingsId, input.glossary, docs, input.failures, new Date().toISOString());
    return { snapshot, embedded, indexed: freshCount, changed: true };
  }
}

/** The vector half, for real embeddings models: embed what is new, reuse what the previous index has. */
async function buildVectors(
  input: BuilderOptions,
  base: IndexSnapshot | undefined,
  keepMap: Int32Array,
  fresh: Chunk[],
  slicer: ReturnType<typeof timeSlicer>,
): Promise<{ store: HnswStore; embedded: number }> {
  const { HnswStore } = await import('../vector/hnsw-store');
  const prevStore = base?.store;
  // Edit a fork of the previous graph: the same native graph, in which the serving view keeps seeing
  // exactly its own points until the swap (no copy of the graph; rebuilding every vector's
  // neighbours would cost far more than a few deletes and inserts).
  const store =
    prevStore && prevStore.size > 0
      ? await prevStore.fork(() => slicer.tick())
      : new HnswStore(input.embeddings, { embedderId: input.embeddingsId, initialCapacity: Math.max(1024, keepMap.length + fresh.length), ...graphSettings(input.embeddingsId) });

  // Chunks of dropped or edited documents leave the graph; their vectors can serve new chunks with the same text.
  const reusable = new Map<string, string>();
  const stale: string[] = [];
  for (let i = 0; i < keepMap.length; i++) {
    if (keepMap[i] >= 0) continue;
    const c = base!.chunkAt(i);
    stale.push(c.id);
    reusable.set(c.hash, c.id);
    await slicer.tick();
  }
  await store.delete({ ids: stale });

  const vectors: (number[] | undefined)[] = fresh.map((c) => {
    const id = reusable.get(c.hash);
    return id === undefined ? undefined : prevStore?.getVector(id);
  });
  const todo = fresh.map((_, i) => i).filter((i) => vectors[i] === undefined);
  const batch = input.batchSize ?? 256;
  input.onProgress?.({ phase: 'embed', done: 0, total: todo.length });
  for (let off = 0; off < todo.length; off += batch) {
    const slice = todo.slice(off, off + batch);
    let out: number[][];
    try {
      out = await input.embeddings.embedDocuments(slice.map((i) => chunkSearchText(fresh[i])));
    } catch (err) {
      throw err instanceof BotError ? err : new BotError('EMBEDDINGS_FAILED', `Embedding ${slice.length} chunks failed: ${(err as Error).message}`, { cause: err });
    }
    if (out.length !== slice.length) throw new BotError('EMBEDDINGS_FAILED', `The embedder returned ${out.length} vectors for ${slice.length} chunks.`);
    slice.forEach((i, j) => (vectors[i] = out[j]));
    input.onProgress?.({ phase: 'embed', done: Math.min(off + batch, todo.length), total: todo.length });
    await slicer.pause();
  }
  // The graph keeps only chunk ids: texts live in the chunk store, once.
  for (let off = 0; off < fresh.length; off += 64) {
    const part = fresh.slice(off, off + 64);
    await store.addVectors(vectors.slice(off, off + 64) as number[][], part.map((c) => ({ pageContent: '', metadata: { id: c.id } })), { ids: part.map((c) => c.id) });
    await slicer.tick();
  }
  return { store, embedded: todo.length };
}

/**
 * A lighter graph for a local embedder that asks for vectors (ranking at weight 0.1 beside BM25, see
 * IndexSnapshot.denseWeight); a real embeddings model gets a denser one.
 */
function graphSettings(embeddingsId: string): { m: number; efConstruction: number } {
  return embeddingsId.startsWith('local:') ? { m: 8, efConstruction: 20 } : { m: 16, efConstruction: 100 };
}


const ABOUT_FIELDS: [string, string][] = [
  ['author', '저자 (author)'],
  ['author_role', '직함 (role)'],
  ['publisher', '발행 (publisher)'],
  ['date', '날짜 (date)'],
  ['published', '날짜 (published)'],
  ['source', '출처 (source)'],
  ['url', 'URL'],
];

/**
 * Front matter (author, publisher, date) as one searchable chunk, so "who wrote this?" has an
 * answer to quote. It points at offset 0 of the document: the byline is not part of its text.
 */
export function aboutChunk(doc: KnowledgeDocument): Chunk | undefined {
  const parts = ABOUT_FIELDS.filter(([k]) => doc.metadata[k] != null && String(doc.metadata[k]).trim()).map(
    ([k, label]) => `${label}: ${String(doc.metadata[k]).trim()}`,
  );
  if (!parts.length) return undefined;
  const text = `‘${doc.title}’ — ${parts.join(', ')}.`;
  return { id: `${doc.id}#about`, docId: doc.id, source: doc.source, title: doc.title, section: 'About this document', text, start: 0, end: 0, hash: sha256(text) };
}

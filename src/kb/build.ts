// Builds a new snapshot from loaded documents. Vectors of chunks whose text the previous snapshot
// already embedded are copied, not recomputed: with a paid embeddings API, unchanged text is free.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { BotError } from '../errors';
import { chunkDocument, sha256 } from '../ingest/chunker';
import type { Chunk, KnowledgeDocument } from '../ingest/types';
import type { DocumentFailure, ReloadProgress } from '../types';
import type { Glossary } from '../retrieval/glossary';
import { chunkToDocument } from '../vector/chunk-document';
import { HnswStore } from '../vector/hnsw-store';
import { chunkSearchText, chunkTerms, IndexSnapshot, type DocInfo } from './snapshot';
import { Bm25Index } from '../retrieval/bm25';
import { OfflineHashEmbeddings } from '../embeddings/offline-hash';

export interface BuildInput {
  documents: KnowledgeDocument[];
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
}

export async function buildSnapshot(input: BuildInput): Promise<BuildResult> {
  const chunks: Chunk[] = [];
  const docs: DocInfo[] = [];
  // An unchanged document keeps its chunks (same settings: a persisted index with other settings is never loaded).
  const before = new Map<string, Chunk[]>();
  for (const c of input.previous?.chunks ?? []) {
    if (!before.has(c.docId)) before.set(c.docId, []);
    before.get(c.docId)!.push(c);
  }
  const prevHash = new Map((input.previous?.docs ?? []).map((d) => [d.id, d.hash]));
  for (const doc of input.documents) {
    let cs = prevHash.get(doc.id) === doc.hash ? before.get(doc.id) : undefined;
    if (!cs) {
      cs = chunkDocument(doc, { size: input.chunkSize, overlap: input.chunkOverlap });
      const about = aboutChunk(doc);
      if (about) cs.push(about);
    }
    chunks.push(...cs);
    docs.push({ id: doc.id, title: doc.title, hash: doc.hash, chunks: cs.length, lang: doc.lang });
  }
  for (const id of input.keep ?? []) {
    const info = input.previous?.docs.find((d) => d.id === id);
    if (!info) continue;
    chunks.push(...input.previous!.chunks.filter((c) => c.docId === id));
    docs.push(info);
  }

  // Reuse vectors by text hash; only when the previous snapshot used the same embedder.
  const prev = input.previous?.embeddingsId === input.embeddingsId ? input.previous : undefined;
  const reusable = new Map<string, string>();
  if (prev) for (const c of prev.chunks) reusable.set(c.hash, c.id);

  // Nothing changed (the usual start-up): serve the same store and BM25 index; neither is mutated.
  if (prev && sameChunks(prev.chunks, chunks)) {
    input.onProgress?.({ phase: 'embed', done: 0, total: 0 });
    const snapshot = new IndexSnapshot(chunks, prev.store, input.embeddings, input.embeddingsId, input.glossary, docs, input.failures, new Date().toISOString(), prev.bm25);
    return { snapshot, embedded: 0 };
  }

  // Edit a copy of the previous graph (the serving one must stay untouched until the swap);
  // rebuilding every vector's neighbours costs far more than a few deletes and inserts.
  const store = prev && prev.store.size > 0 ? await copyStore(prev.store, input.embeddings) : new HnswStore(input.embeddings, { embedderId: input.embeddingsId, initialCapacity: Math.max(1024, chunks.length), ...graphSettings(input.embeddingsId) });
  const keep = new Map(chunks.map((c) => [c.id, c]));
  const stale = store.ids().filter((id) => {
    const now = keep.get(id);
    const before = prev?.chunkById(id);
    return !now || !before || before.hash !== now.hash || before.title !== now.title || before.section !== now.section;
  });
  await store.delete({ ids: stale });
  const missing = chunks.filter((c) => !store.has(c.id));

  const vectors: (number[] | undefined)[] = missing.map((c) => {
    const id = reusable.get(c.hash);
    return id === undefined ? undefined : prev!.store.getVector(id);
  });
  const todo = missing.map((_, i) => i).filter((i) => vectors[i] === undefined);
  // Each chunk is analysed once: the same terms feed BM25 and, offline, the hash embedder.
  const terms = new Map<string, string[]>();
  const termsOf = (c: Chunk) => {
    let t = terms.get(c.id);
    if (!t) terms.set(c.id, (t = chunkTerms(c)));
    return t;
  };
  const batch = input.batchSize ?? 256;
  input.onProgress?.({ phase: 'embed', done: 0, total: todo.length });
  for (let off = 0; off < todo.length; off += batch) {
    const slice = todo.slice(off, off + batch);
    let out: number[][];
    try {
      out =
        input.embeddings instanceof OfflineHashEmbeddings
          ? slice.map((i) => (input.embeddings as OfflineHashEmbeddings).embedTerms(termsOf(missing[i])))
          : await input.embeddings.embedDocuments(slice.map((i) => chunkSearchText(missing[i])));
    } catch (err) {
      throw err instanceof BotError ? err : new BotError('EMBEDDINGS_FAILED', `Embedding ${slice.length} chunks failed: ${(err as Error).message}`, { cause: err });
    }
    if (out.length !== slice.length) throw new BotError('EMBEDDINGS_FAILED', `The embedder returned ${out.length} vectors for ${slice.length} chunks.`);
    slice.forEach((i, j) => (vectors[i] = out[j]));
    input.onProgress?.({ phase: 'embed', done: Math.min(off + batch, todo.length), total: todo.length });
  }

  if (missing.length) await store.addVectors(vectors as number[][], missing.map(chunkToDocument), { ids: missing.map((c) => c.id) });
  const bm25 = Bm25Index.build(chunks.map(termsOf));
  const snapshot = new IndexSnapshot(chunks, store, input.embeddings, input.embeddingsId, input.glossary, docs, input.failures, new Date().toISOString(), bm25);
  return { snapshot, embedded: todo.length };
}

/**
 * A lighter graph for the offline embedder, whose ranking only counts at weight 0.1 beside BM25
 * (building the graph was most of a 100k-chunk reload); a real embeddings model gets a denser one.
 */
function graphSettings(embeddingsId: string): { m: number; efConstruction: number } {
  return embeddingsId.startsWith('local:') ? { m: 8, efConstruction: 20 } : { m: 16, efConstruction: 100 };
}

function sameChunks(a: Chunk[], b: Chunk[]): boolean {
  return a.length === b.length && a.every((c, i) => c.id === b[i].id && c.hash === b[i].hash && c.title === b[i].title && c.section === b[i].section);
}

async function copyStore(store: HnswStore, embeddings: EmbeddingsInterface): Promise<HnswStore> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-store-'));
  try {
    await store.save(dir);
    return await HnswStore.load(dir, embeddings);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
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

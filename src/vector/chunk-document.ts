// Chunks travel through the vector store as LangChain Documents; these keep the two shapes in step
// so a search result can become a citation without a second lookup.
import { Document } from '@langchain/core/documents';
import type { Chunk } from '../ingest/types';

export type ChunkMetadata = Omit<Chunk, 'text'>;

export function chunkToDocument(chunk: Chunk): Document<ChunkMetadata> {
  const { text, ...metadata } = chunk;
  return new Document<ChunkMetadata>({ pageContent: text, metadata, id: chunk.id });
}

/** Undefined when the document did not come from chunkToDocument (missing chunk fields). */
export function documentToChunk(doc: { pageContent: string; metadata: Record<string, unknown> }): Chunk | undefined {
  const m = doc.metadata;
  if (typeof m.id !== 'string' || typeof m.docId !== 'string' || typeof m.start !== 'number' || typeof m.end !== 'number') {
    return undefined;
  }
  return {
    id: m.id,
    docId: m.docId,
    source: String(m.source ?? m.docId),
    title: String(m.title ?? ''),
    section: typeof m.section === 'string' ? m.section : undefined,
    text: doc.pageContent,
    start: m.start,
    end: m.end,
    hash: String(m.hash ?? ''),
  };
}

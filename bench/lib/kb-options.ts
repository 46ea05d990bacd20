// The bench's knowledge base: where a corpus's folders live under its work dir, and the settings
// every bench step opens it with (the same defaults as src/config.ts: CHUNK_SIZE, CHUNK_OVERLAP,
// MAX_QUESTION_CHARS), so that the corpus runs and the edit-under-load script measure the same index.
import path from 'node:path';
import { OfflineHashEmbeddings, OFFLINE_HASH_ID } from '../../src/embeddings/offline-hash';
import type { KnowledgeBaseOptions } from '../../src/kb/knowledge-base';
import { silentLogger, type Logger } from '../../src/logger';

export const CHUNK_SIZE = 700;
export const CHUNK_OVERLAP = 120;

export const benchDirs = (work: string) => ({ knowledge: path.join(work, 'knowledge'), data: path.join(work, 'data'), spec: path.join(work, 'spec.json') });

export function benchKbOptions(work: string, logger: Logger = silentLogger): KnowledgeBaseOptions & { maxQuestionChars: number } {
  const d = benchDirs(work);
  return {
    knowledgeDir: d.knowledge,
    dataDir: d.data,
    embeddings: new OfflineHashEmbeddings(),
    embeddingsId: OFFLINE_HASH_ID,
    chunkSize: CHUNK_SIZE,
    chunkOverlap: CHUNK_OVERLAP,
    maxQuestionChars: 1000,
    logger,
    inMemory: false,
  };
}

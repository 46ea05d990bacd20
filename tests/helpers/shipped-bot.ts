// The real core over the shipped knowledge/ folder, offline and in memory: for tests whose
// questions are about the article itself.
import path from 'node:path';
import { createKnowledgeBot } from '../../src/bot';
import { OfflineHashEmbeddings } from '../../src/embeddings/offline-hash';
import { silentLogger } from '../../src/logger';

export function shippedKnowledgeBot() {
  return createKnowledgeBot({
    knowledgeDir: path.resolve(__dirname, '../../knowledge'),
    dataDir: '/nonexistent',
    embeddings: new OfflineHashEmbeddings(),
    embeddingsId: 'local:hash-v1',
    chunkSize: 700,
    chunkOverlap: 120,
    maxQuestionChars: 1000,
    logger: silentLogger,
    inMemory: true,
  });
}

// The real core, offline and in memory, over a folder of documents: the shipped knowledge/ folder
// for tests whose questions are about the article itself, or a fixture folder of their own.
import path from 'node:path';
import { createKnowledgeBot, type BotOptions } from '../../src/bot';
import { OfflineHashEmbeddings } from '../../src/embeddings/offline-hash';
import { silentLogger } from '../../src/logger';

export function offlineBotOver(knowledgeDir: string, over: Partial<BotOptions> = {}) {
  return createKnowledgeBot({
    knowledgeDir,
    dataDir: '/nonexistent',
    embeddings: new OfflineHashEmbeddings(),
    embeddingsId: 'local:hash-v1',
    chunkSize: 700,
    chunkOverlap: 120,
    maxQuestionChars: 1000,
    logger: silentLogger,
    inMemory: true,
    ...over,
  });
}

export function shippedKnowledgeBot() {
  return offlineBotOver(path.resolve(__dirname, '../../knowledge'));
}

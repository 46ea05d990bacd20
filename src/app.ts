// Composition of the core from the typed config: the embeddings provider, the optional chat
// model and the knowledge base. CLIs and `npm start` build the bot through here.
import type { Config } from './config';
import { createEmbeddings } from './embeddings/registry';
import { createChatAnswerer } from './llm';
import { registerSecret, type Logger } from './logger';
import { createKnowledgeBot, DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS, type CoreBot } from './bot';
import type { ReloadProgress } from './types';
import { PostgresReplication } from './replicas/postgres-replication';

export function createBotFromConfig(
  config: Config,
  logger: Logger,
  /** replicate: with DATABASE_URL, join the replicas that share one index (`npm start`, `kb reload`). */
  opts: { inMemory?: boolean; onProgress?: (p: ReloadProgress) => void; openedBy?: string; replicate?: boolean } = {},
): CoreBot {
  registerSecret(config.llm?.apiKey);
  registerSecret(config.embeddings.apiKey);
  if (config.databaseUrl) registerSecret(new URL(config.databaseUrl).password || undefined);
  const { embeddings, id } = createEmbeddings(config.embeddings);
  return createKnowledgeBot({
    knowledgeDir: config.knowledgeDir,
    dataDir: config.dataDir,
    embeddings,
    embeddingsId: id,
    chunkSize: config.chunkSize,
    chunkOverlap: config.chunkOverlap,
    maxQuestionChars: config.maxQuestionChars,
    minConfidence: config.answerMinConfidence,
    queryEmbeddingTimeoutMs: Math.min(config.embeddings.timeoutMs, DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS),
    logger,
    chat: config.llm ? createChatAnswerer(config.llm, logger) : undefined,
    inMemory: opts.inMemory,
    onProgress: opts.onProgress,
    openedBy: opts.openedBy,
    replication:
      opts.replicate && config.databaseUrl && !opts.inMemory
        ? new PostgresReplication({ databaseUrl: config.databaseUrl, logger, ...config.replicas, replicaId: config.replicas.id })
        : undefined,
  });
}

// Replicas of the real core over one Postgres: each its own knowledge folder, data folder and
// PostgresReplication (pool + LISTEN connection), in this process. closeReplicas() leaves them all.
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { OfflineHashEmbeddings } from '../../src/embeddings/offline-hash';
import type { Logger } from '../../src/logger';
import { silentLogger } from '../../src/logger';
import { PostgresReplication } from '../../src/replicas/postgres-replication';
import type { BotOptions } from '../../src/bot';
import { makeBot } from '../fixtures/core/small-kb';

/**
 * The offline embedder as a vector-using one (so the saved index has a vectors/ folder too), with
 * document embedding that can be held mid-build and a record of what it embedded.
 */
export class HoldableEmbeddings implements EmbeddingsInterface {
  private readonly inner = new OfflineHashEmbeddings();
  embedded = 0;
  private gate?: Promise<void>;
  private entered?: () => void;

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.embedded += texts.length;
    if (this.gate) {
      this.entered?.();
      await this.gate;
    }
    return this.inner.embedDocuments(texts);
  }

  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }

  /** Holds the next build in embedDocuments: resolves `entered` once it is there. */
  hold(): { entered: Promise<void>; release: () => void } {
    let release!: () => void;
    this.gate = new Promise<void>((r) => (release = r));
    const entered = new Promise<void>((r) => (this.entered = r));
    return { entered, release: () => ((this.gate = undefined), release()) };
  }
}

/** A logger that keeps what was logged, for "B refused it and said why". */
export function recordingLogger(): Logger & { lines: { level: string; msg: string; meta?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; meta?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, meta?: Record<string, unknown>) => void lines.push({ level, msg, meta });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const open: PostgresReplication[] = [];

export function startReplica(
  databaseUrl: string,
  knowledgeDir: string,
  o: { id: string; embeddings?: EmbeddingsInterface; logger?: Logger; pollMs?: number; heartbeatMs?: number; keepVersions?: number; settings?: Pick<Partial<BotOptions>, 'chunkSize' | 'chunkOverlap' | 'embeddingsId'> },
) {
  const replication = new PostgresReplication({
    databaseUrl,
    logger: o.logger ?? silentLogger,
    keepVersions: o.keepVersions ?? 3,
    // Long by default: a test of notifications must not pass thanks to the poll.
    pollMs: o.pollMs ?? 600_000,
    heartbeatMs: o.heartbeatMs ?? 1000,
    replicaId: o.id,
  });
  open.push(replication);
  const bot = makeBot(knowledgeDir, { embeddings: o.embeddings ?? new HoldableEmbeddings(), replication, logger: o.logger ?? silentLogger, ...o.settings });
  return Object.assign(bot, { replication });
}

export async function closeReplicas(): Promise<void> {
  await Promise.all(open.splice(0).map((r) => r.close()));
}

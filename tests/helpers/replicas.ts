// Replicas of the real core over one Postgres: each its own knowledge folder, data folder and
// PostgresReplication (pool + LISTEN connection), in this process. closeReplicas() leaves them all.
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { OfflineHashEmbeddings } from '../../src/embeddings/offline-hash';
import type { Logger } from '../../src/logger';
import { silentLogger } from '../../src/logger';
import { PostgresReplication } from '../../src/replicas/postgres-replication';
import type { BotOptions } from '../../src/bot';
import { makeBot } from '../fixtures/core/small-kb';
import { freshDatabase } from './postgres';

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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 20 ms until it holds and returns the ms it took; throws naming `what` after `ms`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 5000): Promise<number> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(20);
  }
  return Date.now() - t0;
}

/**
 * Every test of the calling file gets an empty database and a small pool on it (to look at the
 * tables in SQL); afterwards its replicas are closed and the database dropped. A file's own
 * afterEach registered after this call runs first (vitest runs after-hooks as a stack).
 */
export function databasePerTest(poolMax = 2): { readonly db: Awaited<ReturnType<typeof freshDatabase>>; readonly sql: pg.Pool } {
  const state = {} as { db: Awaited<ReturnType<typeof freshDatabase>>; sql: pg.Pool };
  beforeEach(async () => {
    state.db = await freshDatabase();
    state.sql = new pg.Pool({ connectionString: state.db.url, max: poolMax });
    // Dropping the database (WITH FORCE) can reach a connection pool.end() is still closing.
    state.sql.on('error', () => undefined);
  });
  afterEach(async () => {
    await closeReplicas();
    await state.sql.end();
    await state.db.drop();
  });
  return state;
}

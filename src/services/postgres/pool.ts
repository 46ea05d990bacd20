// One connection pool per process for every Postgres store. Short timeouts on purpose: a replica
// whose database is gone must fall back (see ../resilient.ts) within a second or two, not hang
// the question it is answering.
import pg from 'pg';
import type { Logger } from '../../logger';

export type Pool = pg.Pool;

/** BIGINT (epoch ms, counts) as numbers: every value we store fits in 2^53. */
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PoolOptions {
  /** Connections per replica; storage calls are single short statements. */
  max?: number;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

export function createPool(url: string, logger: Logger, opts: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 2000,
    query_timeout: opts.queryTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'sovereign-kb-bot',
  });
  // Without a listener an idle client's error (server restarted, network cut) crashes Node.
  pool.on('error', (err) => logger.warn('postgres: an idle connection failed; the pool reconnects on the next query', { error: err }));
  return pool;
}

/**
 * The server could not be reached (refused, reset, timed out, name not resolved, starting up), as
 * opposed to reached and saying no (bad password, no such database, no right to create tables):
 * the first is an outage to wait out, the second a setting to fix.
 */
export function isUnreachable(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|57P0[123]|08)/.test(code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated/i.test((err as Error)?.message ?? '');
}

// DATABASE_URL=postgres://…: every store the adapters share, in one Postgres database, so several
// replicas answer as one bot (one reply per event, one rate budget per user, one vote per user).
// The schema is migrated here, under an advisory lock, before the first store is used.
import { BotError } from '../../errors';
import { createLogger, maskUrlCredentials, type Logger } from '../../logger';
import type { OpenServices } from '../index';
import { withVoteTallies } from '../index';
import type { QuestionLogOptions } from '../question-log';
import type { QuestionLog } from '../types';
import { guardServices } from '../resilient';
import { createPgAuditLog } from './audit';
import { createPgDedupeStore, createPgDigestState, createPgEscalations } from './claims';
import { createPgFeedbackStore } from './feedback';
import { migrate } from './migrations';
import { createPgPendingAnswers } from './pending';
import { createPool, isUnreachable, type PoolOptions } from './pool';
import { createPgQuestionLog } from './question-log';
import { createPgRateLimiter } from './rate-limit';

export { migrate, MIGRATIONS } from './migrations';
export { createPool } from './pool';

/** How long a replica answers from its fallbacks after a database failure before trying again. */
export const RETRY_AFTER_MS = 3000;

export async function openPostgresServices(
  url: string,
  opts: {
    rateLimitPerMinute: number; now?: () => number; dedupeTtlMs?: number; logger?: Logger; questionLog?: QuestionLogOptions; pool?: PoolOptions;
    /** See RETRY_AFTER_MS. */
    retryAfterMs?: number;
  },
): Promise<OpenServices> {
  const logger = opts.logger ?? createLogger('warn');
  const pool = createPool(url, logger, opts.pool);
  // One migration at a time in this process; once done, never again.
  let migrated = false;
  let migrating: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  const ensureMigrated = (): Promise<void> =>
    migrated
      ? Promise.resolve()
      : (migrating ??= migrate(pool).then(
          () => {
            migrated = true;
            if (retry === undefined) return;
            clearInterval(retry);
            logger.info('database reachable again; schema ready', { database: maskUrlCredentials(url) });
          },
          (err: unknown) => {
            migrating = undefined;
            throw err;
          },
        ));
  try {
    await ensureMigrated();
  } catch (err) {
    if (!isUnreachable(err)) {
      await pool.end().catch(() => undefined);
      throw new BotError(
        'STORAGE_FAILED',
        `Could not prepare the database at DATABASE_URL=${maskUrlCredentials(url)}: ${(err as Error).message}. ` +
          'Fix: check that Postgres is running and reachable, and that the user may create tables in this database (or unset DATABASE_URL to use the embedded SQLite file).',
        { cause: err },
      );
    }
    // Unreachable is an outage, not a setting to fix: start anyway (the index serves, the stores
    // answer from their fallbacks, /readyz says why not ready) and migrate once the server is back.
    logger.warn('database unreachable at start-up; answering without it and preparing it when it is back', { database: maskUrlCredentials(url), error: err });
    retry = setInterval(() => void ensureMigrated().catch(() => undefined), Math.max(500, opts.retryAfterMs ?? RETRY_AFTER_MS));
    retry.unref();
  }
  const now = opts.now;
  const questions = createPgQuestionLog(pool, { now, ...opts.questionLog });
  // At start-up, like SQLite; a failure here is the outage the guard reports, not a reason to stop.
  await questions.purge().catch(() => undefined);
  const pending = createPgPendingAnswers(pool, { now });
  return guardServices(
    {
      feedback: withVoteTallies(createPgFeedbackStore(pool, now), questions),
      questions,
      digests: createPgDigestState(pool),
      dedupe: createPgDedupeStore(pool, { now, ttlMs: opts.dedupeTtlMs }),
      pending,
      rateLimiter: createPgRateLimiter(pool, { perMinute: opts.rateLimitPerMinute, now }),
      audit: createPgAuditLog(pool, now),
      escalations: createPgEscalations(pool, { now }),
      // Not guarded: /readyz must see the outage the stores' fallbacks hide.
      async ping() {
        // Not ready before the schema is: a replica started during an outage migrates first.
        await ensureMigrated();
        await pool.query('SELECT 1');
      },
      async close() {
        clearInterval(retry);
        questions.close();
        pending.close();
        await pool.end();
      },
    },
    logger,
    { sharedRateLimit: opts.rateLimitPerMinute, retryAfterMs: opts.retryAfterMs ?? RETRY_AFTER_MS },
  );
}

/** The question log alone, for the CLI reports (`npm run kb -- gaps | report`): migrated, with its own pool. */
export async function openPostgresQuestionLog(url: string, opts: QuestionLogOptions & { logger?: Logger } = {}): Promise<{ log: QuestionLog; close(): Promise<void> }> {
  const pool = createPool(url, opts.logger ?? createLogger('warn'));
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new BotError('STORAGE_FAILED', `Could not read the question log at DATABASE_URL=${maskUrlCredentials(url)}: ${(err as Error).message}. Fix: check that Postgres is running and reachable.`, { cause: err });
  }
  const log = createPgQuestionLog(pool, opts);
  return { log, close: async () => (log.close(), pool.end()) };
}

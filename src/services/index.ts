// The services every adapter shares, on one SQLite file in the data dir.
import fs from 'node:fs';
import path from 'node:path';
import { createAuditLog } from './audit-log';
import { openDatabase } from './db';
import { createDedupeStore } from './dedupe-store';
import { createFeedbackStore } from './feedback-store';
import { createPendingAnswers } from './pending-answers';
import { createRateLimiter } from './rate-limiter';
import { guardServices } from './resilient';
import { createLogger, type Logger } from '../logger';
import type { AdapterServices } from './types';

export type { AdapterServices, AuditLog, DedupeStore, FeedbackStore, PendingAnswer, PendingAnswers, RateLimiter, Vote } from './types';
export { createAuditLog, createDedupeStore, createFeedbackStore, createPendingAnswers, createRateLimiter, openDatabase };
export { DEFAULT_DEDUPE_TTL_MS } from './dedupe-store';

export const DB_FILE = 'bot.sqlite';

export function openServices(
  dataDir: string,
  opts: {
    rateLimitPerMinute: number;
    now?: () => number;
    dedupeTtlMs?: number;
    /** Where storage faults are reported (once per outage); stderr at warn level by default. */
    logger?: Logger;
    /** How long a write waits for another process's lock before it counts as a storage fault. */
    busyTimeoutMs?: number;
  },
): AdapterServices & { close(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, DB_FILE), opts.busyTimeoutMs);
  const now = opts.now;
  return guardServices({
    feedback: createFeedbackStore(db, now),
    dedupe: createDedupeStore(db, { now, ttlMs: opts.dedupeTtlMs }),
    pending: createPendingAnswers(db, { now }),
    rateLimiter: createRateLimiter({ perMinute: opts.rateLimitPerMinute, now }),
    audit: createAuditLog(db, now),
    close() {
      if (db.open) db.close();
    },
  }, opts.logger ?? createLogger('warn'));
}

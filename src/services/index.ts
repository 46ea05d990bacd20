// The services every adapter shares, on one SQLite file in the data dir.
import fs from 'node:fs';
import path from 'node:path';
import { createAuditLog } from './audit-log';
import { openDatabase } from './db';
import { createDedupeStore } from './dedupe-store';
import { createFeedbackStore } from './feedback-store';
import { createRateLimiter } from './rate-limiter';
import type { AdapterServices } from './types';

export type { AdapterServices, AuditLog, DedupeStore, FeedbackStore, RateLimiter, Vote } from './types';
export { createAuditLog, createDedupeStore, createFeedbackStore, createRateLimiter, openDatabase };
export { DEFAULT_DEDUPE_TTL_MS } from './dedupe-store';

export const DB_FILE = 'bot.sqlite';

export function openServices(
  dataDir: string,
  opts: { rateLimitPerMinute: number; now?: () => number; dedupeTtlMs?: number },
): AdapterServices & { close(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, DB_FILE));
  const now = opts.now;
  return {
    feedback: createFeedbackStore(db, now),
    dedupe: createDedupeStore(db, { now, ttlMs: opts.dedupeTtlMs }),
    rateLimiter: createRateLimiter({ perMinute: opts.rateLimitPerMinute, now }),
    audit: createAuditLog(db, now),
    close() {
      if (db.open) db.close();
    },
  };
}

// Reply-once bookkeeping: Slack retries events and Discord can redeliver, so every event key is
// claimed here before any reply. Kept in SQLite so a restart mid-retry does not answer twice.
import { type Clock, type Db, systemClock, useDatabase } from './db';
import { createExpiringClaims } from './expiring-claims';
import type { DedupeStore } from './types';

export interface DedupeOptions {
  /** How long a key blocks repeats; Slack retries within minutes, so a day is generous. */
  ttlMs?: number;
  now?: Clock;
}

export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

export function createDedupeStore(dbOrFile: Db | string, opts: DedupeOptions = {}): DedupeStore {
  const { db, owned } = useDatabase(dbOrFile);
  const ttl = opts.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
  const now = opts.now ?? systemClock;
  const claims = createExpiringClaims(db, 'dedupe', 'key', ttl, now);
  return {
    async firstSeen(key) {
      return claims.claim(key);
    },
    close() {
      if (owned && db.open) db.close();
    },
  };
}

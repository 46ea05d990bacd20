// Reply-once bookkeeping: Slack retries events and Discord can redeliver, so every event key is
// claimed here before any reply. Kept in SQLite so a restart mid-retry does not answer twice.
import { type Clock, type Db, systemClock, useDatabase } from './db';
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
  db.exec(`CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, at INTEGER NOT NULL)`);
  // Atomic claim: a new key inserts, an expired (not yet pruned) key is re-claimed, a live key changes nothing.
  const claim = db.prepare(
    `INSERT INTO dedupe (key, at) VALUES (@key, @now)
     ON CONFLICT (key) DO UPDATE SET at = excluded.at WHERE dedupe.at <= @cutoff`,
  );
  const prune = db.prepare(`DELETE FROM dedupe WHERE at <= ?`);
  // Pruning is housekeeping only (expired keys are already ignored), so a few times per TTL is enough.
  const pruneEvery = Math.max(1000, Math.floor(ttl / 10));
  let lastPrune = -Infinity;

  return {
    async firstSeen(key) {
      const t = now();
      if (t - lastPrune >= pruneEvery) {
        prune.run(t - ttl);
        lastPrune = t;
      }
      return claim.run({ key, now: t, cutoff: t - ttl }).changes > 0;
    },
    close() {
      if (owned && db.open) db.close();
    },
  };
}

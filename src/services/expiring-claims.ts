// A key claimed once per window, in SQLite: reply-once event keys and "Ask a person" thread marks
// are the same mechanism with different windows (Postgres has its twin in postgres/claims.ts).
import type { Clock, Db } from './db';

export interface ExpiringClaims {
  /** True for the first claim of a key, and again once its last claim is older than the window. */
  claim(key: string): boolean;
}

/** `table` (with its key column `keyColumn` and an `at` column) is created if missing; existing files keep theirs. */
export function createExpiringClaims(db: Db, table: string, keyColumn: string, windowMs: number, now: Clock): ExpiringClaims {
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (${keyColumn} TEXT PRIMARY KEY, at INTEGER NOT NULL)`);
  // Atomic claim: a new key inserts, an expired (not yet pruned) key is re-claimed, a live key changes nothing.
  const claim = db.prepare(
    `INSERT INTO ${table} (${keyColumn}, at) VALUES (@key, @now)
     ON CONFLICT (${keyColumn}) DO UPDATE SET at = excluded.at WHERE ${table}.at <= @cutoff`,
  );
  const prune = db.prepare(`DELETE FROM ${table} WHERE at <= ?`);
  // Pruning is housekeeping only (expired keys are already ignored), so a few times per window is enough.
  const pruneEvery = Math.max(1000, Math.floor(windowMs / 10));
  let lastPrune = -Infinity;
  return {
    claim(key) {
      const t = now();
      if (t - lastPrune >= pruneEvery) {
        prune.run(t - windowMs);
        lastPrune = t;
      }
      return claim.run({ key, now: t, cutoff: t - windowMs }).changes > 0;
    },
  };
}

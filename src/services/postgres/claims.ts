// The stores that are one atomic upsert each: reply-once keys, "Ask a person" thread marks and
// digest times. Two replicas claiming the same key in the same millisecond both run the INSERT;
// Postgres serialises them on the primary key, and exactly one sees a row inserted or updated.
import { DEFAULT_DEDUPE_TTL_MS } from '../dedupe-store';
import { type Clock, systemClock } from '../db';
import { ESCALATION_WINDOW_MS } from '../escalation-store';
import type { DedupeStore, DigestState, EscalationLimiter } from '../types';
import type { Pool } from './pool';

/** A claim on `table(keyCol, at)`: true when the key is new or its previous claim is older than `ttlMs`. */
function claimer(pool: Pool, table: 'dedupe' | 'escalations', keyCol: 'key' | 'thread_key', ttlMs: number, now: Clock) {
  const sql = `INSERT INTO ${table} (${keyCol}, at) VALUES ($1, $2)
    ON CONFLICT (${keyCol}) DO UPDATE SET at = excluded.at WHERE ${table}.at <= $3`;
  // Pruning is housekeeping only (expired keys are already re-claimable), so a few times per TTL.
  const pruneEvery = Math.max(1000, Math.floor(ttlMs / 10));
  let lastPrune = -Infinity;
  return async (key: string): Promise<boolean> => {
    const t = now();
    if (t - lastPrune >= pruneEvery) {
      lastPrune = t;
      await pool.query(`DELETE FROM ${table} WHERE at <= $1`, [t - ttlMs]);
    }
    const r = await pool.query(sql, [key, t, t - ttlMs]);
    return (r.rowCount ?? 0) > 0;
  };
}

export function createPgDedupeStore(pool: Pool, opts: { ttlMs?: number; now?: Clock } = {}): DedupeStore {
  const claim = claimer(pool, 'dedupe', 'key', opts.ttlMs ?? DEFAULT_DEDUPE_TTL_MS, opts.now ?? systemClock);
  return { firstSeen: claim, close() {} };
}

export function createPgEscalations(pool: Pool, opts: { windowMs?: number; now?: Clock } = {}): EscalationLimiter {
  const claim = claimer(pool, 'escalations', 'thread_key', opts.windowMs ?? ESCALATION_WINDOW_MS, opts.now ?? systemClock);
  return { tryEscalate: claim };
}

export function createPgDigestState(pool: Pool): DigestState {
  return {
    async last(target) {
      const r = await pool.query<{ at: number }>('SELECT at FROM digests WHERE target = $1', [target]);
      return r.rows[0]?.at;
    },
    async mark(target, at) {
      await pool.query('INSERT INTO digests (target, at) VALUES ($1, $2) ON CONFLICT (target) DO UPDATE SET at = excluded.at', [target, at]);
    },
    async claim(target, from, to) {
      return ((await pool.query('UPDATE digests SET at = $1 WHERE target = $2 AND at = $3', [to, target, from])).rowCount ?? 0) > 0;
    },
    close() {},
  };
}

// Answers in progress, shared by the replicas (see ../pending-answers.ts). With one process per
// data dir, any owner but me is dead; with replicas, another owner may be answering right now,
// so an entry is an orphan only when its owner's heartbeat (every HEARTBEAT_MS in `replicas`)
// has lapsed. Adoption stays one atomic UPDATE, so exactly one replica finishes an orphan.
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../db';
import { PENDING_TTL_MS } from '../pending-answers';
import type { PendingAnswer, PendingAnswers } from '../types';
import type { Platform } from '../../types';
import type { Pool } from './pool';

export const HEARTBEAT_MS = 5000;
/** An owner silent this long is gone (three missed heartbeats). */
export const OWNER_LIVE_MS = 3 * HEARTBEAT_MS;

type Row = { key: string; platform: Platform; channel: string; thread: string | null; user_id: string; question: string; placeholder: string | null; at: number };
const toEntry = (r: Row): PendingAnswer => ({
  key: r.key, platform: r.platform, channel: r.channel, user: r.user_id, question: r.question, at: r.at,
  ...(r.thread ? { thread: r.thread } : {}),
  ...(r.placeholder ? { placeholder: r.placeholder } : {}),
});

export function createPgPendingAnswers(pool: Pool, opts: { now?: Clock; owner?: string; heartbeat?: boolean } = {}): PendingAnswers {
  const now = opts.now ?? systemClock;
  const me = opts.owner ?? randomUUID();
  const beat = () =>
    pool.query('INSERT INTO replicas (owner, seen_at) VALUES ($1, $2) ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at', [me, now()]);
  // A failed heartbeat is harmless (the next one retries); unref: it must not keep a process alive.
  const timer = opts.heartbeat === false ? undefined : setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS).unref();
  if (opts.heartbeat !== false) void beat().catch(() => undefined);
  const dead = `owner <> $1 AND NOT EXISTS (SELECT 1 FROM replicas WHERE replicas.owner = pending_answers.owner AND replicas.seen_at > $2)`;

  return {
    async start(e) {
      await pool.query(
        `INSERT INTO pending_answers (key, owner, platform, channel, thread, user_id, question, placeholder, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8) ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, at = excluded.at`,
        [e.key, me, e.platform, e.channel, e.thread ?? null, e.user, e.question, now()],
      );
    },
    async placeholder(key, ts) {
      await pool.query('UPDATE pending_answers SET placeholder = $1 WHERE key = $2 AND owner = $3', [ts, key, me]);
    },
    async finish(key) {
      await pool.query('DELETE FROM pending_answers WHERE key = $1', [key]);
    },
    async adopt(key) {
      const t = now();
      const r = await pool.query<Row>(`UPDATE pending_answers SET owner = $1 WHERE key = $3 AND at > $4 AND ${dead} RETURNING *`, [me, t - OWNER_LIVE_MS, key, t - PENDING_TTL_MS]);
      return r.rows[0] && toEntry(r.rows[0]);
    },
    async orphans(platform) {
      const t = now();
      await pool.query('DELETE FROM pending_answers WHERE at <= $1', [t - PENDING_TTL_MS]);
      const r = await pool.query<{ key: string }>(`SELECT key FROM pending_answers WHERE platform = $3 AND at > $4 AND ${dead} ORDER BY at`, [me, t - OWNER_LIVE_MS, platform, t - PENDING_TTL_MS]);
      return r.rows.map((x) => x.key);
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}

// One question budget per user across every replica: a token bucket per user in one row, refilled
// and spent in a single upsert (Postgres locks the row, so two replicas spending the last token
// at once cannot both succeed). A bucket of `perMinute` tokens refilled at perMinute per minute
// allows what the in-memory sliding window allows in steady state: perMinute questions a minute.
import { type Clock, systemClock } from '../db';
import type { RateLimiter } from '../types';
import type { Pool } from './pool';

export function createPgRateLimiter(pool: Pool, opts: { perMinute: number; now?: Clock }): RateLimiter {
  const cap = opts.perMinute;
  const perMs = cap / 60_000;
  const now = opts.now ?? systemClock;
  // Tokens now = old tokens plus refill since the last spend, capped; GREATEST guards replicas whose clocks disagree.
  const refill = `LEAST($2::float8, r.tokens + GREATEST(0, $3::bigint - r.at) * $4::float8)`;
  const spend = `INSERT INTO rate_limits AS r (user_key, tokens, at, allowed) VALUES ($1, $2::float8 - 1, $3, true)
    ON CONFLICT (user_key) DO UPDATE SET
      tokens = CASE WHEN ${refill} >= 1 THEN ${refill} - 1 ELSE ${refill} END,
      allowed = ${refill} >= 1,
      at = GREATEST(r.at, $3::bigint)
    RETURNING allowed`;
  return {
    async tryConsume(userKey) {
      if (cap <= 0) return true; // 0 disables the limit
      const r = await pool.query<{ allowed: boolean }>(spend, [userKey, cap, now(), perMs]);
      return r.rows[0]!.allowed;
    },
    async retryAfterSeconds(userKey) {
      if (cap <= 0) return 0;
      const r = await pool.query<{ tokens: number; at: number }>('SELECT tokens, at FROM rate_limits WHERE user_key = $1', [userKey]);
      const row = r.rows[0];
      if (!row) return 0;
      const tokens = Math.min(cap, row.tokens + Math.max(0, now() - row.at) * perMs);
      return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
    },
  };
}

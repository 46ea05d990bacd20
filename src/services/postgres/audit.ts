// Who did what with admin commands, across replicas, newest first (see ../audit-log.ts).
import { redact } from '../../logger';
import { type Clock, systemClock } from '../db';
import type { AuditLog } from '../types';
import type { Platform } from '../../types';
import type { Pool } from './pool';

const MAX_DETAIL = 2000;

export function createPgAuditLog(pool: Pool, now: Clock = systemClock): AuditLog {
  return {
    async record({ platform, user, action, ok, detail }) {
      await pool.query('INSERT INTO audit (at, platform, user_id, action, ok, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
        new Date(now()).toISOString(), platform, user, action, ok,
        // Details often carry error messages; keep tokens and megabyte stack traces out of the table.
        detail === undefined ? null : redact(detail).slice(0, MAX_DETAIL),
      ]);
    },
    async recent(limit = 20) {
      const r = await pool.query<{ at: string; platform: Platform; user: string; action: string; ok: boolean; detail: string | null }>(
        'SELECT at, platform, user_id AS "user", action, ok, detail FROM audit ORDER BY id DESC LIMIT $1', [Math.max(0, Math.floor(limit))]);
      return r.rows.map(({ detail, ...rest }) => ({ ...rest, ...(detail === null ? {} : { detail }) }));
    },
    close() {},
  };
}

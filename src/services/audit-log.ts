// Who did what with admin commands (reloads, status), newest first when read back.
import { redact } from '../logger';
import type { Platform } from '../types';
import { type Clock, type Db, systemClock, useDatabase } from './db';
import type { AuditLog } from './types';

const MAX_DETAIL = 2000;

export function createAuditLog(dbOrFile: Db | string, now: Clock = systemClock): AuditLog {
  const { db, owned } = useDatabase(dbOrFile);
  db.exec(`CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    platform TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    ok INTEGER NOT NULL,
    detail TEXT
  )`);
  const insert = db.prepare(
    `INSERT INTO audit (at, platform, user, action, ok, detail) VALUES (@at, @platform, @user, @action, @ok, @detail)`,
  );
  // Ordered by id, not time: two entries in the same millisecond still come back in the order they happened.
  const select = db.prepare(`SELECT at, platform, user, action, ok, detail FROM audit ORDER BY id DESC LIMIT ?`);

  return {
    async record({ platform, user, action, ok, detail }) {
      insert.run({
        at: new Date(now()).toISOString(),
        platform,
        user,
        action,
        ok: ok ? 1 : 0,
        // Details often carry error messages; keep tokens and megabyte stack traces out of the table.
        detail: detail === undefined ? null : redact(detail).slice(0, MAX_DETAIL),
      });
    },
    async recent(limit = 20) {
      const rows = select.all(Math.max(0, Math.floor(limit))) as {
        at: string; platform: Platform; user: string; action: string; ok: number; detail: string | null;
      }[];
      return rows.map(({ ok, detail, ...rest }) => ({ ...rest, ok: ok === 1, ...(detail === null ? {} : { detail }) }));
    },
    close() {
      if (owned && db.open) db.close();
    },
  };
}

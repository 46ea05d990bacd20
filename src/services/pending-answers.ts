// Answers in progress, kept in SQLite so a crash between "question claimed" and "answer posted"
// does not lose the question: the next process finds the entry, takes it over exactly once (an
// atomic change of owner), and finishes it in the placeholder the user is looking at.
// Assumes one bot process per DATA_DIR: an entry owned by another process id is an orphan.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../types';
import { type Clock, type Db, systemClock, useDatabase } from './db';
import type { PendingAnswer, PendingAnswers } from './types';

/** An answer older than this is not finished after a restart: the user has moved on. */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

export function createPendingAnswers(dbOrFile: Db | string, opts: { now?: Clock; owner?: string } = {}): PendingAnswers {
  const { db, owned } = useDatabase(dbOrFile);
  const now = opts.now ?? systemClock;
  const me = opts.owner ?? randomUUID();
  db.exec(`CREATE TABLE IF NOT EXISTS pending_answers (
    key TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    platform TEXT NOT NULL,
    channel TEXT NOT NULL,
    thread TEXT,
    user TEXT NOT NULL,
    question TEXT NOT NULL,
    placeholder TEXT,
    at INTEGER NOT NULL
  )`);
  const insert = db.prepare(
    `INSERT INTO pending_answers (key, owner, platform, channel, thread, user, question, placeholder, at)
     VALUES (@key, @owner, @platform, @channel, @thread, @user, @question, NULL, @at)
     ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, at = excluded.at`,
  );
  const setPlaceholder = db.prepare(`UPDATE pending_answers SET placeholder = ? WHERE key = ? AND owner = ?`);
  const remove = db.prepare(`DELETE FROM pending_answers WHERE key = ?`);
  const adopt = db.prepare(`UPDATE pending_answers SET owner = @me WHERE key = @key AND owner <> @me AND at > @cutoff RETURNING *`);
  const orphans = db.prepare(`SELECT key FROM pending_answers WHERE owner <> ? AND platform = ? AND at > ? ORDER BY at`);
  const prune = db.prepare(`DELETE FROM pending_answers WHERE at <= ?`);

  type Row = { key: string; platform: Platform; channel: string; thread: string | null; user: string; question: string; placeholder: string | null; at: number };
  const toEntry = (r: Row): PendingAnswer => ({
    key: r.key, platform: r.platform, channel: r.channel, user: r.user, question: r.question, at: r.at,
    ...(r.thread ? { thread: r.thread } : {}),
    ...(r.placeholder ? { placeholder: r.placeholder } : {}),
  });

  return {
    async start(e) {
      insert.run({ key: e.key, owner: me, platform: e.platform, channel: e.channel, thread: e.thread ?? null, user: e.user, question: e.question, at: now() });
    },
    async placeholder(key, ts) {
      setPlaceholder.run(ts, key, me);
    },
    async finish(key) {
      remove.run(key);
    },
    async adopt(key) {
      const row = adopt.get({ key, me, cutoff: now() - PENDING_TTL_MS }) as Row | undefined;
      return row && toEntry(row);
    },
    async orphans(platform) {
      prune.run(now() - PENDING_TTL_MS);
      return (orphans.all(me, platform, now() - PENDING_TTL_MS) as { key: string }[]).map((r) => r.key);
    },
    close() {
      if (owned && db.open) db.close();
    },
  };
}

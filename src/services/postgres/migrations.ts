// Versioned schema, applied by the bot at start-up. Several replicas start at once behind an
// orchestrator, so the whole check-and-apply runs under one session advisory lock: the first
// replica migrates, the others wait on the lock and then find nothing left to do. Append new
// versions; never edit one that has shipped.
import type { Pool } from './pool';

/** An arbitrary constant shared by every replica of this bot: "kb-migr" in ASCII. */
export const MIGRATION_LOCK_KEY = 0x6b622d6d696772;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'shared state: reply-once, votes, audit, question log, pending answers, digests, rate limits, escalations',
    sql: `
CREATE TABLE dedupe (key TEXT PRIMARY KEY, at BIGINT NOT NULL);
CREATE TABLE answers (
  id TEXT PRIMARY KEY, platform TEXT NOT NULL, channel TEXT NOT NULL, user_id TEXT NOT NULL,
  question TEXT NOT NULL, answer TEXT NOT NULL, citations TEXT NOT NULL, mode TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE votes (
  seq BIGSERIAL,
  answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
  at TEXT NOT NULL,
  UNIQUE (answer_id, user_id)
);
CREATE TABLE audit (
  id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, platform TEXT NOT NULL, user_id TEXT NOT NULL,
  action TEXT NOT NULL, ok BOOLEAN NOT NULL, detail TEXT
);
CREATE TABLE pending_answers (
  key TEXT PRIMARY KEY, owner TEXT NOT NULL, platform TEXT NOT NULL, channel TEXT NOT NULL, thread TEXT,
  user_id TEXT NOT NULL, question TEXT NOT NULL, placeholder TEXT, at BIGINT NOT NULL
);
CREATE TABLE questions (
  id BIGSERIAL PRIMARY KEY, answer_id TEXT NOT NULL UNIQUE, at BIGINT NOT NULL, text TEXT NOT NULL, lang TEXT NOT NULL,
  platform TEXT NOT NULL, channel_kind TEXT NOT NULL, user_id TEXT, abstained BOOLEAN NOT NULL,
  confidence DOUBLE PRECISION, docs TEXT NOT NULL, votes_up INTEGER NOT NULL DEFAULT 0, votes_down INTEGER NOT NULL DEFAULT 0,
  recheck_at BIGINT, recheck_answered BOOLEAN
);
CREATE INDEX questions_at ON questions (at);
CREATE TABLE digests (target TEXT PRIMARY KEY, at BIGINT NOT NULL);
CREATE TABLE rate_limits (user_key TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, at BIGINT NOT NULL, allowed BOOLEAN NOT NULL);
CREATE TABLE escalations (thread_key TEXT PRIMARY KEY, at BIGINT NOT NULL);
CREATE TABLE replicas (owner TEXT PRIMARY KEY, seen_at BIGINT NOT NULL);`,
  },
];

/** Applies the missing versions in order, each in its own transaction; returns the versions applied. */
export async function migrate(pool: Pool, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
        applied.push(m.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
  return applied;
}

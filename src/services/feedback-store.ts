// Answers as shown and the votes on them, so feedback can be read back with its question and citations.
import type { Platform } from '../types';
import { type Clock, type Db, systemClock, useDatabase } from './db';
import type { FeedbackStore, Vote } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS answers (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,
  user TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  citations TEXT NOT NULL,
  mode TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
  answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
  user TEXT NOT NULL,
  platform TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
  at TEXT NOT NULL,
  UNIQUE (answer_id, user)
);`;

export function createFeedbackStore(dbOrFile: Db | string, now: Clock = systemClock): FeedbackStore {
  const { db, owned } = useDatabase(dbOrFile);
  db.exec(SCHEMA);
  // A re-recorded id (e.g. a message edited in place) keeps what was first shown.
  const insertAnswer = db.prepare(
    `INSERT OR IGNORE INTO answers (id, platform, channel, user, question, answer, citations, mode, created_at)
     VALUES (@id, @platform, @channel, @user, @question, @answer, @citations, @mode, @at)`,
  );
  // One statement: the EXISTS guard refuses votes on unknown answers, the upsert makes a second click replace the first.
  const upsertVote = db.prepare(
    `INSERT INTO votes (answer_id, user, platform, vote, at)
     SELECT @answerId, @user, @platform, @vote, @at WHERE EXISTS (SELECT 1 FROM answers WHERE id = @answerId)
     ON CONFLICT (answer_id, user) DO UPDATE SET vote = excluded.vote, platform = excluded.platform, at = excluded.at`,
  );
  const selectVotes = db.prepare(`SELECT user, vote, at FROM votes WHERE answer_id = ? ORDER BY at, rowid`);
  const selectShown = db.prepare(`SELECT question, answer, channel, platform FROM answers WHERE id = ?`);
  const iso = () => new Date(now()).toISOString();

  return {
    async recordAnswer({ answer, question, platform, channel, user }) {
      insertAnswer.run({
        id: answer.id,
        platform,
        channel,
        user,
        question,
        answer: answer.text,
        citations: JSON.stringify(answer.citations),
        mode: answer.mode.kind === 'llm' ? `llm:${answer.mode.model}` : 'offline',
        at: iso(),
      });
    },
    async vote({ answerId, user, platform, vote }: { answerId: string; user: string; platform: Platform; vote: Vote }) {
      if (vote !== 'up' && vote !== 'down') return false;
      return upsertVote.run({ answerId, user, platform, vote, at: iso() }).changes > 0;
    },
    async shown(answerId) {
      return selectShown.get(answerId) as { question: string; answer: string; channel: string; platform: Platform } | undefined;
    },
    async votes(answerId) {
      return selectVotes.all(answerId) as { user: string; vote: Vote; at: string }[];
    },
    close() {
      if (owned && db.open) db.close();
    },
  };
}

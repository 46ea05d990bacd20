// Answers as shown and the votes on them (see ../feedback-store.ts for the SQLite twin).
import { type Clock, systemClock } from '../db';
import type { FeedbackStore, Vote } from '../types';
import type { Platform } from '../../types';
import type { Pool } from './pool';

export function createPgFeedbackStore(pool: Pool, now: Clock = systemClock): FeedbackStore {
  const iso = () => new Date(now()).toISOString();
  return {
    async recordAnswer({ answer, question, platform, channel, user }) {
      // A re-recorded id (e.g. a message edited in place) keeps what was first shown.
      await pool.query(
        `INSERT INTO answers (id, platform, channel, user_id, question, answer, citations, mode, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [answer.id, platform, channel, user, question, answer.text, JSON.stringify(answer.citations),
          answer.mode.kind === 'llm' ? `llm:${answer.mode.model}` : 'offline', iso()],
      );
    },
    async vote({ answerId, user, platform, vote }: { answerId: string; user: string; platform: Platform; vote: Vote }) {
      if (vote !== 'up' && vote !== 'down') return false;
      // One statement: the EXISTS guard refuses votes on unknown answers, the upsert makes a second click replace the first.
      const r = await pool.query(
        `INSERT INTO votes (answer_id, user_id, platform, vote, at)
         SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM answers WHERE id = $1)
         ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, platform = excluded.platform, at = excluded.at`,
        [answerId, user, platform, vote, iso()],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async shown(answerId) {
      const r = await pool.query<{ question: string; answer: string; channel: string; platform: Platform }>(
        'SELECT question, answer, channel, platform FROM answers WHERE id = $1', [answerId]);
      return r.rows[0];
    },
    async votes(answerId) {
      const r = await pool.query<{ user: string; vote: Vote; at: string }>(
        'SELECT user_id AS "user", vote, at FROM votes WHERE answer_id = $1 ORDER BY at, seq', [answerId]);
      return r.rows;
    },
    close() {},
  };
}

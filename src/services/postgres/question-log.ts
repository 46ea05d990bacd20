// The question log on Postgres (see ../question-log.ts for what is kept and why). The gap filter
// stays in SQL, as on SQLite, so reports read only the rows they use.
import type { ChannelKind } from '../../types';
import { systemClock } from '../db';
import { DEFAULT_QUESTION_LOG_DAYS, type QuestionLogOptions } from '../question-log';
import type { LoggedQuestion, QuestionLog } from '../types';
import type { Pool } from './pool';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_TEXT = 4000;
const COLUMNS = 'id, answer_id, at, text, lang, platform, channel_kind, user_id, abstained, confidence, docs, votes_up, votes_down, recheck_at, recheck_answered';

type Row = {
  id: number; answer_id: string; at: number; text: string; lang: string; platform: string; channel_kind: string; user_id: string | null;
  abstained: boolean; confidence: number | null; docs: string; votes_up: number; votes_down: number; recheck_at: number | null; recheck_answered: boolean | null;
};

export function createPgQuestionLog(pool: Pool, opts: QuestionLogOptions = {}): QuestionLog {
  const days = opts.retentionDays ?? DEFAULT_QUESTION_LOG_DAYS;
  const now = opts.now ?? systemClock;
  const rows = async (sql: string, params: unknown[]) => (await pool.query<Row>(sql, params)).rows.map(toLogged);
  const purge = async () =>
    (await pool.query('DELETE FROM questions WHERE at < $1', [days <= 0 ? Number.MAX_SAFE_INTEGER : now() - days * DAY_MS])).rowCount ?? 0;
  // unref: the purge timer alone must not keep a process alive; a failed purge waits for the next day.
  const timer = opts.purgeTimer ? setInterval(() => void purge().catch(() => undefined), DAY_MS).unref() : undefined;

  return {
    retentionDays: days,
    async record({ question, answer }) {
      if (days <= 0) return;
      await pool.query(
        `INSERT INTO questions (answer_id, at, text, lang, platform, channel_kind, user_id, abstained, confidence, docs)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (answer_id) DO NOTHING`,
        [
          answer.id, now(), question.text.trim().slice(0, MAX_TEXT), answer.lang, question.platform,
          question.channelKind ?? (question.platform === 'console' || question.platform === 'cli' ? 'terminal' : 'channel'),
          opts.logUserIds ? question.user : null, answer.abstained,
          typeof answer.confidence === 'number' && Number.isFinite(answer.confidence) ? answer.confidence : null,
          JSON.stringify([...new Set(answer.citations.map((c) => c.docId))]),
        ],
      );
    },
    async setVotes(answerId, up, down) {
      await pool.query('UPDATE questions SET votes_up = $1, votes_down = $2 WHERE answer_id = $3', [up, down, answerId]);
    },
    since: (since) => rows(`SELECT ${COLUMNS} FROM questions WHERE at >= $1 ORDER BY at, id`, [since]),
    async countSince(since) {
      return (await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM questions WHERE at >= $1', [since])).rows[0]!.n;
    },
    // The same rule as src/reports/gaps.ts isGap.
    gapsSince: (since, low) =>
      rows(
        `SELECT ${COLUMNS} FROM questions WHERE at >= $1 AND (
           abstained OR (confidence IS NOT NULL AND confidence < $2) OR (votes_down > 0 AND votes_down >= votes_up)
         ) ORDER BY at, id`,
        [since, low],
      ),
    async markRechecked(results) {
      const at = now();
      for (const r of results) {
        if (r.ids.length) await pool.query('UPDATE questions SET recheck_at = $1, recheck_answered = $2 WHERE id = ANY($3::bigint[])', [at, r.answered, r.ids]);
      }
    },
    purge,
    close() {
      if (timer) clearInterval(timer);
    },
  };
}

function toLogged(r: Row): LoggedQuestion {
  const q: LoggedQuestion = {
    id: r.id,
    answerId: r.answer_id,
    at: r.at,
    text: r.text,
    lang: r.lang as LoggedQuestion['lang'],
    platform: r.platform as LoggedQuestion['platform'],
    channelKind: r.channel_kind as ChannelKind,
    abstained: r.abstained,
    docs: r.docs === '[]' ? [] : (JSON.parse(r.docs) as string[]),
    votesUp: r.votes_up,
    votesDown: r.votes_down,
  };
  if (r.user_id !== null) q.user = r.user_id;
  if (r.confidence !== null) q.confidence = r.confidence;
  if (r.recheck_at !== null) q.recheck = { at: r.recheck_at, answered: r.recheck_answered === true };
  return q;
}

// The question log behind the coverage-gap reports: what was asked, in which language and where,
// whether the bot answered, how sure it was, what it cited and how people voted. User ids only
// with LOG_USER_IDS=true; rows older than QUESTION_LOG_DAYS are purged at start and then daily.
import type { ChannelKind } from '../types';
import { type Clock, type Db, systemClock, useDatabase } from './db';
import type { LoggedQuestion, QuestionLog } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Long questions are refused before they reach the core; this only bounds a misconfigured limit. */
const MAX_TEXT = 4000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS questions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  answer_id TEXT NOT NULL UNIQUE,
  at INTEGER NOT NULL,
  text TEXT NOT NULL,
  lang TEXT NOT NULL,
  platform TEXT NOT NULL,
  channel_kind TEXT NOT NULL,
  user TEXT,
  abstained INTEGER NOT NULL,
  confidence REAL,
  docs TEXT NOT NULL,
  votes_up INTEGER NOT NULL DEFAULT 0,
  votes_down INTEGER NOT NULL DEFAULT 0,
  recheck_at INTEGER,
  recheck_answered INTEGER
);
CREATE INDEX IF NOT EXISTS questions_at ON questions (at);`;

export interface QuestionLogOptions {
  /** QUESTION_LOG_DAYS: 0 keeps no questions at all. */
  retentionDays?: number;
  /** LOG_USER_IDS: store who asked (off by default). */
  logUserIds?: boolean;
  now?: Clock;
  /** Run the daily purge on a timer (the running bot); tests and CLIs purge on open only. */
  purgeTimer?: boolean;
}

export const DEFAULT_QUESTION_LOG_DAYS = 90;

const COLUMNS = 'id, answer_id, at, text, lang, platform, channel_kind, user, abstained, confidence, docs, votes_up, votes_down, recheck_at, recheck_answered';
type Row = [
  id: number, answerId: string, at: number, text: string, lang: string, platform: string, channelKind: string, user: string | null,
  abstained: number, confidence: number | null, docs: string, votesUp: number, votesDown: number, recheckAt: number | null, recheckAnswered: number | null,
];

export function createQuestionLog(dbOrFile: Db | string, opts: QuestionLogOptions = {}): QuestionLog {
  const { db, owned } = useDatabase(dbOrFile);
  const days = opts.retentionDays ?? DEFAULT_QUESTION_LOG_DAYS;
  const now = opts.now ?? systemClock;
  db.exec(SCHEMA);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO questions (answer_id, at, text, lang, platform, channel_kind, user, abstained, confidence, docs)
     VALUES (@answerId, @at, @text, @lang, @platform, @channelKind, @user, @abstained, @confidence, @docs)`,
  );
  const votes = db.prepare(`UPDATE questions SET votes_up = ?, votes_down = ? WHERE answer_id = ?`);
  // Rows as arrays (raw): no per-row column-name objects when reading tens of thousands.
  const select = db.prepare(`SELECT ${COLUMNS} FROM questions WHERE at >= ? ORDER BY at, id`).raw(true);
  const count = db.prepare(`SELECT COUNT(*) AS n FROM questions WHERE at >= ?`);
  // The same rule as src/reports/gaps.ts isGap, so the report reads only the rows it will use.
  const selectGaps = db.prepare(
    `SELECT ${COLUMNS} FROM questions WHERE at >= @since AND (
       abstained = 1 OR (confidence IS NOT NULL AND confidence < @low) OR (votes_down > 0 AND votes_down >= votes_up)
     ) ORDER BY at, id`,
  ).raw(true);
  const recheck = db.prepare(`UPDATE questions SET recheck_at = ?, recheck_answered = ? WHERE id = ?`);
  const purgeOlder = db.prepare(`DELETE FROM questions WHERE at < ?`);
  const markAll = db.transaction((results: { ids: number[]; answered: boolean }[], at: number) => {
    for (const r of results) for (const id of r.ids) recheck.run(at, r.answered ? 1 : 0, id);
  });

  const purge = () => purgeOlder.run(days <= 0 ? Number.MAX_SAFE_INTEGER : now() - days * DAY_MS).changes;
  purge();
  // unref: the purge timer alone must not keep a process alive.
  const timer = opts.purgeTimer ? setInterval(purge, DAY_MS).unref() : undefined;

  return {
    retentionDays: days,
    async record({ question, answer }) {
      if (days <= 0) return;
      insert.run({
        answerId: answer.id,
        at: now(),
        text: question.text.trim().slice(0, MAX_TEXT),
        lang: answer.lang,
        platform: question.platform,
        channelKind: question.channelKind ?? defaultKind(question.platform),
        user: opts.logUserIds ? question.user : null,
        abstained: answer.abstained ? 1 : 0,
        confidence: typeof answer.confidence === 'number' && Number.isFinite(answer.confidence) ? answer.confidence : null,
        docs: JSON.stringify([...new Set(answer.citations.map((c) => c.docId))]),
      });
    },
    async setVotes(answerId, up, down) {
      votes.run(up, down, answerId);
    },
    async since(since) {
      return (select.all(since) as Row[]).map(toLogged);
    },
    async countSince(since) {
      return (count.get(since) as { n: number }).n;
    },
    async gapsSince(since, low) {
      return (selectGaps.all({ since, low }) as Row[]).map(toLogged);
    },
    async markRechecked(results) {
      markAll(results, now());
    },
    purge: async () => purge(),
    close() {
      if (timer) clearInterval(timer);
      if (owned && db.open) db.close();
    },
  };
}

function defaultKind(platform: string): ChannelKind {
  return platform === 'console' || platform === 'cli' ? 'terminal' : 'channel';
}

function toLogged(r: Row): LoggedQuestion {
  const [id, answerId, at, text, lang, platform, channelKind, user, abstained, confidence, docs, votesUp, votesDown, recheckAt, recheckAnswered] = r;
  // Built field by field (no spreads): the gap report maps tens of thousands of rows.
  const q: LoggedQuestion = {
    id,
    answerId,
    at,
    text,
    lang: lang as LoggedQuestion['lang'],
    platform: platform as LoggedQuestion['platform'],
    channelKind: channelKind as ChannelKind,
    abstained: abstained === 1,
    docs: docs === '[]' ? [] : (JSON.parse(docs) as string[]),
    votesUp,
    votesDown,
  };
  if (user !== null) q.user = user;
  if (confidence !== null) q.confidence = confidence;
  if (recheckAt !== null) q.recheck = { at: recheckAt, answered: recheckAnswered === 1 };
  return q;
}

// The services every adapter shares, on one SQLite file in the data dir.
import fs from 'node:fs';
import path from 'node:path';
import { createAuditLog } from './audit-log';
import { openDatabase } from './db';
import { createDedupeStore } from './dedupe-store';
import { createDigestState } from './digest-state';
import { createEscalationStore } from './escalation-store';
import { createFeedbackStore } from './feedback-store';
import { createPendingAnswers } from './pending-answers';
import { createQuestionLog, type QuestionLogOptions } from './question-log';
import { createRateLimiter } from './rate-limiter';
import { guardServices } from './resilient';
import { createLogger, type Logger } from '../logger';
import type { AdapterServices, DigestState, EscalationLimiter, FeedbackStore, QuestionLog } from './types';

export type { AdapterServices, AuditLog, DedupeStore, DigestState, EscalationLimiter, FeedbackStore, LoggedQuestion, PendingAnswer, PendingAnswers, QuestionLog, RateLimiter, Vote } from './types';
export { createAuditLog, createDedupeStore, createFeedbackStore, createPendingAnswers, createQuestionLog, createRateLimiter, openDatabase };
export { DEFAULT_QUESTION_LOG_DAYS } from './question-log';
export { DEFAULT_DEDUPE_TTL_MS } from './dedupe-store';

export const DB_FILE = 'bot.sqlite';

/** What the composition root holds: every store, plus close (async: a Postgres pool ends asynchronously). */
export type OpenServices = AdapterServices & { questions: QuestionLog; digests: DigestState; escalations: EscalationLimiter; close(): Promise<void>;
  /** /readyz asks this (Postgres: a round trip); absent for the embedded SQLite file, which is always there. */
  ping?(): Promise<void>;
};

export function openServices(
  dataDir: string,
  opts: {
    rateLimitPerMinute: number;
    now?: () => number;
    dedupeTtlMs?: number;
    /** Where storage faults are reported (once per outage); stderr at warn level by default. */
    logger?: Logger;
    /** How long a write waits for another process's lock before it counts as a storage fault. */
    busyTimeoutMs?: number;
    questionLog?: QuestionLogOptions;
  },
): OpenServices {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, DB_FILE), opts.busyTimeoutMs);
  const now = opts.now;
  const questions = createQuestionLog(db, { now, ...opts.questionLog });
  return guardServices({
    feedback: withVoteTallies(createFeedbackStore(db, now), questions),
    questions,
    digests: createDigestState(db),
    dedupe: createDedupeStore(db, { now, ttlMs: opts.dedupeTtlMs }),
    pending: createPendingAnswers(db, { now }),
    rateLimiter: createRateLimiter({ perMinute: opts.rateLimitPerMinute, now }),
    audit: createAuditLog(db, now),
    escalations: createEscalationStore(db, { now }),
    async close() {
      questions.close();
      if (db.open) db.close();
    },
  }, opts.logger ?? createLogger('warn'));
}

/**
 * Votes land in the feedback store first; the question log keeps the tallies its reports rank by.
 * A tally that cannot be written does not fail the vote (the vote itself is stored; the next vote
 * on the answer recounts it).
 */
export function withVoteTallies(feedback: FeedbackStore, questions: QuestionLog): FeedbackStore {
  return {
    ...feedback,
    async vote(entry) {
      const ok = await feedback.vote(entry);
      if (ok) {
        const all = await feedback.votes(entry.answerId);
        await questions.setVotes(entry.answerId, all.filter((v) => v.vote === 'up').length, all.filter((v) => v.vote === 'down').length).catch(() => undefined);
      }
      return ok;
    },
  };
}

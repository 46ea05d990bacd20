// A storage fault (SQLite locked past the busy timeout, a read-only or full disk, a Postgres
// server that went away or refuses connections) must never take an adapter down or silence it.
// Every store call goes through here: the fault is logged once per outage (and once more when
// storage works again), and the caller gets the answer that loses least: a dedupe check says
// "first time" (at worst a question is answered twice rather than never), a recorded answer,
// audit entry, question-log row or pending-answer record is skipped, and the rate limit and the
// "Ask a person" limit fall back to this process's memory until the database returns. A vote has
// no safe default (saying "unknown answer" would be a lie), so it throws a coded error the adapter
// turns into an apology.
import { createMemoryEscalations } from './escalation-store';
import { BotError } from '../errors';
import type { Logger } from '../logger';
import { createRateLimiter } from './rate-limiter';
import type { AdapterServices, AuditLog, DedupeStore, DigestState, EscalationLimiter, FeedbackStore, PendingAnswers, QuestionLog, RateLimiter } from './types';

export interface GuardOptions {
  /**
   * The rate limiter lives in the database (Postgres): guard it, with a per-process fallback at
   * this limit. Without it the limiter is in memory and needs no guard (guarding it would count its
   * successes as "storage works again" in the middle of an outage).
   */
  sharedRateLimit?: number;
  /**
   * During an outage, answer from the fallbacks without trying the database for this long after a
   * failure. For Postgres, where each try can wait out a connect timeout: a Slack slash command
   * makes two store calls before its acknowledgement, which must leave within 3 s. SQLite fails
   * fast and is tried every time.
   */
  retryAfterMs?: number;
  now?: () => number;
}

export function guardServices<S extends AdapterServices>(services: S, logger: Logger, opts: GuardOptions = {}): S {
  let failing = false;
  let retryAt = 0;
  const now = opts.now ?? Date.now;
  // Async: a Postgres fault arrives as a rejected promise, a SQLite one as a synchronous throw
  // inside the async store method; both land in the catch.
  const guard = async <T>(what: string, run: () => Promise<T>, fallback: (err: unknown) => T | Promise<T>): Promise<T> => {
    if (failing && now() < retryAt) return fallback(new Error('storage unavailable; retrying shortly'));
    try {
      const out = await run();
      if (failing) {
        failing = false;
        logger.info('storage works again', { what });
      }
      return out;
    } catch (err) {
      if (opts.retryAfterMs) retryAt = now() + opts.retryAfterMs;
      if (!failing) {
        failing = true;
        logger.error('storage failed; answering without it until it recovers (logged once)', { what, error: err });
      }
      return fallback(err);
    }
  };

  const { dedupe, feedback, audit, pending, rateLimiter, questions, digests, escalations } = services;
  const guardedDedupe: DedupeStore = {
    firstSeen: (key) => guard('dedupe', () => dedupe.firstSeen(key), () => true),
    close: () => dedupe.close(),
  };
  const guardedFeedback: FeedbackStore = {
    recordAnswer: (entry) => guard('feedback.recordAnswer', () => feedback.recordAnswer(entry), () => undefined),
    vote: (entry) =>
      guard('feedback.vote', () => feedback.vote(entry), (err) => {
        throw new BotError('STORAGE_FAILED', 'The vote could not be stored.', { cause: err });
      }),
    // Unreadable storage: "Ask a person" says the answer is unknown rather than failing the click.
    shown: (answerId) => guard('feedback.shown', () => feedback.shown(answerId), () => undefined),
    votes: (answerId) => feedback.votes(answerId),
    close: () => feedback.close(),
  };
  const guardedAudit: AuditLog = {
    record: (entry) => guard('audit', () => audit.record(entry), () => undefined),
    recent: (limit) => audit.recent(limit),
    close: () => audit.close(),
  };
  // Without the record an unfinished answer is not resumed after a crash; the answer itself goes on.
  const guardedPending: PendingAnswers | undefined = pending && {
    start: (e) => guard('pending.start', () => pending.start(e), () => undefined),
    placeholder: (key, ts) => guard('pending.placeholder', () => pending.placeholder(key, ts), () => undefined),
    finish: (key) => guard('pending.finish', () => pending.finish(key), () => undefined),
    adopt: (key) => guard('pending.adopt', () => pending.adopt(key), () => undefined),
    orphans: (platform) => guard('pending.orphans', () => pending.orphans(platform), () => []),
    close: () => pending.close(),
  };
  // During an outage each replica limits on its own: a budget per process beats none, and beats refusing everyone.
  const localLimit = createRateLimiter({ perMinute: opts.sharedRateLimit ?? 0 });
  const guardedLimiter: RateLimiter = opts.sharedRateLimit === undefined ? rateLimiter : {
    tryConsume: (key) => guard('rateLimiter', () => rateLimiter.tryConsume(key), () => localLimit.tryConsume(key)),
    retryAfterSeconds: (key) => guard('rateLimiter', () => rateLimiter.retryAfterSeconds(key), () => localLimit.retryAfterSeconds(key)),
  };
  const localEscalations = createMemoryEscalations();
  const guardedEscalations: EscalationLimiter | undefined = escalations && {
    tryEscalate: (key) => guard('escalations', () => escalations.tryEscalate(key), () => localEscalations.tryEscalate(key)),
  };
  // Reports read the log and surface their own errors; only the writes on the answer path are guarded.
  const guardedQuestions: QuestionLog | undefined = questions && {
    ...questions,
    retentionDays: questions.retentionDays,
    record: (entry) => guard('questions.record', () => questions.record(entry), () => undefined),
    setVotes: (id, up, down) => guard('questions.setVotes', () => questions.setVotes(id, up, down), () => undefined),
    since: (t) => questions.since(t),
    countSince: (t) => questions.countSince(t),
    gapsSince: (t, low) => questions.gapsSince(t, low),
    markRechecked: (r) => questions.markRechecked(r),
    purge: () => questions.purge(),
    close: () => questions.close(),
  };
  return {
    ...services,
    dedupe: guardedDedupe,
    feedback: guardedFeedback,
    audit: guardedAudit,
    pending: guardedPending,
    rateLimiter: guardedLimiter,
    ...(questions ? { questions: guardedQuestions } : {}),
    ...(digests ? { digests: digests satisfies DigestState } : {}),
    ...(escalations ? { escalations: guardedEscalations } : {}),
  };
}

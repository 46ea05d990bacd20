// A storage fault (database locked by another process past the busy timeout, read-only or full
// disk) must never take an adapter down or silence it. Every store call goes through here: the
// fault is logged once per outage (and once more when storage works again), and the caller gets
// the answer that loses least: a dedupe check says "first time" (at worst a question is answered
// twice rather than never), a recorded answer, audit entry or pending-answer record is skipped. A vote has no safe
// default (saying "unknown answer" would be a lie), so it throws a coded error the adapter turns
// into an apology.
import { BotError } from '../errors';
import type { Logger } from '../logger';
import type { AdapterServices, AuditLog, DedupeStore, FeedbackStore, PendingAnswers } from './types';

export function guardServices<S extends AdapterServices>(services: S, logger: Logger): S {
  let failing = false;
  const guard = <T>(what: string, run: () => T, fallback: (err: unknown) => T): T => {
    try {
      const out = run();
      if (failing) {
        failing = false;
        logger.info('storage works again', { what });
      }
      return out;
    } catch (err) {
      if (!failing) {
        failing = true;
        logger.error('storage failed; answering without it until it recovers (logged once)', { what, error: err });
      }
      return fallback(err);
    }
  };

  const { dedupe, feedback, audit, pending } = services;
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
  return { ...services, dedupe: guardedDedupe, feedback: guardedFeedback, audit: guardedAudit, pending: guardedPending };
}

// Platform-neutral services the chat adapters share: feedback votes, reply-once bookkeeping,
// per-user rate limits and the admin audit log. Every call returns a Promise because the state may
// live in Postgres (DATABASE_URL, shared by replicas); the embedded SQLite implementations live
// beside this file, the Postgres ones in ./postgres.
import type { Answer, ChannelKind, Lang, Platform, Question } from '../types';

export type Vote = 'up' | 'down';

export interface FeedbackStore {
  /** Remember an answer that was shown, so a later vote can be stored with its question and citations. */
  recordAnswer(entry: { answer: Answer; question: string; platform: Platform; channel: string; user: string }): Promise<void>;
  /** One vote per user per answer: voting again replaces the earlier vote. Returns false for an unknown answer id. */
  vote(entry: { answerId: string; user: string; platform: Platform; vote: Vote }): Promise<boolean>;
  /** What was shown for an answer id (for "Ask a person"); undefined for an unknown id. */
  shown(answerId: string): Promise<{ question: string; answer: string; channel: string; platform: Platform } | undefined>;
  /** Votes for one answer, for tests and reports. */
  votes(answerId: string): Promise<{ user: string; vote: Vote; at: string }[]>;
  close(): void;
}

export interface DedupeStore {
  /**
   * True the first time a key is seen, false after that (also across restarts while the entry is younger than the TTL).
   * Keys are platform-qualified, e.g. "slack:event:Ev123" or "discord:interaction:123".
   */
  firstSeen(key: string): Promise<boolean>;
  close(): void;
}

export interface RateLimiter {
  /** Consumes one unit for this user; false when the user is over the limit. */
  tryConsume(userKey: string): Promise<boolean>;
  /** Seconds until the user may ask again (0 when allowed now). */
  retryAfterSeconds(userKey: string): Promise<number>;
}

export interface AuditLog {
  record(entry: { platform: Platform; user: string; action: string; ok: boolean; detail?: string }): Promise<void>;
  recent(limit?: number): Promise<{ at: string; platform: Platform; user: string; action: string; ok: boolean; detail?: string }[]>;
  close(): void;
}

/** An answer being written: enough to finish it in its placeholder after a crash. */
export interface PendingAnswer {
  /** The reply-once key of the question, e.g. "slack:msg:C1:1700000000.000100". */
  key: string;
  platform: Platform;
  channel: string;
  thread?: string;
  user: string;
  question: string;
  /** The "Looking this up…" message to replace, once posted. */
  placeholder?: string;
  at: number;
}

export interface PendingAnswers {
  start(entry: Omit<PendingAnswer, 'at' | 'placeholder'>): Promise<void>;
  placeholder(key: string, ts: string): Promise<void>;
  /** The answer (or an apology) is posted: nothing left to finish. */
  finish(key: string): Promise<void>;
  /** Takes over an entry a previous process left unfinished; returns it to exactly one caller. */
  adopt(key: string): Promise<PendingAnswer | undefined>;
  /** Keys of entries left unfinished by previous processes. */
  orphans(platform: Platform): Promise<string[]>;
  close(): void;
}

/** One logged question as read back for coverage reports. */
export interface LoggedQuestion {
  id: number;
  answerId: string;
  /** Epoch milliseconds. */
  at: number;
  text: string;
  lang: Lang;
  platform: Platform;
  channelKind: ChannelKind;
  /** Only with LOG_USER_IDS=true. */
  user?: string;
  abstained: boolean;
  /** The answer's calibrated confidence; undefined when the answerer gave none. */
  confidence?: number;
  /** Documents the answer cited, in citation order, without repeats. */
  docs: string[];
  votesUp: number;
  votesDown: number;
  /** Re-asked offline after a reload: when, and whether the new index answered it. */
  recheck?: { at: number; answered: boolean };
}

export interface QuestionLog {
  /** Days questions are kept (QUESTION_LOG_DAYS); 0 keeps none. */
  readonly retentionDays: number;
  /** Logs one answered question; a no-op when retention is 0. */
  record(entry: { question: Question; answer: Answer }): Promise<void>;
  /** The vote tallies of an answer's question, replaced as users vote and change their votes. */
  setVotes(answerId: string, up: number, down: number): Promise<void>;
  /** Questions asked at or after `since` (epoch ms), oldest first. */
  since(since: number): Promise<LoggedQuestion[]>;
  /** How many questions were asked at or after `since`. */
  countSince(since: number): Promise<number>;
  /**
   * Only the questions not answered well (abstained, confidence below `lowConfidence`, or at least as
   * many 👎 as 👍 with one or more 👎), filtered in SQL: the gap report reads a fraction of a large log.
   */
  gapsSince(since: number, lowConfidence: number): Promise<LoggedQuestion[]>;
  /** Stores the outcome of re-asking these questions against a new index. */
  markRechecked(results: { ids: number[]; answered: boolean }[]): Promise<void>;
  /** Deletes questions older than the retention; returns how many went. */
  purge(): Promise<number>;
  close(): void;
}

export interface DigestState {
  /** Epoch ms of the last digest posted to this target ("slack:C123"), if any. */
  last(target: string): Promise<number | undefined>;
  mark(target: string, at: number): Promise<void>;
  /**
   * Moves the time from `from` to `to` only if it is still `from`: of two replicas due to post the
   * same digest, one gets true and posts, the other false and stays quiet.
   */
  claim(target: string, from: number, to: number): Promise<boolean>;
  close(): void;
}

/** "Ask a person": one ping of the group per thread per window, across replicas when shared. */
export interface EscalationLimiter {
  /** True (and the thread is marked) when this thread may ping the group now. */
  tryEscalate(threadKey: string): Promise<boolean>;
}

export interface AdapterServices {
  feedback: FeedbackStore;
  dedupe: DedupeStore;
  /** Optional: adapters without it simply do not resume answers after a crash. */
  pending?: PendingAnswers;
  rateLimiter: RateLimiter;
  audit: AuditLog;
  /** Absent in adapters built without one (older tests); the composition root always has it. */
  questions?: QuestionLog;
  /** Weekly digest bookkeeping (SLACK_DIGEST_CHANNEL, DISCORD_DIGEST_CHANNEL_ID). */
  digests?: DigestState;
  /** Shared "Ask a person" limiter; adapters built without one keep an in-memory one. */
  escalations?: EscalationLimiter;
}

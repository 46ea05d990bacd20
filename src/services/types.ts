// Platform-neutral services the chat adapters share: feedback votes, reply-once bookkeeping,
// per-user rate limits and the admin audit log. Implementations live beside this file.
import type { Answer, Platform } from '../types';

export type Vote = 'up' | 'down';

export interface FeedbackStore {
  /** Remember an answer that was shown, so a later vote can be stored with its question and citations. */
  recordAnswer(entry: { answer: Answer; question: string; platform: Platform; channel: string; user: string }): void;
  /** One vote per user per answer: voting again replaces the earlier vote. Returns false for an unknown answer id. */
  vote(entry: { answerId: string; user: string; platform: Platform; vote: Vote }): boolean;
  /** Votes for one answer, for tests and reports. */
  votes(answerId: string): { user: string; vote: Vote; at: string }[];
  close(): void;
}

export interface DedupeStore {
  /**
   * True the first time a key is seen, false after that (also across restarts while the entry is younger than the TTL).
   * Keys are platform-qualified, e.g. "slack:event:Ev123" or "discord:interaction:123".
   */
  firstSeen(key: string): boolean;
  close(): void;
}

export interface RateLimiter {
  /** Consumes one unit for this user; false when the user is over the limit. */
  tryConsume(userKey: string): boolean;
  /** Seconds until the user may ask again (0 when allowed now). */
  retryAfterSeconds(userKey: string): number;
}

export interface AuditLog {
  record(entry: { platform: Platform; user: string; action: string; ok: boolean; detail?: string }): void;
  recent(limit?: number): { at: string; platform: Platform; user: string; action: string; ok: boolean; detail?: string }[];
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
  start(entry: Omit<PendingAnswer, 'at' | 'placeholder'>): void;
  placeholder(key: string, ts: string): void;
  /** The answer (or an apology) is posted: nothing left to finish. */
  finish(key: string): void;
  /** Takes over an entry a previous process left unfinished; returns it to exactly one caller. */
  adopt(key: string): PendingAnswer | undefined;
  /** Keys of entries left unfinished by previous processes. */
  orphans(platform: Platform): string[];
  close(): void;
}

export interface AdapterServices {
  feedback: FeedbackStore;
  dedupe: DedupeStore;
  /** Optional: adapters without it simply do not resume answers after a crash. */
  pending?: PendingAnswers;
  rateLimiter: RateLimiter;
  audit: AuditLog;
}

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

export interface AdapterServices {
  feedback: FeedbackStore;
  dedupe: DedupeStore;
  rateLimiter: RateLimiter;
  audit: AuditLog;
}

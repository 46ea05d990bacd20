// The platform-neutral part of "Ask a person": find what was asked and answered, and decide
// whether this thread may ping the group. Adapters only format the ping for their platform.
import type { FeedbackStore } from '../services/types';
import type { EscalationLimiter } from './thread-limiter';

export type EscalationDecision =
  | { kind: 'ping'; question: string; answer: string }
  /** The group was already asked in this thread within the window. */
  | { kind: 'already-asked' }
  /** The answer id is not in the store (too old, or a forged button value). */
  | { kind: 'unknown' };

export async function decideEscalation(feedback: Pick<FeedbackStore, 'shown'>, limiter: EscalationLimiter, req: { answerId: string; threadKey: string }): Promise<EscalationDecision> {
  const shown = await feedback.shown(req.answerId);
  if (!shown) return { kind: 'unknown' };
  if (!(await limiter.tryEscalate(req.threadKey))) return { kind: 'already-asked' };
  return { kind: 'ping', question: shown.question, answer: shown.answer };
}

// "Ask a person" pings a whole group of people, so one thread may ping them at most once per
// window: a second click (by the same user or anyone else in the thread) gets a note instead.
// The running bot keeps the marks in its database (src/services/escalation-store.ts, or Postgres
// across replicas); this in-memory one serves adapters built without it and a database outage.
import type { EscalationLimiter } from '../services/types';

export type { EscalationLimiter } from '../services/types';
export const ESCALATION_WINDOW_MS = 60 * 60 * 1000;

export function createEscalationLimiter(windowMs = ESCALATION_WINDOW_MS, now: () => number = Date.now): EscalationLimiter {
  const last = new Map<string, number>();
  return {
    async tryEscalate(threadKey) {
      const t = now();
      const prev = last.get(threadKey);
      if (prev !== undefined && t - prev < windowMs) return false;
      last.set(threadKey, t);
      // Forget expired threads so a long-running bot does not grow without bound.
      if (last.size > 10_000) for (const [k, at] of last) if (t - at >= windowMs) last.delete(k);
      return true;
    },
  };
}

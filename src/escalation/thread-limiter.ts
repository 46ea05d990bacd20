// "Ask a person" pings a whole group of people, so one thread may ping them at most once per
// window: a second click (by the same user or anyone else in the thread) gets a note instead.
// Kept in memory: after a restart the worst case is one more ping, never a missed question.

export const ESCALATION_WINDOW_MS = 60 * 60 * 1000;

export interface EscalationLimiter {
  /** True (and the thread is marked) when this thread may ping the group now. */
  tryEscalate(threadKey: string): boolean;
}

export function createEscalationLimiter(windowMs = ESCALATION_WINDOW_MS, now: () => number = Date.now): EscalationLimiter {
  const last = new Map<string, number>();
  return {
    tryEscalate(threadKey) {
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

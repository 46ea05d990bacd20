// "Ask a person" once per thread per window, kept in the database so a restart (or, on Postgres,
// another replica) does not ping the group a second time for the same thread.
import { type Clock, type Db, systemClock, useDatabase } from './db';
import { createExpiringClaims } from './expiring-claims';
import type { EscalationLimiter } from './types';

export const ESCALATION_WINDOW_MS = 60 * 60 * 1000;

export function createEscalationStore(dbOrFile: Db | string, opts: { windowMs?: number; now?: Clock } = {}): EscalationLimiter & { close(): void } {
  const { db, owned } = useDatabase(dbOrFile);
  const windowMs = opts.windowMs ?? ESCALATION_WINDOW_MS;
  const now = opts.now ?? systemClock;
  // The same claim as reply-once: a thread pinged within the window changes nothing.
  const claims = createExpiringClaims(db, 'escalations', 'thread_key', windowMs, now);
  return {
    async tryEscalate(threadKey) {
      return claims.claim(threadKey);
    },
    close() {
      if (owned && db.open) db.close();
    },
  };
}

/** The same limit in this process's memory: for adapters built without a store, and a database outage. */
export function createMemoryEscalations(windowMs = ESCALATION_WINDOW_MS, now: Clock = systemClock): EscalationLimiter {
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

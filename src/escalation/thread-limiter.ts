// "Ask a person" pings a whole group of people, so one thread may ping them at most once per
// window: a second click (by the same user or anyone else in the thread) gets a note instead.
// The running bot keeps the marks in its database (src/services/escalation-store.ts, or Postgres
// across replicas); the in-memory limiter serves adapters built without one.
export type { EscalationLimiter } from '../services/types';
export { createMemoryEscalations as createEscalationLimiter, ESCALATION_WINDOW_MS } from '../services/escalation-store';

// Readiness for container orchestrators and load balancers: named checks run side by side, each
// with a deadline, so a hung database makes the probe answer "not ready" instead of hanging it.
import { redact } from '../logger';

/** One thing a replica needs before it should get traffic; `check` rejects when it is not there. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface CheckState {
  ok: boolean;
  ms: number;
  /** Why not, with credentials and tokens masked (the body is served to anyone who can reach the port). */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckState>;
}

/** Probes usually time out at 1–10 s; answering within 2 s leaves the orchestrator the verdict. */
export const CHECK_TIMEOUT_MS = 2000;

export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs = CHECK_TIMEOUT_MS): Promise<Readiness> {
  const states = await Promise.all(checks.map((c) => runCheck(c, timeoutMs)));
  return { ready: states.every((s) => s.ok), checks: Object.fromEntries(checks.map((c, i) => [c.name, states[i]])) };
}

async function runCheck(c: ReadinessCheck, timeoutMs: number): Promise<CheckState> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // Called inside the try: a check that throws synchronously is a failed check, not a crash.
    await Promise.race([Promise.resolve().then(() => c.check()), deadline]);
    return { ok: true, ms: elapsed(t0) };
  } catch (err) {
    return { ok: false, ms: elapsed(t0), error: redact(err instanceof Error ? err.message : String(err)) };
  } finally {
    clearTimeout(timer);
  }
}

const elapsed = (t0: number) => Math.round(performance.now() - t0);

/** Ready once an index serves (saved or freshly built); a reload in progress keeps the old one serving. */
export function indexLoaded(isLoaded: () => boolean): ReadinessCheck {
  return {
    name: 'index',
    check: async () => {
      if (!isLoaded()) throw new Error('the knowledge base index is not loaded yet');
    },
  };
}

/** What a database-backed store offers for the check: one cheap round trip. */
export interface Pingable {
  ping(): Promise<void>;
}

/**
 * The database the services keep their state in: its `ping()` when it has one (Postgres). A store
 * without is the embedded SQLite file, opened with the process: nothing to reach, always ready.
 */
export function databaseReachable(store: object): ReadinessCheck {
  const db = store as Partial<Pingable>;
  return { name: 'database', check: async () => (typeof db.ping === 'function' ? db.ping() : undefined) };
}

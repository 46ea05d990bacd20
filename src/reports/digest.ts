// The weekly digest: the last week's top gaps, posted to a channel. Checked hourly against the time
// of the last digest kept in SQLite; the first check after it is configured only starts the clock,
// so turning it on (or a new install) does not post at once.
import type { Logger } from '../logger';
import type { DigestState } from '../services/types';
import type { CoverageReports, GapReport } from './types';

export const DIGEST_EVERY_MS = 7 * 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;

export interface DigestOptions {
  reports: CoverageReports;
  state: DigestState;
  /** Platform-qualified channel, e.g. "slack:C123", the key of the last-sent time. */
  target: string;
  post: (report: GapReport) => Promise<void>;
  logger: Logger;
  everyMs?: number;
  checkEveryMs?: number;
  now?: () => number;
}

export interface RunningDigest {
  /** One check: posts when a digest is due. Resolves true when it posted. */
  tick(): Promise<boolean>;
  /** Stops the checks and waits for a post in flight, so it is recorded before the store closes. */
  stop(): Promise<void>;
}

export function startDigest(o: DigestOptions): RunningDigest {
  const now = o.now ?? Date.now;
  const every = o.everyMs ?? DIGEST_EVERY_MS;
  let busy: Promise<boolean> | undefined;

  async function check(): Promise<boolean> {
    const last = await o.state.last(o.target);
    const t = now();
    if (last === undefined) {
      await o.state.mark(o.target, t);
      return false;
    }
    if (t - last < every) return false;
    // Claimed before posting, so of several replicas due at once only one posts; a failed post
    // gives the claim back and is retried at the next check rather than lost.
    if (!(await o.state.claim(o.target, last, t))) return false;
    try {
      const report = await o.reports.gaps({ days: Math.round(every / 86_400_000) || 1 });
      await o.post(report);
      o.logger.info('coverage digest posted', { target: o.target, groups: report.totalGroups });
    } catch (err) {
      await o.state.mark(o.target, last);
      throw err;
    }
    return true;
  }

  const tick = () => {
    // One check at a time: a slow post must not let the next hourly check post the same digest.
    busy ??= check()
      .catch((err: unknown) => {
        o.logger.warn('coverage digest failed; retrying at the next check', { target: o.target, err });
        return false;
      })
      .finally(() => (busy = undefined));
    return busy;
  };
  const timer = setInterval(() => void tick(), o.checkEveryMs ?? CHECK_EVERY_MS);
  timer.unref();
  void tick();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await busy;
    },
  };
}

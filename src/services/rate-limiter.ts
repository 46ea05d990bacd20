// Per-user sliding window in memory: at most `perMinute` questions in any 60 s. In memory because a
// restart forgiving a burst is harmless, and it keeps the hot path off the disk.
import { type Clock, systemClock } from './db';
import type { RateLimiter } from './types';

const WINDOW_MS = 60_000;

export function createRateLimiter(opts: { perMinute: number; now?: Clock }): RateLimiter {
  const limit = opts.perMinute;
  const now = opts.now ?? systemClock;
  const hits = new Map<string, number[]>();
  let calls = 0;

  /** The user's timestamps still inside the window, oldest first. */
  const live = (userKey: string, t: number): number[] => {
    const list = hits.get(userKey);
    if (!list) return [];
    while (list.length && list[0] <= t - WINDOW_MS) list.shift();
    if (!list.length) hits.delete(userKey);
    return list;
  };

  // Users who asked once and left would otherwise stay in the map forever.
  const sweep = (t: number) => {
    for (const key of [...hits.keys()]) live(key, t);
  };

  return {
    async tryConsume(userKey) {
      if (limit <= 0) return true; // 0 disables the limit
      const t = now();
      if (++calls % 1000 === 0) sweep(t);
      const list = live(userKey, t);
      if (list.length >= limit) return false;
      list.push(t);
      hits.set(userKey, list);
      return true;
    },
    async retryAfterSeconds(userKey) {
      if (limit <= 0) return 0;
      const t = now();
      const list = live(userKey, t);
      if (list.length < limit) return 0;
      // The slot frees when the oldest hit that keeps the user at the limit leaves the window.
      const oldest = list[list.length - limit];
      return Math.max(1, Math.ceil((oldest + WINDOW_MS - t) / 1000));
    },
  };
}

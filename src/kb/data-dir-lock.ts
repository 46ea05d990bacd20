// One index writer per DATA_DIR at a time. Two processes saving at once (say `npm start` and
// `npm run kb -- reload`) used to interleave their renames and fail a good reload with ENOTEMPTY;
// a crash mid-save left `index.new-*` / `index.old-*` copies that nothing removed. Saves now run
// under `index.lock` (created exclusively; a lock whose process is gone is taken over), and the
// copies a dead save left are removed under the same lock.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BotError } from '../errors';

export const LOCK_FILE = 'index.lock';
const STALE_COPY = /^index\.(new|old)-\d+-\d+$/;

export interface LockOptions {
  /** Longest wait for another writer to finish (a big save takes seconds). */
  waitMs?: number;
  pollMs?: number;
}

// Locks this process holds right now: a lock file naming this process but not in this set was left
// by an earlier save of ours that could not remove it (a failed unlink), and is stale.
const heldHere = new Set<string>();
/** A lock file with no readable holder (the process died between creating and writing it) is stale after this. */
const UNNAMED_STALE_MS = 10_000;

export async function withDataDirLock<T>(dataDir: string, work: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  // Taking the lock is synchronous: a few system calls on a tiny file, where each awaited one
  // waited for a turn of the event loop behind queued questions (a reload's save takes it first).
  fsSync.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const deadline = Date.now() + (opts.waitMs ?? 60_000);
  for (;;) {
    try {
      const fd = fsSync.openSync(file, 'wx');
      try {
        fsSync.writeFileSync(fd, String(process.pid));
      } catch (err) {
        // A lock nobody can attribute would block every later save: take it back.
        try {
          fsSync.closeSync(fd);
        } catch {
          // the write's error is the one to report
        }
        fsSync.rmSync(file, { force: true });
        throw err;
      }
      fsSync.closeSync(fd);
      heldHere.add(file);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await holderOf(file);
      if (holder === undefined ? await olderThan(file, UNNAMED_STALE_MS) : holder === process.pid ? !heldHere.has(file) : !alive(holder)) {
        // The writer died holding the lock; remove its file and try again (only one taker wins 'wx').
        await fs.rm(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new BotError('RELOAD_FAILED', `${file} is held by process ${holder ?? '?'}, which is still saving the index. Try again when it is done, or remove the file if that process is gone.`);
      }
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 50));
    }
  }
  try {
    return await work();
  } finally {
    heldHere.delete(file);
    await fs.rm(file, { force: true });
  }
}

/**
 * Removes index copies left by interrupted saves, under the lock so no save in progress loses its
 * copy. Touches nothing (takes no lock) when there is nothing to remove.
 */
export async function removeStaleCopies(dataDir: string, opts: LockOptions = {}): Promise<string[]> {
  if (!(await staleCopies(dataDir)).length) return [];
  return withDataDirLock(dataDir, async () => {
    const stale = await staleCopies(dataDir);
    for (const n of stale) await fs.rm(path.join(dataDir, n), { recursive: true, force: true });
    return stale;
  }, opts);
}

async function staleCopies(dataDir: string): Promise<string[]> {
  const names = await fs.readdir(dataDir).catch(() => [] as string[]);
  return names.filter((n) => STALE_COPY.test(n));
}

async function holderOf(file: string): Promise<number | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  // A lock file still being written (empty) belongs to a live process.
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  const st = await fs.stat(file).catch(() => undefined);
  return st !== undefined && Date.now() - st.mtimeMs > ms;
}

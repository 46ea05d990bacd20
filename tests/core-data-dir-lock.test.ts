// Index saves on one DATA_DIR are serialised by a lock file: two writers at once used to fail a
// good reload with ENOTEMPTY, and copies left by an interrupted save were never removed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, withDataDirLock } from '../src/kb/data-dir-lock';
import { cleanup, makeBot, q, tmpDir, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);

describe('two writers on one DATA_DIR', () => {
  it('reloading from two knowledge bases at once never fails a reload (ENOTEMPTY) and leaves one loadable index', async () => {
    const dir = writeSmallKb();
    const dataDir = tmpDir('lock-data-');
    const a = makeBot(dir, { dataDir });
    const b = makeBot(dir, { dataDir });
    await Promise.all([a.ready, b.ready]);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).kb.reload()));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(fs.readdirSync(dataDir).filter((n) => n.startsWith('index'))).toEqual(['index']);
    const c = makeBot(dir, { dataDir });
    await c.ready;
    expect((await c.ask(q('How much did Redfern Labs raise?'))).text).toContain('$40 million');
  });
});

describe('leftovers of an interrupted save', () => {
  it('index.new-* and index.old-* copies are removed at start-up', async () => {
    const dir = writeSmallKb();
    const dataDir = tmpDir('lock-data-');
    for (const n of ['index.new-999999-1700000000000', 'index.old-999999-1700000000001']) {
      fs.mkdirSync(path.join(dataDir, n, 'vectors'), { recursive: true });
      fs.writeFileSync(path.join(dataDir, n, 'manifest.json'), '{}');
    }
    const bot = makeBot(dir, { dataDir });
    await bot.ready;
    expect(fs.readdirSync(dataDir).sort()).toEqual(['index']);
  });

  it('a lock left by a process that is gone is taken over; one held by a live process is waited for', async () => {
    const dataDir = tmpDir('lock-data-');
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), '999999999');
    expect(await withDataDirLock(dataDir, async () => 'ran')).toBe('ran');
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    fs.writeFileSync(path.join(dataDir, LOCK_FILE), String(process.ppid));
    await expect(withDataDirLock(dataDir, async () => 'ran', { waitMs: 100, pollMs: 10 })).rejects.toThrow(/held by process/);
  });
});

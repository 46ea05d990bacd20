// A reload reads only files that may have changed: a file whose size, inode and times are as the last
// load saw them (long enough after its last write) is not read and hashed again. A no-change reload
// of 1M chunks read 1 GB for nothing; an edit must still always be seen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadKnowledge, STAMP_MARGIN_MS, type FileStamp } from '../src/ingest/loader';
import { cleanup, makeBot, q, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';

const reads = vi.hoisted(() => ({ files: [] as string[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<Record<string, any>>();
  const readFile = (file: unknown, ...rest: unknown[]) => {
    reads.files.push(path.basename(String(file)));
    return real.readFile(file, ...rest);
  };
  return { ...real, readFile, default: { ...real, readFile } };
});

const dirs: string[] = [];
afterAll(() => {
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  cleanup();
});

const WRITTEN = new Date(Math.floor(Date.now() / 1000) * 1000);

/** A folder of three files. */
function settledFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stamps-'));
  dirs.push(dir);
  for (const n of ['a', 'b', 'c']) {
    fs.writeFileSync(path.join(dir, `${n}.md`), `# ${n}\n\nText of ${n}.\n`);
    fs.utimesSync(path.join(dir, `${n}.md`), WRITTEN, WRITTEN); // whole milliseconds: restorable exactly
  }
  return dir;
}

describe('file stamps', () => {
  it('a file unchanged since the last load is not read again (catches hashing the whole folder on every reload)', async () => {
    const dir = settledFolder();
    const stamps = new Map<string, FileStamp>();
    const known = new Map<string, string>();
    await loadKnowledge(dir, { stamps, onDocument: (d) => void known.set(d.id, d.hash) });
    // The stamps were taken right after the writes: not trusted yet (a same-tick write could hide).
    expect([...stamps.values()].every((s) => !s.settled)).toBe(true);
    const later = { isUnchanged: (id: string, hash: string) => known.get(id) === hash, stamps };
    await loadKnowledge(dir, later);
    expect([...stamps.values()].every((s) => !s.settled)).toBe(true);

    // Once the last write is older than the margin, a load trusts what it sees, and the next skips the reads.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + STAMP_MARGIN_MS + 1000);
    try {
      await loadKnowledge(dir, later);
      expect([...stamps.values()].every((s) => s.settled)).toBe(true);
      reads.files = [];
      const r = await loadKnowledge(dir, later);
      expect(r.unchanged.map((d) => d.id)).toEqual(['a.md', 'b.md', 'c.md']);
      expect(reads.files).toEqual([]);

      // A same-size edit (same mtime even) is still read: the inode's change time moved.
      const file = path.join(dir, 'b.md');
      fs.writeFileSync(file, '# b\n\nText of B.\n');
      fs.utimesSync(file, WRITTEN, WRITTEN);
      const edited = await loadKnowledge(dir, later);
      expect(reads.files).toEqual(['b.md']);
      expect(edited.unchanged.map((d) => d.id)).toEqual(['a.md', 'c.md']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the knowledge base serves an edit that keeps the file size, made right after a reload (catches a stamp that only compares sizes)', async () => {
    const dir = writeSmallKb();
    const bot = makeBot(dir);
    await bot.ready;
    await bot.reload();
    fs.writeFileSync(path.join(dir, 'redfern.md'), SMALL_KB['redfern.md'].replace('$40 million', '$55 million'));
    const s = await bot.reload();
    expect(s.changed).toEqual(['redfern.md']);
    expect((await bot.ask(q('How much did Redfern Labs raise?'))).text).toContain('$55 million');
  });
});

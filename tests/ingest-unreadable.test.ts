// Root can read a chmod-000 file, so the permission case in ingest-loader.test.ts is skipped when the
// tests run as root (CI containers). Here the one thing we cannot make real as root — the kernel refusing
// the read — is faked at the fs boundary with the exact error Node raises; everything else is real.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadKnowledge } from '../src/ingest/loader';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (file: Parameters<typeof real.readFile>[0], ...rest: unknown[]) => {
    if (String(file).endsWith('locked.md')) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES', errno: -13, syscall: 'open', path: String(file) });
    }
    return (real.readFile as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof real.readFile;
  return { ...real, readFile, default: { ...real, readFile } };
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-locked-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('an unreadable file', () => {
  it('is reported as permission denied and the other files still load', async () => {
    fs.writeFileSync(path.join(dir, 'good.md'), '# Good\n\nText.');
    fs.writeFileSync(path.join(dir, 'locked.md'), '# Locked\n\nText.');
    const r = await loadKnowledge(dir);
    expect(r.documents.map((d) => d.id)).toEqual(['good.md']);
    expect(r.failures).toEqual([{ file: 'locked.md', code: 'DOC_UNREADABLE', reason: expect.stringMatching(/permission denied/) }]);
  });
});

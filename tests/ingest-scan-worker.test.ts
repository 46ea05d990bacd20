// A folder of many files is looked at (real path, metadata) by a worker thread (src/ingest/scan-worker.ts).
// What the loader decides from those looks must be what it decides looking at each file itself,
// and a worker that dies must not lose a file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadKnowledge, type FileStamp } from '../src/ingest/loader';
import { scanWorker } from '../src/ingest/scan-worker';

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});
const realSpawn = scanWorker.spawn;
afterEach(() => {
  scanWorker.spawn = realSpawn;
});

/** 40 documents plus the awkward cases: links inside and outside, a broken link, an empty file. */
function folder(): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
  made.push(base);
  const dir = path.join(base, 'kb');
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, i % 2 ? 'sub' : '', `doc-${String(i).padStart(2, '0')}.md`), `# Doc ${i}\n\nDocument number ${i} is about topic ${i % 7}.\n`);
  fs.writeFileSync(path.join(base, 'secret.md'), '# Secret\n\nOutside the folder.\n');
  fs.symlinkSync(path.join(base, 'secret.md'), path.join(dir, 'outside-link.md'));
  fs.symlinkSync(path.join(dir, 'doc-00.md'), path.join(dir, 'inside-link.md'));
  fs.symlinkSync(path.join(dir, 'missing.md'), path.join(dir, 'broken-link.md'));
  fs.writeFileSync(path.join(dir, 'empty.md'), '');
  return dir;
}

const outcome = (r: Awaited<ReturnType<typeof loadKnowledge>>) => ({
  documents: r.documents.map((d) => [d.id, d.hash, d.text]),
  failures: r.failures,
  unchanged: r.unchanged,
});

describe('files looked at by the scan worker', () => {
  it('the loader decides as it does looking itself (metadata misread: a document taken for empty, not a file, or lost)', async () => {
    const dir = folder();
    const scanned = await loadKnowledge(dir);
    let spawned = 0;
    scanWorker.spawn = (source) => (spawned++, new Worker('process.exit(1)', { eval: true }));
    const itself = await loadKnowledge(dir);
    expect(spawned).toBe(1);
    expect(outcome(scanned)).toEqual(outcome(itself));
    expect(scanned.documents.map((d) => d.id)).toContain('inside-link.md');
    expect(scanned.failures.map((f) => [f.file, f.code])).toEqual([
      ['broken-link.md', 'DOC_UNREADABLE'],
      ['empty.md', 'DOC_EMPTY'],
      ['outside-link.md', 'DOC_OUTSIDE_DIR'],
    ]);
  });

  it.each([
    ['the worker exits: a load that waited forever', 'process.exit(2)'],
    ['the worker throws: files it never answered for are lost', "throw new Error('boom')"],
  ])('a dying worker loses no file: %s', async (_bug, body) => {
    const dir = folder();
    scanWorker.spawn = () => new Worker(body, { eval: true });
    const r = await loadKnowledge(dir);
    expect(r.documents).toHaveLength(41);
  });

  it('a file edited after the last load is read again, the others are recognised by their stamps', async () => {
    const dir = folder();
    const stamps = new Map<string, FileStamp>();
    const first = await loadKnowledge(dir, { stamps });
    const indexed = new Map(first.documents.map((d) => [d.id, d.hash]));
    // Stamps trust only files that had settled when looked at: age them all.
    for (const s of stamps.values()) s.settled = true;
    fs.appendFileSync(path.join(dir, 'sub', 'doc-13.md'), '\nEdited.\n');
    const second = await loadKnowledge(dir, { stamps, isUnchanged: (id, hash) => indexed.get(id) === hash });
    expect(second.documents.map((d) => d.id)).toEqual(['sub/doc-13.md']);
    expect(second.unchanged).toHaveLength(40);
  });
});

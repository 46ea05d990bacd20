// A reload streams documents from the loader into the index builder, so a 1M-chunk folder (~1 GB of
// text) is never in memory at once. These tests pin the loader's side of that: order, read-ahead
// bound, and errors from the consumer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/ingest/loader';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function folder(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamed-'));
  dirs.push(dir);
  // Names whose walk order differs from id order ("b/…" is walked before "b.md", sorts after it).
  fs.mkdirSync(path.join(dir, 'b'));
  fs.writeFileSync(path.join(dir, 'b', 'x.md'), '# X\n\nInside a folder.\n');
  fs.writeFileSync(path.join(dir, 'b.md'), '# B\n\nBeside the folder.\n');
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `doc-${String(i).padStart(3, '0')}.md`), `# Doc ${i}\n\nText ${i}.\n`);
  return dir;
}

describe('a streamed load (onDocument)', () => {
  it('hands documents over in the order a returned load lists them, and returns none (catches delivering in completion order)', async () => {
    const dir = folder(12);
    const whole = await loadKnowledge(dir);
    const seen: string[] = [];
    const streamed = await loadKnowledge(dir, {
      onDocument: async (d) => {
        // Slow consumers must not reorder delivery.
        await new Promise((r) => setTimeout(r, seen.length % 3));
        seen.push(d.id);
      },
    });
    expect(seen).toEqual(whole.documents.map((d) => d.id));
    expect(streamed.delivered.map((d) => d.id)).toEqual(seen);
    expect(streamed.documents).toEqual([]);
  });

  it('reads only a few files ahead of a slow consumer (catches reading the whole folder into memory first)', async () => {
    const dir = folder(40);
    let read = 0;
    let mostAhead = 0;
    let delivered = 0;
    await loadKnowledge(dir, {
      isUnchanged: () => (read++, false), // called once per file, right after it is read
      onDocument: async () => {
        mostAhead = Math.max(mostAhead, read - delivered);
        await new Promise((r) => setTimeout(r, 2));
        delivered++;
      },
    });
    expect(delivered).toBe(42);
    expect(mostAhead).toBeLessThanOrEqual(5);
  });

  it("the consumer's error is the load's, and nothing after it is handed over (a failed build must not go on indexing)", async () => {
    const dir = folder(10);
    const seen: string[] = [];
    const err = await loadKnowledge(dir, {
      onDocument: (d) => {
        if (seen.length === 3) throw new Error('index full');
        seen.push(d.id);
      },
    }).catch((e: Error) => e);
    expect((err as Error).message).toBe('index full');
    expect(seen).toHaveLength(3);
  });
});

// A save after a one-file edit hard-links the chunk-record files of the previous index that still
// hold mostly live records, and writes only the new records: a one-file edit of 1M chunks rewrote
// 1.3 GB of unchanged text. The swap stays atomic (tests/kb-atomic.test.ts crashes every file
// operation, links included); these pin what is shared and that a restart reads it back right.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, makeBot, q, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);

// Big enough that the chunk records are a buffer of their own (Node pools buffers under 4 KB).
const para = (topic: string, i: number) => `## ${topic} part ${i}\n\n${topic} harbour report ${i}: the ferry line ${i} carried ${i * 37} passengers in week ${i}.\n`;
const BIG = Object.fromEntries(
  ['alpha', 'bravo', 'charlie', 'delta'].map((t) => [`${t}.md`, `---\ntitle: ${t}\n---\n\n# ${t}\n\n${Array.from({ length: 12 }, (_, i) => para(t, i)).join('\n')}`]),
);

const index = (dataDir: string) => path.join(dataDir, 'index');
const chunkFiles = (dataDir: string) => fs.readdirSync(index(dataDir)).filter((f) => /^chunks.*\.bin$/.test(f));
const inode = (dataDir: string, f: string) => fs.statSync(path.join(index(dataDir), f)).ino;

async function texts(bot: ReturnType<typeof makeBot>): Promise<string[]> {
  return bot.kb.snapshot!.chunks.map((c) => `${c.id}\n${c.text}`);
}

describe('saved chunk records', () => {
  it('an edit links the unchanged records and writes only the new ones; a restart reads both (catches rewriting every record, and offsets into a linked file)', async () => {
    const dir = writeSmallKb({ ...SMALL_KB, ...BIG });
    const bot = makeBot(dir);
    await bot.ready;
    const [first] = chunkFiles(bot.dataDir);
    const ino = inode(bot.dataDir, first);
    const firstSize = fs.statSync(path.join(index(bot.dataDir), first)).size;

    fs.writeFileSync(path.join(dir, 'redfern.md'), SMALL_KB['redfern.md'].replace('$40 million', '$55 million'));
    await bot.reload();
    const files = chunkFiles(bot.dataDir);
    expect(files).toContain(first);
    expect(inode(bot.dataDir, first)).toBe(ino); // the same file, linked
    const fresh = files.filter((f) => f !== first);
    expect(fresh).toHaveLength(1);
    expect(fs.statSync(path.join(index(bot.dataDir), fresh[0])).size).toBeLessThan(firstSize / 4);

    // A second edit links the first file again and the second one's still-live records.
    fs.writeFileSync(path.join(dir, 'bravo.md'), BIG['bravo.md'].replace('harbour report 3', 'harbour review 3'));
    await bot.reload();
    expect(chunkFiles(bot.dataDir)).toContain(first);

    const restarted = makeBot(dir, { dataDir: bot.dataDir });
    await restarted.ready;
    expect(await texts(restarted)).toEqual(await texts(bot));
    expect((await restarted.ask(q('How much did Redfern Labs raise?'))).text).toContain('$55 million');
  });

  it('many edits leave few files: an earlier edit’s small file is copied into the next one, not linked (catches one file per edit piling up)', async () => {
    const dir = writeSmallKb({ ...SMALL_KB, ...BIG });
    const bot = makeBot(dir);
    await bot.ready;
    for (let i = 0; i < 6; i++) {
      fs.writeFileSync(path.join(dir, `note-${i}.md`), `# Note ${i}\n\nNote ${i} says the ferry ${i} is late.\n`);
      await bot.reload();
    }
    expect(chunkFiles(bot.dataDir)).toHaveLength(2);
    const restarted = makeBot(dir, { dataDir: bot.dataDir });
    await restarted.ready;
    expect(await texts(restarted)).toEqual(await texts(bot));
  });

  it('a file whose records were mostly dropped is written afresh, not linked (catches an index that only grows)', async () => {
    const dir = writeSmallKb({ ...SMALL_KB, ...BIG });
    const bot = makeBot(dir);
    await bot.ready;
    const [first] = chunkFiles(bot.dataDir);
    for (const f of ['alpha.md', 'bravo.md', 'charlie.md']) fs.rmSync(path.join(dir, f));
    await bot.reload();
    expect(chunkFiles(bot.dataDir)).not.toContain(first);
    const restarted = makeBot(dir, { dataDir: bot.dataDir });
    await restarted.ready;
    expect(await texts(restarted)).toEqual(await texts(bot));
  });
});

// The BM25 posting merge of a reload runs in a worker thread (src/retrieval/bm25-merge.ts). A worker
// that dies must fail the reload cleanly, and an edit merged there must index exactly what a full
// build of the same folder indexes (postings, search results, the sound index over its terms).
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isBotError } from '../src/errors';
import type { IndexSnapshot } from '../src/kb/snapshot';
import { mergeWorker } from '../src/retrieval/bm25-merge';
import { analyzeQuery } from '../src/retrieval/query';
import { cleanup, makeBot, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);

const realSpawn = mergeWorker.spawn;
afterEach(() => {
  mergeWorker.spawn = realSpawn;
});

const hits = async (snap: IndexSnapshot, question: string) =>
  (await snap.search(analyzeQuery(question, snap.glossary), 5)).map((h) => ({ id: h.chunk.id, bm25Rank: h.bm25Rank }));

describe('a reload whose index worker dies', () => {
  it.each([
    ['the worker exits mid-merge: a reload that waited forever or swapped in a half-built index', 'process.exit(3)'],
    ['the worker throws: an error swallowed would serve an empty index', "throw new Error('out of memory')"],
  ])('%s', async (_bug, body) => {
    const dir = writeSmallKb();
    const bot = makeBot(dir);
    await bot.ready;
    const before = bot.kb.snapshot!;
    const savedBefore = fs.readFileSync(path.join(bot.dataDir, 'index', 'manifest.json'), 'utf8');
    mergeWorker.spawn = () => new Worker(body, { eval: true });

    fs.appendFileSync(path.join(dir, 'redfern.md'), '\nRedfern Labs opened a Quokkaville office.\n');
    const err = await bot.reload().catch((e: unknown) => e);
    expect(isBotError(err, 'RELOAD_FAILED')).toBe(true);
    expect(isBotError((err as Error).cause, 'INDEX_WORKER_FAILED')).toBe(true);

    // The old index keeps serving, in memory and on disk, and the admin hears about the failure.
    expect(bot.kb.snapshot).toBe(before);
    expect((await hits(bot.kb.snapshot!, 'How much did Redfern Labs raise?'))[0]?.id).toMatch(/^redfern\.md#/);
    expect(await hits(bot.kb.snapshot!, 'Quokkaville')).toEqual([]);
    expect(fs.readFileSync(path.join(bot.dataDir, 'index', 'manifest.json'), 'utf8')).toContain(JSON.parse(savedBefore).builtAt);
    expect(bot.kb.status('extractive').lastReload).toMatchObject({ ok: false });

    // A healthy worker next time: the same edit is served.
    mergeWorker.spawn = realSpawn;
    await bot.reload();
    expect((await hits(bot.kb.snapshot!, 'Quokkaville'))[0]?.id).toMatch(/^redfern\.md#/);
  });
});

const REDFERN = SMALL_KB['redfern.md'];
// Documents of many chunks before and after the edited one, sharing words: posting lists long
// enough to be copied run by run, and chunks after the edit that move down.
const notes = (name: string) =>
  `# ${name} notes\n\n` +
  Array.from({ length: 40 }, (_, i) => `## Note ${i}\n\nThe ${name} ledger entry ${i} records battery shipments to Leeds and Busan. ${'Inventory counts stay steady. '.repeat(18)}\n`).join('\n');
const BIG_KB = { ...SMALL_KB, 'alpha-notes.md': notes('alpha'), 'zeta-notes.md': notes('zeta') };
const QUESTIONS = ['Where is Redfern Labs based?', 'Who led the Series B round?', 'battery testing sites', 'Zyxwarble', 'Leeds England', 'kimchi pork tofu', '블루웨이브 투자'];

describe('an edit merged in the worker indexes what a full build indexes', () => {
  it.each([
    ['a term added to an edited document: its postings land on the wrong chunk number', REDFERN.replace('in Leeds', 'in Leeds and Sheffield')],
    ['a term removed: its old posting would linger and still find the chunk', REDFERN.replace(' led by Northgate Capital', '')],
    ['a term renamed: both the old and the new name must be right', REDFERN.replaceAll('Leeds', 'Bradford')],
    ['a new rare term: a term the old table lacks gets an id past it, and df 1', REDFERN + '\nThe lab mascot is called Zyxwarble.\n'],
    ['a document removed: every chunk after it moves down by its length', undefined],
  ])('%s', async (_bug, edited) => {
    const dir = writeSmallKb(BIG_KB);
    const bot = makeBot(dir);
    await bot.ready;
    if (edited === undefined) fs.rmSync(path.join(dir, 'redfern.md'));
    else fs.writeFileSync(path.join(dir, 'redfern.md'), edited);
    await bot.reload();
    const merged = bot.kb.snapshot!;

    const fresh = makeBot(dir);
    await fresh.ready;
    const full = fresh.kb.snapshot!;

    // The same chunks (an edited document's come last after an edit, so compared by id) with the
    // same postings, term by term, and the same lengths.
    expect([...merged.chunkStore.ids].sort()).toEqual([...full.chunkStore.ids].sort());
    expect(merged.bm25.df('ledg')).toBeGreaterThan(64);
    const postings = (s: IndexSnapshot, term: string) => {
      const p = s.bm25.toParts();
      const id = s.bm25.termId(term);
      if (id === undefined) return [];
      return Array.from(p.docs.subarray(p.offsets[id], p.offsets[id + 1]), (d, i) => `${s.chunkStore.ids[d]} ×${p.tfs[p.offsets[id] + i]}`).sort();
    };
    for (const term of new Set([...merged.bm25.toParts().terms, ...full.bm25.toParts().terms])) {
      expect(postings(merged, term), term).toEqual(postings(full, term));
    }
    const lengths = (s: IndexSnapshot) => Object.fromEntries(s.chunkStore.ids.map((id, i) => [id, s.bm25.toParts().docLen[i]]));
    expect(lengths(merged)).toEqual(lengths(full));
    for (const question of QUESTIONS) expect(await hits(merged, question), question).toEqual(await hits(full, question));
  });
});

describe('the sound index after an edit', () => {
  it('matches one built from scratch: a name added by the edit is found by sound, a removed one no longer is', async () => {
    const dir = writeSmallKb();
    const bot = makeBot(dir);
    await bot.ready;
    // 쿼카빌 is how Quokkaville is written in Hangul; Northgate leaves with the edit.
    fs.writeFileSync(path.join(dir, 'redfern.md'), REDFERN.replace('Northgate Capital', 'Quokkaville Capital'));
    await bot.reload();
    const fresh = makeBot(dir);
    await fresh.ready;
    const sounds = (s: IndexSnapshot) => ({
      latin: ['쿼카빌', '노스게이트', '레드펀'].map((w) => s.glossary.sounds!.latinFor(w).map((m) => m.term)),
      hangul: ['bluewave', 'busan'].map((w) => s.glossary.sounds!.hangulFor(w).map((m) => m.term)),
    });
    const edited = sounds(bot.kb.snapshot!);
    expect(edited).toEqual(sounds(fresh.kb.snapshot!));
    expect(edited.latin[0]).toContain('quokkaville');
    expect(edited.latin[1]).not.toContain('northgate');
  });
});

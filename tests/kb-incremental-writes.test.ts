// What a reload costs: nothing on disk when nothing changed, only the edited file's chunks when one
// file changed, and an index that answers exactly like one built from scratch. Offline, no vector
// index is built at all (the hash embedder adds no recall over BM25; see the README).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25';
import { Bm25Builder } from '../src/retrieval/bm25-builder';
import { ChunkStore } from '../src/kb/chunk-store';
import type { Chunk } from '../src/ingest/types';
import { cleanup, makeBot, q, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);

/** Every file under dir with what would change if it were rewritten (inode, size, mtime). */
function fileStates(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    const st = fs.statSync(p);
    out[path.relative(dir, p)] = `${st.ino}:${st.size}:${st.mtimeMs}`;
  }
  return out;
}

describe('reload cost', () => {
  it('a reload with nothing changed writes nothing to DATA_DIR (the whole index was rewritten every time)', async () => {
    const bot = makeBot(writeSmallKb());
    await bot.ready;
    const before = fileStates(bot.dataDir);
    const s = await bot.reload();
    expect(s).toMatchObject({ unchanged: 3, indexed: 0 });
    expect(fileStates(bot.dataDir)).toEqual(before);
  });

  it('editing one file analyses only that file’s chunks, and the edit is served (everything was re-analysed)', async () => {
    const dir = writeSmallKb();
    const bot = makeBot(dir);
    const first = await bot.ready;
    const total = first!.chunks;
    fs.writeFileSync(path.join(dir, 'redfern.md'), SMALL_KB['redfern.md'].replace('$40 million', '$55 million'));
    const s = await bot.reload();
    const redfern = bot.kb.snapshot!.docs.find((d) => d.id === 'redfern.md')!.chunks;
    expect(s.indexed).toBe(redfern);
    expect(s.indexed).toBeLessThan(total);
    expect((await bot.ask(q('How much did Redfern Labs raise?'))).text).toContain('$55 million');
  });

  it('a restart after an edit serves the edited index from disk (saved chunk order and BM25 numbering disagree)', async () => {
    const dir = writeSmallKb();
    const bot = makeBot(dir);
    await bot.ready;
    fs.writeFileSync(path.join(dir, 'bluewave.md'), SMALL_KB['bluewave.md'].replace('150억원', '300억원'));
    await bot.reload();
    const restarted = makeBot(dir, { dataDir: bot.dataDir });
    await restarted.ready;
    for (const question of ['블루웨이브는 얼마를 투자받았어?', 'How much did Redfern Labs raise?', 'How long do you simmer kimchi stew?']) {
      const a = await bot.ask(q(question));
      const b = await restarted.ask(q(question));
      expect(b.text).toBe(a.text);
      expect(b.citations.map((c) => [c.docId, c.start, c.end])).toEqual(a.citations.map((c) => [c.docId, c.start, c.end]));
    }
    expect((await restarted.ask(q('블루웨이브는 얼마를 투자받았어?'))).text).toContain('300억원');
  });

  it('the offline embedder gets no vector index: nothing embedded, no vectors folder (it cost most of the build for no recall)', async () => {
    const bot = makeBot(writeSmallKb());
    const s = await bot.ready;
    expect(s).toMatchObject({ embedded: 0 });
    expect(bot.kb.snapshot!.store).toBeUndefined();
    expect(fs.existsSync(path.join(bot.dataDir, 'index', 'vectors'))).toBe(false);
  });
});

// Documents as term lists; the builder must give the same index as building the result from scratch.
const docs = (n: number, salt = '') => Array.from({ length: n }, (_, d) => ['alpha', `own${d}${salt}`, ...(d % 2 ? ['odd', 'odd'] : ['even']), ...(d % 5 ? [] : ['fifth'])]);

describe('BM25 builder (an edit renumbers postings instead of re-analysing)', () => {
  it.each([
    ['dropping chunks leaves postings pointing at the wrong chunk', [0, 3, 4], 0],
    ['appending chunks after kept ones mis-sorts posting lists', [], 4],
    ['an edit (drop some, add some) miscounts df', [1, 2, 7], 3],
    ['dropping everything keeps stale postings', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 2],
  ])('%s', async (_bug, drop, add) => {
    const old = docs(10);
    const fresh = docs(add, 'new');
    const prev = Bm25Index.build(old);
    const keep = new Int32Array(old.length).fill(-1);
    let kept = 0;
    old.forEach((_, i) => {
      if (!drop.includes(i)) keep[i] = kept++;
    });
    const builder = new Bm25Builder(prev, keep, kept);
    for (const t of fresh) builder.add(t);
    const merged = await builder.finish();
    const expected = Bm25Index.build([...old.filter((_, i) => !drop.includes(i)), ...fresh]);
    for (const term of ['alpha', 'odd', 'even', 'fifth', 'own3', 'own1new']) {
      expect(merged.df(term), term).toBe(expected.df(term));
      const query = [{ term, weight: 1 }, { term: 'odd', weight: 0.5 }];
      expect(merged.search(query, 20)).toEqual(expected.search(query, 20));
    }
  });


  // 'alpha' is in every chunk and 'odd' in half: long lists are copied run by run (binary search, bulk copy).
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  it.each([
    ['one edited document: chunks after it keep their postings unshifted', range(80, 95), 0],
    ['one edited document moved to the end: shifted postings keep their term frequencies', range(80, 95), 15],
    ['several edited documents: a run boundary off by one drops or repeats a posting', [...range(0, 3), ...range(40, 41), ...range(150, 200)], 7],
    ['more changed ranges than runs are tracked: the per-posting path must agree', range(0, 200).filter((i) => i % 3 === 0), 5],
  ])('long posting lists: %s', async (_bug, drop, add) => {
    const old = docs(200).map((t, d) => [...t, ...Array.from({ length: 1 + (d % 4) }, () => 'alpha')]);
    const fresh = docs(add, 'new');
    const keep = new Int32Array(old.length).fill(-1);
    let kept = 0;
    old.forEach((_, i) => {
      if (!drop.includes(i)) keep[i] = kept++;
    });
    const builder = new Bm25Builder(Bm25Index.build(old), keep, kept);
    for (const t of fresh) builder.add(t);
    const merged = await builder.finish();
    const expected = Bm25Index.build([...old.filter((_, i) => !drop.includes(i)), ...fresh]);
    // Every term's postings (chunk numbers and term frequencies), whatever the term numbering.
    const postings = (ix: Bm25Index, term: string) => {
      const p = ix.toParts();
      const id = ix.termId(term);
      return id === undefined ? [] : Array.from(p.docs.subarray(p.offsets[id], p.offsets[id + 1]), (d, i) => [d, p.tfs[p.offsets[id] + i]]);
    };
    for (const term of expected.toParts().terms) expect(postings(merged, term), term).toEqual(postings(expected, term));
    for (const term of ['alpha', 'odd', 'even']) expect(merged.search([{ term, weight: 1 }], 300)).toEqual(expected.search([{ term, weight: 1 }], 300));
  });

  it('indexes built from the same one share its term map, yet each sees only its own terms (a new term leaks into the serving index)', async () => {
    const prev = Bm25Index.build(docs(4));
    const keep = Int32Array.from([0, 1, 2, 3]);
    const first = new Bm25Builder(prev, keep, 4);
    first.add(['yak']);
    const a = await first.finish();
    // A second build from the same index (the first one's reload failed, say) gives its new term the same id.
    const second = new Bm25Builder(prev, keep, 4);
    second.add(['zebra']);
    const b = await second.finish();
    expect(prev.df('yak')).toBe(0);
    expect(prev.search([{ term: 'zebra', weight: 1 }], 3)).toEqual([]);
    expect(a.df('yak')).toBe(1);
    expect(b.df('zebra')).toBe(1);
    expect(b.df('yak')).toBe(0);
    expect(b.search([{ term: 'yak', weight: 1 }], 3)).toEqual([]);
  });
});

describe('chunk store', () => {
  const chunk = (i: number): Chunk => ({ id: `d.md#${i}`, docId: 'd.md', source: 'd.md', title: 'D', section: i % 2 ? 'Sec' : undefined, text: `텍스트 ${i} “quoted”`, start: i * 10, end: i * 10 + 9, hash: `h${i}` });

  it('ranges of an old store and new chunks compose in order, byte for byte (an offset off by one garbles every later chunk)', async () => {
    const a = await ChunkStore.compose([{ chunks: [0, 1, 2, 3].map(chunk) }]);
    const b = await ChunkStore.compose([{ store: a, from: 1, to: 3 }, { chunks: [chunk(9)] }, { store: a, from: 0, to: 1 }]);
    expect(b.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => b.get(i))).toEqual([chunk(1), chunk(2), chunk(9), chunk(0)].map((c) => JSON.parse(JSON.stringify(c))));
    expect(b.indexOfId('d.md#9')).toBe(2);
    expect(b.indexOf(b.get(3))).toBe(3);
  });
});

// Reloads: incremental (unchanged text is never re-embedded), atomic (questions see the old index
// until the new one is complete, and keep seeing it when the build fails), coalesced, and
// persisted (a restart serves the saved index without embedding anything).
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { afterAll, describe, expect, it } from 'vitest';
import { OfflineHashEmbeddings, OFFLINE_HASH_ID } from '../src/embeddings/offline-hash';
import { readManifest, staleReason } from '../src/kb/persist';
import type { ReloadProgress } from '../src/types';
import { cleanup, makeBot, q, SMALL_KB, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { rejectionOf } from './helpers/errors';

afterAll(cleanup);

/** The offline embedder, recording every text it embeds; embedDocuments can be held or made to fail. */
class RecordingEmbeddings implements EmbeddingsInterface {
  readonly inner = new OfflineHashEmbeddings();
  embedded: string[] = [];
  batches = 0;
  queries = 0;
  /** When set, embedDocuments waits for it (a reload "in progress"). */
  gate?: Promise<void>;
  /** Resolves when embedDocuments is entered while gated. */
  entered?: () => void;
  failWith?: Error;

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.batches += 1;
    this.embedded.push(...texts);
    if (this.gate) {
      this.entered?.();
      await this.gate;
    }
    if (this.failWith) throw this.failWith;
    return this.inner.embedDocuments(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    this.queries += 1;
    return this.inner.embedQuery(text);
  }

  reset(): void {
    this.embedded = [];
    this.batches = 0;
  }

  /** Holds the next embedDocuments call; returns when it is entered and a function to release it. */
  hold(): { entered: Promise<void>; release: () => void } {
    let release!: () => void;
    this.gate = new Promise<void>((r) => (release = r));
    const entered = new Promise<void>((r) => (this.entered = r));
    return {
      entered,
      release: () => {
        this.gate = undefined;
        release();
      },
    };
  }
}

async function setup(files: Record<string, string> = SMALL_KB, over: Parameters<typeof makeBot>[1] = {}) {
  const dir = writeSmallKb(files);
  const emb = new RecordingEmbeddings();
  const bot = makeBot(dir, { embeddings: emb, ...over });
  const first = await bot.ready;
  return { dir, emb, bot, first: first! };
}

const RAISE = 'How much did Redfern Labs raise?';
const write = (dir: string, file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
const redfernWith = (amount: string) => SMALL_KB['redfern.md'].replace('$40 million', amount);

describe('incremental reload', () => {
  it('the first load embeds every chunk once', async () => {
    const { emb, first, bot } = await setup();
    expect(first.added.sort()).toEqual(['bluewave.md', 'cooking.md', 'redfern.md']);
    expect(first.embedded).toBe(bot.kb.snapshot!.chunks.length);
    expect(emb.embedded).toHaveLength(first.embedded);
  });

  it('a reload with nothing changed embeds nothing (a paid API would be billed again)', async () => {
    const { emb, bot } = await setup();
    emb.reset();
    const s = await bot.reload();
    expect(emb.embedded).toEqual([]);
    expect(s).toMatchObject({ added: [], changed: [], removed: [], failed: [], unchanged: 3, documents: 3, embedded: 0 });
    const again = await bot.reload();
    expect(again.embedded).toBe(0);
    expect(emb.embedded).toEqual([]);
  });

  it('changing one sentence of one document embeds only the chunk that changed', async () => {
    const { dir, emb, bot } = await setup();
    const redfernChunks = bot.kb.snapshot!.chunks.filter((c) => c.docId === 'redfern.md').length;
    expect(redfernChunks).toBeGreaterThan(1);
    emb.reset();
    write(dir, 'redfern.md', redfernWith('$55 million'));
    const s = await bot.reload();
    expect(s).toMatchObject({ added: [], changed: ['redfern.md'], removed: [], unchanged: 2, documents: 3 });
    expect(s.embedded).toBe(1);
    expect(emb.embedded).toHaveLength(1);
    expect(emb.embedded[0]).toContain('$55 million');
    const a = await bot.ask(q(RAISE));
    expect(a.text).toContain('$55 million');
    expect(a.text).not.toContain('$40 million');
  });

  it('summary lists added, changed, removed and unchanged documents correctly', async () => {
    const { dir, bot } = await setup();
    write(dir, 'redfern.md', redfernWith('$55 million'));
    fs.rmSync(path.join(dir, 'cooking.md'));
    write(dir, 'tidewater.md', '# Tidewater\n\nTidewater Robotics was founded in Oslo in 2015.\n');
    const s = await bot.reload();
    expect(s.added).toEqual(['tidewater.md']);
    expect(s.changed).toEqual(['redfern.md']);
    expect(s.removed).toEqual(['cooking.md']);
    expect(s.unchanged).toBe(1);
    expect(s.documents).toBe(3);
    expect(s.failed).toEqual([]);
    expect(bot.status()).toMatchObject({ documents: 3, chunks: s.chunks, lastReload: { ok: true } });
  });

  it('a removed document disappears from answers', async () => {
    const { dir, bot } = await setup();
    expect((await bot.ask(q(RAISE))).citations[0].docId).toBe('redfern.md');
    fs.rmSync(path.join(dir, 'redfern.md'));
    const s = await bot.reload();
    expect(s.removed).toEqual(['redfern.md']);
    const a = await bot.ask(q(RAISE));
    expect(a.abstained).toBe(true);
    expect(a.text).not.toContain('$40 million');
    const other = await bot.ask(q('Where was Bluewave founded?'));
    expect(other.citations.map((c) => c.docId)).not.toContain('redfern.md');
  });
});

describe('atomic reload', () => {
  it('while a reload is embedding, questions are answered from the old index', async () => {
    const { dir, emb, bot } = await setup();
    write(dir, 'redfern.md', redfernWith('$55 million'));
    const held = emb.hold();
    const reloading = bot.reload();
    await held.entered;
    expect(bot.status().reloading).toBe(true);
    const during = await bot.ask(q(RAISE));
    expect(during.abstained).toBe(false);
    expect(during.text).toContain('$40 million');
    held.release();
    await reloading;
    expect(bot.status().reloading).toBe(false);
    expect((await bot.ask(q(RAISE))).text).toContain('$55 million');
  });

  it('an embedder that fails mid-build: RELOAD_FAILED, the old index keeps answering, status says why', async () => {
    const { dir, emb, bot } = await setup();
    write(dir, 'redfern.md', redfernWith('$55 million'));
    emb.failWith = new Error('embeddings provider is down');
    const err = await rejectionOf(bot.reload());
    expect(err.code).toBe('RELOAD_FAILED');
    expect(err.message).toContain('embeddings provider is down');
    const a = await bot.ask(q(RAISE));
    expect(a.text).toContain('$40 million');
    const st = bot.status();
    expect(st.lastReload?.ok).toBe(false);
    expect(st.lastReload?.error).toContain('embeddings provider is down');
    expect(st.documents).toBe(3);
    // The failure is not sticky: the next reload with a working embedder goes through.
    emb.failWith = undefined;
    const s = await bot.reload();
    expect(s.changed).toEqual(['redfern.md']);
    expect(bot.status().lastReload?.ok).toBe(true);
    expect((await bot.ask(q(RAISE))).text).toContain('$55 million');
  });

  it('a document that becomes unreadable is reported and its last good version keeps answering', async () => {
    const { dir, bot } = await setup();
    fs.writeFileSync(path.join(dir, 'redfern.md'), Buffer.alloc(2048, 0));
    const s = await bot.reload();
    expect(s.failed.map((f) => f.file)).toEqual(['redfern.md']);
    expect(s.failed[0].reason).toMatch(/previous version stays/);
    expect(s.removed).toEqual([]);
    expect(s.documents).toBe(3);
    const a = await bot.ask(q(RAISE));
    expect(a.abstained).toBe(false);
    expect(a.citations[0].docId).toBe('redfern.md');
    expect(a.text).toContain('$40 million');
    expect(bot.status().errors.map((e) => e.file)).toEqual(['redfern.md']);
  });

  it('a new document that is unreadable is reported, and the rest still loads', async () => {
    const { dir, bot } = await setup();
    fs.writeFileSync(path.join(dir, 'broken.md'), Buffer.alloc(512, 0));
    const s = await bot.reload();
    expect(s.failed.map((f) => f.file)).toEqual(['broken.md']);
    expect(s.failed[0].reason).not.toMatch(/previous version/);
    expect(s.added).toEqual([]);
    expect(s.documents).toBe(3);
  });

  it('a broken _glossary.yml fails the reload, naming the file; the old index (and glossary) keeps serving', async () => {
    const { dir, bot } = await setup();
    write(dir, 'redfern.md', redfernWith('$55 million'));
    write(dir, '_glossary.yml', 'organizations:\n  - [Bluewave, 블루웨이브\n');
    const err = await rejectionOf(bot.reload());
    expect(err.code).toBe('RELOAD_FAILED');
    expect(err.message).toContain('_glossary.yml');
    expect((await bot.ask(q(RAISE))).text).toContain('$40 million');
    // Only the old glossary links the English name to the Korean document.
    const cross = await bot.ask(q('When was Bluewave founded?'));
    expect(cross.abstained).toBe(false);
    expect(cross.text).toContain('2019');
    expect(bot.status().lastReload).toMatchObject({ ok: false });
    expect(bot.status().lastReload?.error).toContain('_glossary.yml');
  });

  it('a knowledge folder that disappears fails the reload with KNOWLEDGE_DIR_MISSING and keeps serving', async () => {
    const { dir, bot } = await setup();
    fs.rmSync(dir, { recursive: true, force: true });
    const err = await rejectionOf(bot.reload());
    expect(err.code).toBe('KNOWLEDGE_DIR_MISSING');
    expect((await bot.ask(q(RAISE))).text).toContain('$40 million');
  });
});

describe('coalescing', () => {
  it('three concurrent reloads cause at most two builds, and the later callers share one result', async () => {
    const { dir, emb, bot } = await setup();
    const done: ReloadProgress[] = [];
    // The first build is held until the other two have asked: each caller reads channels.yml before
    // it reaches the knowledge base, and a fast first build could otherwise end in between.
    write(dir, 'redfern.md', redfernWith('$55 million'));
    const held = emb.hold();
    const a = bot.reload();
    await held.entered;
    const b = bot.reload();
    const c = bot.reload({
      onProgress: (p) => {
        if (p.phase === 'done') done.push(p);
      },
    });
    await new Promise((r) => setTimeout(r, 100)); // b and c reach the queue while a is held
    held.release();
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    // The third caller's listener lives through both builds: the running one and the one queued.
    expect(done).toHaveLength(2);
    expect(rb).toBe(rc);
    expect(ra.documents).toBe(3);
  });

  it('a reload requested while one runs still sees the change made after the first one started', async () => {
    const { dir, emb, bot } = await setup();
    write(dir, 'redfern.md', redfernWith('$55 million'));
    const held = emb.hold();
    const first = bot.reload();
    await held.entered;
    write(dir, 'redfern.md', redfernWith('$70 million'));
    const second = bot.reload();
    const third = bot.reload();
    held.release();
    const [s1, s2, s3] = await Promise.all([first, second, third]);
    expect(s1.changed).toEqual(['redfern.md']);
    expect(s2.changed).toEqual(['redfern.md']);
    expect(s3).toBe(s2);
    expect((await bot.ask(q(RAISE))).text).toContain('$70 million');
  });
});

describe('persistence', () => {
  it('a restarted bot on the same DATA_DIR answers without embedding any document', async () => {
    const { dir, bot } = await setup();
    const before = await bot.ask(q(RAISE));
    const emb2 = new RecordingEmbeddings();
    const restarted = makeBot(dir, { embeddings: emb2, dataDir: bot.dataDir });
    const s = await restarted.ready;
    expect(emb2.embedded).toEqual([]);
    expect(s).toMatchObject({ embedded: 0, unchanged: 3, added: [], changed: [] });
    const after = await restarted.ask(q(RAISE));
    expect(after.text).toBe(before.text);
    expect(after.citations[0]).toMatchObject({ docId: 'redfern.md', start: before.citations[0].start, end: before.citations[0].end });
    expect(fs.existsSync(path.join(bot.dataDir, 'index', 'manifest.json'))).toBe(true);
  });

  it('the restarted bot serves the saved index before it has re-read the folder', async () => {
    const { dir, bot } = await setup();
    const emb2 = new RecordingEmbeddings();
    const held = emb2.hold();
    // A changed document forces the start-up reload to embed, which we hold.
    write(dir, 'redfern.md', redfernWith('$55 million'));
    const restarted = makeBot(dir, { embeddings: emb2, dataDir: bot.dataDir });
    await held.entered;
    const a = await restarted.ask(q(RAISE));
    expect(a.text).toContain('$40 million');
    held.release();
    await restarted.ready;
    expect((await restarted.ask(q(RAISE))).text).toContain('$55 million');
  });

  it.each([
    ['a changed CHUNK_SIZE reuses chunk boundaries from the old index', { chunkSize: 300 }, /chunk size/],
    ['a changed CHUNK_OVERLAP reuses the old chunks', { chunkOverlap: 40 }, /chunk size or overlap/],
    ['another embeddings id mixes vectors of two embedders', { embeddingsId: 'local:hash-v2-test' }, /embeddings local:hash-v1 → local:hash-v2-test/],
    ['the same embedder with other dimensions mixes vector sizes', { embeddingsFingerprint: 'local:hash-v1/d64' }, /embedder settings/],
  ])('%s: the index is rebuilt', async (_bug, change, reason) => {
    const { dir, bot } = await setup();
    const manifest = (await readManifest(bot.dataDir))!;
    const settings = { embeddingsId: OFFLINE_HASH_ID, embeddingsFingerprint: manifest.embeddingsFingerprint!, chunkSize: 700, chunkOverlap: 120 };
    expect(staleReason(manifest, settings)).toBeUndefined();
    expect(staleReason(manifest, { ...settings, ...change })).toMatch(reason);

    const emb2 = new RecordingEmbeddings();
    // An embedder says what it is through `fingerprint` (OfflineHashEmbeddings: dimensions and analyzer).
    if ('embeddingsFingerprint' in change) Object.assign(emb2, { fingerprint: change.embeddingsFingerprint });
    const { embeddingsFingerprint: _f, ...botChange } = change as typeof change & { embeddingsFingerprint?: string };
    const rebuilt = makeBot(dir, { embeddings: emb2, dataDir: bot.dataDir, ...botChange });
    const s = (await rebuilt.ready)!;
    expect(s.embedded).toBe(s.chunks);
    expect(emb2.embedded.length).toBe(s.chunks);
    expect(s.added.sort()).toEqual(['bluewave.md', 'cooking.md', 'redfern.md']);
    expect((await rebuilt.ask(q(RAISE))).text).toContain('$40 million');
  });

  it('a restart with a broken glossary serves the saved index and reports the failed reload', async () => {
    const { dir, bot } = await setup();
    write(dir, '_glossary.yml', 'nonsense:\n  - [a, b]\n');
    await rejectionOf(bot.reload());
    const restarted = makeBot(dir, { embeddings: new RecordingEmbeddings(), dataDir: bot.dataDir });
    await expect(restarted.ready).resolves.toBeUndefined();
    expect(restarted.status().lastReload?.ok).toBe(false);
    expect((await restarted.ask(q(RAISE))).text).toContain('$40 million');
  });
});

describe('missing knowledge folder', () => {
  it('start-up fails with KNOWLEDGE_DIR_MISSING naming the folder and KNOWLEDGE_DIR; ask says INDEX_NOT_READY', async () => {
    const missing = path.join(tmpDir('core-missing-'), 'knowledge');
    const bot = makeBot(missing, { embeddings: new RecordingEmbeddings() });
    const err = await rejectionOf(bot.ready);
    expect(err.code).toBe('KNOWLEDGE_DIR_MISSING');
    expect(err.message).toContain(missing);
    expect(err.message).toContain('KNOWLEDGE_DIR');
    const askErr = await rejectionOf(bot.ask(q(RAISE)));
    expect(askErr.code).toBe('INDEX_NOT_READY');
    expect(bot.status()).toMatchObject({ documents: 0, lastReload: { ok: false } });
  });
});

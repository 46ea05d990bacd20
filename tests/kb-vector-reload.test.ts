// With a real embeddings model (here: a fake that records its calls), a one-file edit re-embeds that
// file's changed chunks only and edits the HNSW graph in place through a fork (HnswStore.fork): no
// copy of the graph through a temporary folder, yet the serving index sees exactly its own vectors
// until the swap, a failed build leaves nothing behind, and a restart loads only the served vectors.
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { HnswStore } from '../src/vector/hnsw-store';
import { cleanup, makeBot, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';
import { rejectionOf } from './helpers/errors';

afterAll(cleanup);
afterEach(() => vi.restoreAllMocks());

/** Vectors from the offline hasher, through the generic path (so the knowledge base builds a graph). */
class RecordingEmbeddings implements EmbeddingsInterface {
  private readonly inner = new OfflineHashEmbeddings();
  texts: string[] = [];
  gate?: Promise<void>;
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.texts.push(...texts);
    if (this.gate) await this.gate;
    return this.inner.embedDocuments(texts);
  }
  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}

const EXTRA = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [`topic-${i}.md`, `---\ntitle: Topic ${i}\n---\n\n# Topic ${i}\n\nTopic ${i} covers harbour number ${i * 7} and the ferry line ${i + 100}.\n`]),
);
const NEW_TEXT = 'Funding: Redfern Labs raised $55 million in a Series B round led by Northgate Capital';
const OLD_TEXT = 'Funding: Redfern Labs raised $40 million in a Series B round led by Northgate Capital';

async function started(over: Parameters<typeof makeBot>[1] = {}) {
  const dir = writeSmallKb({ ...SMALL_KB, ...EXTRA });
  const emb = new RecordingEmbeddings();
  const bot = makeBot(dir, { embeddings: emb, ...over });
  await bot.ready;
  emb.texts = [];
  return { dir, bot, emb };
}

const edit = (dir: string) => fs.writeFileSync(path.join(dir, 'redfern.md'), SMALL_KB['redfern.md'].replace('$40 million', '$55 million'));

/** Chunk ids of a store's nearest neighbours of `text`, all of them. */
async function neighbours(store: NonNullable<ReturnType<typeof makeBot>['kb']['snapshot']>['store'], text: string): Promise<string[]> {
  const v = await new OfflineHashEmbeddings().embedQuery(text);
  return (await store!.similaritySearchVectorWithScore(v, store!.size)).map(([d]) => String(d.metadata.id));
}

describe('a one-file edit with a real embeddings model', () => {
  it('re-embeds only the edited chunk and never writes or reads the graph (catches copying the whole HNSW graph through a temporary folder)', async () => {
    const { dir, bot, emb } = await started({ inMemory: true });
    const writes = vi.spyOn(HnswStore.prototype, 'save');
    const reads = vi.spyOn(HnswStore, 'load');
    edit(dir);
    const s = await bot.reload();
    expect(s.changed).toEqual(['redfern.md']);
    expect(emb.texts).toHaveLength(1);
    expect(emb.texts[0]).toContain('$55 million');
    expect(writes).not.toHaveBeenCalled();
    expect(reads).not.toHaveBeenCalled();
    const snap = bot.kb.snapshot!;
    const ids = await neighbours(snap.store, NEW_TEXT);
    expect(snap.chunkById(ids[0])!.text).toContain('$55 million');
    expect(snap.store!.ids().sort()).toEqual(snap.chunks.map((c) => c.id).sort());
  });

  it('the old index sees exactly its own vectors while the edit is built and after the swap (catches a shared graph showing the edit early, or losing the old chunk)', async () => {
    const { dir, bot, emb } = await started();
    const old = bot.kb.snapshot!;
    const oldIds = new Set(old.chunks.map((c) => c.id));
    edit(dir);
    let release!: () => void;
    emb.gate = new Promise((r) => (release = r));
    const reloading = bot.reload();
    await vi.waitFor(() => expect(emb.texts.length).toBeGreaterThan(0));
    // Mid-build: the fork has already removed the old funding chunk from its own view.
    const during = await neighbours(old.store, OLD_TEXT);
    expect(during).toContain(old.chunks.find((c) => c.text.includes('$40 million'))!.id);
    expect(during.every((id) => oldIds.has(id))).toBe(true);
    expect(during).toHaveLength(old.store!.size);
    emb.gate = undefined;
    release();
    await reloading;
    const after = await neighbours(old.store, NEW_TEXT);
    expect(after.every((id) => oldIds.has(id))).toBe(true);
    const now = bot.kb.snapshot!;
    expect(now).not.toBe(old);
    expect(now.chunkById((await neighbours(now.store, NEW_TEXT))[0])!.text).toContain('$55 million');
  });

  it('a build that fails after adding its vectors leaves no trace: the next index has each chunk once (catches orphans of a failed fork showing up)', async () => {
    const { dir, bot } = await started();
    const served = bot.kb.snapshot!;
    // The save fails (DATA_DIR is a file now), after the new vectors went into the shared graph.
    fs.rmSync(bot.dataDir, { recursive: true, force: true });
    fs.writeFileSync(bot.dataDir, 'not a folder');
    edit(dir);
    expect((await rejectionOf(bot.reload())).code).toBe('RELOAD_FAILED');
    expect(bot.kb.snapshot).toBe(served);
    const oldIds = new Set(served.chunks.map((c) => c.id));
    expect((await neighbours(served.store, NEW_TEXT)).every((id) => oldIds.has(id))).toBe(true);

    fs.rmSync(bot.dataDir, { force: true });
    fs.mkdirSync(bot.dataDir);
    await bot.reload();
    const snap = bot.kb.snapshot!;
    const ids = await neighbours(snap.store, NEW_TEXT);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(snap.size);
    expect(snap.store!.ids().sort()).toEqual(snap.chunks.map((c) => c.id).sort());
  });

  it('a restart after edits loads the served vectors only (catches the replaced points saved with the graph coming back)', async () => {
    const { dir, bot } = await started();
    edit(dir);
    await bot.reload();
    fs.writeFileSync(path.join(dir, 'topic-3.md'), EXTRA['topic-3.md'].replace('harbour', 'airport'));
    await bot.reload();
    const again = makeBot(dir, { embeddings: new RecordingEmbeddings(), dataDir: bot.dataDir });
    await again.ready;
    const snap = again.kb.snapshot!;
    const ids = await neighbours(snap.store, OLD_TEXT);
    expect(ids).toHaveLength(snap.size);
    expect(new Set(ids)).toEqual(new Set(snap.chunks.map((c) => c.id)));
  });
});

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { isBotError } from '../src/errors';
import type { Chunk } from '../src/ingest/types';
import { chunkToDocument, documentToChunk } from '../src/vector/chunk-document';
import { HnswStore, META_FILE } from '../src/vector/hnsw-store';

const emb = new OfflineHashEmbeddings();
const dirs: string[] = [];
async function tempDir() {
  const d = await mkdtemp(path.join(os.tmpdir(), 'hnsw-store-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const TEXTS: Record<string, string> = {
  mistral: 'Mistral AI, a Paris startup, raised 1.7 billion euros led by ASML.',
  anthropic: 'Anthropic trains the Claude family of models and is backed by Amazon.',
  nvidia: 'Nvidia sells H100 and Blackwell GPUs to hyperscalers.',
  naver: '네이버는 하이퍼클로바X라는 한국어 거대 언어 모델을 만들었다.',
  samsung: '삼성전자는 HBM 메모리를 엔비디아에 공급한다.',
};

function chunk(id: string, text: string, docId = `${id}.md`): Chunk {
  return { id, docId, source: docId, title: id, text, start: 0, end: text.length, hash: `h-${id}` };
}

async function filledStore(opts = {}) {
  const store = new HnswStore(emb, { embedderId: 'local:hash-v1', ...opts });
  const docs = Object.entries(TEXTS).map(([id, text]) => chunkToDocument(chunk(id, text)));
  await store.addDocuments(docs, { ids: Object.keys(TEXTS) });
  return store;
}

/** Axis-aligned unit vectors: the nearest neighbour of e_i is obviously e_i. */
const axis = (i: number, dims: number) => Array.from({ length: dims }, (_, j) => (j === i ? 1 : 0));
/** Seeded pseudo-random vector: points in general position (orthogonal ones give HNSW no gradient). */
function randomVector(seed: number, dims: number): number[] {
  let x = (seed + 1) * 2654435761;
  return Array.from({ length: dims }, () => {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + 0x9e3779b9) | 0;
    return (x >>> 0) / 2 ** 32 - 0.5;
  });
}
const plainDocs = (n: number) => Array.from({ length: n }, (_, i) => new Document({ pageContent: `doc ${i}`, metadata: { i } }));

describe('HnswStore', () => {
  it.each([
    ['mistral', 'Which startup did ASML lead a round in?'],
    ['anthropic', 'Who makes Claude?'],
    ['nvidia', 'Blackwell GPU supply'],
    ['naver', '하이퍼클로바X는 누가 만들었나?'],
    ['samsung', '삼성전자의 HBM 공급'],
  ])('finds %s as the nearest document for an obvious question', async (expected, question) => {
    const store = await filledStore();
    const [[doc, score]] = await store.similaritySearchWithScore(question, 1);
    expect(doc.id).toBe(expected);
    expect(doc.metadata.docId).toBe(`${expected}.md`);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('scores are similarities, best first: the exact text scores ~1', async () => {
    const store = await filledStore();
    const results = await store.similaritySearchVectorWithScore(await emb.embedQuery(TEXTS.nvidia), 5);
    expect(results[0][0].id).toBe('nvidia');
    expect(results[0][1]).toBeCloseTo(1, 5);
    const scores = results.map(([, s]) => s);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('search results carry the chunk fields, so a citation needs no second lookup', async () => {
    const store = await filledStore();
    const [doc] = await store.similaritySearch('Claude Amazon', 1);
    expect(documentToChunk(doc)).toEqual(chunk('anthropic', TEXTS.anthropic));
  });

  it('delete removes a document from results; unknown ids are ignored', async () => {
    const store = await filledStore();
    await store.delete({ ids: ['nvidia', 'never-added'] });
    expect(store.size).toBe(4);
    expect(store.has('nvidia')).toBe(false);
    const results = await store.similaritySearch('Nvidia H100 Blackwell GPUs hyperscalers', 5);
    expect(results.map((d) => d.id)).not.toContain('nvidia');
    expect(results).toHaveLength(4);
  });

  it('adding an existing id replaces it instead of duplicating it', async () => {
    const store = await filledStore();
    await store.addDocuments([new Document({ pageContent: 'Nvidia now also sells networking gear.', metadata: { v: 2 } })], { ids: ['nvidia'] });
    expect(store.size).toBe(5);
    const results = await store.similaritySearch('Nvidia networking gear', 5);
    expect(results.filter((d) => d.id === 'nvidia')).toHaveLength(1);
    expect(store.getDocument('nvidia')?.metadata).toEqual({ v: 2 });
  });

  it('save → load returns the same results, ids and metadata', async () => {
    const dir = await tempDir();
    const store = await filledStore();
    await store.delete({ ids: ['samsung'] });
    await store.save(dir);
    const loaded = await HnswStore.load(dir, emb);
    expect(loaded.size).toBe(4);
    expect(loaded.embedderId).toBe('local:hash-v1');
    expect(loaded.dimensions).toBe(emb.dimensions);
    for (const q of ['ASML funding', 'Claude', 'GPU', '한국어 모델', 'HBM 메모리']) {
      const before = await store.similaritySearchWithScore(q, 3);
      const after = await loaded.similaritySearchWithScore(q, 3);
      expect(after.map(([d, s]) => [d.id, d.metadata, s.toFixed(5)])).toEqual(before.map(([d, s]) => [d.id, d.metadata, s.toFixed(5)]));
    }
    // The loaded store keeps working: new ids don't collide with old labels.
    await loaded.addDocuments([new Document({ pageContent: 'Cohere sells enterprise search.', metadata: {} })], { ids: ['cohere'] });
    expect((await loaded.similaritySearch('Cohere enterprise', 1))[0].id).toBe('cohere');
    expect((await loaded.similaritySearch('Claude Amazon', 1))[0].id).toBe('anthropic');
  });

  it('save writes atomically: no temp files remain and a second save leaves exactly one index file', async () => {
    const dir = await tempDir();
    const store = await filledStore();
    await store.save(dir);
    await store.addDocuments([new Document({ pageContent: 'xAI trains Grok.', metadata: {} })], { ids: ['xai'] });
    await store.save(dir);
    const files = (await readdir(dir)).sort();
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.index'))).toHaveLength(1);
    expect(files).toContain(META_FILE);
    expect((await HnswStore.load(dir, emb)).size).toBe(6);
  });

  it('an empty store saves and loads', async () => {
    const dir = await tempDir();
    await new HnswStore(emb).save(dir);
    const loaded = await HnswStore.load(dir, emb);
    expect(loaded.size).toBe(0);
    expect(await loaded.similaritySearch('anything', 3)).toEqual([]);
  });

  it.each([
    ['an empty folder', async (_dir: string) => {}],
    ['corrupt JSON', async (dir: string) => writeFile(path.join(dir, META_FILE), '{"format": "hnsw-lo')],
    ['a foreign JSON', async (dir: string) => writeFile(path.join(dir, META_FILE), '{"format": "faiss", "version": 1}')],
    ['a missing index file', async (dir: string) => {
      const store = await filledStore();
      await store.save(dir);
      for (const f of await readdir(dir)) if (f.endsWith('.index')) await rm(path.join(dir, f));
    }],
  ])('load from %s rejects with INDEX_NOT_READY so the caller rebuilds', async (_name, prepare) => {
    const dir = await tempDir();
    await prepare(dir);
    const err = await HnswStore.load(dir, emb).catch((e: unknown) => e);
    expect(isBotError(err, 'INDEX_NOT_READY')).toBe(true);
  });

  it.each([
    ['one batch', [100]],
    ['many small adds', Array.from({ length: 50 }, () => 2)],
  ])('grows past its initial capacity (%s)', async (_name, batches) => {
    const dims = 32;
    const store = new HnswStore(emb, { initialCapacity: 16 });
    let n = 0;
    for (const size of batches) {
      const vectors = Array.from({ length: size }, (_, j) => randomVector(n + j, dims));
      await store.addVectors(vectors, plainDocs(size), { ids: vectors.map((_, j) => `v${n + j}`) });
      n += size;
    }
    expect(store.size).toBe(100);
    expect(store.capacity).toBeGreaterThanOrEqual(100);
    for (const i of [0, 15, 16, 57, 99]) {
      const [[doc, score]] = await store.similaritySearchVectorWithScore(randomVector(i, dims), 1);
      expect(doc.id).toBe(`v${i}`);
      expect(score).toBeCloseTo(1, 5);
    }
  });

  it('reuses the slots of deleted documents — catches an index that grows on every reload', async () => {
    const store = new HnswStore(emb, { initialCapacity: 64 });
    for (let round = 0; round < 10; round++) {
      const ids = Array.from({ length: 16 }, (_, i) => `r${round}-${i}`);
      await store.addVectors(ids.map((_, i) => axis(i, 32)), plainDocs(16), { ids });
      if (round > 0) await store.delete({ ids: Array.from({ length: 16 }, (_, i) => `r${round - 1}-${i}`) });
    }
    expect(store.size).toBe(16);
    expect(store.capacity).toBe(64);
  });

  it('a filter function keeps only matching documents, even when the best match is excluded', async () => {
    const store = await filledStore();
    const results = await store.similaritySearch('Nvidia GPUs', 5, (doc) => doc.metadata.docId !== 'nvidia.md');
    expect(results.map((d) => d.id)).not.toContain('nvidia');
    expect(results.length).toBe(4);
    const only = await store.similaritySearch('Nvidia GPUs', 5, (doc) => doc.metadata.docId === 'naver.md');
    expect(only.map((d) => d.id)).toEqual(['naver']);
  });

  it.each([
    [5, 5],
    [50, 5],
    [0, 0],
  ])('k=%i on a store of 5 returns %i results without throwing', async (k, expected) => {
    const store = await filledStore();
    expect(await store.similaritySearch('AI', k)).toHaveLength(expected);
  });

  it('an empty store returns no results', async () => {
    expect(await new HnswStore(emb).similaritySearch('OpenAI', 4)).toEqual([]);
  });

  it('getVector lets a new store be filled without re-embedding, with the same results', async () => {
    const store = await filledStore();
    const ids = store.ids();
    let calls = 0;
    const counting = { embedDocuments: async (t: string[]) => (calls++, emb.embedDocuments(t)), embedQuery: (t: string) => emb.embedQuery(t) };
    const copy = new HnswStore(counting);
    await copy.addVectors(ids.map((id) => store.getVector(id)!), ids.map((id) => store.getDocument(id)!), { ids });
    expect(calls).toBe(0);
    expect(store.getVector('missing')).toBeUndefined();
    const q = await emb.embedQuery('Claude models');
    const a = await store.similaritySearchVectorWithScore(q, 5);
    const b = await copy.similaritySearchVectorWithScore(q, 5);
    expect(b.map(([d, s]) => [d.id, s.toFixed(5)])).toEqual(a.map(([d, s]) => [d.id, s.toFixed(5)]));
  });

  it.each([
    ['a query of another dimension', async (s: HnswStore) => s.similaritySearchVectorWithScore([1, 0, 0], 1)],
    ['vectors of another dimension', async (s: HnswStore) => s.addVectors([[1, 0, 0]], plainDocs(1), { ids: ['x'] })],
    ['fewer vectors than documents', async (s: HnswStore) => s.addVectors([axis(0, 512)], plainDocs(2))],
  ])('rejects %s with a message that names the mismatch', async (_name, act) => {
    const store = await filledStore();
    await expect(act(store)).rejects.toThrow(/dimensions|vectors for 2 documents/);
  });

  it('results are copies: mutating one does not change the store', async () => {
    const store = await filledStore();
    const [doc] = await store.similaritySearch('Claude', 1);
    doc.metadata.title = 'changed';
    expect(store.getDocument(doc.id!)?.metadata.title).toBe('anthropic');
  });

  it('reports its type for LangChain', () => {
    expect(new HnswStore(emb)._vectorstoreType()).toBe('hnsw-local');
  });
});

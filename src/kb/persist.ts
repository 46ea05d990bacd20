// The index on disk: DATA_DIR/index/{manifest.json, vectors/}. A new index is written to a fresh
// folder and renamed into place, so a crash mid-save leaves the previous index loadable.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../ingest/types';
import type { DocumentFailure, ReloadSummary } from '../types';
import { ANALYZER_VERSION } from '../text/analyzer';
import { Bm25Index } from '../retrieval/bm25';
import type { Glossary } from '../retrieval/glossary';
import { documentToChunk } from '../vector/chunk-document';
import { HnswStore } from '../vector/hnsw-store';
import { IndexSnapshot, type DocInfo } from './snapshot';

export const MANIFEST_VERSION = 1;

export interface Manifest {
  version: number;
  embeddings: string;
  /** The embedder's exact configuration (dimensions, analyzer) when it has one: same id, other vectors. */
  embeddingsFingerprint?: string;
  analyzerVersion: string;
  chunkSize: number;
  chunkOverlap: number;
  builtAt: string;
  documents: DocInfo[];
  failures: DocumentFailure[];
  lastReload?: { at: string; ok: boolean; summary?: ReloadSummary; error?: string };
}

export interface IndexSettings {
  embeddingsId: string;
  embeddingsFingerprint: string;
  chunkSize: number;
  chunkOverlap: number;
}

export function indexDir(dataDir: string): string {
  return path.join(dataDir, 'index');
}

export async function saveSnapshot(dataDir: string, snap: IndexSnapshot, settings: IndexSettings, lastReload?: Manifest['lastReload']): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true });
  const target = indexDir(dataDir);
  const fresh = `${target}.new-${process.pid}-${Date.now()}`;
  await snap.store.save(path.join(fresh, 'vectors'));
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    embeddings: settings.embeddingsId,
    embeddingsFingerprint: settings.embeddingsFingerprint,
    analyzerVersion: ANALYZER_VERSION,
    chunkSize: settings.chunkSize,
    chunkOverlap: settings.chunkOverlap,
    builtAt: snap.builtAt,
    documents: snap.docs,
    failures: snap.failures,
    lastReload,
  };
  await saveBm25(fresh, snap);
  await fs.writeFile(path.join(fresh, 'manifest.json'), JSON.stringify(manifest, null, 1));
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  await fs.rename(target, old).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await fs.rename(fresh, target);
  await fs.rm(old, { recursive: true, force: true });
}

/**
 * A crash between the two renames of saveSnapshot leaves no index folder, only the previous one
 * moved aside as index.old-*: put the newest of those back so the last good index serves again.
 */
export async function restoreInterruptedSave(dataDir: string): Promise<void> {
  const target = indexDir(dataDir);
  if (await fs.stat(target).then(() => true, () => false)) return;
  const names = await fs.readdir(dataDir).catch(() => [] as string[]);
  const olds = names.filter((n) => n.startsWith(`${path.basename(target)}.old-`)).sort((a, b) => Number(b.split('-').at(-1)) - Number(a.split('-').at(-1)));
  if (olds.length) await fs.rename(path.join(dataDir, olds[0]), target);
}

/** Records the outcome of a reload that did not produce a new index (e.g. it failed). */
export async function saveLastReload(dataDir: string, lastReload: NonNullable<Manifest['lastReload']>): Promise<void> {
  const file = path.join(indexDir(dataDir), 'manifest.json');
  const manifest = await readManifest(dataDir);
  if (!manifest) return;
  manifest.lastReload = lastReload;
  await fs.writeFile(`${file}.tmp`, JSON.stringify(manifest, null, 1));
  await fs.rename(`${file}.tmp`, file);
}

export async function readManifest(dataDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(indexDir(dataDir), 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Why a persisted index cannot serve with these settings, or undefined when it can. */
export function staleReason(m: Manifest, s: IndexSettings): string | undefined {
  if (m.version !== MANIFEST_VERSION) return `index format ${m.version} → ${MANIFEST_VERSION}`;
  if (m.embeddings !== s.embeddingsId) return `embeddings ${m.embeddings} → ${s.embeddingsId}`;
  if (m.embeddingsFingerprint !== s.embeddingsFingerprint) return `embedder settings ${m.embeddingsFingerprint} → ${s.embeddingsFingerprint}`;
  if (m.analyzerVersion !== ANALYZER_VERSION) return `analyzer ${m.analyzerVersion} → ${ANALYZER_VERSION}`;
  if (m.chunkSize !== s.chunkSize || m.chunkOverlap !== s.chunkOverlap) return 'chunk size or overlap changed';
  return undefined;
}

export async function loadSnapshot(
  dataDir: string,
  manifest: Manifest,
  embeddings: EmbeddingsInterface,
  glossary: Glossary,
): Promise<IndexSnapshot> {
  const dir = indexDir(dataDir);
  const store = await HnswStore.load(path.join(dir, 'vectors'), embeddings);
  const byId = new Map<string, Chunk>();
  for (const id of store.ids()) {
    const d = store.getDocument(id);
    const c = d && documentToChunk(d as { pageContent: string; metadata: Record<string, unknown> });
    if (c) byId.set(c.id, c);
  }
  // The saved BM25 index numbers chunks in the order it was built with; restore that order.
  const bm25 = await loadBm25(dir).catch(() => undefined);
  if (bm25 && bm25.ids.length === byId.size && bm25.ids.every((id) => byId.has(id))) {
    const chunks = bm25.ids.map((id) => byId.get(id)!);
    return new IndexSnapshot(chunks, store, embeddings, manifest.embeddings, glossary, manifest.documents, manifest.failures, manifest.builtAt, bm25.index);
  }
  const order = new Map(manifest.documents.map((d, i) => [d.id, i]));
  const chunks = [...byId.values()].sort((a, b) => (order.get(a.docId) ?? 0) - (order.get(b.docId) ?? 0) || a.start - b.start);
  return new IndexSnapshot(chunks, store, embeddings, manifest.embeddings, glossary, manifest.documents, manifest.failures, manifest.builtAt);
}

// BM25 on disk: terms and chunk ids as JSON, postings as one binary file of typed arrays, so a
// restart does not analyse every chunk again (most of the cold-start time otherwise).
async function saveBm25(dir: string, snap: IndexSnapshot): Promise<void> {
  const p = snap.bm25.toParts();
  const arrays = [p.offsets, p.docs, p.tfs, p.docLen];
  const meta = { ids: snap.chunks.map((c) => c.id), terms: p.terms, lengths: arrays.map((a) => a.length) };
  const bytes = arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  // Keep each array 4-byte aligned (Uint16 tfs may be odd-length).
  const padded = bytes.flatMap((b) => (b.length % 4 ? [b, Buffer.alloc(4 - (b.length % 4))] : [b]));
  await fs.writeFile(path.join(dir, 'bm25.json'), JSON.stringify(meta));
  await fs.writeFile(path.join(dir, 'bm25.bin'), Buffer.concat(padded));
}

async function loadBm25(dir: string): Promise<{ ids: string[]; index: Bm25Index }> {
  const meta = JSON.parse(await fs.readFile(path.join(dir, 'bm25.json'), 'utf8')) as { ids: string[]; terms: string[]; lengths: number[] };
  const bin = await fs.readFile(path.join(dir, 'bm25.bin'));
  const buf = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  let at = 0;
  const take = <T>(Ctor: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }, n: number): T => {
    const out = new Ctor(buf, at, n);
    at += n * Ctor.BYTES_PER_ELEMENT;
    at += (4 - (at % 4)) % 4;
    return out;
  };
  const [nOff, nDocs, nTf, nLen] = meta.lengths;
  const parts = {
    terms: meta.terms,
    offsets: take(Uint32Array, nOff),
    docs: take(Int32Array, nDocs),
    tfs: take(Uint16Array, nTf),
    docLen: take(Float32Array, nLen),
  };
  if (at !== buf.byteLength || parts.offsets[nOff - 1] !== nDocs || nLen !== meta.ids.length) throw new Error('bm25 files do not match');
  return { ids: meta.ids, index: Bm25Index.fromParts(parts) };
}

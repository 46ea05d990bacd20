// The index on disk: DATA_DIR/index/{manifest.json, vectors/}. A new index is written to a fresh
// folder and renamed into place, so a crash mid-save leaves the previous index loadable.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../ingest/types';
import type { DocumentFailure, ReloadSummary } from '../types';
import { ANALYZER_VERSION } from '../text/analyzer';
import type { Glossary } from '../retrieval/glossary';
import { documentToChunk } from '../vector/chunk-document';
import { HnswStore } from '../vector/hnsw-store';
import { IndexSnapshot, type DocInfo } from './snapshot';

export const MANIFEST_VERSION = 1;

export interface Manifest {
  version: number;
  embeddings: string;
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
    analyzerVersion: ANALYZER_VERSION,
    chunkSize: settings.chunkSize,
    chunkOverlap: settings.chunkOverlap,
    builtAt: snap.builtAt,
    documents: snap.docs,
    failures: snap.failures,
    lastReload,
  };
  await fs.writeFile(path.join(fresh, 'manifest.json'), JSON.stringify(manifest, null, 1));
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  await fs.rename(target, old).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await fs.rename(fresh, target);
  await fs.rm(old, { recursive: true, force: true });
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
  const store = await HnswStore.load(path.join(indexDir(dataDir), 'vectors'), embeddings);
  const order = new Map(manifest.documents.map((d, i) => [d.id, i]));
  const chunks: Chunk[] = store
    .ids()
    .map((id) => store.getDocument(id))
    .map((d) => (d ? documentToChunk(d as { pageContent: string; metadata: Record<string, unknown> }) : undefined))
    .filter((c): c is Chunk => c !== undefined)
    .sort((a, b) => (order.get(a.docId) ?? 0) - (order.get(b.docId) ?? 0) || a.start - b.start);
  return new IndexSnapshot(chunks, store, embeddings, manifest.embeddings, glossary, manifest.documents, manifest.failures, manifest.builtAt);
}

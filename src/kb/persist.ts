// The index on disk, DATA_DIR/index/:
//   manifest.json              settings, documents (in chunk order), failures, last reload
//   chunks-*.bin, chunks.ends  chunk records (UTF-8 JSON each) back to back, in the byte ranges the
//                              manifest's chunkParts lists, in order; Float64 end offsets. A file an
//                              edit did not touch is hard-linked from the previous index, not written
//                              again (an index saved before chunkParts has one chunks.bin)
//   chunk-ids.bin              chunk ids, NUL-separated
//   bm25.bin, bm25-terms.bin   postings as typed arrays; terms NUL-separated
//   vectors/                   the HNSW graph (chunk ids only), for embedders that use one
// No file holds one JSON string of every chunk (V8's string limit stopped the old format near
// 600k chunks). A new index is written to a fresh folder and renamed into place, so a crash
// mid-save leaves the previous index loadable.
import { randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { DocumentFailure, NameStatus, ReloadSummary } from '../types';
import { ANALYZER_VERSION } from '../text/analyzer';
import { Bm25Index } from '../retrieval/bm25';
import type { Glossary } from '../retrieval/glossary';
import { nameStatus } from '../retrieval/name-pairs/status';
import { ChunkStore } from './chunk-store';
import { timeSlicer } from './time-slice';
import { IndexSnapshot, type DocInfo } from './snapshot';

/** 2: binary chunk store and BM25; vectors only for embedders that use them. */
export const MANIFEST_VERSION = 2;

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
  /** Where the chunk records are: byte ranges of files in the index folder, in order. */
  chunkParts?: ChunkPart[];
  /** What the bot's status says of cross-lingual names, kept so `kb status` can show it without loading the index. */
  names?: NameStatus;
}

export interface ChunkPart {
  file: string;
  offset: number;
  length: number;
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
  // Folder creation, the manifest and the renames are synchronous: metadata operations and one
  // small write, each far under a millisecond, where every awaited step waited for a turn of the
  // event loop behind the questions queued meanwhile (a busy bot's turns are long). The big files
  // stay asynchronous.
  fsSync.mkdirSync(dataDir, { recursive: true });
  const target = indexDir(dataDir);
  const fresh = `${target}.new-${process.pid}-${Date.now()}`;
  fsSync.mkdirSync(fresh, { recursive: true });
  if (snap.store) await snap.store.save(path.join(fresh, 'vectors'));
  const written: [Buffer, ChunkPart][] = [];
  // Side by side: each write's completion waits for a turn of the event loop, and under load (a
  // busy bot answering) a turn is long; two files in flight need half the turns.
  const [chunkParts] = await Promise.all([saveChunks(fresh, target, snap.chunkStore, written), saveBm25(fresh, snap)]);
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
    chunkParts,
    names: nameStatus(snap.glossary),
  };
  fsSync.writeFileSync(path.join(fresh, 'manifest.json'), JSON.stringify(manifest, null, 1));
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  try {
    fsSync.renameSync(target, old);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fsSync.renameSync(fresh, target);
  // Only now are these buffers' bytes in the index folder, for the next save to link.
  for (const [seg, part] of written) savedIn.set(seg.buffer, { file: part.file, base: seg.byteOffset - part.offset });
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
  const [chunks, bm25] = await Promise.all([loadChunks(dir, manifest.chunkParts), loadBm25(dir)]);
  const counted = manifest.documents.reduce((n, d) => n + d.chunks, 0);
  if (bm25.size !== chunks.length || counted !== chunks.length) {
    throw new Error(`the saved index does not add up: ${chunks.length} chunks, ${bm25.size} in BM25, ${counted} in the manifest`);
  }
  // hnswlib and LangChain's vector store load only when this index has vectors.
  let store;
  try {
    await fs.access(path.join(dir, 'vectors'));
    const { HnswStore } = await import('../vector/hnsw-store');
    store = await HnswStore.load(path.join(dir, 'vectors'), embeddings);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return new IndexSnapshot(chunks, bm25, store, embeddings, manifest.embeddings, glossary, manifest.documents, manifest.failures, manifest.builtAt);
}

const NUL = '\0';

/**
 * Which file of the index folder holds a buffer's bytes: buffer offset `base` is file offset 0.
 * Set when a save commits and when an index is loaded; a later save links that file instead of
 * writing its records again (a one-file edit of 1M chunks rewrote 1.3 GB of unchanged records).
 */
const savedIn = new WeakMap<ArrayBufferLike, { file: string; base: number }>();

function ownsMemory(b: Buffer): boolean {
  return b.byteOffset === 0 && b.length === b.buffer.byteLength;
}

async function saveChunks(dir: string, current: string, store: ChunkStore, written: [Buffer, ChunkPart][]): Promise<ChunkPart[]> {
  // Bytes each linkable file still serves: a file mostly of dropped records is written afresh instead.
  const live = new Map<string, number>();
  for (const seg of store.segments) {
    const src = savedIn.get(seg.buffer);
    if (src) live.set(src.file, (live.get(src.file) ?? 0) + seg.length);
  }
  // A small file (under 1/16 of all records: an earlier edit's) is copied into the new file instead, so
  // edits do not pile up one file each: at most ~16 linked files plus the new one.
  const linkable = new Set<string>();
  await Promise.all(
    [...live].map(async ([file, bytes]) => {
      const size = await fs.stat(path.join(current, file)).then((st) => st.size, () => 0);
      const worth = size > 0 && bytes * 2 >= size && size * 16 >= store.byteLength;
      if (worth && (await fs.link(path.join(current, file), path.join(dir, file)).then(() => true, () => false))) linkable.add(file);
    }),
  );
  // Written while the records are: each file's steps wait for turns of the event loop, long ones when
  // the bot is busy answering, so the files go side by side rather than one after another.
  const ends = fs.writeFile(path.join(dir, 'chunks.ends'), new Uint8Array(store.ends.buffer, store.ends.byteOffset, store.ends.byteLength));
  const ids = writeJoined(path.join(dir, 'chunk-ids.bin'), store.ids);
  // Neither may reject unheard while the records are written (the awaits below take their errors).
  ends.catch(() => undefined);
  ids.catch(() => undefined);
  // A fresh name: writing to a linked name would overwrite the previous index's file (same inode).
  const name = `chunks-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}.bin`;
  const parts: ChunkPart[] = [];
  const toWrite: Buffer[] = [];
  let at = 0;
  for (const seg of store.segments) {
    const src = savedIn.get(seg.buffer);
    if (src && linkable.has(src.file)) {
      parts.push({ file: src.file, offset: seg.byteOffset - src.base, length: seg.length });
      continue;
    }
    toWrite.push(seg);
    const part = { file: name, offset: at, length: seg.length };
    parts.push(part);
    // A buffer of its own can be linked next time; a view into a shared one could not be told apart.
    if (ownsMemory(seg)) written.push([seg, part]);
    at += seg.length;
  }
  await writeAll(path.join(dir, name), toWrite);
  await ends;
  await ids;
  return parts;
}

async function loadChunks(dir: string, parts: ChunkPart[] = [{ file: 'chunks.bin', offset: 0, length: -1 }]): Promise<ChunkStore> {
  const files = [...new Set(parts.map((p) => p.file))];
  const [endsBuf, idsBuf, ...data] = await Promise.all(['chunks.ends', 'chunk-ids.bin', ...files].map((f) => fs.readFile(path.join(dir, path.basename(f)))));
  const byFile = new Map(files.map((f, i) => [f, data[i]]));
  // Only a buffer that owns its memory: a small one shares a pool with unrelated bytes.
  for (const [file, buf] of byFile) if (ownsMemory(buf)) savedIn.set(buf.buffer, { file, base: 0 });
  const segments = parts.map((p) => {
    const buf = byFile.get(p.file)!;
    if (p.length < 0) return buf;
    if (p.offset + p.length > buf.length) throw new Error(`${p.file} is shorter than the manifest says`);
    return buf.subarray(p.offset, p.offset + p.length);
  });
  const ends = new Float64Array(endsBuf.buffer.slice(endsBuf.byteOffset, endsBuf.byteOffset + endsBuf.byteLength));
  const ids = ends.length === 0 ? [] : idsBuf.toString('utf8').split(NUL);
  return new ChunkStore(segments, ends, ids);
}

/**
 * `list.join(NUL)` written to a file. Joined in parts, with a pause when one took its time slice:
 * joining and encoding 1M chunk ids or terms at once blocked answers for tens of milliseconds.
 * Written in one call: every write waits for a turn of the event loop, long when the bot is busy.
 */
async function writeJoined(file: string, list: string[]): Promise<void> {
  const slicer = timeSlicer();
  const parts: Buffer[] = [];
  for (let from = 0; from < list.length; from += 32_768) {
    const part = list.slice(from, from + 32_768).join(NUL);
    parts.push(Buffer.from(from === 0 ? part : NUL + part, 'utf8'));
    await slicer.tick();
  }
  await writeAll(file, parts);
}

/** Buffers written back to back into a new file, in one writev when it takes them all. */
async function writeAll(file: string, buffers: Uint8Array[]): Promise<void> {
  const out = await fs.open(file, 'w');
  try {
    const total = buffers.reduce((n, b) => n + b.byteLength, 0);
    const { bytesWritten } = await out.writev(buffers);
    // A short write (rare: a signal, a full disk) is finished the slow way, from where it stopped.
    if (bytesWritten < total) {
      let skip = bytesWritten;
      for (const b of buffers) {
        if (skip >= b.byteLength) {
          skip -= b.byteLength;
          continue;
        }
        await out.write(b, skip, b.byteLength - skip, null);
        skip = 0;
      }
    }
  } finally {
    await out.close();
  }
}

// BM25 on disk: postings as one binary file of typed arrays and the terms NUL-separated, so a
// restart does not analyse every chunk again (most of the cold-start time otherwise).
async function saveBm25(dir: string, snap: IndexSnapshot): Promise<void> {
  const p = snap.bm25.toParts();
  const arrays = [p.offsets, p.docs, p.tfs, p.docLen];
  const header = new Uint32Array([arrays.length, ...arrays.map((a) => a.length)]);
  const bytes = [header, ...arrays].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  // Keep each array 4-byte aligned (Uint16 tfs may be odd-length).
  const padded = bytes.flatMap((b) => (b.length % 4 ? [b, Buffer.alloc(4 - (b.length % 4))] : [b]));
  await Promise.all([writeAll(path.join(dir, 'bm25.bin'), padded), writeJoined(path.join(dir, 'bm25-terms.bin'), p.terms)]);
}

/**
 * A whole file read into shared memory: BM25's arrays cross to the merge worker of the next
 * reload without a copy (src/retrieval/bm25-merge.ts).
 */
async function readShared(file: string): Promise<SharedArrayBuffer> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const buf = new SharedArrayBuffer(size);
    const view = Buffer.from(buf);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await fh.read(view, at, size - at, at);
      if (bytesRead === 0) throw new Error(`${path.basename(file)} is shorter than it was a moment ago`);
      at += bytesRead;
    }
    return buf;
  } finally {
    await fh.close();
  }
}

async function loadBm25(dir: string): Promise<Bm25Index> {
  const [buf, termsBuf] = await Promise.all([readShared(path.join(dir, 'bm25.bin')), fs.readFile(path.join(dir, 'bm25-terms.bin'))]);
  let at = 0;
  const take = <T>(Ctor: { new (b: SharedArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }, n: number): T => {
    const out = new Ctor(buf, at, n);
    at += n * Ctor.BYTES_PER_ELEMENT;
    at += (4 - (at % 4)) % 4;
    return out;
  };
  const [count] = take(Uint32Array, 1);
  if (count !== 4) throw new Error('bm25.bin is not a BM25 index of this version');
  const [nOff, nDocs, nTf, nLen] = take(Uint32Array, 4);
  const parts = {
    terms: nOff <= 1 ? [] : termsBuf.toString('utf8').split(NUL),
    offsets: take(Uint32Array, nOff),
    docs: take(Int32Array, nDocs),
    tfs: take(Uint16Array, nTf),
    docLen: take(Float32Array, nLen),
  };
  if (at !== buf.byteLength || parts.offsets[nOff - 1] !== nDocs || parts.terms.length !== nOff - 1) throw new Error('bm25 files do not match');
  return Bm25Index.fromParts(parts);
}

// A small LangChain vector store on hnswlib-node, instead of @langchain/community's HNSWLib: the
// same native index, without the community package's large peer-dependency tree. Ids are our
// chunk ids.
//
// A store is a view of a graph. fork() gives a new view of the same native graph to edit while the
// old view keeps serving exactly what it had: every label records the generation that added it and
// the one that removed it, and a view sees only its own generation's labels. A reload therefore
// inserts and removes a few points instead of copying the whole graph; points no view can see any
// more are really deleted (their slots reused) at the next fork.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import hnswlib from 'hnswlib-node';
import { BotError } from '../errors';
import { fsyncFile, writeDurably } from './durable-file';

type Index = InstanceType<typeof hnswlib.HierarchicalNSW>;

/** Keeps a document in the results when it returns true; runs inside the graph search. */
export type HnswFilter = (doc: DocumentInterface) => boolean;

export interface HnswStoreOptions {
  /** Graph degree (default 12). */
  m?: number;
  /** Build-time beam width (default 40): higher builds slower and finds neighbours better. */
  efConstruction?: number;
  /** Slots allocated up front (default 1024); the index doubles when full. */
  initialCapacity?: number;
  /** Saved with the store so a loader can tell vectors from another embedder (e.g. "local:hash-v1"). */
  embedderId?: string;
}

export const META_FILE = 'hnsw-store.json';
const FORMAT = 'hnsw-local';
const FORMAT_VERSION = 1;
const SPACE = 'cosine' as const;

interface SavedEntry {
  label: number;
  id: string;
  pageContent: string;
  metadata: Record<string, unknown>;
}

interface SavedMeta {
  format: typeof FORMAT;
  version: number;
  space: typeof SPACE;
  dims: number | null;
  m: number;
  efConstruction: number;
  nextLabel: number;
  embedderId?: string;
  /** Name of the index file in the same folder; null when the store was empty. */
  indexFile: string | null;
  entries: SavedEntry[];
}

interface Entry {
  id: string;
  doc: DocumentInterface;
}

/** Removed in no generation yet. */
const ALIVE = 0x7fffffff;

/** The native graph and what every view of it shares. Labels only grow: a label is never reused. */
class Graph {
  index?: Index;
  dims?: number;
  readonly entries = new Map<number, Entry>();
  nextLabel = 0;
  /** The newest generation handed out (the only one that may be written). */
  latest = 0;
  /** Per label: the generation that added it, and the one that removed it (ALIVE while none has). */
  born = new Int32Array(1024);
  died = new Int32Array(1024).fill(ALIVE);
  /** Labels added or removed by a generation and not yet settled (really deleted or kept) by a fork. */
  unsettled: number[] = [];

  newLabel(gen: number): number {
    const label = this.nextLabel++;
    if (label >= this.born.length) {
      const born = new Int32Array(this.born.length * 2);
      born.set(this.born);
      const died = new Int32Array(this.born.length * 2).fill(ALIVE);
      died.set(this.died);
      this.born = born;
      this.died = died;
    }
    this.born[label] = gen;
    this.died[label] = ALIVE;
    return label;
  }

  /** Frees the slot of a label no view will see again (allowReplaceDeleted reuses it). */
  destroy(label: number): void {
    if (!this.entries.delete(label)) return;
    this.index!.markDelete(label);
    this.died[label] = -1;
  }
}

export class HnswStore extends VectorStore {
  declare FilterType: HnswFilter;

  readonly m: number;
  readonly efConstruction: number;
  readonly embedderId?: string;
  private readonly initialCapacity: number;
  private graph = new Graph();
  /** This view's generation of the graph. */
  private gen = 0;
  private labelOf = new Map<string, number>();

  constructor(embeddings: EmbeddingsInterface, opts: HnswStoreOptions = {}) {
    super(embeddings, opts);
    this.m = opts.m ?? 12;
    this.efConstruction = opts.efConstruction ?? 40;
    this.initialCapacity = Math.max(16, opts.initialCapacity ?? 1024);
    this.embedderId = opts.embedderId;
  }

  private get index(): Index | undefined {
    return this.graph.index;
  }

  private get dims(): number | undefined {
    return this.graph.dims;
  }

  /**
   * A new view of the same graph, to edit while this one keeps serving unchanged: no copy of the
   * graph, only of the id map (in slices, with `pause` between them). Call it on the view that
   * serves: what a view forked before and never served added or removed is undone first.
   */
  async fork(pause?: () => Promise<void> | undefined): Promise<HnswStore> {
    this.settle();
    const g = this.graph;
    const next = new HnswStore(this.embeddings, { m: this.m, efConstruction: this.efConstruction, initialCapacity: this.initialCapacity, embedderId: this.embedderId });
    next.graph = g;
    next.gen = ++g.latest;
    let n = 0;
    for (const [id, label] of this.labelOf) {
      next.labelOf.set(id, label);
      if (++n % 16_384 === 0) await pause?.();
    }
    return next;
  }

  /**
   * Makes this view the graph's only one: points it does not see are deleted (their slots reused),
   * removals by a fork that never served are undone. Call it once this view serves: until then
   * every search filters other generations' points out (slower), and older views lose the points
   * they alone had.
   */
  settle(): void {
    const g = this.graph;
    for (const label of g.unsettled) {
      if (g.born[label] > this.gen) g.destroy(label); // added by a fork that never served
      else if (g.died[label] <= this.gen) g.destroy(label); // removed before this view: no newer view sees it
      else g.died[label] = ALIVE; // removed by a fork that never served
    }
    g.unsettled = [];
    g.latest = Math.max(g.latest, this.gen);
  }

  /** Whether the native graph holds points this view must not see. */
  private get shared(): boolean {
    return this.gen !== this.graph.latest || this.graph.unsettled.length > 0;
  }

  _vectorstoreType(): string {
    return 'hnsw-local';
  }

  /** Live (not deleted) documents. */
  get size(): number {
    return this.labelOf.size;
  }

  /** Vector length, known after the first add or load. */
  get dimensions(): number | undefined {
    return this.dims;
  }

  /** Allocated slots, including those of deleted documents not yet reused. */
  get capacity(): number {
    return this.index?.getMaxElements() ?? 0;
  }

  has(id: string): boolean {
    return this.labelOf.has(id);
  }

  ids(): string[] {
    return [...this.labelOf.keys()];
  }

  getDocument(id: string): DocumentInterface | undefined {
    const label = this.labelOf.get(id);
    return label === undefined ? undefined : copyDoc(this.graph.entries.get(label)!.doc);
  }

  /**
   * The stored vector, unit length (the cosine space normalises on insert): enough to copy into
   * another store without re-embedding, since cosine similarity ignores length.
   */
  getVector(id: string): number[] | undefined {
    const label = this.labelOf.get(id);
    return label === undefined || !this.index ? undefined : this.index.getPoint(label);
  }

  async addDocuments(documents: DocumentInterface[], options?: { ids?: string[] }): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents, options);
  }

  /** Adds or replaces (same id) documents. Ids: options.ids, else each document's id, else new UUIDs. */
  async addVectors(vectors: number[][], documents: DocumentInterface[], options?: { ids?: string[] }): Promise<string[]> {
    if (vectors.length !== documents.length) {
      throw new Error(`HnswStore.addVectors: ${vectors.length} vectors for ${documents.length} documents.`);
    }
    if (options?.ids && options.ids.length !== documents.length) {
      throw new Error(`HnswStore.addVectors: ${options.ids.length} ids for ${documents.length} documents.`);
    }
    if (vectors.length === 0) return [];
    const dims = this.dims ?? vectors[0].length;
    for (const v of vectors) {
      if (v.length !== dims || dims === 0) {
        throw new Error(`HnswStore.addVectors: vectors must all have ${dims} dimensions, got one with ${v.length}. Were they made by another embedder?`);
      }
    }
    const index = this.ensureIndex(dims);
    // Conservative: reused slots of deleted points are not counted, so this may grow a bit early.
    const needed = index.getCurrentCount() + vectors.length;
    if (needed > index.getMaxElements()) index.resizeIndex(Math.max(needed, index.getMaxElements() * 2));

    const ids = documents.map((d, i) => options?.ids?.[i] ?? d.id ?? randomUUID());
    for (let i = 0; i < vectors.length; i++) {
      const id = ids[i];
      this.remove(id);
      const label = this.graph.newLabel(this.gen);
      index.addPoint(vectors[i], label, true);
      if (this.gen > 0) this.graph.unsettled.push(label);
      this.labelOf.set(id, label);
      this.graph.entries.set(label, { id, doc: copyDoc(documents[i], id) });
    }
    return ids;
  }

  /** [document, similarity] best first; similarity = 1 - cosine distance (1 = same direction). */
  async similaritySearchVectorWithScore(query: number[], k: number, filter?: HnswFilter): Promise<[DocumentInterface, number][]> {
    if (!this.index || this.size === 0 || k <= 0) return [];
    if (query.length !== this.dims) {
      throw new Error(`HnswStore: query has ${query.length} dimensions, the index ${this.dims}. Was the index built with another embedder?`);
    }
    const kk = Math.min(Math.floor(k), this.size);
    this.index.setEf(Math.max(kk * 4, 64));
    const { entries, born, died } = this.graph;
    const gen = this.gen;
    // Another generation's points (a reload being built, or the one this view was forked from) are
    // skipped inside the search, so k results of this view still come back.
    const mine = this.shared ? (label: number) => born[label] <= gen && died[label] > gen : undefined;
    const labelFilter =
      filter || mine
        ? (label: number) => {
            if (mine && !mine(label)) return false;
            const e = entries.get(label);
            return e !== undefined && (!filter || filter(e.doc));
          }
        : undefined;
    const { distances, neighbors } = this.index.searchKnn(query, kk, labelFilter);
    const out: [DocumentInterface, number][] = [];
    neighbors.forEach((label, i) => {
      const e = entries.get(label);
      if (e) out.push([copyDoc(e.doc), 1 - distances[i]]);
    });
    return out;
  }

  /** Removes documents by id; unknown ids are ignored (a reload may delete what was never added). */
  override async delete(params?: { ids?: string[] }): Promise<void> {
    if (!params?.ids) throw new Error('HnswStore.delete needs { ids }.');
    for (const id of params.ids) this.remove(id);
  }

  /**
   * Writes the store to `dir` so that a crash at any moment leaves either the old or the new
   * store readable: the index goes to a fresh file name, then the JSON that names it is renamed
   * into place (the commit), then older index files are removed. One writer per folder.
   */
  async save(dir: string): Promise<void> {
    const entries = [...this.labelOf].map(([id, label]) => ({ label, e: this.graph.entries.get(label)! }));
    await mkdir(dir, { recursive: true });
    const nonce = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    let indexFile: string | null = null;
    if (this.index && this.dims) {
      indexFile = `hnsw-${nonce}.index`;
      const tmp = path.join(dir, `${indexFile}.tmp`);
      // Sync write: the async writer reads the graph on a worker thread while JS may add points.
      this.index.writeIndexSync(tmp);
      await fsyncFile(tmp);
      await rename(tmp, path.join(dir, indexFile));
    }
    const meta: SavedMeta = {
      format: FORMAT,
      version: FORMAT_VERSION,
      space: SPACE,
      dims: this.dims ?? null,
      m: this.m,
      efConstruction: this.efConstruction,
      nextLabel: this.graph.nextLabel,
      embedderId: this.embedderId,
      indexFile,
      // This view's points only: the file may hold other generations' too, which load() deletes.
      entries: entries.map(({ label, e }) => ({ label, id: e.id, pageContent: e.doc.pageContent, metadata: e.doc.metadata })),
    };
    const tmpMeta = path.join(dir, `${META_FILE}.${nonce}.tmp`);
    await writeDurably(tmpMeta, JSON.stringify(meta));
    await rename(tmpMeta, path.join(dir, META_FILE));
    for (const f of await readdir(dir)) {
      if (/^hnsw-.+\.index(\.tmp)?$/.test(f) && f !== indexFile) await rm(path.join(dir, f), { force: true });
    }
  }

  /** Rejects with INDEX_NOT_READY when nothing usable is saved in `dir`: the caller rebuilds. */
  static async load(dir: string, embeddings: EmbeddingsInterface): Promise<HnswStore> {
    const metaPath = path.join(dir, META_FILE);
    let meta: SavedMeta;
    try {
      meta = JSON.parse(await readFile(metaPath, 'utf8')) as SavedMeta;
    } catch (err) {
      throw new BotError('INDEX_NOT_READY', `No readable vector index at ${metaPath}.`, { cause: err });
    }
    if (meta?.format !== FORMAT || meta.version !== FORMAT_VERSION || meta.space !== SPACE || !Array.isArray(meta.entries)) {
      throw new BotError('INDEX_NOT_READY', `${metaPath} is not a ${FORMAT} v${FORMAT_VERSION} vector index.`);
    }
    const store = new HnswStore(embeddings, { m: meta.m, efConstruction: meta.efConstruction, embedderId: meta.embedderId });
    if (meta.indexFile && meta.dims) {
      const index = new hnswlib.HierarchicalNSW(SPACE, meta.dims);
      try {
        index.readIndexSync(path.join(dir, path.basename(meta.indexFile)), true);
      } catch (err) {
        throw new BotError('INDEX_NOT_READY', `The vector index file ${meta.indexFile} in ${dir} is missing or unreadable.`, { cause: err });
      }
      const known = index.getIdsList();
      const knownSet = new Set(known);
      const missing = meta.entries.find((e) => !knownSet.has(e.label));
      if (index.getNumDimensions() !== meta.dims || missing) {
        throw new BotError('INDEX_NOT_READY', `The vector index in ${dir} does not match ${META_FILE}; rebuild it.`);
      }
      // Points of another generation saved with the graph (the one an edit replaced): not this store's.
      const listed = new Set(meta.entries.map((e) => e.label));
      for (const label of known) {
        if (listed.has(label)) continue;
        try {
          index.markDelete(label);
        } catch {
          // already deleted in the file
        }
      }
      store.graph.index = index;
      store.graph.dims = meta.dims;
    } else if (meta.entries.length > 0) {
      throw new BotError('INDEX_NOT_READY', `${metaPath} lists documents but names no index file; rebuild it.`);
    }
    // Never hand out a label the index already holds, even if nextLabel was hand-edited.
    const next = meta.entries.reduce((n, e) => Math.max(n, e.label + 1), Number(meta.nextLabel) || 0);
    const g = store.graph;
    while (g.nextLabel < next) g.newLabel(0);
    g.died.fill(-1, 0, next); // labels not listed are not this store's; listed ones come alive below
    for (const e of meta.entries) {
      g.died[e.label] = ALIVE;
      store.labelOf.set(e.id, e.label);
      g.entries.set(e.label, { id: e.id, doc: new Document({ pageContent: e.pageContent, metadata: e.metadata, id: e.id }) });
    }
    return store;
  }

  static override async fromDocuments(docs: DocumentInterface[], embeddings: EmbeddingsInterface, opts: HnswStoreOptions = {}): Promise<HnswStore> {
    const store = new HnswStore(embeddings, opts);
    await store.addDocuments(docs);
    return store;
  }

  private ensureIndex(dims: number): Index {
    if (this.gen !== this.graph.latest) {
      throw new Error('HnswStore: this store was forked; only the newest fork can be changed.');
    }
    if (this.index) return this.index;
    const index = new hnswlib.HierarchicalNSW(SPACE, dims);
    // allowReplaceDeleted: slots of deleted chunks are reused, so reloads don't grow the index forever.
    index.initIndex({ maxElements: this.initialCapacity, m: this.m, efConstruction: this.efConstruction, randomSeed: 100, allowReplaceDeleted: true });
    this.graph.index = index;
    this.graph.dims = dims;
    return index;
  }

  private remove(id: string): void {
    const label = this.labelOf.get(id);
    if (label === undefined) return;
    if (this.gen !== this.graph.latest) throw new Error('HnswStore: this store was forked; only the newest fork can be changed.');
    this.labelOf.delete(id);
    const g = this.graph;
    if (g.born[label] === this.gen) {
      g.destroy(label); // no other view has seen it
    } else {
      g.died[label] = this.gen; // older views still serve it until the next fork settles it
      g.unsettled.push(label);
    }
  }
}

/** Callers get their own copy: mutating a result must not change the store. */
function copyDoc(doc: DocumentInterface, id = doc.id): DocumentInterface {
  return new Document({ pageContent: doc.pageContent, metadata: { ...doc.metadata }, id });
}

// Owns the serving snapshot: loads the persisted index at start-up, reloads incrementally and
// atomically (build beside, swap on success), and serialises reloads so two admins clicking
// "reload" at once cause one build after the current one, not two racing ones.
import fs from 'node:fs';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { BotError, isBotError, toBotError } from '../errors';
import { loadKnowledge, type FileStamp } from '../ingest/loader';
import type { Logger } from '../logger';
import type { DocumentFailure, KbStatus, ReloadProgress, ReloadSummary } from '../types';
import { nameStatus } from '../retrieval/name-pairs/status';
import { ANALYZER_VERSION } from '../text/analyzer';
import { Glossary, GLOSSARY_FILE } from '../retrieval/glossary';
import { hasMinedPairs, mineNamePairs, pairsOf, type MinableDocument } from '../retrieval/name-pairs/mine';
import { SnapshotBuilder, usesVectors } from './build';
import { GlossaryFile } from './glossary-file';
import { removeStaleCopies, withDataDirLock } from './data-dir-lock';
import { indexDir, loadSnapshot, readManifest, restoreInterruptedSave, saveLastReload, saveSnapshot, staleReason, type IndexSettings } from './persist';
import type { IndexReplication } from './replication';
import { minePairsFromChunks } from './saved-names';
import type { IndexSnapshot } from './snapshot';

export interface KnowledgeBaseOptions {
  knowledgeDir: string;
  dataDir: string;
  embeddings: EmbeddingsInterface;
  embeddingsId: string;
  chunkSize: number;
  chunkOverlap: number;
  logger: Logger;
  /** Don't write the index to disk (tests, benchmarks). */
  inMemory?: boolean;
  /** Who the start-up load is recorded as (default "start-up"; `kb reload` says "cli"). */
  openedBy?: string;
  /** Several replicas over one database: one builds, all serve its index (src/replicas). */
  replication?: IndexReplication;
}

type ProgressFn = (p: ReloadProgress) => void;

/** The reload a process runs when it opens the knowledge base. */
export const STARTUP = 'start-up';

export class KnowledgeBase {
  private current?: IndexSnapshot;
  private running?: Promise<ReloadSummary>;
  private queued?: Promise<ReloadSummary>;
  private readonly listeners = new Set<ProgressFn>();
  private last?: KbStatus['lastReload'];

  private readonly glossaryFile: GlossaryFile;
  /** What the last reload saw of each file: a file untouched since is not read again (see FileStamp). */
  private readonly stamps = new Map<string, FileStamp>();

  constructor(private readonly opts: KnowledgeBaseOptions) {
    this.glossaryFile = new GlossaryFile(opts.knowledgeDir);
    opts.replication?.attach(this);
  }

  get dataDir(): string {
    return this.opts.dataDir;
  }

  get serving(): boolean {
    return this.current !== undefined;
  }

  get snapshot(): IndexSnapshot | undefined {
    return this.current;
  }

  private get settings(): IndexSettings {
    const fingerprint = (this.opts.embeddings as { fingerprint?: unknown }).fingerprint;
    return {
      embeddingsId: this.opts.embeddingsId,
      embeddingsFingerprint: typeof fingerprint === 'string' ? fingerprint : this.opts.embeddingsId,
      chunkSize: this.opts.chunkSize,
      chunkOverlap: this.opts.chunkOverlap,
    };
  }

  /** Serve the persisted index right away when it fits the settings, then bring it up to date. */
  async open(onProgress?: ProgressFn): Promise<ReloadSummary> {
    if (!this.opts.inMemory) {
      // A save cut between its two renames left the old index aside: put it back before anything
      // else, or the clean-up below would delete the only good copy.
      await restoreInterruptedSave(this.opts.dataDir).catch((err) => this.opts.logger.warn('could not restore the index of an interrupted save', { error: err }));
      const removed = await removeStaleCopies(this.opts.dataDir).catch((err: unknown) => {
        this.opts.logger.warn('could not remove index copies left by an interrupted save', { error: err });
        return [];
      });
      if (removed.length) this.opts.logger.info('removed index copies left by an interrupted save', { removed });
      const manifest = await readManifest(this.opts.dataDir);
      const stale = manifest && staleReason(manifest, this.settings);
      if (manifest && !stale) {
        try {
          this.current = await loadSnapshot(this.opts.dataDir, manifest, this.opts.embeddings, await this.loadGlossary());
          this.last = manifest.lastReload;
          this.opts.logger.info('index loaded', { chunks: this.current.size, documents: this.current.docs.length });
        } catch (err) {
          this.opts.logger.warn('persisted index unreadable; rebuilding', { error: err });
        }
      } else if (stale) {
        this.opts.logger.info('persisted index is stale; rebuilding', { reason: stale });
      }
    }
    return this.reload(onProgress, this.opts.openedBy ?? STARTUP);
  }

  /** Coalesced: while one reload runs, every further request shares the single reload queued after it. */
  reload(onProgress?: ProgressFn, by?: string): Promise<ReloadSummary> {
    if (onProgress) this.listeners.add(onProgress);
    const done = (p: Promise<ReloadSummary>) => p.finally(() => onProgress && this.listeners.delete(onProgress));
    if (!this.running) {
      this.running = this.replicatedReload(by).finally(() => (this.running = undefined));
      return done(this.running);
    }
    if (!this.queued) {
      this.queued = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.reload(undefined, by);
        });
    }
    return done(this.queued);
  }

  private emit(p: ReloadProgress): void {
    for (const l of this.listeners) {
      try {
        l(p);
      } catch {
        // A broken progress display must not fail the reload.
      }
    }
  }

  private async loadGlossary(): Promise<Glossary> {
    try {
      return await this.glossaryFile.load();
    } catch (err) {
      this.opts.logger.warn('glossary unreadable; using none', { error: err });
      return Glossary.empty();
    }
  }

  /** With replicas, one builds at a time; a replica started during another's build serves that one's index. */
  private async replicatedReload(by?: string): Promise<ReloadSummary> {
    const r = this.opts.replication;
    if (!r) return this.runReload(by);
    const started = performance.now();
    const built = await r.whileBuilding(() => this.runReload(by), { startup: by === STARTUP }).catch((err: unknown) => {
      throw isBotError(err) ? err : new BotError('RELOAD_FAILED', `The replicas' database failed: ${(err as Error).message}`, { cause: err });
    });
    if (built) return built;
    const s = this.current!;
    this.opts.logger.info('serving the index another replica built', { chunks: s.size, documents: s.docs.length });
    const ms = Math.round(performance.now() - started);
    return { added: [], changed: [], removed: [], failed: s.failures, unchanged: s.docs.length, documents: s.docs.length, chunks: s.size, indexed: 0, embedded: 0, ms };
  }

  /**
   * Serves the index saved under `dir`/index (another replica built it), read exactly as a saved
   * index at start-up. Throws, and the current index keeps serving, when it is unreadable or was
   * built with other settings.
   */
  async serveSaved(dir: string): Promise<void> {
    const manifest = await readManifest(dir);
    if (!manifest) throw new BotError('SNAPSHOT_INVALID', `${indexDir(dir)} holds no readable index.`);
    const stale = staleReason(manifest, this.settings);
    if (stale) throw new BotError('SNAPSHOT_INVALID', `The shared index was built with other settings (${stale}); this replica keeps its own.`);
    const glossary = await this.loadGlossary();
    const snap = await loadSnapshot(dir, manifest, this.opts.embeddings, glossary);
    // The saved index keeps no name pairs mined from the documents, and this replica never read
    // them: mined from the chunks instead, so every replica answers cross-script names alike.
    const mined = await minePairsFromChunks(snap);
    this.current = snap.withGlossary(glossary.withMined(mined), snap.failures);
    this.last = manifest.lastReload;
  }

  /** Leaves the replicas (nothing to do for a single process). */
  async close(): Promise<void> {
    await this.opts.replication?.close();
  }

  private async runReload(by?: string): Promise<ReloadSummary> {
    const started = performance.now();
    const at = new Date().toISOString();
    try {
      if (!fs.existsSync(this.opts.knowledgeDir)) {
        throw new BotError(
          'KNOWLEDGE_DIR_MISSING',
          `The knowledge folder ${this.opts.knowledgeDir} does not exist. Create it and put documents in it, or set KNOWLEDGE_DIR to the folder that has them.`,
        );
      }
      // A broken glossary fails the reload (the admin must hear about it); the old index keeps serving.
      let glossary: Glossary;
      try {
        glossary = await this.glossaryFile.load();
      } catch (err) {
        throw new BotError('RELOAD_FAILED', (err as Error).message, { cause: err });
      }
      this.emit({ phase: 'load', done: 0, total: 0 });
      const prev = this.current;
      const prevDocs = new Map((prev?.docs ?? []).map((d) => [d.id, d]));
      // A file whose bytes the serving index already has is hashed, not parsed again, unless this
      // process has not yet mined its name pairs (the first reload after a start parses it once).
      const reusable = prev !== undefined && prev.embeddingsId === this.opts.embeddingsId && usesVectors(this.opts.embeddings) === Boolean(prev.store);
      // Documents stream from the loader into the builder: each is chunked, analysed and dropped, so
      // only its bytes and postings stay (a 1M-chunk folder never sits in memory as text).
      const builder = new SnapshotBuilder({
        embeddings: this.opts.embeddings,
        embeddingsId: this.opts.embeddingsId,
        chunkSize: this.opts.chunkSize,
        chunkOverlap: this.opts.chunkOverlap,
        previous: prev,
        onProgress: (p) => this.emit(p),
      });
      const mined: MinableDocument[] = [];
      const loaded = await loadKnowledge(this.opts.knowledgeDir, {
        onProgress: (done, total) => this.emit({ phase: 'load', done, total }),
        isUnchanged: reusable ? (id, hash) => prevDocs.get(id)?.hash === hash && hasMinedPairs(hash) : undefined,
        stamps: this.stamps,
        onDocument: async (doc) => {
          mined.push({ id: doc.id, hash: doc.hash, text: '', pairs: pairsOf(doc) });
          await builder.add(doc);
        },
      });
      const documents = loaded.delivered;
      // Names the documents give in both scripts join the glossary (the file's entries win).
      glossary = glossary.withMined(mineNamePairs([...mined, ...loaded.unchanged.map((d) => ({ ...d, text: '' }))]));
      const failedIds = new Set(loaded.failures.map((f) => f.file));
      // A document that was fine before and is broken now keeps its last good version.
      const keep = [...prevDocs.keys()].filter((id) => failedIds.has(id) && fs.existsSync(`${this.opts.knowledgeDir}/${id}`));
      const failures: DocumentFailure[] = loaded.failures.map((f) => ({
        file: f.file,
        reason: keep.includes(f.file) ? `${f.reason} (the previous version stays in the index)` : f.reason,
      }));

      const { snapshot, embedded, indexed, changed } = await builder.finish({ unchanged: loaded.unchanged.map((d) => d.id), failures, glossary, keep });

      const nowIds = new Set([...documents, ...loaded.unchanged].map((d) => d.id));
      const summary: ReloadSummary = {
        added: documents.filter((d) => !prevDocs.has(d.id)).map((d) => d.id),
        changed: documents.filter((d) => prevDocs.has(d.id) && prevDocs.get(d.id)!.hash !== d.hash).map((d) => d.id),
        removed: [...prevDocs.keys()].filter((id) => !nowIds.has(id) && !keep.includes(id)),
        failed: failures,
        unchanged: loaded.unchanged.length + documents.filter((d) => prevDocs.get(d.id)?.hash === d.hash).length,
        documents: snapshot.docs.length,
        chunks: snapshot.size,
        indexed,
        embedded,
        ms: 0,
      };
      this.emit({ phase: 'save', done: 0, total: 1 });
      summary.ms = Math.round(performance.now() - started);
      // A start-up load that found nothing new is not a reload anyone needs to hear about: status keeps
      // showing the last one that was asked for or changed something.
      const nothingNew = !summary.added.length && !summary.changed.length && !summary.removed.length && !summary.failed.length;
      if (!(by === STARTUP && nothingNew && this.last?.ok)) this.last = { at, ok: true, summary, ...(by ? { by } : {}) };
      // An unchanged index is not written again: a no-change reload touches nothing on disk (the
      // running bot's status still shows it; the saved record keeps the last reload that changed something).
      if (!this.opts.inMemory && changed) {
        await withDataDirLock(this.opts.dataDir, async () => {
          await saveSnapshot(this.opts.dataDir, snapshot, this.settings, this.last);
          // Shared before the swap: a snapshot the other replicas cannot get is not served here either.
          await this.opts.replication?.publish(indexDir(this.opts.dataDir));
        });
      }
      this.current = snapshot; // the swap: questions from here on see the new index
      // The vectors the old index alone had are deleted now (it shares the graph; see HnswStore.fork).
      snapshot.store?.settle();
      this.emit({ phase: 'done', done: 1, total: 1 });
      this.opts.logger.info('reload done', { ...summary, failed: failures.length });
      return summary;
    } catch (err) {
      const e = toBotError(err, 'RELOAD_FAILED');
      this.last = { at, ok: false, error: e.message, ...(by ? { by } : {}) };
      this.opts.logger.error('reload failed; the previous index keeps serving', { code: e.code, error: e.message });
      if (!this.opts.inMemory) await withDataDirLock(this.opts.dataDir, () => saveLastReload(this.opts.dataDir, this.last!)).catch(() => undefined);
      throw e.code === 'RELOAD_FAILED' || e.code === 'KNOWLEDGE_DIR_MISSING' ? e : new BotError('RELOAD_FAILED', e.message, { cause: e });
    }
  }

  status(answerer: string): KbStatus {
    const s = this.current;
    return {
      documents: s?.docs.length ?? 0,
      chunks: s?.size ?? 0,
      embeddings: this.opts.embeddingsId,
      answerer,
      analyzerVersion: ANALYZER_VERSION,
      reloading: this.running !== undefined,
      lastReload: this.last,
      errors: s?.failures ?? [],
      names: s ? nameStatus(s.glossary) : undefined,
      replicas: this.opts.replication?.status(),
    };
  }
}

export { GLOSSARY_FILE };

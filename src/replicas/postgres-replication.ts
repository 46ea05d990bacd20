// Several replicas, one index, over Postgres. A reload asked anywhere is built by one replica at a
// time (a session advisory lock, which Postgres releases when the builder's connection dies, so a
// builder killed mid-reload blocks nobody), stored as a new snapshot version, and announced with
// NOTIFY; every replica fetches it into its data folder, loads it like a saved index at start-up
// and swaps, answering from the old index until then. A poll catches what a dropped LISTEN missed.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { isBotError } from '../errors';
import type { IndexReplication, ReplicaTarget } from '../kb/replication';
import { redact, type Logger } from '../logger';
import type { ReplicasStatus } from '../types';
import { fetchDir, installIndex } from './install-index';
import { SnapshotListener } from './listener';
import { goneAfter, readReplicasStatus } from './status';
import { heartbeat, leave, registerReplica } from './registry';
import { BUILD_LOCK, ensureSchema, LOCK_CLASS } from './schema';
import { fetchSnapshot, folderMatches, latestSnapshot, publishFolder, type SnapshotInfo } from './snapshot-store';

export interface ReplicationOptions {
  databaseUrl: string;
  logger: Logger;
  /** Snapshot versions kept in the database (the newest first). */
  keepVersions: number;
  /** Fallback check for a new version when a notification was missed. */
  pollMs: number;
  heartbeatMs: number;
  /** This replica's row in kb_replicas (default host-pid). */
  replicaId?: string;
}

export class PostgresReplication implements IndexReplication {
  readonly id: string;
  private readonly pool: pg.Pool;
  private readonly listener: SnapshotListener;
  private kb?: ReplicaTarget;
  /** The snapshot version this replica serves; undefined before it serves a shared one. */
  private served?: number;
  /** Versions that failed to load here: not fetched again on every poll. */
  private readonly refused = new Set<number>();
  /** Catching up and building never overlap in one replica: a late notification must not swap an older index over a newer build. */
  private serial: Promise<unknown> = Promise.resolve();
  private started?: Promise<void>;
  /** Set while a start-up build runs without the database: its index cannot be shared. */
  private alone = false;
  private timers: NodeJS.Timeout[] = [];
  /** The replicas table for the synchronous core status, and the number of the refresh that wrote it. */
  private table?: ReplicasStatus;
  /** When the table was last read whole (what a stale one is "as of"). */
  private tableAt?: string;
  private refreshes = { started: 0, applied: 0 };
  private closed = false;

  constructor(private readonly opts: ReplicationOptions) {
    this.id = opts.replicaId ?? `${os.hostname()}-${process.pid}`;
    this.pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 4, application_name: 'kb-replica' });
    // An idle pooled connection that breaks must not crash the process; the next query reconnects.
    this.pool.on('error', (err) => opts.logger.debug('replicas database connection error', { error: err }));
    this.listener = new SnapshotListener(opts.databaseUrl, opts.logger, (v) => this.onVersion(v), () => this.onVersion());
  }

  /** The version this replica serves (for status and tests). */
  get version(): number | undefined {
    return this.served;
  }

  attach(kb: ReplicaTarget): void {
    this.kb = kb;
    this.ensureStarted().catch(() => undefined); // failures surface where the database is needed
    this.listener.start();
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => void fn().catch(() => undefined), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.pollMs, () => this.onVersion());
    every(this.opts.heartbeatMs, () => this.ensureStarted().then(() => heartbeat(this.pool, this.id, this.served)).finally(() => this.refreshTable()));
  }

  status(): ReplicasStatus | undefined {
    return this.table;
  }

  /**
   * Re-reads the replicas table for status(). A failed read keeps the last table, marked stale with
   * why; a slow read that finishes after a newer one does not overwrite it.
   */
  private async refreshTable(): Promise<void> {
    if (this.closed) return;
    const n = ++this.refreshes.started;
    let next: ReplicasStatus;
    try {
      next = { ...(await readReplicasStatus(this.pool, this.opts.heartbeatMs)), self: this.id };
    } catch (err) {
      const last = this.table ?? { replicas: [], goneAfterMs: goneAfter(this.opts.heartbeatMs), self: this.id };
      next = { ...last, stale: { asOf: last.stale?.asOf ?? this.tableAt ?? new Date().toISOString(), error: redact((err as Error).message) } };
    }
    if (n < this.refreshes.applied) return;
    this.refreshes.applied = n;
    if (!next.stale) this.tableAt = new Date().toISOString();
    this.table = next;
  }

  /** Schema and this replica's row; tried again after a failure (the database may come back). */
  private ensureStarted(): Promise<void> {
    this.started ??= (async () => {
      await ensureSchema(this.pool);
      await registerReplica(this.pool, { id: this.id, host: os.hostname(), pid: process.pid, version: this.served });
      await this.refreshTable();
    })().catch((err) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work, work);
    this.serial = run.catch(() => undefined);
    return run;
  }

  async whileBuilding<T>(build: () => Promise<T>, o: { startup: boolean }): Promise<T | undefined> {
    return this.exclusive(async () => {
      let lock: pg.PoolClient;
      try {
        await this.ensureStarted();
        lock = await this.pool.connect();
      } catch (err) {
        if (!o.startup) throw err;
        // Serving something beats serving nothing: build this replica's own index and share it on the next reload.
        this.opts.logger.warn('replicas database unreachable at start-up; building this replica\'s index alone (shared on the next reload)', { error: err });
        this.alone = true;
        try {
          return await build();
        } finally {
          this.alone = false;
        }
      }
      try {
        const { rows } = await lock.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [LOCK_CLASS, BUILD_LOCK]);
        if (!rows[0].got) {
          this.opts.logger.info('another replica is building the index; waiting for its snapshot');
          await lock.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, BUILD_LOCK]);
          if (o.startup) {
            await this.catchUp();
            if (this.kb!.serving) return undefined;
          }
        }
        await this.catchUp();
        return await build();
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, BUILD_LOCK]).catch(() => undefined);
        lock.release();
      }
    });
  }

  async publish(indexDir: string): Promise<void> {
    if (this.alone) return;
    const started = performance.now();
    this.served = await publishFolder(this.pool, indexDir, this.id, this.opts.keepVersions);
    this.opts.logger.info('index snapshot shared', { version: this.served, ms: Math.round(performance.now() - started) });
    await heartbeat(this.pool, this.id, this.served).catch(() => undefined);
    await this.refreshTable();
  }

  /** A notification (or a poll, without a version): serve the newest snapshot if this replica is behind. */
  private onVersion(version?: number): Promise<void> {
    if (this.closed || (version !== undefined && (this.served ?? 0) >= version)) return Promise.resolve();
    return this.exclusive(() => this.catchUp()).catch((err) => this.opts.logger.debug('could not check for a new index snapshot', { error: err }));
  }

  /**
   * Serves the newest snapshot when it is newer than this replica's. A damaged or unloadable one is
   * logged and refused once (the current index keeps serving, and a build replaces it); only
   * database errors are thrown.
   */
  private async catchUp(): Promise<void> {
    const kb = this.kb!;
    const latest = await latestSnapshot(this.pool);
    if (!latest || (this.served ?? 0) >= latest.version || this.refused.has(latest.version)) return;
    // A restart on the copy it already has: nothing to fetch.
    if (this.served === undefined && kb.serving && (await folderMatches(path.join(kb.dataDir, 'index'), latest))) {
      this.served = latest.version;
    } else {
      await this.fetchAndServe(kb, latest);
    }
    await heartbeat(this.pool, this.id, this.served).catch(() => undefined);
    // Status shows the swap at once, not a heartbeat later.
    await this.refreshTable();
  }

  private async fetchAndServe(kb: ReplicaTarget, snap: SnapshotInfo): Promise<void> {
    const started = performance.now();
    const dir = fetchDir(kb.dataDir);
    let fetchMs = 0;
    try {
      await fs.mkdir(dir, { recursive: true });
      await fetchSnapshot(this.pool, snap, path.join(dir, 'index'));
      fetchMs = Math.round(performance.now() - started);
      await kb.serveSaved(dir);
    } catch (err) {
      await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
      if (!isBotError(err) && isConnectionError(err)) throw err;
      this.refused.add(snap.version);
      this.opts.logger.error('index snapshot not served; the current index keeps serving', { version: snap.version, serving: this.served, error: err });
      return;
    }
    this.served = snap.version;
    this.opts.logger.info('serving index snapshot', { version: snap.version, builtBy: snap.builtBy, bytes: snap.bytes, fetchMs, ms: Math.round(performance.now() - started) });
    // Kept for the next start; the index already serves from memory, so a failure here costs only a refetch then.
    await installIndex(kb.dataDir, dir).catch((err) => this.opts.logger.warn('could not keep the fetched index in the data folder', { error: err }));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    await this.listener.close();
    await this.serial.catch(() => undefined);
    await leave(this.pool, this.id).catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

/** Errors from reaching the database, as opposed to a snapshot that cannot be used. */
function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|57P|08)/.test(code) || /Connection terminated/i.test((err as Error).message ?? '');
}

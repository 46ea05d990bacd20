// Versioned copies of the saved index folder in Postgres. The folder is opaque here: every file
// under it, by relative path, as bytea parts (the saved format belongs to src/kb and may change).
// A version is written in one transaction, so no replica ever sees part of one; each file's size
// and SHA-256 are recorded and checked after a fetch, so a damaged copy is refused, never served.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { BotError } from '../errors';
import { SNAPSHOT_CHANNEL } from './schema';

/** Rows of at most this many bytes: a 100 MB file is not one 100 MB query parameter. */
const PART_BYTES = 8 * 1024 * 1024;

export interface SnapshotFile {
  path: string;
  size: number;
  sha256: string;
}

export interface SnapshotInfo {
  version: number;
  builtBy: string;
  createdAt: string;
  files: SnapshotFile[];
  bytes: number;
}

/** Every file under `dir`, by relative path with "/" separators, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  await walk('');
  return out.sort();
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Whether `dir` holds exactly the files of `snap` (a replica restarting on the copy it already has). */
export async function folderMatches(dir: string, snap: SnapshotInfo): Promise<boolean> {
  const names = await listFiles(dir).catch(() => undefined);
  if (!names || names.length !== snap.files.length) return false;
  for (const f of snap.files) {
    const buf = await fs.readFile(path.join(dir, f.path)).catch(() => undefined);
    if (!buf || buf.length !== f.size || sha256(buf) !== f.sha256) return false;
  }
  return true;
}

/**
 * Stores the folder as a new version, keeps only the newest `keep`, and notifies the replicas
 * (Postgres delivers the NOTIFY at commit, so nobody hears of a version before it is readable).
 */
export async function publishFolder(pool: pg.Pool, dir: string, builtBy: string, keep: number): Promise<number> {
  const names = await listFiles(dir);
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const { rows } = await c.query<{ version: string }>("INSERT INTO kb_snapshots (built_by, files, bytes) VALUES ($1, '[]', 0) RETURNING version", [builtBy]);
    const version = Number(rows[0].version);
    const files: SnapshotFile[] = [];
    for (const name of names) {
      const buf = await fs.readFile(path.join(dir, name));
      files.push({ path: name, size: buf.length, sha256: sha256(buf) });
      for (let part = 0, at = 0; at < buf.length || part === 0; part++, at += PART_BYTES) {
        await c.query('INSERT INTO kb_snapshot_files (version, path, part, data) VALUES ($1, $2, $3, $4)', [version, name, part, buf.subarray(at, at + PART_BYTES)]);
      }
    }
    await c.query('UPDATE kb_snapshots SET files = $2, bytes = $3 WHERE version = $1', [version, JSON.stringify(files), files.reduce((n, f) => n + f.size, 0)]);
    await c.query('DELETE FROM kb_snapshots WHERE version <= $1::bigint - $2::int', [version, keep]);
    await c.query('SELECT pg_notify($1, $2)', [SNAPSHOT_CHANNEL, String(version)]);
    await c.query('COMMIT');
    return version;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

export async function latestSnapshot(pool: pg.Pool): Promise<SnapshotInfo | undefined> {
  const { rows } = await pool.query('SELECT version, built_by, created_at, files, bytes FROM kb_snapshots ORDER BY version DESC LIMIT 1');
  const r = rows[0];
  return r && { version: Number(r.version), builtBy: r.built_by, createdAt: new Date(r.created_at).toISOString(), files: r.files, bytes: Number(r.bytes) };
}

/**
 * Writes version `snap` into `dir` (which must not exist) and checks every file against its
 * recorded size and hash. Reads in one repeatable-read transaction: a version pruned meanwhile is
 * still read whole.
 */
export async function fetchSnapshot(pool: pg.Pool, snap: SnapshotInfo, dir: string): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const f of snap.files) {
      const file = path.join(dir, ...f.path.split('/'));
      if (path.relative(dir, file).startsWith('..')) throw invalid(snap, `${f.path} points outside the index folder`);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const hash = createHash('sha256');
      let size = 0;
      const fh = await fs.open(file, 'wx');
      try {
        for (let part = 0; ; part++) {
          // Text results (bytea as hex): pg's binary mode decodes every column as UTF-8 and mangles bytes.
          const { rows } = await c.query<{ data: Buffer }>('SELECT data FROM kb_snapshot_files WHERE version = $1 AND path = $2 AND part = $3', [snap.version, f.path, part]);
          if (!rows.length) break;
          hash.update(rows[0].data);
          size += rows[0].data.length;
          await fh.writeFile(rows[0].data);
        }
      } finally {
        await fh.close();
      }
      if (size !== f.size || hash.digest('hex') !== f.sha256) throw invalid(snap, `${f.path} does not match its recorded size and SHA-256`);
    }
    await c.query('COMMIT');
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
    c.release();
  }
}

function invalid(snap: SnapshotInfo, why: string): BotError {
  return new BotError('SNAPSHOT_INVALID', `Snapshot version ${snap.version} (built by ${snap.builtBy}) is damaged: ${why}. It is not served; reload again to replace it.`);
}

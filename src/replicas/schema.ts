// Tables for sharing one index between replicas. Created on start-up by whichever replica comes
// first; the transaction-scoped advisory lock keeps two replicas starting at once from racing on
// CREATE TABLE (Postgres' IF NOT EXISTS is not safe against a concurrent create).
import type pg from 'pg';

/** Advisory lock keys (class, object): the class is "kb" in ASCII so they stand out in pg_locks. */
export const LOCK_CLASS = 0x6b62;
export const BUILD_LOCK = 1;
const SCHEMA_LOCK = 2;

/** NOTIFY channel: the payload is the new snapshot's version. */
export const SNAPSHOT_CHANNEL = 'kb_snapshot';

export async function ensureSchema(pool: pg.Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, SCHEMA_LOCK]);
    const { rows } = await c.query<{ present: boolean }>("SELECT to_regclass('kb_snapshot_files') IS NOT NULL AS present");
    await c.query(`
      CREATE TABLE IF NOT EXISTS kb_snapshots (
        version    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        built_by   text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- [{path, size, sha256}] of the index folder: what a replica checks a fetched copy against
        files      jsonb       NOT NULL,
        bytes      bigint      NOT NULL
      );
      CREATE TABLE IF NOT EXISTS kb_snapshot_files (
        version bigint  NOT NULL REFERENCES kb_snapshots(version) ON DELETE CASCADE,
        path    text    NOT NULL,
        part    integer NOT NULL,
        data    bytea   NOT NULL,
        PRIMARY KEY (version, path, part)
      );
      CREATE TABLE IF NOT EXISTS kb_replicas (
        id           text        PRIMARY KEY,
        host         text        NOT NULL,
        pid          integer     NOT NULL,
        version      bigint,
        started_at   timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now()
      );`);
    // Stored as is: pglz compression of 8 MiB parts made storing a snapshot several times slower. Only
    // when created: ALTER TABLE waits for every reader, and every later reader would queue behind it.
    if (!rows[0].present) await c.query('ALTER TABLE kb_snapshot_files ALTER COLUMN data SET STORAGE EXTERNAL');
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

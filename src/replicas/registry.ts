// Who serves what: each replica's row says which snapshot version it serves, refreshed by a
// heartbeat. Times are the database's (now()), so replicas with skewed clocks still agree on
// which rows are gone.
import type pg from 'pg';
import type { ReplicaRow } from '../types';

export type { ReplicaRow };

/** Rows of replicas gone this long are deleted when another replica starts. */
const FORGET_AFTER = '1 day';

export async function registerReplica(db: pg.Pool, r: { id: string; host: string; pid: number; version?: number }): Promise<void> {
  await db.query(`DELETE FROM kb_replicas WHERE heartbeat_at < now() - interval '${FORGET_AFTER}'`);
  await db.query(
    `INSERT INTO kb_replicas (id, host, pid, version) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET host = $2, pid = $3, version = $4, started_at = now(), heartbeat_at = now()`,
    [r.id, r.host, r.pid, r.version ?? null],
  );
}

export async function heartbeat(db: pg.Pool, id: string, version: number | undefined): Promise<void> {
  // A replica only moves forward, but its timed heartbeat and the one after a swap run on separate
  // pool connections: the older one may land last. GREATEST keeps the newer version (and ignores NULL).
  await db.query('UPDATE kb_replicas SET heartbeat_at = now(), version = GREATEST(version, $2) WHERE id = $1', [id, version ?? null]);
}

export async function leave(db: pg.Pool, id: string): Promise<void> {
  await db.query('DELETE FROM kb_replicas WHERE id = $1', [id]);
}

export async function listReplicas(db: pg.Pool, goneAfterMs: number): Promise<ReplicaRow[]> {
  const { rows } = await db.query(
    `SELECT id, host, pid, version, started_at, heartbeat_at, heartbeat_at < now() - make_interval(secs => $1::float8 / 1000) AS gone
     FROM kb_replicas ORDER BY gone, id`,
    [goneAfterMs],
  );
  return rows.map((r) => ({
    id: r.id,
    host: r.host,
    pid: r.pid,
    version: r.version === null ? undefined : Number(r.version),
    startedAt: new Date(r.started_at).toISOString(),
    heartbeatAt: new Date(r.heartbeat_at).toISOString(),
    gone: r.gone,
  }));
}

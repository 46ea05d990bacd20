// `kb status` with DATABASE_URL: the newest shared snapshot and which version each replica serves.
// Read-only: a database no replica has started on yet shows no snapshot and no replicas.
import pg from 'pg';
import type { ReplicasStatus } from '../types';
import { listReplicas } from './registry';
import { latestSnapshot } from './snapshot-store';
import { replicaCells, sharedIndexLine } from './status-lines';

export type { ReplicasStatus };

/** Three missed heartbeats: one late beat on a busy host is not an outage. */
export const goneAfter = (heartbeatMs: number) => 3 * heartbeatMs;

export async function replicasStatus(databaseUrl: string, heartbeatMs: number): Promise<ReplicasStatus> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on('error', () => undefined);
  try {
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('kb_snapshots', 'kb_replicas')");
    if (rows[0].n < 2) return { replicas: [], goneAfterMs: goneAfter(heartbeatMs) };
    return await readReplicasStatus(pool, heartbeatMs);
  } finally {
    await pool.end();
  }
}

/** The status from tables that exist (a running replica created them). */
export async function readReplicasStatus(pool: pg.Pool, heartbeatMs: number): Promise<ReplicasStatus> {
  const latest = await latestSnapshot(pool);
  const replicas = await listReplicas(pool, goneAfter(heartbeatMs));
  return { latest: latest && { version: latest.version, builtBy: latest.builtBy, createdAt: latest.createdAt, bytes: latest.bytes }, replicas, goneAfterMs: goneAfter(heartbeatMs) };
}

export function formatReplicasStatus(s: ReplicasStatus): string {
  const head = sharedIndexLine(s);
  const rows = s.replicas.map((r) => {
    const { serves, state } = replicaCells(r, s);
    return [r.id, r.host, String(r.pid), serves, r.heartbeatAt, state];
  });
  const table = [['replica', 'host', 'pid', 'serves', 'heartbeat', 'state'], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const lines = table.map((r) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  return [head, `replicas:   ${s.replicas.length ? '' : 'none'}`, ...(s.replicas.length ? lines : [])].join('\n');
}

// `kb status` with DATABASE_URL: the newest shared snapshot and which version each replica serves.
// Read-only: a database no replica has started on yet shows no snapshot and no replicas.
import pg from 'pg';
import { listReplicas, type ReplicaRow } from './registry';
import { latestSnapshot, type SnapshotInfo } from './snapshot-store';

export interface ReplicasStatus {
  latest?: Omit<SnapshotInfo, 'files'>;
  replicas: ReplicaRow[];
  /** A replica is shown as gone after this long without a heartbeat. */
  goneAfterMs: number;
}

/** Three missed heartbeats: one late beat on a busy host is not an outage. */
export const goneAfter = (heartbeatMs: number) => 3 * heartbeatMs;

export async function replicasStatus(databaseUrl: string, heartbeatMs: number): Promise<ReplicasStatus> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on('error', () => undefined);
  try {
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('kb_snapshots', 'kb_replicas')");
    if (rows[0].n < 2) return { replicas: [], goneAfterMs: goneAfter(heartbeatMs) };
    const latest = await latestSnapshot(pool);
    const replicas = await listReplicas(pool, goneAfter(heartbeatMs));
    return { latest: latest && { version: latest.version, builtBy: latest.builtBy, createdAt: latest.createdAt, bytes: latest.bytes }, replicas, goneAfterMs: goneAfter(heartbeatMs) };
  } finally {
    await pool.end();
  }
}

export function formatReplicasStatus(s: ReplicasStatus): string {
  const head = s.latest
    ? `shared index: version ${s.latest.version}, built by ${s.latest.builtBy} at ${s.latest.createdAt} (${(s.latest.bytes / 1048576).toFixed(1)} MiB)`
    : 'shared index: none yet (the first replica to start builds it)';
  const rows = s.replicas.map((r) => [r.id, r.host, String(r.pid), r.version === undefined ? 'own (unshared)' : `v${r.version}`, r.heartbeatAt, r.gone ? `GONE (no heartbeat for ${s.goneAfterMs / 1000} s)` : 'up']);
  const table = [['replica', 'host', 'pid', 'serves', 'heartbeat', 'state'], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const lines = table.map((r) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  return [head, `replicas:   ${s.replicas.length ? '' : 'none'}`, ...(s.replicas.length ? lines : [])].join('\n');
}

// What every status view says about the replicas (`npm run kb -- status`, Slack and Discord
// `/kb status`, the console's `/status`), worded once here; each surface adds its own label and
// markup. Pure: no database, so the adapters can import it without pg.
import type { ReplicaRow, ReplicasStatus } from '../types';

/** The two cells a replica's line and the CLI table share: what it serves and whether it is up. */
export function replicaCells(r: ReplicaRow, s: ReplicasStatus): { serves: string; state: string } {
  return {
    serves: r.version === undefined ? 'own (unshared)' : `v${r.version}`,
    state: r.gone ? `GONE (no heartbeat for ${Math.round(s.goneAfterMs / 1000)} s)` : 'up',
  };
}

export function sharedIndexLine(s: ReplicasStatus): string {
  return s.latest
    ? `shared index: version ${s.latest.version}, built by ${s.latest.builtBy} at ${s.latest.createdAt} (${(s.latest.bytes / 1048576).toFixed(1)} MiB)`
    : 'shared index: none yet (the first replica to start builds it)';
}

/**
 * One sentence for the shared index, one per replica ("bot-a on web-1 (pid 41): serves v7, up"),
 * and, when the table could not be refreshed, one saying how old it is and why.
 */
export function replicaStatusLines(s: ReplicasStatus): { shared: string; replicas: string[]; stale?: string } {
  return {
    shared: sharedIndexLine(s),
    replicas: s.replicas.map((r) => {
      const { serves, state } = replicaCells(r, s);
      return `${r.id}${r.id === s.self ? ' (this one)' : ''} on ${r.host} (pid ${r.pid}): serves ${serves}, ${state}, last heartbeat ${r.heartbeatAt}`;
    }),
    stale: s.stale && `replicas as of ${s.stale.asOf}: the database is unreachable (${s.stale.error})`,
  };
}

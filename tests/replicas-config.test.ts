// The replicas' settings are validated like every other one: a bad value names the variable and
// the fix, and a database password never appears in the message.
import { expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { isBotError } from '../src/errors';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/bot');
  } catch (err) {
    expect(isBotError(err, 'CONFIG_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected CONFIG_INVALID');
}

it.each([
  ['a non-Postgres DATABASE_URL (would fail at the first reload instead)', { DATABASE_URL: 'mysql://db/kb' }, 'DATABASE_URL="mysql://db/kb" is not a Postgres URL'],
  ['a DATABASE_URL that is no URL at all', { DATABASE_URL: 'db:5432' }, 'DATABASE_URL="db:5432"'],
  ['SNAPSHOT_KEEP_VERSIONS=0 (would delete the snapshot replicas are fetching)', { SNAPSHOT_KEEP_VERSIONS: '0' }, 'SNAPSHOT_KEEP_VERSIONS="0"'],
  ['SNAPSHOT_POLL_MS=fast', { SNAPSHOT_POLL_MS: 'fast' }, 'SNAPSHOT_POLL_MS="fast"'],
  ['REPLICA_HEARTBEAT_MS=10 (a database query every 10 ms per replica)', { REPLICA_HEARTBEAT_MS: '10' }, 'REPLICA_HEARTBEAT_MS="10"'],
])('%s is reported', (_bug, env, part) => {
  expect(problems(env)).toContain(part);
});

it('the password of a rejected DATABASE_URL is masked', () => {
  const msg = problems({ DATABASE_URL: 'mysql://bot:hunter2@db/kb' });
  expect(msg).toContain('DATABASE_URL=');
  expect(msg).not.toContain('hunter2');
});

it('a postgres:// or postgresql:// URL is taken, with the tuning defaults', () => {
  for (const url of ['postgres://bot:pw@db:5432/kb', 'postgresql://db/kb']) {
    const c = loadConfig({ DATABASE_URL: url, REPLICA_ID: 'web-1' }, '/srv/bot');
    expect(c.databaseUrl).toBe(url);
    expect(c.replicas).toEqual({ keepVersions: 3, pollMs: 10_000, heartbeatMs: 10_000, id: 'web-1' });
  }
  expect(loadConfig({}, '/srv/bot').databaseUrl).toBeUndefined();
});

// What only a shared database adds: migrations started by two replicas at once, one rate budget
// across replicas, a live replica's unfinished answer left alone, and a replica that keeps
// answering through a database outage and catches up when it returns.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openQuestionLog } from '../src/cli/kb-reports';
import { loadConfig } from '../src/config';
import { isBotError } from '../src/errors';
import { databaseReachable } from '../src/health/readiness';
import { createLogger } from '../src/logger';
import { openPostgresServices } from '../src/services/postgres';
import { migrate, MIGRATIONS } from '../src/services/postgres/migrations';
import { createPool } from '../src/services/postgres/pool';
import { createPgPendingAnswers } from '../src/services/postgres/pending';
import { fakeAnswer } from './helpers/fake-bot';
import { describeWithPostgres, freshDatabase } from './helpers/postgres';
import { postgresBackend, type Backend } from './helpers/stores';
import { startProxy } from './helpers/tcp-proxy';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
});

const quiet = createLogger('error');

describeWithPostgres('Postgres shared state', () => {
  it('migrations started by two replicas at once apply once (without the advisory lock both run CREATE TABLE and one start-up fails)', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const pools = [createPool(db.url, quiet), createPool(db.url, quiet), createPool(db.url, quiet)];
    for (const p of pools) cleanup.push(() => p.end());
    const applied = await Promise.all(pools.map((p) => migrate(p)));
    expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    cleanup.push(() => c.end());
    expect((await c.query('SELECT version FROM schema_migrations')).rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    // A restart finds nothing to do.
    expect(await migrate(pools[0])).toEqual([]);
  });

  it('one rate budget across replicas: a user over the limit on replica A is limited on B', async () => {
    const b: Backend = await postgresBackend();
    cleanup.push(() => b.dispose());
    const now = () => Date.parse('2025-03-01T00:00:00Z');
    const a = await b.open({ now, perMinute: 2 });
    const other = await b.open({ now, perMinute: 2 });
    expect([await a.rateLimiter.tryConsume('slack:U1'), await a.rateLimiter.tryConsume('slack:U1')]).toEqual([true, true]);
    expect(await other.rateLimiter.tryConsume('slack:U1')).toBe(false);
    expect(await other.rateLimiter.retryAfterSeconds('slack:U1')).toBeGreaterThan(0);
  });

  it('a question another live replica is answering is not an orphan (adopting it would answer it twice)', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const pool = createPool(db.url, quiet);
    cleanup.push(() => pool.end());
    await migrate(pool);
    const busy = createPgPendingAnswers(pool, { owner: 'busy' });
    cleanup.push(async () => busy.close());
    await busy.start({ key: 'slack:msg:C1:1.0', platform: 'slack', channel: 'C1', user: 'U1', question: 'q?' });
    const starting = createPgPendingAnswers(pool, { owner: 'starting', heartbeat: false });
    await expect.poll(async () => (await pool.query(`SELECT 1 FROM replicas WHERE owner = 'busy'`)).rowCount).toBe(1);
    expect(await starting.orphans('slack')).toEqual([]);
    expect(await starting.adopt('slack:msg:C1:1.0')).toBeUndefined();
  });

  it('a replica that loses the database keeps answering, logs the outage once, reports a vote as failed, and catches up', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const proxy = await startProxy(db.url);
    cleanup.push(() => proxy.close());
    const lines: string[] = [];
    const logger = createLogger('info', (l) => lines.push(l));
    const s = await openPostgresServices(proxy.url, { rateLimitPerMinute: 2, logger, pool: { connectTimeoutMs: 500, queryTimeoutMs: 1000 }, retryAfterMs: 300 });
    cleanup.push(() => s.close());
    const answer = fakeAnswer({ id: 'kept' });
    await s.feedback.recordAnswer({ answer, question: 'q', platform: 'slack', channel: 'C1', user: 'U1' });

    await proxy.cut();
    expect(await s.dedupe.firstSeen('slack:event:Ev1')).toBe(true); // answered rather than dropped
    await s.feedback.recordAnswer({ answer: fakeAnswer({ id: 'lost' }), question: 'q', platform: 'slack', channel: 'C1', user: 'U1' });
    const vote = await s.feedback.vote({ answerId: 'kept', user: 'U2', platform: 'slack', vote: 'up' }).catch((e: unknown) => e);
    expect(isBotError(vote, 'STORAGE_FAILED')).toBe(true);
    // The per-user limit holds on this replica's own memory during the outage.
    expect([await s.rateLimiter.tryConsume('slack:U9'), await s.rateLimiter.tryConsume('slack:U9'), await s.rateLimiter.tryConsume('slack:U9')]).toEqual([true, true, false]);
    expect(lines.filter((l) => l.includes('storage failed'))).toHaveLength(1);

    await proxy.restore();
    await expect.poll(() => s.feedback.vote({ answerId: 'kept', user: 'U2', platform: 'slack', vote: 'up' }).catch(() => false), { timeout: 5000 }).toBe(true);
    expect(lines.filter((l) => l.includes('storage works again'))).toHaveLength(1);
    expect(await s.dedupe.firstSeen('slack:event:Ev2')).toBe(true);
    expect(await s.dedupe.firstSeen('slack:event:Ev2')).toBe(false);
  });

  it('/readyz sees a lost database that the stores\' fallbacks hide (a ping through the guard would always say ready)', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const proxy = await startProxy(db.url);
    cleanup.push(() => proxy.close());
    const s = await openPostgresServices(proxy.url, { rateLimitPerMinute: 2, logger: quiet, pool: { connectTimeoutMs: 500, queryTimeoutMs: 1000 }, retryAfterMs: 300 });
    cleanup.push(() => s.close());
    const check = databaseReachable(s);
    await expect(check.check()).resolves.toBeUndefined();
    await proxy.cut();
    expect(await s.dedupe.firstSeen('slack:event:EvR')).toBe(true); // the stores answer from fallbacks…
    await expect(check.check()).rejects.toThrow(); // …but readiness reports the outage
    await proxy.restore();
    await expect.poll(() => check.check().then(() => 'ready', () => 'down'), { timeout: 5000 }).toBe('ready');
  });

  it('a database that hangs costs one connect timeout, then store calls answer from the fallbacks at once (Slack\'s 3 s acknowledgement)', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const proxy = await startProxy(db.url);
    cleanup.push(() => proxy.close());
    const s = await openPostgresServices(proxy.url, { rateLimitPerMinute: 6, logger: quiet, pool: { connectTimeoutMs: 1000 }, retryAfterMs: 10_000 });
    cleanup.push(() => s.close());
    proxy.hang();
    expect(await s.dedupe.firstSeen('slack:command:T1')).toBe(true);
    // A slash command: reply-once claim and rate limit before the acknowledgement, five times over.
    // Each would wait out the 1 s connect timeout without the pause after a failure.
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      expect(await s.dedupe.firstSeen(`slack:command:T${i + 2}`)).toBe(true);
      expect(await s.rateLimiter.tryConsume('slack:U1')).toBe(true);
    }
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('npm run kb -- gaps reads the question log the replicas write to DATABASE_URL, not the local SQLite file', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const s = await openPostgresServices(db.url, { rateLimitPerMinute: 6, logger: quiet });
    cleanup.push(() => s.close());
    await s.questions.record({ question: { text: 'Who runs the Busan office?', user: 'U1', channel: 'C1', platform: 'slack' }, answer: fakeAnswer({ abstained: true }) });
    const { log, close } = await openQuestionLog(loadConfig({ DATABASE_URL: db.url, DATA_DIR: '/nonexistent-kb-data' }, process.cwd()));
    cleanup.push(close);
    expect((await log.gapsSince(0, 0.5)).map((r) => r.text)).toEqual(['Who runs the Busan office?']);
  });

  it('a database that answers but refuses at start-up (no such database) is a clear error naming DATABASE_URL with the password masked', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.username = 'kb';
    url.password = 'hunter2';
    url.pathname = '/no_such_database_kb';
    const err = await openPostgresServices(url.toString(), { rateLimitPerMinute: 6, logger: quiet, pool: { connectTimeoutMs: 500 } }).catch((e: unknown) => e);
    expect(isBotError(err, 'STORAGE_FAILED')).toBe(true);
    expect((err as Error).message).toMatch(/DATABASE_URL=postgres:\/\/\[redacted\]@/);
    expect((err as Error).message).not.toContain('hunter2');
    expect((err as Error).message).toContain('Fix:');
  });

  it('an unreachable database at start-up does not stop the replica: logged once with the password masked, stores on their fallbacks, ping failing, and the schema prepared once it is back', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const proxy = await startProxy(db.url);
    cleanup.push(() => proxy.close());
    const via = new URL(proxy.url);
    via.password = 'hunter2';
    await proxy.cut();
    const lines: string[] = [];
    const logger = createLogger('info', (l) => lines.push(l));
    const s = await openPostgresServices(via.toString(), { rateLimitPerMinute: 2, logger, pool: { connectTimeoutMs: 500, queryTimeoutMs: 1000 }, retryAfterMs: 300 });
    cleanup.push(() => s.close());
    expect(lines.filter((l) => l.includes('database unreachable at start-up'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(await s.dedupe.firstSeen('slack:event:Ev1')).toBe(true); // answered rather than dropped
    await expect(databaseReachable(s).check()).rejects.toThrow();

    await proxy.restore();
    await expect.poll(() => databaseReachable(s).check().then(() => true, () => false), { timeout: 5000 }).toBe(true);
    expect(lines.filter((l) => l.includes('schema ready'))).toHaveLength(1);
    // The stores work on the schema prepared after the outage: the event is stored, so seen the second time.
    await expect.poll(() => s.dedupe.firstSeen('slack:event:Ev2'), { timeout: 5000 }).toBe(false);
  });
});
describe('DATABASE_URL validation', () => {
  it.each([
    ['mysql://kb:hunter2@db/kb', 'a MySQL URL would be silently ignored'],
    ['localhost:5432', 'a host without a scheme'],
    ['postgres://', 'a URL without a host'],
  ])('%s is refused with the variable, the masked value and the fix (%s)', (value) => {
    const err = (() => {
      try {
        loadConfig({ DATABASE_URL: value }, process.cwd());
        return undefined;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toContain('DATABASE_URL=');
    expect(err?.message).toContain('postgres://user:password@host:5432/dbname');
    expect(err?.message).not.toContain('hunter2');
  });

  it('a Postgres URL is kept; unset keeps SQLite', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://kb:pw@db:5432/kb' }, process.cwd()).databaseUrl).toBe('postgresql://kb:pw@db:5432/kb');
    expect(loadConfig({}, process.cwd()).databaseUrl).toBeUndefined();
  });
});

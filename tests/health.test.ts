// GET /healthz and /readyz over real HTTP: on HEALTH_PORT (a node:http server of their own) and on
// PORT beside /slack/events in Slack's HTTP mode (real Bolt). A readiness probe must say "not
// ready" (503) while the index loads or the database is away, and must never hang with it.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { healthRoutes, startHealthServer, type RunningHealth } from '../adapters/health';
import { OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { loadConfig } from '../src/config';
import { isBotError } from '../src/errors';
import { databaseReachable, indexLoaded, type ReadinessCheck } from '../src/health/readiness';
import { silentLogger } from '../src/logger';
import { openServices } from '../src/services';
import { mention, startHarness, type Harness as SlackHarness } from './fakes/slack-harness';
import { cleanup, makeBot, q, writeSmallKb } from './fixtures/core/small-kb';

let server: RunningHealth | undefined;
let slack: SlackHarness | undefined;
afterEach(async () => {
  await server?.stop();
  await slack?.stop();
  server = slack = undefined;
});
afterAll(cleanup);

async function serve(checks: ReadinessCheck[], timeoutMs?: number): Promise<string> {
  server = await startHealthServer({ checks, timeoutMs, port: 0, host: '127.0.0.1', logger: silentLogger });
  return `http://127.0.0.1:${server.port}`;
}

async function get(url: string, method = 'GET'): Promise<{ status: number; body: any; ms: number }> {
  const t0 = Date.now();
  const res = await fetch(url, { method });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: Date.now() - t0 };
}

const ok = (name: string): ReadinessCheck => ({ name, check: async () => undefined });
const failing = (name: string, message: string): ReadinessCheck => ({ name, check: async () => Promise.reject(new Error(message)) });
const hanging = (name: string): ReadinessCheck => ({ name, check: () => new Promise(() => undefined) });
const throwing = (name: string): ReadinessCheck => ({
  name,
  check: () => {
    throw new Error('thrown before any promise');
  },
});

describe('/readyz on HEALTH_PORT', () => {
  it.each([
    ['index loaded, database reachable: 200 ready', [indexLoaded(() => true), ok('database')], 200, { index: true, database: true }],
    ['index still loading: 503 (catches traffic sent to a replica that can only say "not loaded yet")', [indexLoaded(() => false), ok('database')], 503, { index: false, database: true }],
    ['database refuses: 503 naming it (catches a replica taking traffic it cannot record)', [indexLoaded(() => true), failing('database', 'connect ECONNREFUSED 10.0.0.5:5432')], 503, { index: true, database: false }],
    ['a check that throws synchronously: 503, not a crashed server', [indexLoaded(() => true), throwing('database')], 503, { index: true, database: false }],
  ])('%s', async (_name, checks, status, states) => {
    const base = await serve(checks);
    const r = await get(`${base}/readyz`);
    expect(r.status).toBe(status);
    expect(r.body.status).toBe(status === 200 ? 'ready' : 'not ready');
    expect(Object.fromEntries(Object.entries(r.body.checks).map(([k, v]: [string, any]) => [k, v.ok]))).toEqual(states);
    for (const v of Object.values(r.body.checks) as any[]) if (!v.ok) expect(v.error).toBeTruthy();
    expect((await get(`${base}/readyz`)).status, 'still serving after it').toBe(status);
  });

  it('a database that never answers makes /readyz 503 within the deadline (catches a probe hanging with the database)', async () => {
    const base = await serve([indexLoaded(() => true), hanging('database')], 300);
    const r = await get(`${base}/readyz`);
    expect(r.status).toBe(503);
    expect(r.body.checks.database).toMatchObject({ ok: false, error: 'no answer within 300 ms' });
    expect(r.ms).toBeLessThan(2_000);
  });

  it('masks a password in a failing check\'s message (the body is served to anyone who reaches the port)', async () => {
    const base = await serve([failing('database', 'could not connect to postgres://kb:hunter2secret@db:5432/kb')]);
    const r = await get(`${base}/readyz`);
    expect(r.body.checks.database.error).toContain('db:5432');
    expect(JSON.stringify(r.body)).not.toContain('hunter2secret');
  });

  it('/healthz says the process is up even while not ready (catches an orchestrator restarting a replica that is loading)', async () => {
    const base = await serve([indexLoaded(() => false)]);
    expect(await get(`${base}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect((await get(`${base}/readyz`)).status).toBe(503);
  });

  it.each([
    ['HEAD /readyz: the status without a body', '/readyz', 'HEAD', 200],
    ['an unknown path: 404', '/metrics', 'GET', 404],
    ['POST /healthz: 405', '/healthz', 'POST', 405],
  ])('%s', async (_name, p, method, status) => {
    const base = await serve([ok('index')]);
    const r = await get(`${base}${p}`, method);
    expect(r.status).toBe(status);
    if (method === 'HEAD') expect(r.body).toBeUndefined();
  });

  it('HEALTH_PORT already taken stops start-up naming HEALTH_PORT and the fix', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    const err = await startHealthServer({ checks: [], port, host: '127.0.0.1', logger: silentLogger }).catch((e: unknown) => e);
    await new Promise((r) => taken.close(r));
    expect(isBotError(err, 'CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toContain(`HEALTH_PORT=${port}`);
    expect((err as Error).message).toContain('Pick a free port');
  });
});

describe('the readiness checks the bot wires', () => {
  it('index: 503 while the real core builds its first index, 200 once it serves', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    class HeldEmbeddings extends OfflineHashEmbeddings {
      override async embedDocuments(texts: string[]): Promise<number[][]> {
        await gate;
        return super.embedDocuments(texts);
      }
    }
    const core = makeBot(writeSmallKb(), { embeddings: new HeldEmbeddings() });
    const base = await serve([indexLoaded(() => core.kb.snapshot !== undefined)]);
    expect((await get(`${base}/readyz`)).body.checks.index).toMatchObject({ ok: false, error: 'the knowledge base index is not loaded yet' });
    release();
    await core.ready;
    expect((await get(`${base}/readyz`)).status).toBe(200);
    expect((await core.ask(q('Who founded Bluewave?'))).abstained).toBe(false);
  });

  it('database: the embedded SQLite store is always reachable; a store with ping() is asked on every probe', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-'));
    const services = openServices(dataDir, { rateLimitPerMinute: 10, logger: silentLogger });
    let pings = 0;
    let down = false;
    const postgresLike = {
      ping: async () => {
        pings += 1;
        if (down) throw new Error('Connection terminated unexpectedly');
      },
    };
    try {
      const base = await serve([{ ...databaseReachable(services), name: 'sqlite' }, databaseReachable(postgresLike)]);
      expect((await get(`${base}/readyz`)).status).toBe(200);
      down = true;
      const r = await get(`${base}/readyz`);
      expect(r.status).toBe(503);
      expect(r.body.checks).toMatchObject({ sqlite: { ok: true }, database: { ok: false, error: 'Connection terminated unexpectedly' } });
      down = false;
      expect((await get(`${base}/readyz`)).status, 'ready again when the database is back').toBe(200);
      expect(pings).toBe(3);
    } finally {
      services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Slack HTTP mode: /healthz and /readyz on PORT, beside /slack/events', () => {
  it.each([
    ['ready', true, 200],
    ['not ready', false, 503],
  ])('%s: answered by the Bolt receiver, and events are still answered on the same port', async (_name, loaded, status) => {
    slack = await startHarness('http', { customRoutes: healthRoutes({ checks: [indexLoaded(() => loaded)] }) });
    const base = `http://127.0.0.1:${slack.adapter.port}`;
    expect(await get(`${base}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const r = await get(`${base}/readyz`);
    expect(r.status).toBe(status);
    expect(r.body.checks.index.ok).toBe(loaded);
    expect((await slack.sendEvent(mention('When was Mistral AI founded?'))).status).toBe(200);
    await expect.poll(() => slack!.bot.asked.length).toBe(1);
  });
});

describe('HEALTH_PORT setting', () => {
  const slackHttp = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '3000' };
  it.each([
    ['not a port', { HEALTH_PORT: 'health' }, 'HEALTH_PORT="health" is not a whole number from 1 to 65535'],
    ['PORT again in Slack HTTP mode (it would fail to listen; the probes are on PORT already)', { ...slackHttp, HEALTH_PORT: '3000' }, 'HEALTH_PORT="3000" is also PORT'],
  ])('%s is refused naming it and the fix', (_name, env, part) => {
    expect(() => loadConfig(env, '/srv/bot')).toThrow(part);
  });

  it('is optional, and may equal PORT in Socket Mode (nothing listens there)', () => {
    expect(loadConfig({}, '/srv/bot').healthPort).toBeUndefined();
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', PORT: '3000', HEALTH_PORT: '3000' }, '/srv/bot').healthPort).toBe(3000);
  });
});

// `kb status` in every chat view (Slack /kb status, Discord /kb status, the console's /status)
// shows which snapshot version each replica serves, through the real SDKs against the fake
// platforms and real replicas on one real Postgres. The core's status is synchronous, so it shows
// the table the replica last read: with each heartbeat, and at once when it swaps or shares an index.
import os from 'node:os';
import { PassThrough } from 'node:stream';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { startConsole } from '../adapters/console';
import { silentLogger } from '../src/logger';
import { openServices } from '../src/services';
import { cleanup, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';
import { createHarness as discordHarness } from './fakes/discord-harness';
import { kbInteraction, MANAGE_GUILD } from './fakes/discord-events';
import type { RecordedRequest } from './fakes/discord-server';
import { ADMIN, startHarness as slackHarness } from './fakes/slack-harness';
import { describeWithPostgres } from './helpers/postgres';
import { databasePerTest, startReplica, until } from './helpers/replicas';
import { startProxy } from './helpers/tcp-proxy';

describeWithPostgres('kb status in Slack, Discord and the console: which snapshot version each replica serves', () => {
  const shared = databasePerTest();
  const stops: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  afterAll(cleanup);

  const host = os.hostname();
  const pid = process.pid;
  // What each view must say, whatever its markup: this replica marked, the other one up, a silent one GONE.
  const expected = [
    /shared index: version 1, built by a at \S+ \(\d+\.\d MiB\)/,
    new RegExp(`a \\(this one\\) on ${host} \\(pid ${pid}\\): serves v1, up`),
    new RegExp(`b on ${host} \\(pid ${pid}\\): serves v1, up`),
    /c on web-3 \(pid 40\): serves v1, GONE \(no heartbeat for 3 s\)/,
  ];

  it('Slack /kb status, Discord /kb status and the console /status list every replica with the version it serves; one silent for three beats is GONE', async () => {
    const a = startReplica(shared.db.url, writeSmallKb(), { id: 'a' });
    await a.ready;
    const b = startReplica(shared.db.url, writeSmallKb(), { id: 'b' });
    await b.ready;
    // A replica killed an hour ago: its row stays, its heartbeat does not.
    await shared.sql.query("INSERT INTO kb_replicas (id, host, pid, version, heartbeat_at) VALUES ('c', 'web-3', 40, 1, now() - interval '1 hour')");
    await until('A read the table with c in it (next heartbeat)', () => a.status().replicas?.replicas.length === 3);

    const slack = await slackHarness('http', { core: a });
    stops.push(() => slack.stop());
    const { responseId } = await slack.sendCommand('status', ADMIN);
    const res = await slack.api.waitFor(() => slack.api.responses.find((r) => r.id === responseId), 5000, 'status');
    const slackText = JSON.stringify(res.body.blocks);
    for (const line of expected) expect(slackText).toMatch(line);
    expect(slackText).toContain('Replicas:');

    const discord = await discordHarness({ core: a });
    stops.push(() => discord.close());
    await discord.start();
    const i = kbInteraction('status', { perms: MANAGE_GUILD });
    discord.fake.dispatch('INTERACTION_CREATE', i);
    const cb = await discord.fake.waitForRequest((r: RecordedRequest) => r.path.startsWith(`/interactions/${i.id}/`));
    for (const line of expected) expect(cb.body.data.content).toMatch(line);

    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-console-'));
    const services = openServices(dataDir, { rateLimitPerMinute: 0, logger: silentLogger });
    const console = await startConsole({ bot: a, services, logger: silentLogger, maxQuestionChars: 200, config: { input, output, user: 'tester' } });
    stops.push(() => services.close(), () => console.stop());
    input.write('/status\n');
    await until('the console printed the replicas', () => /GONE/.test(out));
    for (const line of expected) expect(out).toMatch(line);
  });

  it('a replica shows the version it swapped to at once, not a heartbeat later, and so does the builder', async () => {
    const dirA = writeSmallKb();
    // Heartbeats far apart: only the swap (or the share) can refresh the table within the test.
    const a = startReplica(shared.db.url, dirA, { id: 'a', heartbeatMs: 600_000 });
    await a.ready;
    const b = startReplica(shared.db.url, writeSmallKb(), { id: 'b', heartbeatMs: 600_000 });
    await b.ready;
    const servedBy = (bot: typeof a, id: string) => bot.status().replicas?.replicas.find((r) => r.id === id)?.version;
    await until('B shows itself on v1', () => servedBy(b, 'b') === 1);

    fs.writeFileSync(path.join(dirA, 'redfern.md'), SMALL_KB['redfern.md'].replace('$40 million', '$55 million'));
    await a.reload();
    expect(servedBy(a, 'a')).toBe(2);
    expect(a.status().replicas?.latest?.version).toBe(2);
    await until('B swapped', () => b.replication.version === 2);
    await until('B shows itself on v2', () => servedBy(b, 'b') === 2, 2000);
    expect(b.status().replicas?.latest?.version).toBe(2);
  });

  it('a database gone away keeps the last table in status, marked with when it was read and why not since', async () => {
    const proxy = await startProxy(shared.db.url);
    stops.push(() => proxy.close());
    const a = startReplica(proxy.url, writeSmallKb(), { id: 'a', heartbeatMs: 200 });
    await a.ready;
    await until('A shows itself', () => a.status().replicas?.replicas[0]?.id === 'a');
    await proxy.cut();
    await until('the table is marked stale', () => a.status().replicas?.stale !== undefined);
    const st = a.status().replicas!;
    expect(st.replicas.map((r) => [r.id, r.version])).toEqual([['a', 1]]);
    expect(Date.parse(st.stale!.asOf)).toBeLessThanOrEqual(Date.now());
    await proxy.restore();
    await until('the table is fresh again', () => a.status().replicas?.stale === undefined, 10_000);
  });
});

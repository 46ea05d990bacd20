// `npm start` with DATABASE_URL while the database cannot be reached: the replica still starts,
// builds its own index (it cannot share it) and answers, says so in its log, and /readyz reports
// the database as not ready until it is back; then the replica joins the others and /readyz is 200.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOT_TOKEN, FakeSlackApi } from './fakes/slack-api';
import { envelope, mention, sign, SIGNING_SECRET } from './fakes/slack-harness';
import { cleanup, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { freePort, startBot, until, type BotProcess } from './helpers/bot-process';
import { describeWithPostgres, freshDatabase } from './helpers/postgres';
import { startProxy, type CuttableProxy } from './helpers/tcp-proxy';

describeWithPostgres('a replica started while its database is unreachable', () => {
  let slack: FakeSlackApi;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let proxy: CuttableProxy;
  let bot: BotProcess;
  let port: number;

  beforeAll(async () => {
    slack = await new FakeSlackApi().start();
    db = await freshDatabase();
    proxy = await startProxy(db.url);
    await proxy.cut();
    port = await freePort();
    bot = startBot({
      KNOWLEDGE_DIR: writeSmallKb(),
      DATA_DIR: tmpDir('replica-alone-'),
      DATABASE_URL: proxy.url,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      REPLICA_ID: 'alone',
      REPLICA_HEARTBEAT_MS: '500',
      SNAPSHOT_POLL_MS: '500',
    });
    await until(() => /"running"/.test(bot.err()), 'the replica to run', [bot], 60_000);
  }, 90_000);

  afterAll(async () => {
    if (bot) expect(await bot.stop(), bot.err().slice(-2000)).toBe(0);
    await proxy?.close();
    await slack?.stop();
    await db?.drop();
    cleanup();
  });

  const readyz = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: res.status, body: (await res.json()) as { checks: Record<string, { ok: boolean; error?: string }> } };
  };

  it('starts, says in its log that it builds its index alone, answers from it, and /readyz says the database is not ready', async () => {
    expect(bot.err()).toContain("replicas database unreachable at start-up; building this replica's index alone");
    expect(bot.err()).toContain('database unreachable at start-up; answering without it');
    // Built in the background after the adapters start, as with a database.
    await until(() => /"msg":"reload done"/.test(bot.err()), 'its own index built', [bot]);

    const r = await readyz();
    expect(r.status).toBe(503);
    expect(r.body.checks.index.ok).toBe(true);
    expect(r.body.checks.database.ok).toBe(false);
    expect(r.body.checks.database.error).toBeTruthy();

    const event = mention('How much did Redfern Labs raise?', { user: 'UALONE' });
    const body = JSON.stringify(envelope(event));
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body) }, body });
    expect(res.status).toBe(200);
    await until(() => slack.of('chat.update').find((c) => JSON.stringify(c.args.blocks ?? c.args.text).includes('$40 million')), 'the answer', [bot]);
  });

  it('once the database is back, /readyz is 200 and the replica is in the replicas table, serving its own index', async () => {
    await proxy.restore();
    await until(() => /schema ready/.test(bot.err()), 'the schema prepared', [bot], 20_000);
    const t0 = Date.now();
    let r = await readyz();
    while (r.status !== 200 && Date.now() - t0 < 15_000) {
      await new Promise((res) => setTimeout(res, 200));
      r = await readyz();
    }
    expect(r.status).toBe(200);
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    try {
      let rows: { id: string; version: string | null }[] = [];
      for (let i = 0; i < 100 && !rows.length; i++) {
        rows = (await sql.query("SELECT id, version FROM kb_replicas WHERE id = 'alone'").catch(() => ({ rows: [] }))).rows;
        if (!rows.length) await new Promise((res) => setTimeout(res, 100));
      }
      expect(rows).toEqual([{ id: 'alone', version: null }]);
    } finally {
      await sql.end();
    }
  });
});

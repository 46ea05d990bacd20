// Two `npm start` processes (real Bolt in HTTP mode) behind one imaginary load balancer, sharing
// one Postgres (DATABASE_URL) and one fake Slack: whichever replica an event or its retry reaches,
// the user gets exactly one answer, and a user's question budget is one budget.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { userMessage } from '../src/user-messages';
import { FakeSlackApi, BOT_TOKEN } from './fakes/slack-api';
import { ADMIN, envelope, mention, sign, SIGNING_SECRET } from './fakes/slack-harness';
import { cleanup, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { freePort, startBot, until, type BotProcess } from './helpers/bot-process';
import { describeWithPostgres, freshDatabase } from './helpers/postgres';

describeWithPostgres('two Slack replicas on one Postgres', () => {
  let slack: FakeSlackApi;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let knowledgeDir: string;
  const bots: BotProcess[] = [];
  const ports: number[] = [];

  beforeAll(async () => {
    slack = await new FakeSlackApi().start();
    db = await freshDatabase();
    knowledgeDir = writeSmallKb();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      ports.push(port);
      bots.push(startBot({
        KNOWLEDGE_DIR: knowledgeDir,
        DATA_DIR: tmpDir(`replica-${i}-`),
        DATABASE_URL: db.url,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        RATE_LIMIT_PER_MINUTE: '2',
        SLACK_ADMIN_USER_IDS: ADMIN,
        SNAPSHOT_POLL_MS: '60000',
      }));
    }
    await until(() => bots.every((b) => /"running"/.test(b.err())), 'both replicas to run', bots, 60_000);
  }, 90_000);

  afterAll(async () => {
    for (const b of bots) expect(await b.stop(), b.err().slice(-2000)).toBe(0);
    await slack?.stop();
    await db?.drop();
    cleanup();
  });

  const deliver = (replica: number, body: string, retryNum?: number) =>
    fetch(`http://127.0.0.1:${ports[replica]}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign(body), ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}) },
      body,
    });
  /** Everything the bot posted in reply to one message, once both replicas had time to answer. */
  const repliesTo = (ts: string) => slack.calls.filter((c) => ['chat.postMessage', 'chat.postEphemeral'].includes(c.method) && c.args.thread_ts === ts);
  const settle = () => new Promise((r) => setTimeout(r, 1500));

  it('the same signed event delivered to both replicas, and its retry to the other, gets exactly one reply', async () => {
    const event = mention('How much did Redfern Labs raise?', { user: 'UONE' });
    const body = JSON.stringify(envelope(event));
    const res = await Promise.all([deliver(0, body), deliver(1, body)]);
    expect(res.map((r) => r.status)).toEqual([200, 200]);
    await until(() => slack.of('chat.update').find((c) => JSON.stringify(c.args.blocks ?? c.args.text).includes('$40 million')), 'the answer', bots);
    expect((await deliver(1, body, 1)).status).toBe(200);
    expect((await deliver(0, body, 2)).status).toBe(200);
    await settle();
    expect(repliesTo(event.ts)).toHaveLength(1);
    expect(slack.of('chat.update').filter((c) => JSON.stringify(c.args.blocks ?? c.args.text).includes('$40 million'))).toHaveLength(1);
  });

  it('a user over the limit on replica A is limited on replica B', async () => {
    const asks = ['How much did Redfern Labs raise?', 'Where is Redfern Labs based?', 'Who led the Redfern Labs round?'].map((q) => mention(q, { user: 'ULIMIT' }));
    for (const [i, e] of asks.slice(0, 2).entries()) {
      expect((await deliver(0, JSON.stringify(envelope(e)))).status).toBe(200);
      await until(() => repliesTo(e.ts).length > 0 && slack.of('chat.update').length > i, `answer ${i + 1} on A`, bots);
    }
    expect((await deliver(1, JSON.stringify(envelope(asks[2])))).status).toBe(200);
    const refused = await until(() => repliesTo(asks[2].ts)[0], 'the refusal on B', bots);
    expect(JSON.stringify(refused.args)).toContain(userMessage('RATE_LIMITED', 'en'));
    expect(refused.method).toBe('chat.postEphemeral');
  });

  it('/kb reload asked on replica A is served by replica B within 5 s, and B answers every question meanwhile', async () => {
    const file = path.join(knowledgeDir, 'redfern.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('$40 million', '$55 million'));
    const answered = () => slack.of('chat.update').map((c) => JSON.stringify(c.args.blocks ?? c.args.text));
    const asked: { ts: string; at: number }[] = [];
    let n = 0;
    // Questions keep arriving at B (a new user each time: the per-user budget is not under test here).
    const askB = async () => {
      const e = mention('How much did Redfern Labs raise?', { user: `UASK${n++}` });
      asked.push({ ts: e.ts, at: Date.now() });
      expect((await deliver(1, JSON.stringify(envelope(e)))).status).toBe(200);
    };
    const form = new URLSearchParams({
      token: 'legacy', team_id: 'T0001', team_domain: 'test', channel_id: 'C1', channel_name: 'general', user_id: ADMIN, user_name: ADMIN,
      command: '/kb', text: 'reload', api_app_id: 'A0001', response_url: slack.responseUrl('replica-reload'), trigger_id: 'trig-replica',
    }).toString();
    const reload = await fetch(`http://127.0.0.1:${ports[0]}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(form) }, body: form });
    expect(reload.status).toBe(200);
    let reloadedAt = 0;
    let servedAt = 0;
    const before = answered().length;
    while (!servedAt) {
      await askB();
      await new Promise((r) => setTimeout(r, 250));
      if (!reloadedAt && slack.responses.some((r) => r.id === 'replica-reload' && /Reload finished/.test(JSON.stringify(r.body)))) reloadedAt = Date.now();
      if (reloadedAt && answered().slice(before).some((t) => t.includes('$55 million'))) servedAt = Date.now();
      if (reloadedAt && Date.now() - reloadedAt > 5000) break;
      expect(Date.now() - asked[0]!.at, bots.map((b) => b.err().slice(-1500)).join('\n')).toBeLessThan(60_000);
    }
    expect(reloadedAt, 'A reported the reload finished').toBeGreaterThan(0);
    expect(servedAt, 'B served the new snapshot within 5 s of the reload on A').toBeGreaterThan(0);
    expect(servedAt - reloadedAt).toBeLessThanOrEqual(5000);
    // Every question asked of B got one answer, from the old index or the new one: none failed.
    await until(() => asked.every((a) => repliesTo(a.ts).length === 1) && answered().length - before >= asked.length, 'every answer from B', bots);
    const texts = answered().slice(before);
    expect(texts.filter((t) => t.includes('$40 million') || t.includes('$55 million'))).toHaveLength(asked.length);
    expect(texts.at(-1)).toContain('$55 million');
  });
});

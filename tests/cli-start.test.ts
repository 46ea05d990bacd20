// `npm start` and `npm run eval` as a user runs them: a real process started through npm, real
// config from the environment, the small knowledge folder, and the fake Slack and Discord on
// 127.0.0.1. Catches a broken composition root (adapters/start.ts) that no in-process test runs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { passes } from '../src/cli/eval-score';
import { APP_ID, GUILD_B, guild, guildB, inGuildB, mention as discordMention } from './fakes/discord-events';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord-server';
import { BOT_TOKEN, FakeSlackApi } from './fakes/slack-api';
import { envelope, mention as slackMention, sign, SIGNING_SECRET } from './fakes/slack-harness';
import { cleanup, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { freePort, runScript, type BotProcess } from './helpers/bot-process';

let knowledgeDir: string;

type Proc = BotProcess;

const procs: Proc[] = [];

/** `npm <args>` with the small knowledge folder and a fresh data dir; `direct` runs `npm start`'s script without npm (see runScript). */
function npm(args: string[], env: Record<string, string>, stdin?: string, direct = false): Proc {
  if (direct && args.join(' ') !== 'start') throw new Error('direct runs only npm start');
  const p = runScript({ KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: tmpDir('start-data-'), ...env }, { npmArgs: direct ? undefined : args, stdin });
  procs.push(p);
  return p;
}

function killGroup(p: Proc, signal: NodeJS.Signals): void {
  try {
    process.kill(-p.child.pid!, signal);
  } catch {
    // already gone
  }
}

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, p: Proc, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout: ${p.out()}\nstderr: ${p.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(() => {
  knowledgeDir = writeSmallKb();
});
afterEach(() => {
  for (const p of procs.splice(0)) killGroup(p, 'SIGKILL');
});
afterAll(cleanup);

describe('npm start', () => {
  let slack: FakeSlackApi;
  let discord: FakeDiscord;
  beforeAll(async () => {
    slack = await new FakeSlackApi().start();
    discord = await startFakeDiscord({ appId: APP_ID, guilds: [guild()] });
  });
  afterAll(async () => {
    await slack.stop();
    await discord.close();
  });

  it('with Slack and Discord configured, answers on both from the knowledge folder and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      DISCORD_TOKEN: discord.token,
      DISCORD_APP_ID: discord.appId,
      DISCORD_API_URL: discord.apiUrl,
    };
    const p = npm(['start'], env, undefined, true);
    await until(() => discord.identifies.length > 0 && slack.of('auth.test').length > 0, 'both adapters to connect', p);
    await until(() => /running/.test(p.err()), 'the "running" log line', p);

    // Slack: a signed Events API request to the HTTP receiver.
    const body = JSON.stringify(envelope(slackMention('How much did Redfern Labs raise?')));
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body) }, body });
    expect(res.status).toBe(200);
    const update = await until(() => slack.of('chat.update')[0], 'the Slack answer', p);
    expect(JSON.stringify(update.args.blocks)).toContain('$40 million');

    // Discord: a mention over the gateway.
    const m = discordMention('How much did Redfern Labs raise?');
    discord.dispatch('MESSAGE_CREATE', m);
    const reply = await until(() => discord.requests.find((r) => r.method === 'POST' && r.body?.message_reference?.message_id === m.id), 'the Discord reply', p);
    expect(JSON.stringify(reply.body.embeds)).toContain('$40 million');
    expect(reply.body.allowed_mentions.parse).toEqual([]);

    // Probes on the same port as /slack/events: the index has served the answers above, so ready.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).checks).toMatchObject({ index: { ok: true }, database: { ok: true } });

    p.child.kill('SIGTERM');
    expect(await p.exited, p.err().slice(-2000)).toBe(0);
  });

  it('with Discord only and HEALTH_PORT, serves /healthz at once and /readyz 200 once the index is loaded', async () => {
    const healthPort = await freePort();
    const p = npm(['start'], { DISCORD_TOKEN: discord.token, DISCORD_APP_ID: discord.appId, DISCORD_API_URL: discord.apiUrl, HEALTH_PORT: String(healthPort) }, undefined, true);
    const probe = async (path: string) => fetch(`http://127.0.0.1:${healthPort}${path}`).then(async (r) => ({ status: r.status, body: (await r.json()) as any }), () => undefined);
    await until(async () => (await probe('/healthz'))?.status === 200, '/healthz', p);
    const ready = await until(async () => { const r = await probe('/readyz'); return r?.status === 200 && r; }, '/readyz 200', p);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { index: { ok: true }, database: { ok: true } } });
    p.child.kill('SIGTERM');
    expect(await p.exited, p.err().slice(-2000)).toBe(0);
  });

  it('with a Slack token the workspace rejects, exits 1 saying it could not start', async () => {
    const p = npm(['start'], { SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(await freePort()) });
    expect(await p.exited).toBe(1);
    expect(p.err()).toMatch(/Could not start/);
    expect(p.err()).not.toContain('xoxb-revoked');
  });
});

describe('npm start as two Discord shard processes', () => {
  it('DISCORD_SHARDS=2 with DISCORD_SHARD_IDS=0 and =1: each process connects its shard, and each guild\'s question is answered once', async () => {
    const fake = await startFakeDiscord({ appId: APP_ID, guilds: [guild(), guildB()], recommendedShards: 2 });
    try {
      const env = (ids: string) => ({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl, DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: ids });
      const p0 = npm(['start'], env('0'), undefined, true);
      const p1 = npm(['start'], env('1'), undefined, true);
      await until(() => /"shards":\[0\]/.test(p0.err()) && /"shards":\[1\]/.test(p1.err()), 'both shards to connect', p0);
      expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);

      const inA = discordMention('How much did Redfern Labs raise?');
      const inB = inGuildB(discordMention('How much did Redfern Labs raise?'));
      expect(inB.guild_id).toBe(GUILD_B);
      fake.dispatch('MESSAGE_CREATE', inA);
      fake.dispatch('MESSAGE_CREATE', inB);
      const replies = (m: any) => fake.requests.filter((r) => r.method === 'POST' && r.body?.message_reference?.message_id === m.id);
      await until(() => replies(inA).length && replies(inB).length, 'both replies', p1);
      await new Promise((r) => setTimeout(r, 300));
      for (const m of [inA, inB]) {
        expect(replies(m)).toHaveLength(1);
        expect(JSON.stringify(replies(m)[0].body.embeds)).toContain('$40 million');
      }
      for (const p of [p0, p1]) p.child.kill('SIGTERM');
      expect(await p0.exited, p0.err().slice(-2000)).toBe(0);
      expect(await p1.exited, p1.err().slice(-2000)).toBe(0);
    } finally {
      await fake.close();
    }
  });
});

describe('npm start without Slack or Discord (the terminal chat)', () => {
  it('answers a question piped on stdin, citing the document, and exits 0 at end of input', async () => {
    const p = npm(['start'], {}, 'How much did Redfern Labs raise?\n');
    expect(await p.exited, p.err()).toBe(0);
    expect(p.out()).toContain('$40 million');
    expect(p.out()).toContain('Redfern Labs');
  });

  it('bad configuration exits 78 naming the variable and the fix', async () => {
    const p = npm(['start'], { SLACK_BOT_TOKEN: 'not-a-token', SLACK_SIGNING_SECRET: 's' });
    expect(await p.exited).toBe(78);
    expect(p.err()).toContain('SLACK_BOT_TOKEN');
    expect(p.err()).toMatch(/xoxb-/);
  });
});

describe('npm run eval', () => {
  const ITEMS = [
    { id: 'e1', lang: 'en', question: 'How much did Redfern Labs raise?', expect: [['$40 million', '40 million']] },
    { id: 'e2', lang: 'ko', question: '블루웨이브는 언제 설립됐어?', expect: [['2019']] },
    { id: 'e3', lang: 'en', question: 'Which city is Redfern Labs in?', expect: [['Manchester']] },
    { id: 'e4', lang: 'en', question: 'Who founded Greenfield AI?', answerable: false },
  ];

  it('scores a question file per language, prints each failure, and exits 0', async () => {
    const file = path.join(tmpDir('eval-q-'), 'q.jsonl');
    fs.writeFileSync(file, ITEMS.map((i) => JSON.stringify(i)).join('\n') + '\n');
    const p = npm(['run', 'eval', '--', file], {});
    expect(await p.exited, p.err()).toBe(0);
    const out = p.out();
    // e3 expects the wrong city: the one failure, shown with the answer.
    expect(out).toMatch(/^FAIL e3 \[en\] Which city is Redfern Labs in\?/m);
    expect(out).not.toMatch(/FAIL e[124]/);
    expect(out).toMatch(/^en\s+1\/2 \(50%\)\s+1\/1 \(100%\)/m);
    expect(out).toMatch(/^ko\s+1\/1 \(100%\)/m);
    expect(out).toMatch(/4 questions; median [\d.]+ ms per answer; mode offline/);
  });

  it.each([
    ['a missing file', () => '/nonexistent/q.jsonl', /does not exist/],
    [
      'a line that is not JSON',
      () => {
        const f = path.join(tmpDir('eval-bad-'), 'bad.jsonl');
        fs.writeFileSync(f, `${JSON.stringify(ITEMS[0])}\n{not json\n`);
        return f;
      },
      /line 2 is not JSON/,
    ],
  ])('exits 1 on %s, saying what is wrong', async (_name, file, message) => {
    const p = npm(['run', 'eval', '--', file()], {});
    expect(await p.exited).toBe(1);
    expect(p.err()).toMatch(message);
  });

  it.each([
    ['an answer whose fact lies past the 600 characters scored', { id: 'a', lang: 'en', question: 'q', expect: [['needle']] }, `${'x'.repeat(600)} needle`, false, false],
    ['each expect group must match (AND of ORs)', { id: 'b', lang: 'en', question: 'q', expect: [['2019'], ['Busan', '부산']] }, 'Founded in 2019 in 부산.', false, true],
    ['a missing group fails', { id: 'c', lang: 'en', question: 'q', expect: [['2019'], ['Busan']] }, 'Founded in 2019.', false, false],
    ['an abstention on an answerable question fails', { id: 'd', lang: 'en', question: 'q', expect: [['x']] }, 'x', true, false],
    ['an unanswerable question passes only by abstaining', { id: 'e', lang: 'en', question: 'q', answerable: false }, 'made up', false, false],
  ] as const)('the shared scorer: %s', (_name, item, text, abstained, ok) => {
    expect(passes(item as any, text, abstained)).toBe(ok);
  });
});

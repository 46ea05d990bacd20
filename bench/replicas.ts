// npx tsx bench/replicas.ts [--questions 300] [--concurrency 8] [--storage-runs 2000] [--knowledge DIR]
// Two numbers for running several replicas on one Postgres (issue 11):
//  1. Throughput: questions answered per second by 1 and by 2 `npm start` processes (Bolt in HTTP
//     mode) sharing one Postgres, fed signed Slack events round-robin by this script, which also
//     plays Slack's Web API (tests/fakes/slack-api.ts). Offline answers, rate limit off.
//  2. Storage cost per question: the store calls one Slack question makes on its way (reply-once
//     twice, rate limit, pending start/placeholder/finish, the shown answer, the question log),
//     timed in-process on SQLite and on Postgres in the same run; p50/p99 over --storage-runs.
// Postgres: DATABASE_URL (a database it may create tables in) or, without it, a throwaway server
// started from Debian's postgresql package exactly as the tests do.
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openServices } from '../src/services';
import { openPostgresServices } from '../src/services/postgres';
import type { OpenServices } from '../src/services';
import startPostgres from '../tests/global-postgres';
import { BOT_TOKEN, FakeSlackApi } from '../tests/fakes/slack-api';
import { envelope, mention, sign, SIGNING_SECRET } from '../tests/fakes/slack-harness';
import { fakeAnswer } from '../tests/helpers/fake-bot';
import { freePort, startBot, until, type BotProcess } from '../tests/helpers/bot-process';
import { writeSmallKb } from '../tests/fixtures/core/small-kb';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const QUESTIONS = Number(arg('--questions')) || 300;
const CONCURRENCY = Number(arg('--concurrency')) || 8;
const STORAGE_RUNS = Number(arg('--storage-runs')) || 2000;
const KNOWLEDGE = arg('--knowledge') ? path.resolve(arg('--knowledge')!) : undefined;
const ASKED = ['How much did Redfern Labs raise?', 'Where is Redfern Labs based?', 'Who led the Redfern Labs Series B?', '블루웨이브는 언제 설립됐어?'];

async function freshDb(admin: string): Promise<string> {
  const name = `bench_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function throughput(replicas: number, dbUrl: string, knowledgeDir: string): Promise<number> {
  const slack = await new FakeSlackApi().start();
  const ports: number[] = [];
  const bots: BotProcess[] = [];
  for (let i = 0; i < replicas; i++) {
    const port = await freePort();
    ports.push(port);
    bots.push(startBot({
      KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-replica-')), DATABASE_URL: dbUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '0',
    }));
  }
  try {
    await until(() => bots.every((b) => /"running"/.test(b.err())), 'replicas to start', bots, 300_000);
    // One warm-up question per replica: the first answer loads the index.
    for (let i = 0; i < replicas; i++) await ask(ports[i], `warm-${i}`, slack, bots);
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < QUESTIONS) {
        const n = next++;
        await ask(ports[n % replicas], `q${n}`, slack, bots);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return QUESTIONS / ((performance.now() - t0) / 1000);
  } finally {
    for (const b of bots) await b.stop();
    await slack.stop();
  }
}

/** Sends one signed mention to a replica and waits until its placeholder is replaced by the answer. */
async function ask(port: number, tag: string, slack: FakeSlackApi, bots: BotProcess[]): Promise<void> {
  const e = mention(`${ASKED[tag.length % ASKED.length]} (${tag})`, { user: `U${tag}` });
  const body = JSON.stringify(envelope(e));
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body) }, body });
  if (res.status !== 200) throw new Error(`replica on ${port} answered HTTP ${res.status}`);
  const placeholder = await until(() => slack.messages.find((m) => m.thread_ts === e.ts && m.bot_id), `placeholder for ${tag}`, bots, 60_000);
  await until(() => slack.of('chat.update').some((c) => c.args.ts === placeholder.ts), `answer for ${tag}`, bots, 60_000);
}

/** The store calls one Slack question makes, in order, timed per question. */
async function storageRun(s: OpenServices, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const key = `slack:msg:C1:${i}.0001`;
    const answer = fakeAnswer({ id: `bench-${i}-${Math.random()}` });
    const t = performance.now();
    await s.dedupe.firstSeen(`slack:event:Ev${i}-${answer.id}`);
    await s.dedupe.firstSeen(`${key}-${answer.id}`);
    await s.rateLimiter.tryConsume(`slack:U${i % 50}`);
    await s.pending!.start({ key, platform: 'slack', channel: 'C1', user: 'U1', question: 'q?' });
    await s.pending!.placeholder(key, `${i}.5`);
    await s.questions.record({ question: { text: 'How much did Redfern Labs raise?', user: 'U1', channel: 'C1', platform: 'slack' }, answer });
    await s.feedback.recordAnswer({ answer, question: 'q?', platform: 'slack', channel: 'C1', user: 'U1' });
    await s.pending!.finish(key);
    times.push(performance.now() - t);
  }
  return times;
}

async function main() {
  let stopPg: (() => void) | undefined;
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    stopPg = (await startPostgres()) ?? undefined;
    admin = process.env.TEST_DATABASE_URL;
    if (!admin) throw new Error('No Postgres: set DATABASE_URL, or apt-get install postgresql.');
  }
  try {
    const storeOpts = { rateLimitPerMinute: 1_000_000 };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sqlite-'));
    const sqlite = openServices(dir, storeOpts);
    const postgres = await openPostgresServices(await freshDb(admin), storeOpts);
    await storageRun(sqlite, 100);
    await storageRun(postgres, 100);
    const sq = await storageRun(sqlite, STORAGE_RUNS);
    const pgT = await storageRun(postgres, STORAGE_RUNS);
    await sqlite.close();
    await postgres.close();
    const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms`;
    console.log(`storage per question (8 store calls), ${STORAGE_RUNS} questions:`);
    console.log(`  SQLite   ${fmt(sq)}`);
    console.log(`  Postgres ${fmt(pgT)}`);
    console.log(`  added by Postgres: p50 ${(pct(pgT, 50) - pct(sq, 50)).toFixed(2)} ms, p99 ${(pct(pgT, 99) - pct(sq, 99)).toFixed(2)} ms`);

    const knowledgeDir = KNOWLEDGE ?? writeSmallKb();
    const one = await throughput(1, await freshDb(admin), knowledgeDir);
    console.log(`throughput, 1 replica:  ${one.toFixed(1)} questions/s (${QUESTIONS} questions, ${CONCURRENCY} in flight)`);
    const two = await throughput(2, await freshDb(admin), knowledgeDir);
    console.log(`throughput, 2 replicas: ${two.toFixed(1)} questions/s (ratio ${(two / one).toFixed(2)}) on ${os.cpus().length} cores`);
  } finally {
    stopPg?.();
  }
  void REPO;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

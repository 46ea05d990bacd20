// How long a second replica takes to serve a snapshot another replica built, at 10k and 100k
// chunks: replica A (this process) reloads after a one-document edit and shares the saved index
// through Postgres; replica B (a child process, the real core) hears the NOTIFY, fetches the
// files, loads them and swaps. Reported per corpus: snapshot size, A's publish time (store in
// Postgres, inside its reload), B's fetch+load, and A's reload done → B serving.
//   npx tsx bench/replica-snapshot.ts [--corpora 10k,100k]
// Postgres: DATABASE_URL (a scratch database: its kb_* tables are dropped before each corpus), else
// a throwaway server from Debian's postgresql package, as the tests start one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createBotFromConfig } from '../src/app';
import { loadConfig } from '../src/config';
import type { Logger } from '../src/logger';
import startPostgres from '../tests/global-postgres';
import { writeSyntheticCorpus } from './lib/synth';
import { table } from './lib/stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000 };

const arg = process.argv.indexOf('--corpora');
const corpora = arg > 0 ? process.argv[arg + 1].split(',') : ['10k', '100k'];
for (const c of corpora) if (!SIZES[c]) throw new Error(`--corpora: unknown corpus "${c}"; use 10k, 100k.`);

const stop = process.env.DATABASE_URL ? undefined : await startPostgres();
const admin = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL!;
let publishMs = 0;
const quiet: Logger = {
  debug() {},
  info: (m, f) => void (m === 'index snapshot shared' && (publishMs = Number(f?.ms))),
  warn() {},
  error: (m, f) => process.stderr.write(`A: ${m} ${JSON.stringify(f)}\n`),
};
const rows: (string | number)[][] = [];

try {
  for (const name of corpora) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `replica-bench-${name}-`));
    const url = await freshDb(admin, `bench_${name}_${Date.now()}`);
    try {
      process.stderr.write(`${name}: writing corpus…\n`);
      const knowledge = path.join(work, 'knowledge');
      writeSyntheticCorpus(knowledge, { chunks: SIZES[name], questionCount: 1, glossaryFile: path.join(REPO, 'knowledge/_glossary.yml') });
      const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' };
      const config = loadConfig({ ...env, KNOWLEDGE_DIR: knowledge, DATA_DIR: path.join(work, 'data-a'), REPLICA_ID: 'bench-a' });
      process.stderr.write(`${name}: A builds and shares version 1…\n`);
      const a = createBotFromConfig(config, quiet, { replicate: true });
      await a.ready;
      const chunks = a.status().chunks;

      process.stderr.write(`${name}: B starts (fetches version 1)…\n`);
      // B keeps its own copy of the knowledge folder: what it serves can only come from A.
      const knowledgeB = path.join(work, 'knowledge-b');
      fs.cpSync(knowledge, knowledgeB, { recursive: true });
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'lib/replica-child.ts'), knowledgeB, path.join(work, 'data-b')], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'inherit'] });
      const events = readline.createInterface({ input: child.stdout! });
      const next = (want: string) =>
        new Promise<Record<string, number>>((resolve, reject) => {
          const on = (line: string) => {
            const e = JSON.parse(line);
            if (e.event === 'error') reject(new Error(`B: ${e.msg}: ${e.error}`));
            if (e.event === want) (events.off('line', on), resolve(e));
          };
          events.on('line', on);
        });
      const startedB = Date.now();
      const firstServe = next('served');
      await next('ready');
      const coldMs = (await firstServe).at - startedB;

      // A one-document edit on A: a new version B must fetch whole (the saved index is opaque to the replicas).
      const doc = fs.readdirSync(knowledge).find((f) => f.endsWith('.md'))!;
      fs.appendFileSync(path.join(knowledge, doc), '\n\n## Added\n\nA sentence added for the replica benchmark.\n');
      const served = next('served');
      const t0 = Date.now();
      await a.reload();
      const published = Date.now();
      const s = await served;
      const bytes = Number((await query(url, 'SELECT bytes FROM kb_snapshots ORDER BY version DESC LIMIT 1'))[0].bytes);
      rows.push([name, chunks, (bytes / 1048576).toFixed(1), published - t0, publishMs, s.fetchMs, s.ms - s.fetchMs, s.at - published, s.at - t0, coldMs]);
      process.stderr.write(`${name}: version ${s.version} served by B ${s.at - published} ms after A's reload finished\n`);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await a.kb.close();
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
} finally {
  stop?.();
}

console.log(
  table(
    ['corpus', 'chunks', 'snapshot MiB', 'A reload incl. publish (ms)', 'A publish (ms)', 'B fetch (ms)', 'B load+swap (ms)', 'A done → B serving (ms)', 'A reload start → B serving (ms)', 'B cold start → serving v1 (ms)'],
    rows,
  ),
);

async function query(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

async function freshDb(adminUrl: string, db: string): Promise<string> {
  if (process.env.DATABASE_URL) {
    await query(adminUrl, 'DROP TABLE IF EXISTS kb_snapshot_files, kb_snapshots, kb_replicas');
    return adminUrl;
  }
  await query(adminUrl, `CREATE DATABASE ${db}`);
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

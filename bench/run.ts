// npm run bench [-- --quick] [-- --corpora seed,10k,100k] [-- --keep] [-- --skip-cold-reload]
// Benchmarks the offline core (local:hash-v1 embeddings, extractive answers) on the seed knowledge
// base and on generated corpora of 10k and 100k chunks. Each corpus runs in three child processes
// (build, serve, compare) so that peak memory belongs to one step. Tables go to stdout, progress to
// stderr, and everything to bench/results/latest.json. See bench/README.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineResult } from './lib/engines';
import { RECALL_DEFINITIONS } from './lib/questions';
import { fmt, progress, table, wrap } from './lib/stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');

interface CorpusPlan {
  corpus: string;
  chunks: number;
  questions: number;
  reps: number;
  /** Wait for the reload that follows a cold start (see StepOptions.coldReload in corpus-run.ts). */
  coldReload: boolean;
}

const ALL: Record<string, (quick: boolean) => CorpusPlan> = {
  seed: (q) => ({ corpus: 'seed', chunks: 0, questions: 0, reps: q ? 1 : 5, coldReload: true }),
  '10k': (q) => ({ corpus: '10k', chunks: 10_000, questions: q ? 60 : 200, reps: q ? 1 : 3, coldReload: true }),
  // --skip-cold-reload (100k only) for code whose no-op reload repeats the whole build (minutes at 100k).
  '100k': (q) => ({ corpus: '100k', chunks: 100_000, questions: q ? 60 : 200, reps: q ? 1 : 2, coldReload: true }),
};

interface Target {
  what: string;
  corpus: string;
  limit: string;
  measured: (r: CorpusResult) => number | undefined;
  ok: (v: number) => boolean;
  unit: string;
}

const TARGETS: Target[] = [
  { what: 'ask p50 (full bot.ask)', corpus: '10k', limit: '≤ 2 ms', measured: (r) => r.serve?.ask.p50, ok: (v) => v <= 2, unit: 'ms' },
  { what: 'ask p99 (full bot.ask)', corpus: '10k', limit: '≤ 10 ms', measured: (r) => r.serve?.ask.p99, ok: (v) => v <= 10, unit: 'ms' },
  { what: 'ask p50 (full bot.ask)', corpus: '100k', limit: '≤ 10 ms', measured: (r) => r.serve?.ask.p50, ok: (v) => v <= 10, unit: 'ms' },
  { what: 'build throughput (load+chunk+embed+index+save)', corpus: '10k', limit: '≥ 3,000 chunks/s', measured: (r) => r.build?.chunksPerSec, ok: (v) => v >= 3000, unit: 'chunks/s' },
  { what: 'build throughput (load+chunk+embed+index+save)', corpus: '100k', limit: '≥ 3,000 chunks/s', measured: (r) => r.build?.chunksPerSec, ok: (v) => v >= 3000, unit: 'chunks/s' },
  { what: 'cold start (until ready resolves)', corpus: '10k', limit: '≤ 1,000 ms', measured: (r) => r.serve?.coldStart.readyMs, ok: (v) => v <= 1000, unit: 'ms' },
];

type Summary = { n: number; p50: number; p90: number; p99: number; max: number; mean: number };
interface CorpusResult {
  plan: CorpusPlan;
  build?: {
    documents: number; chunks: number; questions: number; notes: string[]; corpusMB: number; buildMs: number; chunksPerSec: number;
    phasesMs: Record<string, number>; indexMB: number; plantedInOneChunk?: string; peakRssMiB: number;
  };
  serve?: {
    coldStart: { reloadMeasured: boolean; readyMs?: number; loadMs: number; incrementalReloadMs?: number; reembedded?: number; unchanged?: number };
    ask: Summary; retrieve: Summary; analyze: Summary; search: Summary;
    answerCorrect: string; rssServingMiB: number; peakRssMiB: number;
  };
  compare?: { engines: EngineResult[]; peakRssMiB: number };
  errors: string[];
  wallMs: number;
}

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const keep = argv.includes('--keep');
  const i = argv.findIndex((a) => a === '--corpora' || a.startsWith('--corpora='));
  const list = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const names = list ? list.split(',').map((s) => s.trim()).filter(Boolean) : quick ? ['10k'] : ['seed', '10k', '100k'];
  for (const n of names) if (!ALL[n]) throw new Error(`--corpora: unknown corpus "${n}"; use seed, 10k, 100k.`);
  const plans = names.map((n) => ALL[n](quick));
  if (argv.includes('--skip-cold-reload')) for (const p of plans) if (p.corpus === '100k') p.coldReload = false;
  return { quick, keep, plans };
}

function runStep(mode: 'build' | 'serve' | 'compare', work: string, plan: CorpusPlan): unknown {
  const out = path.join(work, `${mode}.result.json`);
  fs.rmSync(out, { force: true });
  // Child stdout goes to our stderr: stdout carries only the tables.
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(HERE, 'corpus-run.ts'), mode, path.join(work, plan.corpus), out, JSON.stringify(plan)], {
    cwd: REPO,
    stdio: ['ignore', 2, 2],
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim() },
  });
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`${mode} step for ${plan.corpus} failed (exit ${r.status ?? r.signal})`);
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

/** The code measured: commit and whether src/ had uncommitted changes (read-only git queries). */
function revision(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  return git('status', '--porcelain', '--', 'src').length ? `${head} + uncommitted src/ changes` : head;
}

function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    revision: revision(),
  };
}

function printReport(results: CorpusResult[], meta: ReturnType<typeof machine>, quick: boolean, targets: { what: string; corpus: string; limit: string; measured?: number; unit: string; pass?: boolean }[]) {
  const out: string[] = [];
  const say = (s = '') => out.push(s);
  say(`Offline core benchmark${quick ? ' (--quick)' : ''}: local:hash-v1 embeddings, extractive answers, chunk 700/120`);
  say(`machine: ${meta.cores} cores (${meta.cpu}), ${meta.memoryGiB} GiB, node ${meta.node}, ${meta.platform}; code ${meta.revision}`);
  say();
  say('1. Build: first full reload (load + chunk + embed + index + save to disk)');
  say(
    table(
      ['corpus', 'docs', 'chunks', 'text MB', 'build s', 'chunks/s', 'load ms', 'chunk ms', 'embed ms', 'index ms', 'save ms', 'index MB', 'peak RSS MiB'],
      results.filter((r) => r.build).map((r) => {
        const b = r.build!;
        return [r.plan.corpus, b.documents, b.chunks, b.corpusMB, b.buildMs / 1000, b.chunksPerSec, b.phasesMs.load, b.phasesMs.chunk, b.phasesMs.embed, b.phasesMs.index, b.phasesMs.save, b.indexMB, b.peakRssMiB];
      }),
    ),
  );
  say('   index = HNSW insert + BM25 (analyzer terms) over all chunks.');
  say();
  say('2. Cold start: a fresh bot on the saved index, in a fresh process');
  say(
    table(
      ['corpus', 'index served ms', 'then reload ms', 'ready ms', 're-embedded', 'RSS serving MiB', 'peak RSS MiB'],
      results.filter((r) => r.serve).map((r) => {
        const c = r.serve!.coldStart;
        const skipped = 'skipped (≈ build)';
        return [r.plan.corpus, c.loadMs, c.incrementalReloadMs ?? skipped, c.readyMs ?? skipped, c.reembedded ?? '-', r.serve!.rssServingMiB, r.serve!.peakRssMiB];
      }),
    ),
  );
  say('   index served = KnowledgeBase.open has loaded the persisted snapshot (questions can be answered);');
  say('   then reload = the incremental reload open() runs next, which found nothing changed; ready = both.');
  if (results.some((r) => r.serve && !r.serve.coldStart.reloadMeasured)) {
    say('   "skipped" (--skip-cold-reload): the bench stopped that reload (moved the folder away right after the');
    say('   load) because it would repeat the full build; latency is measured on the snapshot as loaded.');
  }
  say();
  say('3. Latency (warm: every question asked once before timing)');
  say(
    table(
      ['corpus', 'timed', 'ask p50', 'ask p90', 'ask p99', 'retrieve p50', 'retrieve p99', 'search p50', 'search p99', 'answers ok'],
      results.filter((r) => r.serve).map((r) => {
        const s = r.serve!;
        return [r.plan.corpus, s.ask.n, s.ask.p50, s.ask.p90, s.ask.p99, s.retrieve.p50, s.retrieve.p99, s.search.p50, s.search.p99, s.answerCorrect];
      }),
    ),
  );
  say('   ms. ask = bot.ask() offline (retrieve top 8 + extractive answer); retrieve = analyzeQuery + snapshot.search(top 3);');
  say('   search = snapshot.search alone. answers ok: planted value in the answer text (generated corpora) / the eval rule (seed).');
  say();
  say('4. Retrieval quality and speed vs. libraries at their defaults (same chunks, same questions, top 3)');
  const rows: (string | number)[][] = [];
  for (const r of results) {
    for (const e of r.compare?.engines ?? []) {
      rows.push([r.plan.corpus, e.name, e.buildMs / 1000, e.queryP50Ms, e.queryP99Ms, e.timed, e.scored, pct(e.recallAt3), pct(e.docAt3), pct(e.byLang.ko?.recall), pct(e.byLang.en?.recall), e.heapMiB]);
    }
  }
  say(table(['corpus', 'engine', 'index s', 'query p50', 'query p99', 'timed', 'scored', 'recall@3', 'doc@3', 'ko', 'en', 'heap MiB'], rows));
  say(wrap(RECALL_DEFINITIONS.planted));
  say(wrap(RECALL_DEFINITIONS.eval));
  say('   ko/en = recall@3 by question language. query = ms per question incl. the engine\'s own query analysis;');
  say('   timed = one scored pass after 20 warm-up queries, plus more passes while the engine has used < 20 s.');
  say('   hybrid (ours) index s is 0: its BM25 and HNSW are built when the snapshot loads (see tables 1-2).');
  say();
  say('5. Targets');
  say(
    table(
      ['target', 'corpus', 'limit', 'measured', 'result'],
      targets.map((t) => [t.what, t.corpus, t.limit, t.measured === undefined ? 'not run' : `${fmt(t.measured)} ${t.unit}`, t.pass === undefined ? '-' : t.pass ? 'PASS' : 'FAIL']),
    ),
  );
  const notes = results.flatMap((r) => [...(r.build?.notes ?? []).map((n) => `${r.plan.corpus}: ${n}`), ...r.errors.map((e) => `${r.plan.corpus}: ERROR ${e}`)]);
  const planted = results.filter((r) => r.build?.plantedInOneChunk).map((r) => `${r.plan.corpus}: planted sentences inside one chunk ${r.build!.plantedInOneChunk}`);
  if (notes.length || planted.length) {
    say();
    say('Notes');
    for (const n of [...notes, ...planted]) say(`- ${n}`);
  }
  return out.join('\n');
}

function pct(x: number | undefined): string {
  return x === undefined ? '-' : `${(100 * x).toFixed(1)}%`;
}

async function main() {
  const { quick, keep, plans } = parseArgs(process.argv.slice(2));
  const meta = machine();
  const started = new Date().toISOString();
  const t0 = performance.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'));
  progress(`work dir ${work}; corpora ${plans.map((p) => p.corpus).join(', ')}${quick ? ' (quick)' : ''}`);
  const results: CorpusResult[] = [];
  try {
    for (const plan of plans) {
      const c0 = performance.now();
      const r: CorpusResult = { plan, errors: [], wallMs: 0 };
      results.push(r);
      for (const mode of ['build', 'serve', 'compare'] as const) {
        if (mode !== 'build' && !r.build) break;
        progress(`${plan.corpus}: ${mode}`);
        try {
          (r as unknown as Record<string, unknown>)[mode] = runStep(mode, work, plan);
        } catch (err) {
          r.errors.push((err as Error).message);
          progress((err as Error).message);
        }
      }
      r.wallMs = Math.round(performance.now() - c0);
      progress(`${plan.corpus}: done in ${(r.wallMs / 1000).toFixed(0)} s (total ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      // 100k leaves ~300 MB of index and documents behind: free it before the next corpus.
      if (!keep) fs.rmSync(path.join(work, plan.corpus), { recursive: true, force: true });
    }
  } finally {
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
    else progress(`kept ${work}`);
  }

  const targets = TARGETS.map((t) => {
    const r = results.find((x) => x.plan.corpus === t.corpus);
    const measured = r ? t.measured(r) : undefined;
    return { what: t.what, corpus: t.corpus, limit: t.limit, unit: t.unit, measured, pass: measured === undefined ? undefined : t.ok(measured) };
  });
  const report = printReport(results, meta, quick, targets);
  process.stdout.write(report + '\n');

  const dir = path.join(HERE, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const json = {
    startedAt: started,
    wallSeconds: Math.round((performance.now() - t0) / 1000),
    quick,
    machine: meta,
    settings: { embeddings: 'local:hash-v1', answers: 'offline extractive', chunkSize: 700, chunkOverlap: 120 },
    definitions: RECALL_DEFINITIONS,
    targets,
    corpora: Object.fromEntries(results.map((r) => [r.plan.corpus, r])),
  };
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(json, null, 1) + '\n');
  progress(`wrote ${path.relative(REPO, path.join(dir, 'latest.json'))} in ${json.wallSeconds} s total`);
  if (results.some((r) => r.errors.length)) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

// npm run bench [-- --quick] [-- --corpora seed,10k,100k[,1m]] [-- --runs 3] [-- --keep] [-- --skip-cold-reload]
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
import type { ReloadUnderLoad } from './lib/reload-load';
import type { StartupResult } from './lib/startup';
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
  skipCompare?: boolean;
  startupRuns?: number;
}

const ALL: Record<string, (quick: boolean) => CorpusPlan> = {
  seed: (q) => ({ corpus: 'seed', chunks: 0, questions: 0, reps: q ? 1 : 5, coldReload: true, startupRuns: q ? 3 : 10 }),
  '10k': (q) => ({ corpus: '10k', chunks: 10_000, questions: q ? 60 : 200, reps: q ? 1 : 3, coldReload: true }),
  // --skip-cold-reload (100k only) for code whose no-op reload repeats the whole build (minutes at 100k).
  '100k': (q) => ({ corpus: '100k', chunks: 100_000, questions: q ? 60 : 200, reps: q ? 1 : 2, coldReload: true }),
  // Opt-in (--corpora 1m): ~1 GB of Markdown; no engine comparison (MiniSearch alone would take most of an hour).
  '1m': (q) => ({ corpus: '1m', chunks: 1_000_000, questions: q ? 60 : 200, reps: 1, coldReload: true, skipCompare: true }),
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
  { what: 'cold `npm run ask` (median of runs, new process)', corpus: 'seed', limit: '< 1,000 ms', measured: (r) => r.startup?.askMs.median, ok: (v) => v < 1000, unit: 'ms' },
  { what: 'terminal chat banner after `npm start` (median)', corpus: 'seed', limit: '< 1,000 ms', measured: (r) => r.startup?.chatPromptMs.median, ok: (v) => v < 1000, unit: 'ms' },
  { what: 'ask p50 (full bot.ask, repeated question)', corpus: '10k', limit: '≤ 2 ms', measured: (r) => r.serve?.ask.p50, ok: (v) => v <= 2, unit: 'ms' },
  { what: 'ask p99 (full bot.ask, repeated question)', corpus: '10k', limit: '≤ 10 ms', measured: (r) => r.serve?.ask.p99, ok: (v) => v <= 10, unit: 'ms' },
  { what: 'ask p50 (full bot.ask, repeated question)', corpus: '100k', limit: '≤ 10 ms', measured: (r) => r.serve?.ask.p50, ok: (v) => v <= 10, unit: 'ms' },
  { what: 'ask p50 (first-seen question)', corpus: '100k', limit: '≤ 10 ms', measured: (r) => r.serve?.askFirst?.p50, ok: (v) => v <= 10, unit: 'ms' },
  { what: 'build throughput (load+chunk+index+save)', corpus: '10k', limit: '≥ 3,000 chunks/s', measured: (r) => r.build?.chunksPerSec, ok: (v) => v >= 3000, unit: 'chunks/s' },
  { what: 'build throughput (load+chunk+index+save)', corpus: '100k', limit: '≥ 3,000 chunks/s', measured: (r) => r.build?.chunksPerSec, ok: (v) => v >= 3000, unit: 'chunks/s' },
  { what: 'cold start (until ready resolves)', corpus: '10k', limit: '≤ 1,000 ms', measured: (r) => r.serve?.coldStart.readyMs, ok: (v) => v <= 1000, unit: 'ms' },
  { what: 'no-change reload: files written', corpus: '100k', limit: '0', measured: (r) => r.serve?.reload?.noChange.filesTouched, ok: (v) => v === 0, unit: 'files' },
  { what: 'answer stall during a no-change reload (50 askers)', corpus: '100k', limit: '≤ 50 ms', measured: (r) => r.serve?.reload?.noChange.stallMs, ok: (v) => v <= 50, unit: 'ms' },
  { what: 'answer stall during a one-file edit reload (50 askers)', corpus: '100k', limit: '≤ 50 ms', measured: (r) => r.serve?.reload?.edit.stallMs, ok: (v) => v <= 50, unit: 'ms' },
  { what: 'one-file edit served (reload start → swap) vs full build', corpus: '100k', limit: '< 10% of build', measured: (r) => (r.serve?.reload && r.build ? (100 * r.serve.reload.edit.reloadMs) / r.build.buildMs : undefined), ok: (v) => v < 10, unit: '% of build' },
  { what: 'build time', corpus: '1m', limit: '≤ 300 s', measured: (r) => (r.build ? r.build.buildMs / 1000 : undefined), ok: (v) => v <= 300, unit: 's' },
  { what: 'peak RSS while building', corpus: '1m', limit: '≤ 6,144 MiB', measured: (r) => r.build?.peakRssMiB, ok: (v) => v <= 6144, unit: 'MiB' },
  { what: 'ready to answer after start (saved index served)', corpus: '1m', limit: '≤ 5,000 ms', measured: (r) => r.serve?.coldStart.loadMs, ok: (v) => v <= 5000, unit: 'ms' },
  { what: 'ask p50 (full bot.ask, first-seen question)', corpus: '1m', limit: '≤ 10 ms', measured: (r) => r.serve?.askFirst?.p50, ok: (v) => v <= 10, unit: 'ms' },
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
    ask: Summary; askFirst?: Summary; retrieve: Summary; analyze: Summary; search: Summary;
    reload?: ReloadUnderLoad;
    answerCorrect: string; rssServingMiB: number; peakRssMiB: number;
  };
  compare?: { engines: EngineResult[]; peakRssMiB: number };
  startup?: StartupResult;
  errors: string[];
  wallMs: number;
}

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const keep = argv.includes('--keep');
  const i = argv.findIndex((a) => a === '--corpora' || a.startsWith('--corpora='));
  const list = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const names = list ? list.split(',').map((s) => s.trim()).filter(Boolean) : quick ? ['10k'] : ['seed', '10k', '100k'];
  for (const n of names) if (!ALL[n]) throw new Error(`--corpora: unknown corpus "${n}"; use seed, 10k, 100k, 1m.`);
  const plans = names.map((n) => ALL[n](quick));
  if (argv.includes('--skip-cold-reload')) for (const p of plans) if (p.corpus === '100k') p.coldReload = false;
  const r = argv.findIndex((a) => a === '--runs' || a.startsWith('--runs='));
  const runs = r < 0 ? 1 : Number(argv[r].includes('=') ? argv[r].split('=')[1] : argv[r + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: a whole number ≥ 1');
  return { quick, keep, plans, runs };
}

function runStep(mode: 'build' | 'serve' | 'compare' | 'startup', work: string, plan: CorpusPlan): unknown {
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

function printReport(results: CorpusResult[], meta: ReturnType<typeof machine>, quick: boolean, targets: MeasuredTarget[], runs: number) {
  const out: string[] = [];
  const say = (s = '') => out.push(s);
  say(`Offline core benchmark${quick ? ' (--quick)' : ''}: local:hash-v1 (BM25 only, no vector index offline), extractive answers, chunk 700/120`);
  if (runs > 1) say(`${runs} runs: tables 1-6 show the last run; table 7 gives each target's median with the min–max over all runs.`);
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
  say('   index = BM25 (analyzer terms) over all chunks; embed = 0 offline (the hash embedder builds no vector index).');
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
  say('3. Latency: first-seen = the first time each question is asked; the rest repeat questions already asked once');
  say(
    table(
      ['corpus', 'first-seen p50', 'first-seen p99', 'timed', 'ask p50', 'ask p90', 'ask p99', 'retrieve p50', 'retrieve p99', 'search p50', 'search p99', 'answers ok'],
      results.filter((r) => r.serve).map((r) => {
        const s = r.serve!;
        return [r.plan.corpus, s.askFirst?.p50 ?? '-', s.askFirst?.p99 ?? '-', s.ask.n, s.ask.p50, s.ask.p90, s.ask.p99, s.retrieve.p50, s.retrieve.p99, s.search.p50, s.search.p99, s.answerCorrect];
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
  const hard = results.flatMap((r) => (r.compare?.engines ?? []).filter((e) => e.byVariant && Object.keys(e.byVariant).length).map((e) => ({ corpus: r.plan.corpus, e })));
  if (hard.length) {
    say();
    say('4b. recall@3 by kind of planted question (ko / en in brackets; plain = the questions of table 4)');
    const cell = (e: EngineResult, v: string) => {
      const all = e.byVariant[v];
      if (!all) return '-';
      return `${pct(all.recall)} (${pct(e.byVariant[`${v}/ko`]?.recall)} / ${pct(e.byVariant[`${v}/en`]?.recall)})`;
    };
    const n = (v: string) => hard[0].e.byVariant[v]?.n ?? 0;
    say(table(['corpus', 'engine', `plain (${n('plain')})`, `paraphrase (${n('paraphrase')})`, `shared name (${n('shared-name')})`, `distractor fact (${n('distractor')})`], hard.map(({ corpus, e }) => [corpus, e.name, cell(e, 'plain'), cell(e, 'paraphrase'), cell(e, 'shared-name'), cell(e, 'distractor')])));
  }
  say(wrap(RECALL_DEFINITIONS.planted));
  say(wrap(RECALL_DEFINITIONS.eval));
  say('   ko/en = recall@3 by question language. query = ms per question incl. the engine\'s own query analysis;');
  say('   timed = one scored pass after 20 warm-up queries, plus more passes while the engine has used < 20 s.');
  say('   ours: index s is 0, its BM25 is read from the saved index (see tables 1-2). "BM25 + hash vectors ×w": the same');
  say('   BM25 fused by rank with an HNSW over the offline hash embedder at weight w (what the index built before; its');
  say('   index s is that HNSW build, counted once) — the evidence for building no vector index offline.');
  say();
  say('5. Reloads under load: 50 askers, each asking again 100 ms after its answer, while a reload runs (generated corpora)');
  say(
    table(
      ['corpus', 'reload', 'reload ms', 'longest answer gap ms', 'answers during', 'files written', 'chunks indexed', 'edit served'],
      results.filter((r) => r.serve?.reload).flatMap((r) => {
        const l = r.serve!.reload!;
        return [
          [r.plan.corpus, 'none (1 s, baseline)', '-', l.baselineGapMs ?? '-', '-', '-', '-', '-'],
          [r.plan.corpus, 'nothing changed', l.noChange.reloadMs, l.noChange.stallMs, l.noChange.answers, l.noChange.filesTouched, l.noChange.summary.indexed ?? '-', '-'],
          [r.plan.corpus, 'one file edited', l.edit.reloadMs, l.edit.stallMs, l.edit.answers, l.edit.filesTouched, l.edit.summary.indexed ?? '-', l.edit.served ? 'yes' : 'NO'],
        ];
      }),
    ),
  );
  say('   reload ms = reload() call to resolve: the new snapshot serves from then on (time to serve the edit). longest answer');
  say('   gap = longest time without any answer completing, from the last answer before the reload to the first after it.');
  say();
  say('6. Start-up: a new process each run, the saved index on disk (seed knowledge base)');
  say(
    table(
      ['corpus', 'runs', 'npm run ask median ms', 'min', 'max', 'npm start banner median ms', 'min', 'max'],
      results.filter((r) => r.startup).map((r) => {
        const st = r.startup!;
        return [r.plan.corpus, st.runs, st.askMs.median, st.askMs.min, st.askMs.max, st.chatPromptMs.median, st.chatPromptMs.min, st.chatPromptMs.max];
      }),
    ),
  );
  say('   npm run ask = wall time of `npm run ask -- "Who founded Mistral AI?"` including npm and tsx; banner = until the');
  say('   terminal chat prints its first line (it does not wait for the start-up reload).');
  say();
  say('7. Targets');
  say(
    table(
      ['target', 'corpus', 'limit', 'measured', runs > 1 ? `spread (${runs} runs)` : 'spread', 'result'],
      targets.map((t) => [
        t.what,
        t.corpus,
        t.limit,
        t.measured === undefined ? 'not run' : `${fmt(t.measured)} ${t.unit}`,
        t.values.length > 1 ? `${fmt(Math.min(...t.values))}–${fmt(Math.max(...t.values))}` : '-',
        t.pass === undefined ? '-' : t.pass ? 'PASS' : 'FAIL',
      ]),
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

async function runOnce(plans: CorpusPlan[], keep: boolean, t0: number, label: string): Promise<CorpusResult[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'));
  progress(`${label}work dir ${work}; corpora ${plans.map((p) => p.corpus).join(', ')}`);
  const results: CorpusResult[] = [];
  try {
    for (const plan of plans) {
      const c0 = performance.now();
      const r: CorpusResult = { plan, errors: [], wallMs: 0 };
      results.push(r);
      for (const mode of ['build', 'serve', 'compare', 'startup'] as const) {
        if (mode !== 'build' && !r.build) break;
        if (mode === 'compare' && plan.skipCompare) continue;
        if (mode === 'startup' && !plan.startupRuns) continue;
        progress(`${label}${plan.corpus}: ${mode}`);
        try {
          (r as unknown as Record<string, unknown>)[mode] = runStep(mode, work, plan);
        } catch (err) {
          r.errors.push((err as Error).message);
          progress((err as Error).message);
        }
      }
      r.wallMs = Math.round(performance.now() - c0);
      progress(`${label}${plan.corpus}: done in ${(r.wallMs / 1000).toFixed(0)} s (total ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      // 100k leaves ~300 MB of index and documents behind: free it before the next corpus.
      if (!keep) fs.rmSync(path.join(work, plan.corpus), { recursive: true, force: true });
    }
  } finally {
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
    else progress(`kept ${work}`);
  }
  return results;
}

type MeasuredTarget = { what: string; corpus: string; limit: string; unit: string; measured?: number; pass?: boolean; values: number[] };

/** Each target over every run: the median decides pass/fail; min–max is the run-to-run spread. */
function measureTargets(runs: CorpusResult[][]): MeasuredTarget[] {
  return TARGETS.map((t) => {
    const values = runs.map((results) => {
      const r = results.find((x) => x.plan.corpus === t.corpus);
      return r ? t.measured(r) : undefined;
    }).filter((v): v is number => v !== undefined && Number.isFinite(v));
    const sorted = [...values].sort((a, b) => a - b);
    const measured = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : undefined;
    return { what: t.what, corpus: t.corpus, limit: t.limit, unit: t.unit, measured, values, pass: measured === undefined ? undefined : t.ok(measured) };
  });
}

async function main() {
  const { quick, keep, plans, runs } = parseArgs(process.argv.slice(2));
  const meta = machine();
  const started = new Date().toISOString();
  const t0 = performance.now();
  const all: CorpusResult[][] = [];
  for (let i = 0; i < runs; i++) all.push(await runOnce(plans, keep, t0, runs > 1 ? `run ${i + 1}/${runs}: ` : ''));
  const results = all[all.length - 1];

  const targets = measureTargets(all);
  const report = printReport(results, meta, quick, targets, runs);
  process.stdout.write(report + '\n');

  const dir = path.join(HERE, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const json = {
    startedAt: started,
    wallSeconds: Math.round((performance.now() - t0) / 1000),
    quick,
    runs,
    machine: meta,
    settings: { embeddings: 'local:hash-v1 (BM25 only: no vector index offline)', answers: 'offline extractive', chunkSize: 700, chunkOverlap: 120 },
    definitions: RECALL_DEFINITIONS,
    targets,
    corpora: Object.fromEntries(results.map((r) => [r.plan.corpus, r])),
    allRuns: all.map((rs) => Object.fromEntries(rs.map((r) => [r.plan.corpus, r]))),
  };
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(json, null, 1) + '\n');
  progress(`wrote ${path.relative(REPO, path.join(dir, 'latest.json'))} in ${json.wallSeconds} s total`);
  if (all.some((rs) => rs.some((r) => r.errors.length))) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

// One benchmark step for one corpus, in its own process so peak RSS belongs to that step alone.
// Spawned by bench/run.ts:  node [--expose-gc] --import tsx bench/corpus-run.ts <mode> <workDir> <out.json> [opts JSON]
//   build   — write the corpus and its questions, then time the first full reload (saved to disk)
//   serve   — cold start on the saved index, then ask() and search() latency
//   compare — hybrid search vs MiniSearch vs Orama on the same chunks and questions
//   startup — cold `npm run ask` and `npm start` (terminal chat banner) wall times, new process each
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKnowledgeBot } from '../src/bot';
import { OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { KnowledgeBase } from '../src/kb/knowledge-base';
import { loadSnapshot, readManifest } from '../src/kb/persist';
import { silentLogger, type Logger } from '../src/logger';
import { Glossary } from '../src/retrieval/glossary';
import { analyzeQuery } from '../src/retrieval/query';
import type { ReloadProgress } from '../src/types';
import { compareEngines } from './lib/engines';
import { answerOk, readEvalFile, type BenchQuestion } from './lib/questions';
import { peakRssMiB, progress, round, rssMiB, summarize } from './lib/stats';
import { reloadUnderLoad, type ReloadUnderLoad } from './lib/reload-load';
import { measureStartup } from './lib/startup';
import { writeSyntheticCorpus } from './lib/synth';
import { benchDirs, benchKbOptions } from './lib/kb-options';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StepOptions {
  corpus: string;
  /** Target chunks of a synthetic corpus; 0 = the seed knowledge base. */
  chunks: number;
  questions: number;
  /** Timed passes over the question set after one warm-up pass. */
  reps: number;
  /**
   * Cold start waits for the incremental reload that follows the load (true), or stops it (false):
   * today that reload rebuilds the whole index even when nothing changed, which at 100k chunks costs
   * as much as the build itself and would push the run past its time budget.
   */
  coldReload: boolean;
  /** Skip the comparison with other engines (1M chunks: MiniSearch alone would take most of an hour). */
  skipCompare?: boolean;
  /** Measure cold start of `npm run ask` / `npm start` (seed only); runs of each. */
  startupRuns?: number;
}

interface Spec {
  corpus: string;
  questions: BenchQuestion[];
  notes: string[];
  synth?: { documents: number; sections: number; bytes: number };
}

const dirs = benchDirs;
const kbOptions = benchKbOptions;

function prepareCorpus(work: string, o: StepOptions): Spec {
  const d = dirs(work);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  if (o.chunks === 0) {
    fs.cpSync(path.join(REPO, 'knowledge'), d.knowledge, { recursive: true });
    const notes: string[] = [];
    const questions: BenchQuestion[] = [];
    const sources = [
      { file: path.join(REPO, 'tests/fixtures/eval/questions.jsonl'), set: 'fixtures' },
      { file: path.resolve(REPO, '../shared/eval/questions.dev.jsonl'), set: 'shared-dev' },
    ];
    for (const s of sources) {
      if (!fs.existsSync(s.file)) {
        notes.push(`${path.relative(REPO, s.file)} not present: skipped (optional)`);
        continue;
      }
      const qs = readEvalFile(s.file, s.set);
      notes.push(`${s.set}: ${qs.length} questions from ${path.relative(REPO, s.file)}`);
      questions.push(...qs.map((q) => ({ type: 'eval' as const, ...q })));
    }
    return { corpus: o.corpus, questions, notes };
  }
  const synth = writeSyntheticCorpus(d.knowledge, { chunks: o.chunks, questionCount: o.questions, glossaryFile: path.join(REPO, 'knowledge/_glossary.yml') });
  return {
    corpus: o.corpus,
    questions: synth.questions.map((q) => ({ type: 'planted' as const, ...q })),
    notes: [`${synth.documents} generated documents × 50 sections, ${(synth.bytes / 1e6).toFixed(1)} MB, ${synth.questions.length} planted questions`],
    synth: { documents: synth.documents, sections: synth.sections, bytes: synth.bytes },
  };
}

function dirBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

async function build(work: string, o: StepOptions) {
  const t0 = performance.now();
  const spec = prepareCorpus(work, o);
  fs.writeFileSync(dirs(work).spec, JSON.stringify(spec));
  const writeMs = performance.now() - t0;
  progress(`${o.corpus}: corpus written in ${(writeMs / 1000).toFixed(1)} s; building the index`);

  // Phase edges from the reload's own progress events: load → chunk → embed → index (HNSW + BM25) → save.
  const marks: Record<string, number> = {};
  let lastPct = -1;
  const onProgress = (p: ReloadProgress) => {
    const now = performance.now();
    if (p.phase === 'embed' && marks.embedStart === undefined) marks.embedStart = now;
    if (p.phase === 'embed') {
      marks.embedEnd = now;
      const pct = p.total ? Math.floor((10 * p.done) / p.total) : 10;
      if (pct > lastPct && p.total > 20_000) progress(`${o.corpus}: embedded ${p.done}/${p.total}`), (lastPct = pct);
    }
    if (p.phase === 'load') marks.loadEnd = now;
    if (p.phase === 'save' && marks.save === undefined) marks.save = now;
    if (p.phase === 'done') marks.done = now;
  };
  const kb = new KnowledgeBase(kbOptions(work));
  const start = performance.now();
  const summary = await kb.open(onProgress);
  const end = performance.now();
  const snap = kb.snapshot!;
  const totalMs = end - start;

  // Each planted sentence must sit inside one chunk, or recall could not be 1 by construction.
  const planted = spec.questions.filter((q) => q.type === 'planted');
  // Peak RSS is read first: decoding every chunk of a 1M-chunk index is the check's cost, not the build's.
  const peakRss = peakRssMiB();
  const sentences = new Set(planted.map((q) => q.sentence));
  let whole = 0;
  for (let i = 0; i < snap.size && sentences.size; i++) {
    const text = snap.chunkAt(i).text;
    for (const s of sentences) if (text.includes(s)) (whole++, sentences.delete(s));
  }
  const result = {
    corpus: o.corpus,
    documents: snap.docs.length,
    chunks: snap.size,
    questions: spec.questions.length,
    notes: spec.notes,
    corpusMB: round(spec.synth ? spec.synth.bytes / 1e6 : dirBytes(dirs(work).knowledge) / 1e6, 2),
    writeCorpusMs: round(writeMs, 0),
    buildMs: round(totalMs, 0),
    chunksPerSec: round(snap.size / (totalMs / 1000), 0),
    phasesMs: {
      load: round(marks.loadEnd - start, 0),
      chunk: round(marks.embedStart - marks.loadEnd, 0),
      embed: round(marks.embedEnd - marks.embedStart, 0),
      index: round(marks.save - marks.embedEnd, 0),
      save: round(marks.done - marks.save, 0),
    },
    embedded: summary.embedded,
    indexMB: round(dirBytes(path.join(dirs(work).data, 'index')) / 1e6, 1),
    plantedInOneChunk: planted.length ? `${whole}/${planted.length}` : undefined,
    peakRssMiB: peakRss,
  };
  progress(`${o.corpus}: built ${result.chunks} chunks in ${(totalMs / 1000).toFixed(1)} s (${result.chunksPerSec} chunks/s)`);
  return result;
}

function readSpec(work: string): Spec {
  return JSON.parse(fs.readFileSync(dirs(work).spec, 'utf8')) as Spec;
}

async function serve(work: string, o: StepOptions) {
  const spec = readSpec(work);
  // The KnowledgeBase logs "index loaded" the moment the persisted snapshot serves, and "reload done"
  // after the incremental reload that follows: the two halves of cold start.
  const marks: Record<string, number> = {};
  const fields: Record<string, unknown> = {};
  const d = dirs(work);
  const parked = `${d.knowledge}.parked`;
  let notLoaded: string | undefined;
  const note = (msg: string, f?: Record<string, unknown>) => {
    marks[msg] ??= performance.now();
    if (msg === 'reload done' && !("unchanged" in fields)) Object.assign(fields, f); // the start-up reload only, not the bench's later ones
    // A persisted index that is not used means the cold start is really a full build: say so.
    if (/^persisted index/.test(msg)) notLoaded = `${msg} (${JSON.stringify(f?.reason ?? (f?.error as Error | undefined)?.message ?? '')})`;
    // Logged synchronously in KnowledgeBase.open between the load and the reload: moving the folder
    // away here makes that reload fail at once (KNOWLEDGE_DIR_MISSING) and the loaded index serve.
    if ((msg === 'index loaded' || notLoaded) && !o.coldReload && !fs.existsSync(parked)) fs.renameSync(d.knowledge, parked);
  };
  const logger: Logger = { ...silentLogger, info: note, warn: note };
  const rssBefore = rssMiB();
  const t0 = performance.now();
  const bot = createKnowledgeBot(kbOptions(work, logger));
  await bot.ready;
  const readyMs = performance.now() - t0;
  if (fs.existsSync(parked)) fs.renameSync(parked, d.knowledge);
  if (notLoaded) throw new Error(`the saved index was not loaded at cold start: ${notLoaded}`);
  if (!bot.kb.snapshot) throw new Error('no index is serving after cold start');
  const loadMs = marks['index loaded'] !== undefined ? marks['index loaded'] - t0 : NaN;
  global.gc?.();
  const rssServing = rssMiB();
  progress(`${o.corpus}: persisted index served after ${loadMs.toFixed(0)} ms; ready after ${o.coldReload ? `${readyMs.toFixed(0)} ms` : '(reload skipped)'}`);

  const snap = bot.kb.snapshot!;
  // Latency and "answers ok" over the plain questions, as before the harder kinds (compare step, table 4b) existed.
  const qs = spec.questions.filter((q) => q.type !== 'planted' || q.variant === 'plain');
  const ask = (q: BenchQuestion) => bot.ask({ text: q.question, user: 'bench', channel: 'bench', platform: 'cli' });
  let correct = 0;
  const firstMs: number[] = [];
  for (const q of qs) {
    const t = performance.now();
    const a = await ask(q); // the first-seen pass (timed on its own: no cache has seen the question), also scored
    firstMs.push(performance.now() - t);
    if (answerOk(q, a.text, a.abstained)) correct++;
  }
  const askMs: number[] = [];
  const retrieveMs: number[] = [];
  const searchMs: number[] = [];
  const analyzeMs: number[] = [];
  for (let rep = 0; rep < o.reps; rep++) {
    for (const q of qs) {
      let t = performance.now();
      await ask(q);
      askMs.push(performance.now() - t);
      t = performance.now();
      const aq = analyzeQuery(q.question, snap.glossary);
      const t1 = performance.now();
      await snap.search(aq, 3);
      const t2 = performance.now();
      analyzeMs.push(t1 - t);
      searchMs.push(t2 - t1);
      retrieveMs.push(t2 - t);
    }
  }
  // Reloads under 50 concurrent askers (generated corpora: their documents are safe to edit).
  let reloads: ReloadUnderLoad | undefined;
  const planted = qs.find((q) => q.type === 'planted');
  if (planted && planted.type === 'planted') {
    reloads = await reloadUnderLoad(bot, qs, d, planted.docId);
    progress(`${o.corpus}: reload under load: no change ${reloads.noChange.reloadMs} ms (stall ${reloads.noChange.stallMs} ms, ${reloads.noChange.filesTouched} files touched); one-file edit served after ${reloads.edit.reloadMs} ms (stall ${reloads.edit.stallMs} ms)`);
  }
  const result = {
    corpus: o.corpus,
    coldStart: {
      reloadMeasured: o.coldReload,
      readyMs: o.coldReload ? round(readyMs, 0) : undefined,
      loadMs: round(loadMs, 0),
      incrementalReloadMs: o.coldReload ? round(readyMs - loadMs, 0) : undefined,
      reembedded: fields.embedded,
      unchanged: fields.unchanged,
    },
    ask: summarize(askMs),
    askFirst: summarize(firstMs),
    reload: reloads,
    retrieve: summarize(retrieveMs),
    analyze: summarize(analyzeMs),
    search: summarize(searchMs),
    answerCorrect: `${correct}/${qs.length}`,
    answerCorrectRate: round(correct / (qs.length || 1), 3),
    rssBeforeMiB: rssBefore,
    rssServingMiB: rssServing,
    peakRssMiB: peakRssMiB(),
  };
  progress(`${o.corpus}: ask p50 ${result.ask.p50} ms p99 ${result.ask.p99} ms over ${askMs.length} asks`);
  return result;
}

async function compare(work: string, o: StepOptions) {
  const spec = readSpec(work);
  const d = dirs(work);
  const manifest = await readManifest(d.data);
  if (!manifest) throw new Error(`no index in ${d.data}: run the build step first`);
  const snap = await loadSnapshot(d.data, manifest, new OfflineHashEmbeddings(), Glossary.load(d.knowledge));
  const engines = await compareEngines(snap, spec.questions, { reps: o.reps, budgetMs: 20_000, log: (m) => progress(`${o.corpus}: ${m}`) });
  return { corpus: o.corpus, ...engines, peakRssMiB: peakRssMiB() };
}

/** Cold `npm run ask` and `npm start` on this corpus (the seed), each a new process. */
async function startup(work: string, o: StepOptions) {
  const d = dirs(work);
  const result = await measureStartup(REPO, d.knowledge, path.join(work, 'data-startup'), o.startupRuns ?? 10);
  progress(`${o.corpus}: cold npm run ask median ${result.askMs.median} ms (${result.askMs.min}–${result.askMs.max}); chat banner median ${result.chatPromptMs.median} ms`);
  return result;
}

async function main() {
  const [mode, work, out, raw] = process.argv.slice(2);
  if (!mode || !work || !out) throw new Error('usage: corpus-run.ts build|serve|compare <workDir> <out.json> [options JSON]');
  const o = { corpus: 'seed', chunks: 0, questions: 200, reps: 1, coldReload: true, ...(raw ? (JSON.parse(raw) as Partial<StepOptions>) : {}) };
  const steps = { build, serve, compare, startup } as const;
  const step = steps[mode as keyof typeof steps];
  if (!step) throw new Error(`unknown mode ${mode}`);
  const result = await step(work, o);
  fs.writeFileSync(out, JSON.stringify(result, null, 1));
}

main().catch((err) => {
  process.stderr.write(`corpus-run failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

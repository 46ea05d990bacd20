// One-file edit at 100k chunks under the bench's 50 askers (lib/reload-load.ts), with the edit's
// phases, for comparing two versions of the code on the same folder (run each version's copy of
// this script alternately; the machine's load average is printed beside every number).
//   npx tsx bench/edit-under-load.ts <workDir>            first run: writes the corpus and builds it
//   npx tsx bench/edit-under-load.ts <workDir>            later runs: cold start, then the reloads
//   npx tsx bench/edit-under-load.ts <workDir> --quiet    the edit alone, no askers
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKnowledgeBot } from '../src/bot';
import { KnowledgeBase } from '../src/kb/knowledge-base';
import type { ReloadProgress } from '../src/types';
import type { BenchQuestion } from './lib/questions';
import { reloadUnderLoad } from './lib/reload-load';
import { writeSyntheticCorpus } from './lib/synth';
import { benchDirs, benchKbOptions } from './lib/kb-options';

const [work, flag] = process.argv.slice(2);
if (!work) throw new Error('usage: tsx bench/edit-under-load.ts <workDir> [--quiet]');
const dirs = benchDirs(work);
const specFile = dirs.spec;
const options = benchKbOptions(work);
const load = () => os.loadavg().map((x) => Number(x.toFixed(2)));

async function main(): Promise<void> {
  if (!fs.existsSync(specFile)) {
    fs.mkdirSync(work, { recursive: true });
    const synth = writeSyntheticCorpus(dirs.knowledge, { chunks: 100_000, questionCount: 60, glossaryFile: path.resolve('knowledge/_glossary.yml') });
    const t = performance.now();
    await new KnowledgeBase(options).open();
    const buildMs = Math.round(performance.now() - t);
    const questions: BenchQuestion[] = synth.questions.filter((q) => q.variant === 'plain').map((q) => ({ type: 'planted' as const, ...q }));
    fs.writeFileSync(specFile, JSON.stringify({ questions, buildMs }));
    console.log(JSON.stringify({ buildMs, load: load() }));
    return;
  }
  const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as { questions: BenchQuestion[]; buildMs: number };
  const bot = createKnowledgeBot(options);
  await bot.ready;
  // Phase edges of each reload, from its progress events (ms from the reload's start).
  let t0 = 0;
  let phases: Record<string, number> = {};
  const onProgress = (p: ReloadProgress) => (phases[p.phase] ??= Math.round(performance.now() - t0));
  const reload: typeof bot.reload = (o) => {
    t0 = performance.now();
    phases = {};
    return bot.reload({ ...o, onProgress });
  };
  const editDoc = spec.questions[0].type === 'planted' ? spec.questions[0].docId : '';
  if (flag === '--quiet') {
    fs.appendFileSync(path.join(dirs.knowledge, editDoc), `\n\nA quiet edit at ${new Date().toISOString()}.\n`);
    await reload();
    const ms = Math.round(performance.now() - t0);
    console.log(JSON.stringify({ editMs: ms, pctOfBuild: Number(((100 * ms) / spec.buildMs).toFixed(1)), phases, load: load() }));
  } else {
    const r = await reloadUnderLoad({ ...bot, reload }, spec.questions, dirs, editDoc);
    console.log(
      JSON.stringify({
        editMs: r.edit.reloadMs,
        pctOfBuild: Number(((100 * r.edit.reloadMs) / spec.buildMs).toFixed(1)),
        editGapMs: r.edit.stallMs,
        noChangeGapMs: r.noChange.stallMs,
        baselineGapMs: r.baselineGapMs,
        served: r.edit.served,
        editPhases: phases,
        load: load(),
      }),
    );
  }
  process.exit(0); // the bot's timers (question log, digests) would keep the process alive
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

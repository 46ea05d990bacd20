// npm run test:mutation [-- --only=<text>[,<text>…]] [--group=kb|llm|adapters|answer] [--list (check, no tests)]
// Plants each mutant of scripts/mutants.ts in turn, runs the test files that should catch it, and
// reports killed (a test failed) or survived (every test passed), per group, with the time taken.
// A mutant whose find text the source no longer has (stale) stops the run before any test, with
// exit code 2 and the mutant's id: a silently skipped mutant is a guarantee nobody checks any more.
// The source is always restored: after each mutant, on Ctrl-C or SIGTERM, and at the next start
// if the process was killed outright (a backup file holds the originals until they are back).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MUTANTS, staleEdits, type Mutant } from './mutants';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BACKUP = path.join(ROOT, '.mutation-backup.json');
const TIMEOUT_MS = 240_000;

type Backup = Record<string, string>;

function restore(): void {
  if (!fs.existsSync(BACKUP)) return;
  const saved = JSON.parse(fs.readFileSync(BACKUP, 'utf8')) as Backup;
  for (const [file, text] of Object.entries(saved)) fs.writeFileSync(path.join(ROOT, file), text);
  fs.rmSync(BACKUP);
}

let child: ChildProcess | undefined;
function stopChild(): void {
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    stopChild();
    restore();
    process.stderr.write(`\n${sig}: sources restored.\n`);
    process.exit(130);
  });
}
process.on('exit', restore);

type Outcome = 'killed' | 'survived' | 'timeout';

const readSource = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Writes the mutant (backing up the originals first); every find text was checked to be there once. */
function plant(m: Mutant): void {
  const texts = new Map<string, string>();
  for (const e of m.edits) {
    if (!texts.has(e.file)) texts.set(e.file, readSource(e.file));
    texts.set(e.file, texts.get(e.file)!.replace(e.find, () => e.replace));
  }
  const originals: Backup = {};
  for (const file of texts.keys()) originals[file] = fs.readFileSync(path.join(ROOT, file), 'utf8');
  fs.writeFileSync(BACKUP, JSON.stringify(originals));
  for (const [file, text] of texts) fs.writeFileSync(path.join(ROOT, file), text);
}

function runTests(files: string[]): Promise<{ code: number | null; timedOut: boolean; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    // Rows marked "known bug" (it.fails) pass while the bug is there: a mutant that happens to fix
    // one is a change, not a caught bug, so they do not count.
    child = spawn('npx', ['vitest', 'run', '--bail=1', '--reporter=dot', '--testNamePattern=^(?!.*known bug)', ...files], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stopChild();
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      child = undefined;
      resolve({ code, timedOut, output });
    });
  });
}

/** The first failing test's name, to show which test caught the mutant. */
function caughtBy(output: string): string {
  const clean = output.replace(/\x1b\[[0-9;]*m/g, '');
  const m = /FAIL\s+(tests\/\S+)\s+>\s+(.+)/.exec(clean);
  return m ? `${m[1]} > ${m[2].trim()}`.slice(0, 160) : '';
}

async function main(): Promise<void> {
  restore();
  const args = process.argv.slice(2);
  const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const group = args.find((a) => a.startsWith('--group='))?.slice(8);
  const mutants = MUTANTS.filter((m) => (!only || only.some((o) => m.id.includes(o))) && (!group || m.group === group));
  if (!mutants.length) {
    console.error(`No mutant matches ${args.join(' ')}.`);
    process.exit(2);
  }
  const stale = mutants.map((m) => ({ m, problems: staleEdits(m, readSource) })).filter((s) => s.problems.length);
  if (args.includes('--list')) for (const m of mutants) console.log(`${stale.some((s) => s.m === m) ? 'STALE ' : '      '}${m.id.padEnd(40)} ${m.bug}`);
  if (stale.length) {
    console.error(`\n${stale.length} stale mutant(s): the source changed under them. Update each in scripts/mutants.ts so it plants its bug in the code as it is now.`);
    for (const s of stale) console.error(`STALE ${s.m.id}\n${s.problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(2);
  }
  if (args.includes('--list')) return;

  const started = Date.now();
  const files = [...new Set(mutants.flatMap((m) => m.tests))];
  process.stdout.write(`baseline: ${files.length} test files on the unmutated source… `);
  const base = await runTests(files);
  if (base.code !== 0) {
    console.log('FAILED\n' + base.output.slice(-3000));
    console.log('The suite must pass before mutants mean anything.');
    process.exit(1);
  }
  console.log(`ok (${((Date.now() - started) / 1000).toFixed(0)} s)`);

  const results: { m: Mutant; outcome: Outcome; by: string; s: number }[] = [];
  for (const m of mutants) {
    const t0 = Date.now();
    let outcome: Outcome;
    let by = '';
    plant(m);
    try {
      const r = await runTests(m.tests);
      outcome = r.timedOut ? 'timeout' : r.code === 0 ? 'survived' : 'killed';
      by = caughtBy(r.output);
    } finally {
      restore();
    }
    const s = (Date.now() - t0) / 1000;
    results.push({ m, outcome, by, s });
    console.log(`${outcome.toUpperCase().padEnd(8)} ${m.id.padEnd(40)} ${s.toFixed(0).padStart(3)} s  ${outcome === 'killed' ? by : m.bug}`);
  }

  console.log('\ngroup     killed / planted   score');
  const groups = [...new Set(results.map((r) => r.m.group))];
  let allKilled = 0;
  let allPlanted = 0;
  for (const g of groups) {
    const rs = results.filter((r) => r.m.group === g);
    const planted = rs.length;
    const killed = rs.filter((r) => r.outcome === 'killed' || r.outcome === 'timeout').length;
    if (g !== 'answer') {
      allKilled += killed;
      allPlanted += planted;
    }
    console.log(`${g.padEnd(9)} ${String(killed).padStart(6)} / ${String(planted).padEnd(7)} ${((100 * killed) / planted).toFixed(0).padStart(4)}%`);
  }
  if (allPlanted) console.log(`\nscore without src/answer: ${allKilled}/${allPlanted} = ${((100 * allKilled) / allPlanted).toFixed(0)}%`);
  const survived = results.filter((r) => r.outcome === 'survived');
  if (survived.length) console.log(`survived:\n${survived.map((r) => `  ${r.m.id}: ${r.m.bug}`).join('\n')}`);
  console.log(`\n${results.length} mutants in ${((Date.now() - started) / 1000 / 60).toFixed(1)} min`);
}

main().catch((err) => {
  restore();
  console.error(err);
  process.exit(1);
});

// Reloads measured the way a user feels them: 50 askers keep asking while a reload runs, and the
// longest stretch without any answer is the stall. Also checks that a reload with nothing changed
// writes nothing, and times how long a one-file edit takes to be served.
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { CoreBot } from '../../src/bot';
import { analyzeQuery } from '../../src/retrieval/query';
import type { BenchQuestion } from './questions';
import { round } from './stats';

export interface ReloadRun {
  /** Reload call to resolve (the swap happens just before), ms. */
  reloadMs: number;
  /** Longest gap between two answers while the reload ran (incl. the edges), ms. */
  stallMs: number;
  /** Answers completed while the reload ran. */
  answers: number;
  /** Files under DATA_DIR/index created, changed or removed by the reload. */
  filesTouched: number;
  summary: { changed: string[]; indexed?: number; embedded: number };
}

export interface ReloadUnderLoad {
  askers: number;
  thinkMs: number;
  /** Longest answer gap over 1 s of the same load with no reload: the floor the stall is compared with. */
  baselineGapMs: number;
  noChange: ReloadRun;
  edit: ReloadRun & { served: boolean };
}

const ASKERS = 50;
/**
 * Each asker asks again this long after its answer: 50 askers offer ~500 questions/s, about half of
 * one core at 100k chunks. With no pause they saturate the core and the reload only gets the slices
 * left over, which measures the machine's capacity rather than the reload.
 */
const THINK_MS = 100;
const MARKER = 'Quillfeather7421';

function fileStates(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = fs.statSync(p);
        out.set(p, `${s.ino}:${s.size}:${s.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

function touched(a: Map<string, string>, b: Map<string, string>): number {
  let n = 0;
  for (const [k, v] of a) if (b.get(k) !== v) n++;
  for (const k of b.keys()) if (!a.has(k)) n++;
  return n;
}

/**
 * Questions delivered as messages on a port: they reach the bot in the event loop's poll phase,
 * beside file I/O, as a socket read from Slack, Discord or a terminal does. Answering straight
 * from each asker's think-time timer instead ran every question in the timers phase, which Node
 * does not leave while timers keep falling due: once answers took ~90% of the thread (a busy
 * machine), file reads waited for seconds (`fs.stat` 4.6 s at 1.8 ms per answer; never at 2.2 ms),
 * and a reload's time measured how long its I/O was shut out rather than its own work.
 */
function questionWire(): { arrive: () => Promise<void>; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  const waiting: (() => void)[] = [];
  port2.on('message', () => waiting.shift()?.());
  return {
    arrive: () => new Promise<void>((resolve) => {
      waiting.push(resolve);
      port1.postMessage(0);
    }),
    close: () => port1.close(),
  };
}

async function underLoad(bot: CoreBot, questions: BenchQuestion[], indexDir: string, run: () => Promise<ReloadRun['summary']>): Promise<ReloadRun> {
  const done: number[] = [];
  let stop = false;
  let i = 0;
  const wire = questionWire();
  // Each asker's next question arrives through the event loop, as a network client's would.
  const asker = async (_: unknown, n: number) => {
    await new Promise((r) => setTimeout(r, (n * THINK_MS) / ASKERS)); // staggered, not in lockstep
    while (!stop) {
      await wire.arrive();
      const q = questions[i++ % questions.length];
      await bot.ask({ text: q.question, user: 'bench', channel: 'bench', platform: 'cli' });
      done.push(performance.now());
      await new Promise((r) => setTimeout(r, THINK_MS));
    }
  };
  const askers = Array.from({ length: ASKERS }, asker);
  await new Promise((r) => setTimeout(r, 300)); // steady state first
  const before = fileStates(indexDir);
  const t0 = performance.now();
  const summary = await run();
  const t1 = performance.now();
  await new Promise((r) => setTimeout(r, 100));
  stop = true;
  await Promise.all(askers);
  wire.close();
  const after = fileStates(indexDir);
  // Gaps between consecutive answers, from the last one before the reload to the first one after it.
  const inside = done.filter((t) => t >= t0 && t <= t1);
  const lastBefore = done.filter((t) => t < t0).pop() ?? t0;
  const firstAfter = done.find((t) => t > t1) ?? t1;
  const times = [lastBefore, ...inside, firstAfter];
  let stall = 0;
  for (let k = 1; k < times.length; k++) stall = Math.max(stall, times[k] - times[k - 1]);
  return { reloadMs: round(t1 - t0, 0), stallMs: round(stall, 1), answers: inside.length, filesTouched: touched(before, after), summary };
}

export async function reloadUnderLoad(bot: CoreBot, questions: BenchQuestion[], dirs: { knowledge: string; data: string }, editDoc: string): Promise<ReloadUnderLoad> {
  const indexDir = path.join(dirs.data, 'index');
  const pick = (s: { changed: string[]; indexed?: number; embedded: number }) => ({ changed: s.changed, indexed: s.indexed, embedded: s.embedded });
  const baseline = await underLoad(bot, questions, indexDir, async () => {
    await new Promise((r) => setTimeout(r, 1000));
    return { changed: [], embedded: 0 };
  });
  const noChange = await underLoad(bot, questions, indexDir, async () => pick(await bot.reload()));
  const file = path.join(dirs.knowledge, editDoc);
  const edit = await underLoad(bot, questions, indexDir, async () => {
    fs.appendFileSync(file, `\n\n## Bench edit\n\nThe code name ${MARKER} was added to this document by the reload benchmark.\n`);
    return pick(await bot.reload());
  });
  const snap = bot.kb.snapshot!;
  const hit = (await snap.search(analyzeQuery(`What is ${MARKER}?`, snap.glossary), 3))[0];
  return { askers: ASKERS, thinkMs: THINK_MS, baselineGapMs: baseline.stallMs, noChange, edit: { ...edit, served: Boolean(hit?.chunk.text.includes(MARKER)) } };
}

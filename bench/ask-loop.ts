// Times bot.ask in one process, many passes over the plain planted questions of a corpus the bench
// kept (`npm run bench -- --quick --keep` prints its work dir): a quicker and steadier A/B of two
// checkouts than the whole bench on a shared machine. Run it from each checkout, alternating:
//   node --import tsx bench/ask-loop.ts <work dir>/10k [passes] [answers.json]
// Prints the first-seen p50, the p50 of each question's fastest pass (what the code costs, less
// what other processes took), the p50/p99 of all passes, and the CPU time per ask; with a third
// argument, writes each answer (text, declined, confidence) to compare two checkouts' outputs.
import fs from 'node:fs';
import path from 'node:path';
import { createKnowledgeBot } from '../src/bot';
import { benchKbOptions } from './lib/kb-options';
import { percentile } from './lib/stats';

async function main() {
  const [work, passesArg, answersFile] = process.argv.slice(2);
  if (!work) throw new Error('usage: bench/ask-loop.ts <work dir of a kept corpus, e.g. /tmp/kb-bench-x/10k> [passes] [answers.json]');
  const passes = Number(passesArg ?? 20);
  const spec = JSON.parse(fs.readFileSync(path.join(work, 'spec.json'), 'utf8')) as { questions: { type: string; variant?: string; question: string }[] };
  const qs = spec.questions.filter((q) => q.type !== 'planted' || q.variant === 'plain');
  const bot = createKnowledgeBot(benchKbOptions(work));
  await bot.ready;
  const ask = (text: string) => bot.ask({ text, user: 'bench', channel: 'bench', platform: 'cli' });
  const first: number[] = [];
  const answers: unknown[] = [];
  for (const q of qs) {
    const t = performance.now();
    const a = await ask(q.question);
    first.push(performance.now() - t);
    answers.push([q.question, a.text, a.abstained, a.confidence]);
  }
  const all: number[] = [];
  const fastest = qs.map(() => Infinity);
  const cpu = process.cpuUsage();
  for (let p = 0; p < passes; p++) {
    for (let i = 0; i < qs.length; i++) {
      const t = performance.now();
      await ask(qs[i].question);
      const ms = performance.now() - t;
      all.push(ms);
      fastest[i] = Math.min(fastest[i], ms);
    }
  }
  const used = process.cpuUsage(cpu);
  const f = (n: number) => n.toFixed(3);
  console.log(
    `${qs.length} questions × ${passes} passes: first-seen p50 ${f(percentile(first, 50))} ms; fastest-pass p50 ${f(percentile(fastest, 50))} ms; ` +
      `all passes p50 ${f(percentile(all, 50))} / p99 ${f(percentile(all, 99))} ms; CPU ${f((used.user + used.system) / 1000 / all.length)} ms per ask`,
  );
  if (answersFile) fs.writeFileSync(answersFile, JSON.stringify(answers, null, 1));
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`ask-loop failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

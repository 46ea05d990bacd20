// npm run eval -- questions.jsonl [--verbose]
// Scores answers the way the dev set defines it: an answerable question passes when every `expect`
// group has an alternative in the first 600 characters (case-insensitive); an unanswerable one
// passes when the bot abstains. Prints a per-language table; exits 1 on unreadable input.
import fs from 'node:fs';
import { createBotFromConfig } from '../app';
import { BotError } from '../errors';
import { cliSetup, fail } from './common';

interface Item {
  id: string;
  lang: 'ko' | 'en';
  question: string;
  expect?: string[][];
  answerable?: boolean;
}

export function passes(item: Item, answer: string, abstained: boolean): boolean {
  if (item.answerable === false) return abstained;
  if (abstained) return false;
  const head = answer.slice(0, 600).toLowerCase();
  return (item.expect ?? []).every((group) => group.some((alt) => head.includes(alt.toLowerCase())));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const verbose = args.includes('--verbose');
  if (!file) fail(new BotError('USAGE', 'usage: npm run eval -- path/to/questions.jsonl [--verbose]'));
  if (!fs.existsSync(file)) fail(new Error(`${file} does not exist. Pass the path of a questions JSONL file.`));
  const items: Item[] = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as Item;
      } catch {
        fail(new Error(`${file} line ${i + 1} is not JSON.`));
      }
    });

  const { config, logger } = cliSetup();
  const bot = createBotFromConfig(config, logger);
  await bot.ready.catch(fail);

  const rows: Record<string, { answerable: [number, number]; unanswerable: [number, number] }> = {};
  const times: number[] = [];
  for (const item of items) {
    const a = await bot.ask({ text: item.question, user: 'eval', channel: 'eval', platform: 'cli' });
    times.push(a.timings.totalMs);
    const ok = passes(item, a.text, a.abstained);
    const row = (rows[item.lang] ??= { answerable: [0, 0], unanswerable: [0, 0] });
    const cell = item.answerable === false ? row.unanswerable : row.answerable;
    cell[1] += 1;
    if (ok) cell[0] += 1;
    if (verbose || !ok) {
      console.log(`${ok ? 'PASS' : 'FAIL'} ${item.id} [${item.lang}] ${item.question}`);
      if (!ok || verbose) console.log('   ' + a.text.slice(0, 600).replace(/\n/g, '\n   '));
    }
  }
  const pct = ([p, n]: [number, number]) => (n ? `${p}/${n} (${((100 * p) / n).toFixed(0)}%)` : '-');
  console.log('\nlang  answerable        unanswerable (abstained)');
  for (const [lang, r] of Object.entries(rows)) console.log(`${lang.padEnd(5)} ${pct(r.answerable).padEnd(17)} ${pct(r.unanswerable)}`);
  times.sort((a, b) => a - b);
  console.log(`\n${items.length} questions; median ${times[Math.floor(times.length / 2)]} ms per answer; mode ${bot.status().answerer}`);
}

main().catch(fail);

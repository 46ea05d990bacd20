// npm run eval -- questions.jsonl [--verbose]
// Scores answers the way the dev set defines it (see eval-score.ts). Prints a per-language table;
// exits 1 on unreadable input.
import fs from 'node:fs';
import { createBotFromConfig } from '../app';
import { BotError } from '../errors';
import { cliSetup, fail } from './common';
import { readEvalItems, scoreDevSet, type EvalCell, type EvalItem } from './eval-score';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const verbose = args.includes('--verbose');
  if (!file) fail(new BotError('USAGE', 'usage: npm run eval -- path/to/questions.jsonl [--verbose]'));
  if (!fs.existsSync(file)) fail(new Error(`${file} does not exist. Pass the path of a questions JSONL file.`));
  let items: EvalItem[] = [];
  try {
    items = readEvalItems(file);
  } catch (err) {
    fail(err);
  }

  const { config, logger } = cliSetup();
  const bot = createBotFromConfig(config, logger);
  await bot.ready.catch(fail);

  const { rows, outcomes } = await scoreDevSet(bot, items);
  for (const { item, ok, text } of outcomes) {
    if (verbose || !ok) {
      console.log(`${ok ? 'PASS' : 'FAIL'} ${item.id} [${item.lang}] ${item.question}`);
      console.log('   ' + text.replace(/\n/g, '\n   '));
    }
  }
  const pct = ({ passed, total }: EvalCell) => (total ? `${passed}/${total} (${((100 * passed) / total).toFixed(0)}%)` : '-');
  console.log('\nlang  answerable        unanswerable (abstained)');
  for (const [lang, r] of Object.entries(rows)) console.log(`${lang.padEnd(5)} ${pct(r.answerable).padEnd(17)} ${pct(r.unanswerable)}`);
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  console.log(`\n${items.length} questions; median ${times[Math.floor(times.length / 2)]} ms per answer; mode ${bot.status().answerer}`);
}

main().catch(fail);

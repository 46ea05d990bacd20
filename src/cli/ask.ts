// npm run ask -- "question"         readable answer
// npm run ask -- --json "question"  one JSON object
// npm run ask -- --jsonl            {"id","question"} lines on stdin → {"id","answer","citations","abstained"} lines
import readline from 'node:readline';
import { createBotFromConfig } from '../app';
import { BotError } from '../errors';
import type { Answer } from '../types';
import { cliSetup, fail, parseArgs } from './common';

const USAGE = 'usage: npm run ask -- [--json] "your question"   |   npm run ask -- --jsonl < questions.jsonl';

async function main(): Promise<void> {
  const { flags, rest } = parseArgs(process.argv.slice(2), ['--json', '--jsonl', '--help'], USAGE);
  const json = flags.has('--json');
  const jsonl = flags.has('--jsonl');
  const text = rest.join(' ');
  if (flags.has('--help')) {
    console.log(USAGE);
    return;
  }
  if (!jsonl && !text.trim()) fail(new BotError('EMPTY_QUESTION', `No question given. ${USAGE}`));

  const { config, logger } = cliSetup();
  const bot = createBotFromConfig(config, logger);
  await bot.ready.catch(fail);

  if (jsonl) {
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    let line = 0;
    for await (const raw of rl) {
      line += 1;
      if (!raw.trim()) continue;
      let item: { id?: unknown; question?: unknown };
      try {
        item = JSON.parse(raw);
      } catch {
        process.stdout.write(JSON.stringify({ id: null, error: `line ${line} is not JSON` }) + '\n');
        continue;
      }
      const id = item.id ?? line;
      try {
        const a = await bot.ask({ text: String(item.question ?? ''), user: 'cli', channel: 'cli', platform: 'cli' });
        process.stdout.write(JSON.stringify({ id, answer: a.text, citations: a.citations, abstained: a.abstained }) + '\n');
      } catch (err) {
        process.stdout.write(JSON.stringify({ id, error: (err as Error).message, code: (err as BotError).code }) + '\n');
      }
    }
    return;
  }

  const answer = await bot.ask({ text, user: 'cli', channel: 'cli', platform: 'cli' }).catch(fail);
  if (json) console.log(JSON.stringify(answer, null, 2));
  else console.log(readable(answer));
}

function readable(a: Answer): string {
  const lines = [a.text, ''];
  // An offline answer is its quote: print where it is from, not the same sentence again.
  for (const c of a.citations) lines.push(`[${c.n}] ${c.title}${c.section ? ` — ${c.section}` : ''} (${c.source})${c.inAnswer ? '' : `\n    “${c.quote}”`}`);
  if (a.notice) lines.push(`note: ${a.notice}`);
  if (a.confidence !== undefined) lines.push(`confidence: ${a.confidence.toFixed(2)}`);
  lines.push(`(${a.mode.kind === 'llm' ? a.mode.model : 'offline, extractive'}; ${a.timings.totalMs} ms)`);
  return lines.join('\n');
}

main().catch(fail);

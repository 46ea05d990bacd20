// npm run kb -- reload    rebuild what changed in the knowledge folder, with progress
// npm run kb -- status    documents, chunks, providers, last reload, per-file errors
import { createBotFromConfig } from '../app';
import { BotError } from '../errors';
import type { KbStatus, ReloadProgress, ReloadSummary } from '../types';
import { cliSetup, fail } from './common';

const USAGE = 'usage: npm run kb -- reload | status [--json]';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const cmd = args.find((a) => !a.startsWith('--'));
  const json = args.includes('--json');
  if (cmd !== 'reload' && cmd !== 'status') fail(new BotError('CONFIG_INVALID', `Unknown command "${cmd ?? ''}". ${USAGE}`));
  const { config, logger } = cliSetup();
  // Opening already brings the index up to date (an incremental reload); `reload` reports on it.
  const bot = createBotFromConfig(config, logger, { onProgress: cmd === 'reload' && !json ? progress() : undefined });
  const summary = await bot.ready.catch(fail);
  if (cmd === 'reload') {
    if (!summary) fail(new BotError('RELOAD_FAILED', 'The reload failed; the previous index keeps serving. See the log above.'));
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  } else {
    const status = bot.status();
    console.log(json ? JSON.stringify(status, null, 2) : formatStatus(status));
  }
}

function progress(): (p: ReloadProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase !== 'done' && now - last < 200) return; // a line every 200 ms is plenty
    last = now;
    const line = p.total ? `${p.phase}: ${p.done}/${p.total}` : `${p.phase}…`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(40)}`);
    else if (p.phase === 'embed' || p.phase === 'done') process.stderr.write(line + '\n');
  };
}

export function formatSummary(s: ReloadSummary): string {
  const list = (xs: string[]) => (xs.length ? `${xs.length} (${xs.slice(0, 10).join(', ')}${xs.length > 10 ? ', …' : ''})` : '0');
  const lines = [
    `Reloaded in ${s.ms} ms: ${s.documents} documents, ${s.chunks} chunks (${s.embedded} embedded now).`,
    `  added:     ${list(s.added)}`,
    `  changed:   ${list(s.changed)}`,
    `  removed:   ${list(s.removed)}`,
    `  unchanged: ${s.unchanged}`,
    `  failed:    ${s.failed.length}`,
    ...s.failed.map((f) => `    - ${f.file}: ${f.reason}`),
  ];
  return lines.join('\n');
}

export function formatStatus(s: KbStatus): string {
  const r = s.lastReload;
  return [
    `documents:  ${s.documents}`,
    `chunks:     ${s.chunks}`,
    `embeddings: ${s.embeddings}`,
    `answers:    ${s.answerer}`,
    `analyzer:   ${s.analyzerVersion}`,
    `last reload: ${r ? `${r.at} ${r.ok ? 'ok' : `FAILED: ${r.error}`}` : 'never'}`,
    ...(s.names ? formatNames(s.names) : []),
    `errors:     ${s.errors.length}`,
    ...s.errors.map((e) => `  - ${e.file}: ${e.reason}`),
  ].join('\n');
}

function formatNames(n: NonNullable<KbStatus['names']>): string[] {
  const docs = n.minedFrom.slice(0, 10).map((d) => `${d.doc} (${d.pairs})`).join(', ');
  return [
    `romanized:  ${n.romanized} of ${n.hangulTerms} Hangul terms have a romanized form (sound matching of Latin names)`,
    `name pairs: ${n.minedPairs} mined from ${n.minedFrom.length} documents${docs ? `: ${docs}${n.minedFrom.length > 10 ? ', …' : ''}` : ''}`,
  ];
}

main().catch(fail);

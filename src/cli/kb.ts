// npm run kb -- reload    rebuild what changed in the knowledge folder, with progress
//                          exit 0: all documents loaded; 2: reloaded, but some files failed (listed)
// npm run kb -- status    documents, chunks, providers, last reload, per-file errors (read-only)
// npm run kb -- gaps | report   coverage-gap reports over the question log (see kb-reports.ts)
import { createBotFromConfig } from '../app';
import { BotError } from '../errors';
import { savedStatus } from '../kb/saved-status';
import { formatReplicasStatus, replicasStatus } from '../replicas/status';
import type { KbStatus, ReloadProgress, ReloadSummary } from '../types';
import { cliSetup, fail, parseArgs, EXIT_SOME_FAILED } from './common';
import { recheckAfterReload, runGaps, runReport } from './kb-reports';
import { nameStatusLines } from '../retrieval/name-pairs/status';

const USAGE = 'usage: npm run kb -- reload | status [--json] | gaps [--days N] [--top N] [--json] | report [--days N] --out report.html';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const first = args.find((a) => !a.startsWith('--'));
  if (first === 'gaps' || first === 'report') {
    // These take valued options (--days N, --out FILE) and check them themselves.
    const { config, logger } = cliSetup();
    const bot = createBotFromConfig(config, logger);
    await bot.ready.catch(fail);
    console.log(first === 'gaps' ? await runGaps(config, bot, args) : await runReport(config, bot, args));
    return;
  }
  const { flags, rest } = parseArgs(args, ['--json'], USAGE);
  const [cmd, ...extra] = rest;
  const json = flags.has('--json');
  if ((cmd !== 'reload' && cmd !== 'status') || extra.length) {
    fail(new BotError('USAGE', `Unknown command "${rest.join(' ')}". ${USAGE}`));
  }
  const { config, logger } = cliSetup();
  if (cmd === 'status') {
    // Read-only: what the saved index says, without loading or rebuilding it.
    const status = await savedStatus(config.dataDir, config.llm ? `openai:${config.llm.model}` : 'offline (extractive)');
    // With replicas, which snapshot version each one serves (this host may have no index of its own).
    const replicas = config.databaseUrl ? await replicasStatus(config.databaseUrl, config.replicas.heartbeatMs).catch(fail) : undefined;
    if (!status && !replicas) fail(new BotError('INDEX_NOT_READY', `No index in ${config.dataDir} yet. Build it with: npm run kb -- reload`));
    if (json) console.log(JSON.stringify(replicas ? { ...status, replicas } : status, null, 2));
    else console.log([status && formatStatus(status), replicas && formatReplicasStatus(replicas)].filter(Boolean).join('\n'));
    return;
  }
  // Opening already brings the index up to date (an incremental reload); `reload` reports on it.
  const bot = createBotFromConfig(config, logger, { onProgress: !json ? progress() : undefined, openedBy: 'cli', replicate: true });
  const summary = await bot.ready.catch(fail);
  if (!summary) fail(new BotError('RELOAD_FAILED', 'The reload failed; the previous index keeps serving. See the log above.'));
  if (process.stderr.isTTY) process.stderr.write('\n');
  const rechecked = await recheckAfterReload(config, bot, summary);
  console.log(json ? JSON.stringify(summary, null, 2) : formatSummary(summary) + (rechecked ? `\n${rechecked}` : ''));
  // Scripts must notice a reload that left documents out.
  if (summary.failed.length) process.exitCode = EXIT_SOME_FAILED;
  await bot.kb.close();
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

function changes(s: ReloadSummary): string {
  return `${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed, ${s.failed.length} failed`;
}

export function formatStatus(s: KbStatus): string {
  const r = s.lastReload;
  return [
    `documents:  ${s.documents}`,
    `chunks:     ${s.chunks}`,
    `embeddings: ${s.embeddings}`,
    `answers:    ${s.answerer}`,
    `analyzer:   ${s.analyzerVersion}`,
    `last reload: ${r ? `${r.at}${r.by ? ` by ${r.by}` : ''} ${r.ok ? 'ok' : `FAILED: ${r.error}`}${r.summary ? ` (${changes(r.summary)})` : ''}` : 'never'}`,
    ...(s.names ? formatNames(s.names) : []),
    `errors:     ${s.errors.length}`,
    ...s.errors.map((e) => `  - ${e.file}: ${e.reason}`),
  ].join('\n');
}

function formatNames(n: NonNullable<KbStatus['names']>): string[] {
  const lines = nameStatusLines(n);
  return [`romanized:  ${lines.romanized}`, `name pairs: ${lines.pairs}`];
}

main().catch(fail);

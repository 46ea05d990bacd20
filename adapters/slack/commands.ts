// /kb reload | status | help. Reload and status are for admins; every attempt, allowed or not,
// goes to the audit log with who asked. Output is ephemeral: it concerns only the admin.
import type { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config';
import { toBotError } from '../../src/errors';
import type { KbStatus, ReloadProgress, ReloadSummary } from '../../src/types';
import { userMessage } from '../../src/user-messages';
import type { AdapterContext } from '../types';
import type { AdminCheck } from './admins';
import { mrkdwnMessage, noticeMessage, type SlackMessage } from './blocks';
import { gapsMessage } from './gaps';
import { safeText } from './mrkdwn';
import { nameStatusLines } from '../../src/retrieval/name-pairs/status';
import { replicaStatusLines } from '../../src/replicas/status-lines';

export type Respond = (msg: SlackMessage & { response_type: 'ephemeral' }) => Promise<unknown>;

export interface CommandDeps {
  ctx: AdapterContext<SlackConfig>;
  admins: AdminCheck;
  /** Minimum gap between progress messages; Slack allows only five responses per command. */
  progressEveryMs?: number;
}

const MAX_PROGRESS_MESSAGES = 2;
const MAX_LISTED = 10;

export const HELP = [
  '*Ask me about the AI market.* Mention me in a channel (I answer in a thread), send me a DM, or reply in a thread I answered in. `/ask <question>` answers only you, with a button to share the answer in the channel.',
  'Answers come from the curated knowledge base with numbered sources; rate them with 👍/👎.',
  '',
  '*Admin commands*',
  '• `/kb reload`: re-read the knowledge folder (changed files only) and show what changed',
  '• `/kb status`: documents, chunks, models and the last reload',
  '• `/kb gaps [days]`: what the knowledge base is missing: the questions it could not answer well, grouped (default 30 days)',
  '• `/kb help`: this message',
].join('\n');

export async function handleKbCommand(
  deps: CommandDeps,
  client: WebClient,
  cmd: { text: string; user: string },
  respond: Respond,
): Promise<void> {
  const { ctx } = deps;
  const sub = cmd.text.trim().split(/\s+/)[0]?.toLowerCase() || 'help';
  const say = (m: SlackMessage) => respond({ response_type: 'ephemeral', ...m });

  if (sub === 'help' || !['reload', 'status', 'gaps'].includes(sub)) {
    const unknown = sub === 'help' ? '' : `Unknown command \`${safeText(sub.slice(0, 40))}\`.\n\n`;
    await say(mrkdwnMessage(unknown + HELP, 'How to use the knowledge-base bot'));
    return;
  }

  const action = `kb ${sub}`;
  if (!(await deps.admins.isAdmin(client, cmd.user))) {
    await ctx.services.audit.record({ platform: 'slack', user: cmd.user, action, ok: false, detail: 'not an admin' });
    ctx.logger.warn('slack admin command refused', { user: cmd.user, action });
    await say(noticeMessage(userMessage('NOT_ADMIN', 'en')));
    return;
  }

  if (sub === 'gaps') {
    await ctx.services.audit.record({ platform: 'slack', user: cmd.user, action, ok: true });
    await say(await gapsMessage(ctx, cmd.text.trim().split(/\s+/)[1]));
    return;
  }

  if (sub === 'status') {
    await ctx.services.audit.record({ platform: 'slack', user: cmd.user, action, ok: true });
    ctx.logger.info('slack admin action', { user: cmd.user, action });
    await say(mrkdwnMessage(formatStatus(ctx.bot.status()), 'Knowledge-base status'));
    return;
  }

  if (ctx.bot.status().reloading) {
    await ctx.services.audit.record({ platform: 'slack', user: cmd.user, action, ok: false, detail: 'already reloading' });
    await say(noticeMessage('A reload is already running. Try /kb status in a moment.'));
    return;
  }
  ctx.logger.info('slack admin action', { user: cmd.user, action });
  await say(noticeMessage('Reloading the knowledge base…'));
  const progress = progressReporter(say, deps.progressEveryMs ?? 5000);
  try {
    const summary = await ctx.bot.reload({ onProgress: progress, by: `slack:${cmd.user}` });
    await ctx.services.audit.record({ platform: 'slack', user: cmd.user, action, ok: summary.failed.length === 0, detail: summaryLine(summary) });
    await say(mrkdwnMessage(formatSummary(summary), summaryLine(summary)));
  } catch (err) {
    const e = toBotError(err, 'RELOAD_FAILED');
    await ctx.services.audit.record({ platform: 'slack', user: cmd.user, action, ok: false, detail: e.code });
    ctx.logger.error('slack reload failed', { user: cmd.user, code: e.code, err: e, cause: e.cause });
    await say(noticeMessage(userMessage('RELOAD_FAILED', 'en')));
  }
}

/** At most a couple of "still working" messages, spaced out, never blocking the reload. */
function progressReporter(say: (m: SlackMessage) => Promise<unknown>, everyMs: number): (p: ReloadProgress) => void {
  let sent = 0;
  let last = Date.now();
  return (p) => {
    if (p.phase === 'done' || sent >= MAX_PROGRESS_MESSAGES || Date.now() - last < everyMs) return;
    sent += 1;
    last = Date.now();
    say(noticeMessage(`Reloading… ${p.phase} ${p.done}/${p.total}`)).catch(() => undefined);
  };
}

export function summaryLine(s: ReloadSummary): string {
  return `${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed, ${s.failed.length} failed in ${(s.ms / 1000).toFixed(1)} s`;
}

function list(title: string, items: string[]): string {
  if (!items.length) return '';
  const shown = items.slice(0, MAX_LISTED).map((i) => `• ${safeText(i)}`);
  if (items.length > MAX_LISTED) shown.push(`• … and ${items.length - MAX_LISTED} more`);
  return `\n*${title}*\n${shown.join('\n')}`;
}

export function formatSummary(s: ReloadSummary): string {
  return [
    `*Reload finished:* ${summaryLine(s)}.`,
    `${s.documents} documents, ${s.chunks} chunks (${s.unchanged} unchanged, ${s.embedded} chunks embedded).`,
    list('Added', s.added),
    list('Changed', s.changed),
    list('Removed', s.removed),
    list('Failed', s.failed.map((f) => `${f.file}: ${f.reason}`)),
  ]
    .filter(Boolean)
    .join('\n');
}

export function formatStatus(s: KbStatus): string {
  const last = s.lastReload
    ? `${safeText(s.lastReload.at)}${s.lastReload.by ? ` by ${safeText(s.lastReload.by)}` : ''}, ${s.lastReload.ok ? 'ok' : 'failed'}${s.lastReload.summary ? ` (${summaryLine(s.lastReload.summary)})` : ''}`
    : 'never';
  return [
    '*Knowledge base*',
    `• Documents: ${s.documents}, chunks: ${s.chunks}`,
    `• Embeddings: ${safeText(s.embeddings)}; answerer: ${safeText(s.answerer)}; analyzer: ${safeText(s.analyzerVersion)}`,
    `• Reloading now: ${s.reloading ? 'yes' : 'no'}; last reload: ${last}`,
    ...namesLines(s),
    ...replicasLines(s),
    list(`Documents that failed (${s.errors.length})`, s.errors.map((f) => `${f.file}: ${f.reason}`)),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Which snapshot version each replica serves, as `kb status` shows it; ids and hosts come from other processes, so escaped. */
function replicasLines(s: KbStatus): string[] {
  if (!s.replicas) return [];
  const r = replicaStatusLines(s.replicas);
  return [`• Replicas: ${safeText(r.shared)}`, ...r.replicas.map((l) => `    ◦ ${safeText(l)}`), ...(r.stale ? [`    ◦ ${safeText(r.stale)}`] : [])];
}

/** Cross-lingual names, as `kb status` shows them; document names are data, so escaped. */
function namesLines(s: KbStatus): string[] {
  if (!s.names) return [];
  const n = nameStatusLines(s.names);
  return [`• Romanized: ${safeText(n.romanized)}`, `• Name pairs: ${safeText(n.pairs)}`];
}

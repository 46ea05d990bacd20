// Plain-text rendering of answers, reload summaries and status for the terminal. Pure functions, so
// the session code stays about reading lines and the look can be tested without a stream.
import { nameStatusLines } from '../../src/retrieval/name-pairs/status';
import { replicaStatusLines } from '../../src/replicas/status-lines';
import type { Answer, KbStatus, ReloadSummary } from '../../src/types';

export interface Style {
  dim(s: string): string;
  bold(s: string): string;
  warn(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
export const ANSI: Style = { dim: wrap(2, 22), bold: wrap(1, 22), warn: wrap(33, 39) };
export const PLAIN: Style = { dim: (s) => s, bold: (s) => s, warn: (s) => s };

const MAX_QUOTE = 240;
const MAX_NAMES = 10;

/** Numbered sources under the answer: `[1] Title — section: “quote”`. */
export function formatSources(answer: Answer, style: Style): string[] {
  return answer.citations.map((c) => {
    const quote = c.quote.replace(/\s+/g, ' ').trim();
    const short = quote.length > MAX_QUOTE ? `${quote.slice(0, MAX_QUOTE - 1)}…` : quote;
    const where = c.section ? `${c.title} — ${c.section}` : c.title;
    return c.inAnswer ? `${style.bold(`[${c.n}]`)} ${where}` : `${style.bold(`[${c.n}]`)} ${where}: “${short}”`;
  });
}

export function formatFooter(answer: Answer, style: Style): string[] {
  const mode = answer.mode.kind === 'llm' ? answer.mode.model : 'offline';
  const lines = [style.dim(`${mode} · ${Math.round(answer.timings.totalMs)} ms`)];
  if (answer.notice) lines.push(style.warn(answer.notice));
  return lines;
}

function names(list: string[]): string {
  if (!list.length) return '—';
  const more = list.length > MAX_NAMES ? ` and ${list.length - MAX_NAMES} more` : '';
  return list.slice(0, MAX_NAMES).join(', ') + more;
}

export function formatSummary(s: ReloadSummary, style: Style): string[] {
  const lines = [
    style.bold(`Reloaded in ${Math.round(s.ms)} ms: ${s.documents} documents, ${s.chunks} chunks (${s.embedded} embedded, ${s.unchanged} unchanged).`),
    `  added:   ${names(s.added)}`,
    `  changed: ${names(s.changed)}`,
    `  removed: ${names(s.removed)}`,
    `  failed:  ${s.failed.length ? s.failed.length : '—'}`,
  ];
  for (const f of s.failed.slice(0, MAX_NAMES)) lines.push(style.warn(`    ${f.file}: ${f.reason}`));
  if (s.failed.length > MAX_NAMES) lines.push(style.warn(`    … and ${s.failed.length - MAX_NAMES} more`));
  return lines;
}

export function formatStatus(st: KbStatus, style: Style): string[] {
  const lines = [
    style.bold(`Knowledge base: ${st.documents} documents, ${st.chunks} chunks${st.reloading ? ' (reloading now)' : ''}`),
    `  embeddings: ${st.embeddings} · answerer: ${st.answerer} · analyzer: ${st.analyzerVersion}`,
  ];
  const last = st.lastReload;
  if (last) lines.push(`  last reload: ${last.at} ${last.ok ? 'ok' : style.warn(`failed${last.error ? `: ${last.error}` : ''}`)}`);
  if (st.names) {
    const n = nameStatusLines(st.names);
    lines.push(`  romanized: ${n.romanized}`, `  name pairs: ${n.pairs}`);
  }
  if (st.replicas) {
    const r = replicaStatusLines(st.replicas);
    lines.push(`  replicas: ${r.shared}`, ...r.replicas.map((l, i) => (st.replicas!.replicas[i].gone ? style.warn(`    ${l}`) : `    ${l}`)));
    if (r.stale) lines.push(style.warn(`    ${r.stale}`));
  }
  if (st.errors.length) {
    lines.push(style.warn(`  ${st.errors.length} document(s) could not be read:`));
    for (const e of st.errors.slice(0, MAX_NAMES)) lines.push(style.warn(`    ${e.file}: ${e.reason}`));
  }
  return lines;
}

export const HELP = [
  'Type a question and press Enter. Follow-up questions see the last few turns.',
  '  /reload   re-read the knowledge folder',
  '  /status   what the knowledge base holds',
  '  /new      start a fresh conversation',
  '  /help     this help',
  '  /quit     leave (Ctrl+D works too)',
];

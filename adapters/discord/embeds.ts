// Answer → Discord messages of embeds, always within Discord's limits: a long answer becomes more
// embeds, and embeds that do not fit one message become follow-up messages. Never throws on size.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Answer, Citation, Lang } from '../../src/types';

export const LIMITS = {
  content: 2000,
  description: 4096,
  title: 256,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  fields: 25,
  embeds: 10,
  total: 6000,
} as const;

/** Long enough to recognise the passage, short enough that five sources stay readable. */
const QUOTE_MAX = 300;

const COLOR = { answer: 0x5865f2, abstained: 0x99aab5, degraded: 0xfee75c } as const;

const LABELS: Record<Lang, { sourcesCont: string; offline: string; model: string; cont: string }> = {
  en: { sourcesCont: 'Sources (continued)', offline: 'Offline answer (quoted from the knowledge base)', model: 'Model', cont: '(continued)' },
  ko: { sourcesCont: '출처 (계속)', offline: '오프라인 답변 (지식 베이스 인용)', model: '모델', cont: '(계속)' },
};

export interface OutMessage {
  content?: string;
  embeds: APIEmbed[];
}

/** Splits text into pieces of at most `max` characters, preferring paragraph, line, then word breaks. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = -1;
    for (const sep of ['\n\n', '\n', ' ']) {
      const at = rest.lastIndexOf(sep, max - sep.length);
      // A break in the first third would leave a uselessly short piece; cut harder instead.
      if (at > max / 3) {
        cut = at + sep.length;
        break;
      }
    }
    if (cut < 0) cut = max;
    // Never split a surrogate pair (emoji): Discord would reject the lone half.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length || !parts.length) parts.push(rest);
  return parts.filter((p, i) => p.length > 0 || i === 0);
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut) + '…';
}

export function embedLength(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

export function modeLabel(answer: Answer): string {
  const l = LABELS[answer.lang] ?? LABELS.en;
  return answer.mode.kind === 'offline' ? l.offline : `${l.model}: ${answer.mode.model}`;
}

function citationField(c: Citation): APIEmbedField {
  const name = truncate(`[${c.n}] ${c.title}${c.section ? ` — ${c.section}` : ''}`, LIMITS.fieldName);
  const quote = truncate(c.quote.replace(/\s+/g, ' ').trim(), QUOTE_MAX);
  const source = `\`${truncate(c.source, 200)}\``;
  const value = c.inAnswer ? source : truncate(`> ${quote}\n${source}`, LIMITS.fieldValue);
  return { name, value };
}

/** The answer as one or more messages; the first replaces the "thinking…" reply, the rest follow. */
export function answerMessages(answer: Answer): OutMessage[] {
  const l = LABELS[answer.lang] ?? LABELS.en;
  const color = answer.notice ? COLOR.degraded : answer.abstained ? COLOR.abstained : COLOR.answer;
  const body = (answer.notice ? `*${answer.notice}*\n\n` : '') + (answer.text.trim() || '…');
  const footer = { text: truncate(modeLabel(answer), LIMITS.footer) };
  // Footer length is reserved up front so adding it to the last embed can never break a limit.
  const budget = LIMITS.total - footer.text.length;

  const embeds: APIEmbed[] = splitText(body, LIMITS.description).map((description, i) => ({
    color,
    ...(i > 0 ? { title: l.cont } : {}),
    description,
  }));

  for (const field of answer.citations.map(citationField)) {
    let last = embeds[embeds.length - 1];
    const full = (last.fields?.length ?? 0) >= LIMITS.fields || embedLength(last) + field.name.length + field.value.length > budget;
    if (full) {
      last = { color, title: l.sourcesCont, fields: [] };
      embeds.push(last);
    }
    (last.fields ??= []).push(field);
  }
  embeds[embeds.length - 1].footer = footer;
  return packEmbeds(embeds);
}

/** Greedy packing: at most 10 embeds and 6,000 characters per message. */
export function packEmbeds(embeds: APIEmbed[]): OutMessage[] {
  const messages: OutMessage[] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const e of embeds) {
    const len = embedLength(e);
    if (current.length && (current.length >= LIMITS.embeds || size + len > LIMITS.total)) {
      messages.push({ embeds: current });
      current = [];
      size = 0;
    }
    current.push(e);
    size += len;
  }
  if (current.length) messages.push({ embeds: current });
  return messages;
}

/** Plain text (status, help, errors) as messages of at most 2,000 characters each. */
export function textMessages(text: string): OutMessage[] {
  return splitText(text, LIMITS.content).map((content) => ({ content, embeds: [] }));
}

// Answer → Block Kit. Slack rejects a whole message over its limits, so everything here splits
// rather than fails: 3,000 characters per section, 50 blocks per message (more become follow-ups).
import type { Answer, Citation, Lang } from '../../src/types';
import { markdownToMrkdwn, markdownToPlain, safeText, safeTruncated, splitText, truncate } from './mrkdwn';

export const SECTION_MAX = 3000;
export const BLOCKS_MAX = 50;
/** The notification text; Slack allows far more, but nobody reads more than this in a notification. */
const FALLBACK_MAX = 3000;
const QUOTE_MAX = 280;

export const FEEDBACK_UP = 'kb_feedback_up';
export const FEEDBACK_DOWN = 'kb_feedback_down';
/** The standard feedback_buttons element: one action id, the vote and answer id in the value. */
export const FEEDBACK_NATIVE = 'kb_feedback_native';

export interface AnswerLayout {
  /** `native`: 👍/👎 as Slack's context_actions → feedback_buttons block; `buttons`: two plain buttons. */
  feedback?: 'buttons' | 'native';
  /** Leave out the answer text itself: it was already streamed into the message. */
  withoutText?: boolean;
  /** An escalation group is configured, so an abstention offers "Ask a person". */
  escalate?: boolean;
  /**
   * Shown to the asker alone (ephemeral): the buttons say so, and name the thread, because Slack
   * sends no copy of an ephemeral message when it is clicked.
   */
  privately?: { thread?: string };
}
export const ESCALATE_ACTION = 'kb_escalate';

export type Block = Record<string, unknown> & { type: string };
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const WORDS = {
  en: {
    looking: 'Looking this up…',
    sources: 'Sources',
    offline: 'Offline answer from the knowledge base',
    model: (m: string) => `Answered by ${m} from the knowledge base`,
    up: '👍 Helpful',
    down: '👎 Not helpful',
    person: '🙋 Ask a person',
    more: '(continued)',
  },
  ko: {
    looking: '찾아보는 중…',
    sources: '출처',
    offline: '지식 베이스 기반 오프라인 답변',
    model: (m: string) => `${m} 모델이 지식 베이스로 답변`,
    up: '👍 도움이 됐어요',
    down: '👎 아쉬워요',
    person: '🙋 사람에게 묻기',
    more: '(계속)',
  },
} as const;

export function placeholderText(lang: Lang): string {
  return WORDS[lang].looking;
}

/** Last guard on Slack's per-field limit: escaping can grow text up to five times. */
const fit = (text: string): string => (text.length <= SECTION_MAX ? text : `${splitText(text, SECTION_MAX - 1)[0]}…`);
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: fit(text) } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: fit(text) }] });

function citationBlock(c: Citation): Block {
  const where = c.section ? ` · ${safeText(truncate(c.section, 150))}` : '';
  const head = `*[${c.n}]* *${safeText(truncate(c.title || c.source, 200))}*${where}`;
  const quote = c.quote.trim() && !c.inAnswer ? `\n>${safeText(truncate(c.quote, QUOTE_MAX))}` : '';
  return section(head + quote);
}

function footer(answer: Answer): string {
  const w = WORDS[answer.lang];
  const who = answer.mode.kind === 'llm' ? w.model(safeText(answer.mode.model)) : w.offline;
  const secs = (answer.timings.totalMs / 1000).toFixed(1);
  return `${who} · ${secs}s`;
}

/** What a button says about its answer: the id, the thread it belongs in, whether only the asker saw it. */
export interface AnswerRef {
  answerId: string;
  thread?: string;
  private?: boolean;
}

/** "id", "id|thread" or "id|thread|p" (thread may be empty): button values hold at most 2,000 characters. */
export function encodeRef(ref: AnswerRef): string {
  if (!ref.thread && !ref.private) return ref.answerId;
  return `${ref.answerId}|${ref.thread ?? ''}${ref.private ? '|p' : ''}`;
}

export function parseRef(value: string | undefined): AnswerRef {
  const [answerId = '', thread, flag] = (value ?? '').split('|');
  return { answerId, ...(thread ? { thread } : {}), ...(flag === 'p' ? { private: true } : {}) };
}

/** "Ask a person": the value carries the answer id and, when known, the thread the ping belongs in. */
export function escalateButton(ref: AnswerRef, lang: Lang): Block {
  return { type: 'button', action_id: ESCALATE_ACTION, text: { type: 'plain_text', text: WORDS[lang].person, emoji: true }, value: encodeRef(ref) };
}

/** The answer as one or more messages; the first replaces the placeholder, the rest follow in the thread. */
export function answerMessages(answer: Answer, layout: AnswerLayout = {}): SlackMessage[] {
  const w = WORDS[answer.lang];
  const body: Block[] = layout.withoutText ? [] : splitText(markdownToMrkdwn(answer.text), SECTION_MAX).map(section);
  if (answer.notice) body.push(context(`⚠️ ${safeText(truncate(answer.notice, 2000))}`));
  const cited = answer.citations.filter((c) => c.quote || c.title);
  if (cited.length) {
    body.push({ type: 'divider' }, context(`*${w.sources}*`));
    for (const c of cited) body.push(citationBlock(c));
  }
  const ref = encodeRef(layout.privately ? { answerId: answer.id, thread: layout.privately.thread, private: true } : { answerId: answer.id });
  const person = escalateButton(parseRef(ref), answer.lang);
  const tail: Block[] = [
    context(footer(answer)),
    layout.feedback === 'native' ? nativeFeedback(answer) : {
      type: 'actions',
      block_id: 'kb_feedback',
      elements: [
        { type: 'button', action_id: FEEDBACK_UP, text: { type: 'plain_text', text: w.up, emoji: true }, value: ref },
        { type: 'button', action_id: FEEDBACK_DOWN, text: { type: 'plain_text', text: w.down, emoji: true }, value: ref },
        ...(layout.escalate && answer.abstained ? [person] : []),
      ],
    },
  ];
  if (layout.feedback === 'native' && layout.escalate && answer.abstained) tail.push({ type: 'actions', block_id: 'kb_escalate', elements: [person] });

  const pages: Block[][] = [];
  let rest = body;
  while (rest.length + tail.length > BLOCKS_MAX) {
    pages.push(rest.slice(0, BLOCKS_MAX));
    rest = rest.slice(BLOCKS_MAX);
  }
  pages.push([...rest, ...tail]);

  const plain = markdownToPlain(answer.text, FALLBACK_MAX);
  return pages.map((blocks, i) => ({ text: i === 0 ? plain : w.more, blocks }));
}

/** Slack's standard 👍/👎 under AI answers; the value says which vote and for which answer. */
function nativeFeedback(answer: Answer): Block {
  const w = WORDS[answer.lang];
  return {
    type: 'context_actions',
    block_id: 'kb_feedback',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: FEEDBACK_NATIVE,
        positive_button: { text: { type: 'plain_text', text: w.up, emoji: true }, value: `up:${answer.id}`, accessibility_label: w.up },
        negative_button: { text: { type: 'plain_text', text: w.down, emoji: true }, value: `down:${answer.id}`, accessibility_label: w.down },
      },
    ],
  };
}

/** A short message with no buttons: refusals, apologies, command output. */
export function noticeMessage(text: string): SlackMessage {
  return {
    text: safeTruncated(text, FALLBACK_MAX),
    blocks: splitText(safeText(text), SECTION_MAX).slice(0, BLOCKS_MAX).map(section),
  };
}

/** Already-safe mrkdwn (the caller escaped every value it interpolated), e.g. command output. */
export function mrkdwnMessage(mrkdwn: string, fallback: string): SlackMessage {
  return {
    text: safeTruncated(fallback, FALLBACK_MAX),
    blocks: splitText(mrkdwn, SECTION_MAX).slice(0, BLOCKS_MAX).map(section),
  };
}

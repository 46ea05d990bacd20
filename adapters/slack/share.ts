// "Share in channel" under a private /ask answer. The ephemeral message itself is gone from Slack's
// side once shown (block_actions on an ephemeral message carry no copy of it), so the answer waits
// here until the asker shares it. In memory on purpose: a restart loses at most the chance to share,
// and the click then says so instead of posting something else.
import type { Lang } from '../../src/types';
import { BLOCKS_MAX, SECTION_MAX, type Block, type SlackMessage } from './blocks';
import { safeText, truncate } from './mrkdwn';

export const SHARE_ACTION = 'kb_share';
/** Enough for every /ask answer of a busy hour; the oldest go first. */
const KEEP = 500;

const WORDS = {
  en: { share: 'Share in channel', asked: (q: string) => `Asked with /ask: ${q}` },
  ko: { share: '채널에 공유', asked: (q: string) => `/ask 질문: ${q}` },
} as const;

export interface Shareable {
  /** The answer exactly as the channel will see it: sources, footer and 👍/👎, no share button. */
  messages: SlackMessage[];
  channel: string;
  /** The asker: the only person who saw the private answer and so the only one who can share it. */
  user: string;
  shared: boolean;
}

export class ShareBook {
  private readonly entries = new Map<string, Shareable>();

  remember(answerId: string, entry: Omit<Shareable, 'shared'>): void {
    this.entries.set(answerId, { ...entry, shared: false });
    while (this.entries.size > KEEP) this.entries.delete(this.entries.keys().next().value as string);
  }

  get(answerId: string): Shareable | undefined {
    return this.entries.get(answerId);
  }
}

/** The channel copy: the question on top (readers did not see the /ask), then the answer unchanged. */
export function channelCopy(messages: SlackMessage[], question: string, lang: Lang): SlackMessage[] {
  const asked: Block = { type: 'context', elements: [{ type: 'mrkdwn', text: safeText(WORDS[lang].asked(truncate(question, SECTION_MAX / 2))) }] };
  const [first, ...rest] = messages;
  // A first page already at Slack's block limit keeps its blocks; the question goes just before it.
  if (first.blocks.length >= BLOCKS_MAX) return [{ text: first.text, blocks: [asked] }, { ...first, text: '…' }, ...rest];
  return [{ ...first, blocks: [asked, ...first.blocks] }, ...rest];
}

/** The private copy: the share button joins the 👍/👎 row of the last message. */
export function withShareButton(messages: SlackMessage[], answerId: string, lang: Lang): SlackMessage[] {
  const button = { type: 'button', action_id: SHARE_ACTION, style: 'primary', text: { type: 'plain_text', text: WORDS[lang].share, emoji: true }, value: answerId };
  return messages.map((m, i) => {
    if (i !== messages.length - 1) return m;
    const blocks = m.blocks.map((b) => (b.type === 'actions' ? { ...b, elements: [...(b.elements as unknown[]), button] } : b));
    return { ...m, blocks };
  });
}

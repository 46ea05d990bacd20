// Which Slack messages are questions for the bot, and what the question and its thread say.
// Small named filters, each with the reason it exists; `skipReason` runs them in order.
import type { ChannelPolicy, Turn } from '../../src/types';
import { looksLikeQuestion } from '../../src/channels/settings';
import { slackToPlain } from './mrkdwn';

/** The fields of a Slack message/app_mention event this adapter reads. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  /** The sender's workspace (message events carry it). */
  team?: string;
  hidden?: boolean;
  edited?: unknown;
}

export interface BotIdentity {
  botUserId?: string;
  botId?: string;
}

// The bot's own answers come back as message events in the very threads it watches; answering
// them would make it talk to itself forever.
export const fromSelf = (e: SlackMessageEvent, me: BotIdentity): boolean =>
  (!!me.botUserId && e.user === me.botUserId) || (!!me.botId && e.bot_id === me.botId);

// Two bots that answer each other loop without end and burn the LLM budget; only people ask here.
export const fromOtherBot = (e: SlackMessageEvent): boolean => !!e.bot_id || e.subtype === 'bot_message';

// Subtypes that still carry a person's new words: a thread reply also sent to the channel, and a
// message with a file attached. Everything else (message_changed, message_deleted, channel_join,
// topic changes…) is either a question already answered once or not a question at all.
const QUESTION_SUBTYPES = new Set(['thread_broadcast', 'file_share']);
export const isEditOrSystemMessage = (e: SlackMessageEvent): boolean =>
  e.hidden === true || (e.subtype !== undefined && !QUESTION_SUBTYPES.has(e.subtype));

// Without a user there is nobody to answer, rate-limit or credit feedback to.
export const hasNoUser = (e: SlackMessageEvent): boolean => !e.user;

/** Why this event is not a question from a person, or undefined when it is. */
export function skipReason(e: SlackMessageEvent, me: BotIdentity): string | undefined {
  if (fromSelf(e, me)) return 'own message';
  if (fromOtherBot(e)) return 'other bot';
  if (isEditOrSystemMessage(e)) return `subtype ${e.subtype ?? 'hidden'}`;
  if (hasNoUser(e)) return 'no user';
  return undefined;
}

export type Trigger = 'mention' | 'dm' | 'thread' | 'auto';

/**
 * What kind of question a plain `message` event is, before looking at the thread. Messages that
 * @mention the bot in a channel are left to the app_mention event, so each has one owner.
 */
export function classifyMessage(
  e: SlackMessageEvent,
  opts: { botUserId?: string; autoAnswerChannels: string[]; policy?: ChannelPolicy },
): Exclude<Trigger, 'mention'> | 'maybe-thread' | undefined {
  if (e.channel_type === 'im') return 'dm';
  if (opts.botUserId && (e.text ?? '').includes(`<@${opts.botUserId}`)) return undefined;
  // channels.yml `mode: off`: not even follow-ups in old bot threads.
  if (opts.policy?.mode === 'off') return undefined;
  const inThread = !!e.thread_ts && e.thread_ts !== e.ts;
  if (inThread) return 'maybe-thread';
  if (opts.policy?.mode === 'auto') return looksLikeQuestion(slackToPlain(e.text ?? '', opts.botUserId)) ? 'auto' : undefined;
  if (opts.autoAnswerChannels.includes(e.channel)) return 'auto';
  return undefined;
}

/** Where the answer goes: mentions and auto-answers open a thread; a top-level DM is answered in the DM. */
export function replyThread(e: SlackMessageEvent, trigger: Trigger): string | undefined {
  if (e.thread_ts) return e.thread_ts;
  return trigger === 'dm' ? undefined : e.ts;
}

export interface ThreadMessage {
  ts: string;
  text?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
}

export const MAX_HISTORY_TURNS = 10;
const MAX_TURN_CHARS = 2000;

/**
 * Earlier messages of the thread as turns, oldest first: the bot's as 'assistant', people's as
 * 'user', other bots and the still-running placeholder left out. The core quotes these as data.
 */
export function threadHistory(
  messages: ThreadMessage[],
  opts: BotIdentity & { beforeTs: string; placeholders: string[]; maxTurns?: number },
): Turn[] {
  const turns: Turn[] = [];
  for (const m of messages) {
    if (Number(m.ts) >= Number(opts.beforeTs)) continue;
    const mine = fromSelf({ ...m, type: 'message', channel: '' }, opts);
    if (!mine && (m.bot_id || !m.user)) continue;
    if (!mine && m.subtype && !QUESTION_SUBTYPES.has(m.subtype)) continue;
    const text = slackToPlain(m.text ?? '', opts.botUserId).slice(0, MAX_TURN_CHARS);
    if (!text || (mine && opts.placeholders.includes(text))) continue;
    turns.push({ role: mine ? 'assistant' : 'user', text });
  }
  return turns.slice(-(opts.maxTurns ?? MAX_HISTORY_TURNS));
}

// Mentions, follow-ups in threads the bot started, and (opt-in) DMs → one Question → one reply.
import { ChannelType, type Client, type Message, type SendableChannels } from 'discord.js';
import type { Answer, ChannelPolicy, Turn } from '../../src/types';
import { autoAnswerPasses, looksLikeQuestion } from '../../src/channels/settings';
import { guessLang } from '../../src/user-messages';
import { apology, offersPerson, refusal, withFeedback, type Ctx } from './answering';
import { NO_PINGS } from './client';
import { answerMessages, truncate } from './embeds';

/** Earlier thread messages handed to the core with a follow-up; enough context, bounded prompt. */
export const HISTORY_LIMIT = 10;
/** Discord's typing indicator lasts about 10 s; refresh it a bit sooner while the answer is built. */
const TYPING_EVERY_MS = 8_000;

export type Trigger = 'mention' | 'thread' | 'dm' | 'auto';

// --- Filters: each returns true for a message the bot must not answer. ---

/** ignoreSelf: the bot's own answers arrive as MESSAGE_CREATE too; answering them would loop. */
export const isOwnMessage = (m: Message, botId: string) => m.author.id === botId;
/** ignoreBots: two bots that mention each other would talk forever; webhooks are not members. */
export const isFromBot = (m: Message) => m.author.bot || m.webhookId !== null;
/** Joins, pins and "started a thread" notices carry no question. */
export const isSystemMessage = (m: Message) => m.system;

/** Why the bot should answer this message, or undefined when it should stay quiet. */
export function triggerOf(m: Message, botId: string, allowDms: boolean, policy?: ChannelPolicy, forumIds: string[] = []): Trigger | undefined {
  if (!m.inGuild()) return allowDms ? 'dm' : undefined;
  // channels.yml `mode: off`: not even mentions.
  if (policy?.mode === 'off') return undefined;
  // Only a direct mention of the bot (or its managed role) counts: @everyone and @here are not questions to us.
  if (m.mentions.users.has(botId) || m.mentions.roles.some((r) => r.tags?.botId === botId)) return 'mention';
  if (m.channel.isThread() && m.channel.ownerId === botId) return 'thread';
  // A post in an auto-answered forum is a bot thread too; its starter message (same id as the post)
  // was answered when the post was created.
  if (m.channel.isThread() && m.channel.parentId && forumIds.includes(m.channel.parentId)) return m.id === m.channelId ? undefined : 'thread';
  // channels.yml `mode: auto`: top-level messages that read as questions, without a mention.
  if (policy?.mode === 'auto' && !m.channel.isThread() && looksLikeQuestion(m.content)) return 'auto';
  return undefined;
}

/** The policy of where a message was posted: a thread follows its channel or forum. */
export function policyOf(ctx: Ctx, m: Message): ChannelPolicy | undefined {
  if (!m.inGuild()) return undefined;
  return ctx.bot.channelPolicy?.(m.channel.isThread() ? (m.channel.parentId ?? m.channelId) : m.channelId);
}

/**
 * The question without the mention that addressed it, and without Discord's other markup: a
 * "<@123…>" left in ("cc @alice") reads to the core as an unknown name and made it decline.
 * Mentions of people, roles and channels, custom emoji and timestamps carry no part of the question.
 */
export function questionText(m: Message, botId: string): string {
  const roleIds = m.inGuild() ? m.mentions.roles.filter((r) => r.tags?.botId === botId).map((r) => r.id) : [];
  let text = m.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ');
  for (const id of roleIds) text = text.split(`<@&${id}>`).join(' ');
  text = text
    .replace(/(^|\s)(?:cc|fyi)\s*:?\s*(?=(?:<@[!&]?\d+>\s*)+$)/gim, ' ') // "cc @alice" at the end addresses people, not the bot
    .replace(/<\/([\w -]+):\d+>/g, '/$1') // a slash-command mention reads as its name
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ') // users, roles, channels
    .replace(/<a?:\w+:\d+>/g, ' ') // custom emoji
    .replace(/<t:-?\d+(?::[tTdDfFR])?>/g, ' '); // timestamps
  return text.replace(/[ \t]+/g, ' ').trim();
}

/** The reply-once key of a message; also the key its answer-in-progress is recorded under. */
export const messageKey = (id: string) => `discord:message:${id}`;

export type MessageHandler = (m: Message, opts?: { resumed?: boolean }) => Promise<void>;

export function createMessageHandler(ctx: Ctx, client: Client<true>): MessageHandler {
  return async (message, opts = {}) => {
    const botId = client.user.id;
    if (isOwnMessage(message, botId) || isFromBot(message) || isSystemMessage(message)) return;
    const policy = policyOf(ctx, message);
    const trigger = triggerOf(message, botId, ctx.config.allowDms, policy, ctx.config.forumChannelIds);
    if (!trigger) return;
    const key = messageKey(message.id);
    // Checked only for messages we would answer, so the store holds questions, not the whole server.
    // A resumed question (its answer interrupted by a crash) was claimed by the run that died.
    if (!opts.resumed && !(await ctx.services.dedupe.firstSeen(key))) {
      ctx.logger.debug('discord: duplicate message ignored', { id: message.id });
      return;
    }
    const text = questionText(message, botId);
    const lang = guessLang(text);
    // A follow-up we cannot read (Message Content intent off) is not a question to refuse.
    if (trigger === 'thread' && !text) return;
    const pending = ctx.services.pending;
    if (!opts.resumed) await pending?.start({ key, platform: 'discord', channel: message.channelId, user: message.author.id, question: text });
    try {
      const refused = opts.resumed ? undefined : await refusal(ctx, message.author.id, text);
      if (refused) {
        // Nobody addressed the bot in an auto channel: a refusal there would be noise.
        if (trigger !== 'auto') await message.reply({ content: refused, allowedMentions: NO_PINGS });
        return;
      }
      await answer(ctx, client, message, trigger, text, trigger === 'auto' ? policy : undefined, policy?.private === true);
    } catch (err) {
      if (trigger === 'auto') return void ctx.logger.warn('discord: auto answer failed; staying silent', { error: err });
      const content = apology(ctx, err, lang, 'message');
      await message.reply({ content, allowedMentions: NO_PINGS }).catch((e: unknown) => ctx.logger.warn('discord: could not send apology', { error: e }));
    } finally {
      await pending?.finish(key);
    }
  };
}

async function answer(ctx: Ctx, client: Client<true>, message: Message, trigger: Trigger, text: string, autoGate?: ChannelPolicy, privately = false): Promise<void> {
  // A private channel gets no public thread for the answer either.
  const target = trigger === 'mention' && ctx.config.mentionThreads && !privately ? await openThread(ctx, message, text) : undefined;
  const channel = (target ?? message.channel) as SendableChannels;
  // No "typing…" where nobody asked the bot and it may stay silent.
  const stopTyping = autoGate ? () => undefined : startTyping(ctx, channel);
  try {
    const thread = channel.isThread() ? channel : undefined;
    const history = trigger === 'thread' && thread ? await threadHistory(ctx, message, client.user.id) : [];
    const answer = await ctx.bot.ask({
      text,
      user: message.author.id,
      channel: thread?.parentId ?? message.channelId,
      thread: thread?.id,
      platform: 'discord',
      channelKind: trigger === 'dm' ? 'dm' : thread ? 'thread' : 'channel',
      history,
    });
    if (autoGate && !autoAnswerPasses(autoGate, answer)) {
      ctx.logger.info('discord: auto answer withheld', { answerId: answer.id, channel: message.channelId, confidence: answer.confidence, abstained: answer.abstained });
      return;
    }
    if (privately) {
      await answerPrivately(ctx, message, trigger, answer);
      await ctx.services.feedback.recordAnswer({ answer, question: text, platform: 'discord', channel: message.channelId, user: message.author.id });
      return;
    }
    const [first, ...rest] = withFeedback(answerMessages(answer), answer.id, answer.lang, offersPerson(ctx, answer));
    if (target) await target.send({ ...first, allowedMentions: NO_PINGS });
    else await message.reply({ ...first, allowedMentions: NO_PINGS });
    for (const m of rest) await channel.send({ ...m, allowedMentions: NO_PINGS });
    await ctx.services.feedback.recordAnswer({ answer, question: text, platform: 'discord', channel: message.channelId, user: message.author.id });
  } finally {
    stopTyping();
  }
}

const PRIVATE_WORDS = {
  en: {
    sent: '📬 I sent you the answer in a direct message (answers in this channel are private).',
    closed: 'Answers in this channel are private, but I cannot send you a direct message. Allow direct messages from server members (Privacy Settings), or use `/ask` here: its answer is shown only to you.',
  },
  ko: {
    sent: '📬 답변을 DM으로 보냈습니다 (이 채널의 답변은 비공개입니다).',
    closed: '이 채널의 답변은 비공개인데 DM을 보낼 수 없습니다. 서버 멤버의 DM을 허용하거나(개인정보 설정), 여기서 `/ask`를 사용해 주세요. 그 답변은 본인에게만 보입니다.',
  },
} as const;

/**
 * channels.yml `private: true`: a message cannot be shown to one person, so the answer goes to the
 * asker by DM. The channel sees only a short note that it was sent (nothing in an auto channel,
 * where nobody asked the bot). No "Ask a person" there: it would ping a role in a DM.
 */
async function answerPrivately(ctx: Ctx, message: Message, trigger: Trigger, answer: Answer): Promise<void> {
  const w = PRIVATE_WORDS[answer.lang];
  try {
    const dm = await message.author.createDM();
    for (const m of withFeedback(answerMessages(answer), answer.id, answer.lang)) await dm.send({ ...m, allowedMentions: NO_PINGS });
  } catch (err) {
    ctx.logger.warn('discord: private answer could not be sent by DM', { error: err, user: message.author.id });
    if (trigger !== 'auto') await message.reply({ content: w.closed, allowedMentions: NO_PINGS });
    return;
  }
  if (trigger !== 'auto') await message.reply({ content: w.sent, allowedMentions: NO_PINGS });
}

/** DISCORD_MENTION_THREADS: answer in a new thread on the question; a plain reply if that is not possible. */
async function openThread(ctx: Ctx, message: Message, text: string) {
  const ch = message.channel;
  if (!message.inGuild() || ch.isThread() || (ch.type !== ChannelType.GuildText && ch.type !== ChannelType.GuildAnnouncement)) return undefined;
  try {
    return await message.startThread({ name: truncate(text.replace(/\s+/g, ' ') || 'Question', 100) });
  } catch (err) {
    ctx.logger.warn('discord: could not open a thread, replying instead (missing Create Public Threads?)', { error: err });
    return undefined;
  }
}

function startTyping(ctx: Ctx, channel: SendableChannels): () => void {
  const typing = () =>
    channel.sendTyping().catch((e: unknown) => ctx.logger.debug('discord: typing indicator failed', { error: e }));
  void typing();
  const timer = setInterval(() => void typing(), TYPING_EVERY_MS);
  return () => clearInterval(timer);
}

/** Earlier messages of the thread, oldest first; quoted to the core as data, never as instructions. */
async function threadHistory(ctx: Ctx, message: Message, botId: string): Promise<Turn[]> {
  if (!message.channel.isThread()) return [];
  try {
    const fetched = await message.channel.messages.fetch({ limit: HISTORY_LIMIT, before: message.id });
    // Snowflake ids grow with time and, unlike timestamps, never tie.
    const msgs = [...fetched.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    // A thread opened on a mention starts from the question in the parent channel.
    if (msgs.length < HISTORY_LIMIT) {
      const starter = await message.channel.fetchStarterMessage().catch(() => null);
      if (starter && !msgs.some((m) => m.id === starter.id)) msgs.unshift(starter);
    }
    return msgs
      .filter((m) => !m.system)
      .map((m): Turn => {
        const bot = m.author.id === botId;
        const text = bot ? m.content || m.embeds[0]?.description || '' : questionText(m, botId);
        return { role: bot ? 'assistant' : 'user', text };
      })
      .filter((t) => t.text.trim().length > 0)
      .slice(-HISTORY_LIMIT);
  } catch (err) {
    ctx.logger.warn('discord: could not read thread history; answering without it', { error: err });
    return [];
  }
}

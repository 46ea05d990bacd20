// Questions a previous run claimed but never answered (it crashed mid-answer). Discord redelivers
// neither messages nor interactions, so without this they are lost: a mention gets no reply, an
// /ask stays "thinking…" forever. Each is taken over exactly once (the store's atomic adopt).
import { Routes, type Client } from 'discord.js';
import { guessLang } from '../../src/user-messages';
import type { PendingAnswer } from '../../src/services/types';
import { apology, offersPerson, withFeedback, type Ctx } from './answering';
import { answerMessages } from './embeds';
import { messageKey, type MessageHandler } from './messages';

export const interactionKey = (id: string) => `discord:interaction:${id}`;
/** Interaction tokens stop working after 15 minutes; a little margin for the answer itself. */
const TOKEN_LIFE_MS = 14 * 60_000;
const NO_PINGS_RAW = { parse: [] as [] };

/** What an /ask needs to be finished by another run: the interaction's webhook token. */
export function askPlaceholder(token: string, ephemeral: boolean): string {
  return JSON.stringify({ token, ephemeral });
}

export async function resumeUnfinished(ctx: Ctx, client: Client<true>, onMessage: MessageHandler, track: (p: Promise<void>) => void): Promise<void> {
  const pending = ctx.services.pending;
  if (!pending) return;
  for (const key of await pending.orphans('discord')) {
    const entry = await pending.adopt(key);
    if (!entry) continue;
    ctx.logger.warn('discord: finishing a question left unfinished by a previous run', { key, channel: entry.channel, at: new Date(entry.at).toISOString() });
    if (key.startsWith(messageKey(''))) track(resumeMessage(ctx, client, entry, onMessage));
    else if (key.startsWith(interactionKey(''))) track(resumeAsk(ctx, client, entry));
    else await pending.finish(key);
  }
}

async function resumeMessage(ctx: Ctx, client: Client<true>, entry: PendingAnswer, onMessage: MessageHandler): Promise<void> {
  const id = entry.key.slice(messageKey('').length);
  let message;
  try {
    const channel = await client.channels.fetch(entry.channel);
    if (!channel?.isTextBased()) throw new Error('channel is gone or not a text channel');
    message = await channel.messages.fetch(id);
  } catch (err) {
    // Deleted meanwhile, or no longer visible to the bot: nothing to answer.
    ctx.logger.warn('discord: could not resume an unfinished question', { id, error: err });
    await ctx.services.pending?.finish(entry.key);
    return;
  }
  await onMessage(message, { resumed: true });
}

/** Edits the deferred "thinking…" reply into the answer (or an apology), through the interaction webhook. */
async function resumeAsk(ctx: Ctx, client: Client<true>, entry: PendingAnswer): Promise<void> {
  const pending = ctx.services.pending;
  try {
    const { token, ephemeral } = JSON.parse(entry.placeholder ?? '{}') as { token?: string; ephemeral?: boolean };
    if (!token || Date.now() - entry.at > TOKEN_LIFE_MS) return; // the reply can no longer be edited
    const original = Routes.webhookMessage(client.application.id, token, '@original');
    let first;
    let rest: ReturnType<typeof withFeedback> = [];
    try {
      const answer = await ctx.bot.ask({ text: entry.question, user: entry.user, channel: entry.channel, platform: 'discord' });
      [first, ...rest] = withFeedback(answerMessages(answer), answer.id, answer.lang, offersPerson(ctx, answer));
      await ctx.services.feedback.recordAnswer({ answer, question: entry.question, platform: 'discord', channel: entry.channel, user: entry.user });
    } catch (err) {
      first = { content: apology(ctx, err, guessLang(entry.question), 'resumed ask'), embeds: [], components: [] };
    }
    await client.rest.patch(original, { body: { ...first, allowed_mentions: NO_PINGS_RAW }, auth: false });
    for (const m of rest) {
      await client.rest.post(Routes.webhook(client.application.id, token), { body: { ...m, allowed_mentions: NO_PINGS_RAW, ...(ephemeral ? { flags: 64 } : {}) }, auth: false });
    }
  } catch (err) {
    ctx.logger.warn('discord: could not finish an unfinished /ask', { key: entry.key, error: err });
  } finally {
    await pending?.finish(entry.key);
  }
}

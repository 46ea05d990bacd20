// Slash commands and feedback buttons. Every interaction is acknowledged within Discord's 3 s:
// refusals are answered at once, questions and reloads are deferred before the slow part starts.
import {
  ApplicationIntegrationType,
  InteractionContextType,
  ComponentType,
  MessageFlags,
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { createEscalationLimiter } from '../../src/escalation/thread-limiter';
import { nameStatusLines } from '../../src/retrieval/name-pairs/status';
import { replicaStatusLines } from '../../src/replicas/status-lines';
import type { KbStatus, ReloadSummary } from '../../src/types';
import { guessLang, userMessage } from '../../src/user-messages';
import { apology, escalateButton, offersPerson, parseEscalate, parseVote, refusal, thanks, withFeedback, type Ctx } from './answering';
import { handleEscalate } from './escalate';
import { handleSolved, SOLVED_ID } from './forum';
import { NO_PINGS } from './client';
import { ASK, ASK_MESSAGE, ASK_PRIVATE, ASK_QUESTION, KB, KB_GAPS, KB_HELP, KB_RELOAD, KB_STATUS } from './commands';
import { handleGaps } from './gaps';
import { answerMessages, textMessages } from './embeds';
import { questionText } from './messages';
import { askPlaceholder, interactionKey } from './resume';

const EPHEMERAL = MessageFlags.Ephemeral;

export function createInteractionHandler(ctx: Ctx): (interaction: Interaction) => Promise<void> {
  const escalations = ctx.services.escalations ?? createEscalationLimiter();
  return async (interaction) => {
    // A dispatch replayed after a resume (or delivered twice) must not be answered twice; Discord
    // would also reject a second acknowledgement of the same interaction.
    if (!(await ctx.services.dedupe.firstSeen(interactionKey(interaction.id)))) {
      ctx.logger.debug('discord: duplicate interaction ignored', { id: interaction.id });
      return;
    }
    try {
      if (interaction.isChatInputCommand() && interaction.commandName === ASK) await handleAsk(ctx, interaction);
      else if (interaction.isMessageContextMenuCommand() && interaction.commandName === ASK_MESSAGE) await handleAskAboutMessage(ctx, interaction);
      else if (interaction.isChatInputCommand() && interaction.commandName === KB) await handleKb(ctx, interaction);
      else if (interaction.isButton() && parseVote(interaction.customId)) await handleVote(ctx, interaction);
      else if (interaction.isButton() && parseEscalate(interaction.customId)) await handleEscalate(ctx, escalations, interaction);
      else if (interaction.isButton() && interaction.customId === SOLVED_ID) await handleSolved(ctx, interaction);
    } catch (err) {
      // Last resort: whatever broke, the user gets a short apology rather than "interaction failed".
      const text = apology(ctx, err, interaction.locale === 'ko' ? 'ko' : 'en', 'interaction');
      if (!interaction.isRepliable()) return;
      const payload = { content: text, embeds: [], components: [], allowedMentions: NO_PINGS };
      const send = interaction.deferred || interaction.replied
        ? interaction.editReply(payload)
        : interaction.reply({ ...payload, flags: EPHEMERAL });
      await send.catch((e: unknown) => ctx.logger.warn('discord: could not send apology', { error: e }));
    }
  };
}

type AskInteraction = ChatInputCommandInteraction | MessageContextMenuCommandInteraction;

async function handleAsk(ctx: Ctx, interaction: ChatInputCommandInteraction): Promise<void> {
  const text = interaction.options.getString(ASK_QUESTION, true);
  const ephemeral = interaction.options.getBoolean(ASK_PRIVATE) ?? false;
  await askThroughInteraction(ctx, interaction, text, ephemeral);
}

/**
 * "Ask about this message": the selected message's text is the question (mentions and markup left
 * out, as for a mention). Private by default: the person asking chose someone else's message, and the
 * channel did not ask for an answer to it.
 */
async function handleAskAboutMessage(ctx: Ctx, interaction: MessageContextMenuCommandInteraction): Promise<void> {
  const target = interaction.targetMessage;
  const text = questionText(target, interaction.client.user.id);
  if (!text) {
    const lang = interaction.locale === 'ko' ? 'ko' : 'en';
    await interaction.reply({ content: NO_TEXT[lang], flags: EPHEMERAL, allowedMentions: NO_PINGS });
    return;
  }
  await askThroughInteraction(ctx, interaction, text, true);
}

const NO_TEXT = {
  en: 'That message has no text to ask about. Use /ask with your question instead.',
  ko: '이 메시지에는 질문할 텍스트가 없습니다. /ask 로 질문해 주세요.',
} as const;

/** The bot's own DMs are answered only with DISCORD_ALLOW_DMS; DMs between people reach only a user install. */
function inBotDm(interaction: AskInteraction): boolean {
  if (interaction.context !== null) return interaction.context === InteractionContextType.BotDM;
  return !interaction.inGuild();
}

/**
 * Installed only to the user's account (not to this server): Discord allows such an interaction at
 * most five follow-up messages.
 */
function userInstallOnly(interaction: AskInteraction): boolean {
  const owners = interaction.authorizingIntegrationOwners ?? {};
  return owners[ApplicationIntegrationType.GuildInstall] === undefined && owners[ApplicationIntegrationType.UserInstall] !== undefined;
}
const USER_INSTALL_FOLLOW_UPS = 5;

/**
 * channels.yml `private: true` for where the command was used (a thread follows its channel or forum):
 * the answer is ephemeral whatever `private:` option was given.
 */
function privateChannel(ctx: Ctx, interaction: AskInteraction): boolean {
  if (!interaction.inGuild() || !interaction.channelId) return false;
  const channel = interaction.channel;
  const id = channel?.isThread() ? (channel.parentId ?? interaction.channelId) : interaction.channelId;
  return ctx.bot.channelPolicy?.(id).private === true;
}

async function askThroughInteraction(ctx: Ctx, interaction: AskInteraction, text: string, asked: boolean): Promise<void> {
  const ephemeral = asked || privateChannel(ctx, interaction);
  const lang = guessLang(text);
  if (inBotDm(interaction) && !ctx.config.allowDms) {
    await interaction.reply({ content: dmsOff(lang), flags: EPHEMERAL, allowedMentions: NO_PINGS });
    return;
  }
  const refused = await refusal(ctx, interaction.user.id, text);
  if (refused) {
    await interaction.reply({ content: refused, flags: EPHEMERAL, allowedMentions: NO_PINGS });
    return;
  }
  await interaction.deferReply(ephemeral ? { flags: EPHEMERAL } : {});
  // From here on "thinking…" is showing: recorded, so a crash leaves it for the next run to finish.
  const key = interactionKey(interaction.id);
  const pending = ctx.services.pending;
  await pending?.start({ key, platform: 'discord', channel: interaction.channelId ?? 'dm', user: interaction.user.id, question: text.trim() });
  await pending?.placeholder(key, askPlaceholder(interaction.token, ephemeral));
  try {
    await answerAsk(ctx, interaction, text, lang, ephemeral);
  } finally {
    await pending?.finish(key);
  }
}

async function answerAsk(ctx: Ctx, interaction: AskInteraction, text: string, lang: 'en' | 'ko', ephemeral: boolean): Promise<void> {
  // Null where the bot is not a member (a user install): then it is simply not a thread we know.
  const thread = interaction.channel?.isThread() ? interaction.channel : undefined;
  let answer;
  try {
    answer = await ctx.bot.ask({
      text: text.trim(),
      user: interaction.user.id,
      channel: thread?.parentId ?? interaction.channelId ?? 'dm',
      thread: thread?.id,
      platform: 'discord',
      channelKind: !interaction.inGuild() ? 'dm' : thread ? 'thread' : 'channel',
    });
  } catch (err) {
    await interaction.editReply({ content: apology(ctx, err, lang, 'ask'), allowedMentions: NO_PINGS });
    return;
  }

  const [first, ...more] = withFeedback(answerMessages(answer), answer.id, answer.lang, offersPerson(ctx, answer));
  let rest = more;
  if (userInstallOnly(interaction) && rest.length > USER_INSTALL_FOLLOW_UPS) {
    // Keep the last message: it carries the 👍/👎 buttons.
    ctx.logger.warn('discord: answer shortened to the follow-ups a user install may send', { messages: more.length + 1 });
    rest = [...rest.slice(0, USER_INSTALL_FOLLOW_UPS - 1), rest[rest.length - 1]];
  }
  await interaction.editReply({ ...first, allowedMentions: NO_PINGS });
  for (const m of rest) {
    await interaction.followUp({ ...m, allowedMentions: NO_PINGS, ...(ephemeral ? { flags: EPHEMERAL } : {}) });
  }
  await ctx.services.feedback.recordAnswer({
    answer,
    question: text,
    platform: 'discord',
    channel: interaction.channelId ?? 'dm',
    user: interaction.user.id,
  });
}

/** Manage Server (or Administrator, which implies it), or one of DISCORD_ADMIN_ROLE_IDS. */
export function isAdmin(ctx: Ctx, interaction: ChatInputCommandInteraction): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const member = interaction.member;
  if (!member || !ctx.config.adminRoleIds.length) return false;
  // A cached guild gives a GuildMember, otherwise Discord's raw member with an array of role ids.
  const roles = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return roles.some((id) => ctx.config.adminRoleIds.includes(id));
}

async function handleKb(ctx: Ctx, interaction: ChatInputCommandInteraction): Promise<void> {
  const sub = interaction.options.getSubcommand();
  const user = interaction.user.id;
  if (sub === KB_HELP) {
    await interaction.reply({ content: helpText(), flags: EPHEMERAL, allowedMentions: NO_PINGS });
    return;
  }
  if (!isAdmin(ctx, interaction)) {
    await ctx.services.audit.record({ platform: 'discord', user, action: `kb ${sub}`, ok: false, detail: 'not admin' });
    await interaction.reply({ content: userMessage('NOT_ADMIN', interaction.locale === 'ko' ? 'ko' : 'en'), flags: EPHEMERAL, allowedMentions: NO_PINGS });
    return;
  }
  if (sub === KB_GAPS) return handleGaps(ctx, interaction);
  if (sub === KB_STATUS) {
    await ctx.services.audit.record({ platform: 'discord', user, action: 'kb status', ok: true });
    const [first, ...rest] = textMessages(statusText(ctx));
    await interaction.reply({ ...first, flags: EPHEMERAL, allowedMentions: NO_PINGS });
    for (const m of rest) await interaction.followUp({ ...m, flags: EPHEMERAL, allowedMentions: NO_PINGS });
    return;
  }
  if (sub === KB_RELOAD) {
    await interaction.deferReply({ flags: EPHEMERAL });
    let summary: ReloadSummary;
    try {
      summary = await ctx.bot.reload({ by: `discord:${user}` });
    } catch (err) {
      await ctx.services.audit.record({ platform: 'discord', user, action: 'kb reload', ok: false, detail: String((err as Error)?.message ?? err).slice(0, 300) });
      await interaction.editReply({ content: apology(ctx, err, 'en', 'reload'), allowedMentions: NO_PINGS });
      return;
    }
    await ctx.services.audit.record({ platform: 'discord', user, action: 'kb reload', ok: true, detail: `${summary.documents} docs, ${summary.failed.length} failed` });
    const [first, ...rest] = textMessages(reloadText(summary));
    await interaction.editReply({ ...first, allowedMentions: NO_PINGS });
    for (const m of rest) await interaction.followUp({ ...m, flags: EPHEMERAL, allowedMentions: NO_PINGS });
  }
}

async function handleVote(ctx: Ctx, interaction: ButtonInteraction): Promise<void> {
  const parsed = parseVote(interaction.customId)!;
  const ok = await ctx.services.feedback.vote({ answerId: parsed.answerId, user: interaction.user.id, platform: 'discord', vote: parsed.vote });
  // 👎 on a known answer offers a person, privately, where a role to ask is configured.
  // Not in a DM (a private-channel answer sent there): the ping would reach nobody.
  const person = ok && parsed.vote === 'down' && ctx.config.escalationRoleId && interaction.inGuild();
  const components = person ? [{ type: ComponentType.ActionRow, components: [escalateButton(parsed.answerId, parsed.lang)] }] : [];
  await interaction.reply({ content: thanks(ok, parsed.lang), components, flags: EPHEMERAL, allowedMentions: NO_PINGS });
}

function dmsOff(lang: 'en' | 'ko'): string {
  return lang === 'ko' ? '이 봇은 DM에서 답변하지 않습니다. 서버에서 /ask 를 사용해 주세요.' : 'I do not answer in DMs here. Please use /ask in the server.';
}

export function reloadText(s: ReloadSummary): string {
  const lines = [
    `Reloaded in ${s.ms} ms: ${s.documents} documents, ${s.chunks} chunks (${s.embedded} embedded).`,
    `Added ${s.added.length}, changed ${s.changed.length}, removed ${s.removed.length}, unchanged ${s.unchanged}, failed ${s.failed.length}.`,
  ];
  const list = (label: string, items: string[]) => {
    if (items.length) lines.push(`${label}: ${items.slice(0, 10).map((f) => `\`${f}\``).join(', ')}${items.length > 10 ? ` and ${items.length - 10} more` : ''}`);
  };
  list('Added', s.added);
  list('Changed', s.changed);
  list('Removed', s.removed);
  for (const f of s.failed.slice(0, 10)) lines.push(`Failed \`${f.file}\`: ${f.reason}`);
  if (s.failed.length > 10) lines.push(`…and ${s.failed.length - 10} more failures (see /kb status).`);
  return lines.join('\n');
}

function statusText(ctx: Ctx): string {
  const st = ctx.bot.status();
  const lines = [
    `Documents: ${st.documents}, chunks: ${st.chunks}`,
    `Embeddings: ${st.embeddings}; answers: ${st.answerer}; analyzer: ${st.analyzerVersion}`,
    st.reloading ? 'A reload is running now.' : '',
    st.lastReload ? `Last reload: ${st.lastReload.at}${st.lastReload.by ? ` by ${st.lastReload.by}` : ''} (${st.lastReload.ok ? 'ok' : `failed: ${st.lastReload.error ?? 'unknown error'}`})` : 'No reload since start.',
    ...namesLines(st),
    ...replicasLines(st),
  ].filter(Boolean);
  for (const e of st.errors.slice(0, 15)) lines.push(`Unreadable \`${e.file}\`: ${e.reason}`);
  return lines.join('\n');
}

/** Which snapshot version each replica serves, as `kb status` shows it. */
function replicasLines(st: KbStatus): string[] {
  if (!st.replicas) return [];
  const r = replicaStatusLines(st.replicas);
  return [`Replicas: ${r.shared}`, ...r.replicas.map((l) => `- ${l}`), ...(r.stale ? [`- ${r.stale}`] : [])];
}

/** Cross-lingual names, as `kb status` shows them. */
function namesLines(st: KbStatus): string[] {
  if (!st.names) return [];
  const n = nameStatusLines(st.names);
  return [`Romanized: ${n.romanized}`, `Name pairs: ${n.pairs}`];
}

function helpText(): string {
  return [
    '**Ask**: `/ask question:<text>` (add `private:true` to see the answer alone), mention me in a channel, or keep asking in a thread I started.',
    'Right-click (or long-press) a message → **Apps → Ask about this message** to get an answer to it that only you see.',
    'Answers quote the knowledge base with numbered sources; rate them with 👍/👎.',
    '**Admins** (Manage Server or an admin role): `/kb reload` re-reads the knowledge folder, `/kb status` shows what is loaded, `/kb gaps [days]` what it could not answer.',
  ].join('\n');
}

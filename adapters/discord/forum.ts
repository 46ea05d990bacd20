// Forum auto-answer (DISCORD_FORUM_CHANNEL_IDS): a new post gets the answer as its first reply
// (title + body as the question), once; follow-ups in the post are answered as in bot threads (see
// triggerOf); a "Solved" button applies the configured forum tag.
import { ButtonStyle, ChannelType, ComponentType, MessageFlags, type APIButtonComponent, type ButtonInteraction, type Client, type ThreadChannel } from 'discord.js';
import { guessLang } from '../../src/user-messages';
import { apology, feedbackRow, offersPerson, refusal, type Ctx } from './answering';
import { NO_PINGS } from './client';
import { answerMessages } from './embeds';
import { questionText } from './messages';

export const SOLVED_ID = 'kbsolved';

export const isForumPost = (ctx: Ctx, thread: { parentId: string | null }) => Boolean(thread.parentId && ctx.config.forumChannelIds?.includes(thread.parentId));

function solvedButton(lang: 'en' | 'ko'): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Success, custom_id: SOLVED_ID, emoji: { name: '✅' }, label: lang === 'ko' ? '해결됨' : 'Solved' };
}

export function createForumHandler(ctx: Ctx, client: Client<true>): (thread: ThreadChannel, newlyCreated: boolean) => Promise<void> {
  return async (thread, newlyCreated) => {
    // Only posts created now (not threads the bot merely learns about) in the configured forums.
    if (!newlyCreated || !isForumPost(ctx, thread) || thread.ownerId === client.user.id) return;
    if (!(await ctx.services.dedupe.firstSeen(`discord:forum:${thread.id}`))) return;
    // The starter message has the post's id; its text may be empty (an image-only post): the title is the question then.
    const starter = await thread.fetchStarterMessage().catch(() => null);
    const body = starter ? questionText(starter, client.user.id) : '';
    const text = [thread.name, body].filter(Boolean).join('\n').trim();
    const lang = guessLang(text);
    const user = thread.ownerId ?? starter?.author.id ?? 'unknown';
    const refused = await refusal(ctx, user, text);
    if (refused) {
      await thread.send({ content: refused, allowedMentions: NO_PINGS });
      return;
    }
    try {
      const answer = await ctx.bot.ask({ text, user, channel: thread.parentId ?? thread.id, thread: thread.id, platform: 'discord', channelKind: 'thread' });
      const messages = answerMessages(answer);
      const rows = [feedbackRow(answer.id, answer.lang, offersPerson(ctx, answer)), { type: ComponentType.ActionRow, components: [solvedButton(answer.lang)] }];
      for (const [i, m] of messages.entries()) {
        await thread.send({ ...m, components: i === messages.length - 1 ? rows : [], allowedMentions: NO_PINGS });
      }
      await ctx.services.feedback.recordAnswer({ answer, question: text, platform: 'discord', channel: thread.id, user });
    } catch (err) {
      await thread.send({ content: apology(ctx, err, lang, 'forum post'), allowedMentions: NO_PINGS });
    }
  };
}

/** "Solved": the post's author (or anyone who may manage threads) applies the configured tag. */
export async function handleSolved(ctx: Ctx, interaction: ButtonInteraction): Promise<void> {
  const thread = interaction.channel;
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  if (!thread?.isThread() || !isForumPost(ctx, thread)) return void (await reply('This button only works in a forum post.'));
  const mayManage = interaction.memberPermissions?.has('ManageThreads') ?? false;
  if (thread.ownerId !== interaction.user.id && !mayManage) return void (await reply('Only the person who posted this can mark it solved.'));
  const forum = thread.parent;
  const wanted = (ctx.config.forumSolvedTag ?? 'Solved').toLowerCase();
  const tag = forum?.type === ChannelType.GuildForum ? forum.availableTags.find((t) => t.id === wanted || t.name.toLowerCase() === wanted) : undefined;
  if (!tag) {
    ctx.logger.warn('discord: forum has no solved tag', { forum: thread.parentId, tag: ctx.config.forumSolvedTag });
    return void (await reply(`This forum has no "${ctx.config.forumSolvedTag ?? 'Solved'}" tag; ask a moderator to add it (or set DISCORD_FORUM_SOLVED_TAG).`));
  }
  if (!thread.appliedTags.includes(tag.id)) await thread.setAppliedTags([...thread.appliedTags, tag.id].slice(0, 5));
  await interaction.reply({ content: `✅ Marked as solved (${tag.name}).`, allowedMentions: NO_PINGS });
}

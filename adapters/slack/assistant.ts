// Slack's AI-app surface: suggested prompts when someone opens the bot, a title from the question
// and a status line while the knowledge base is searched. Two generations of it: `assistant_view`
// (Bolt's Assistant class: `assistant_thread_started`, then messages in that thread) and the newer
// `agent_view` (`app_home_opened` on the Messages tab; each top-level DM is its own thread). The
// answer itself goes through the same path as any DM, so reply-once, refusals and streaming behave
// the same there.
import { Assistant, type AssistantUserMessageMiddleware } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/** What Bolt hands a user-message listener inside the assistant container. */
export type AssistantMessageArgs = Parameters<AssistantUserMessageMiddleware>[0];
import type { AdapterContext } from '../types';
import type { SlackConfig } from '../../src/config';
import { guessLang } from '../../src/user-messages';
import type { Lang } from '../../src/types';
import { slackToPlain, truncate } from './mrkdwn';

/** Slack shows a thread title in a narrow sidebar; longer titles are cut there anyway. */
const TITLE_MAX = 80;
/** setSuggestedPrompts takes at most four. */
const PROMPTS_MAX = 4;

const WORDS: Record<Lang, { promptsTitle: string; searching: (n: number) => string }> = {
  en: { promptsTitle: 'Try asking', searching: (n) => `Searching ${n} document${n === 1 ? '' : 's'}…` },
  ko: { promptsTitle: '이렇게 물어보세요', searching: (n) => `문서 ${n}개에서 찾는 중…` },
};

export interface AssistantHooks {
  /** Runs the question like any DM; calls `prepare` once it is sure to answer (not a duplicate or skip). */
  onMessage(args: AssistantMessageArgs, prepare: () => Promise<void>): Promise<void>;
}

/** The prompts as Slack takes them: at most four, titles short enough for the chips. */
function promptList(prompts: string[]) {
  return prompts.slice(0, PROMPTS_MAX).map((q) => ({ title: truncate(q, 75), message: q }));
}

/** Title and status for a question about to be answered; both cosmetic, so a failure only logs. */
async function titleAndStatus(ctx: AdapterContext<SlackConfig>, text: string, setTitle: (t: string) => Promise<unknown>, setStatus: (s: string) => Promise<unknown>) {
  const plain = text.replace(/\s+/g, ' ').trim();
  const results = await Promise.allSettled([setTitle(truncate(plain, TITLE_MAX)), setStatus(WORDS[guessLang(plain)].searching(ctx.bot.status().documents))]);
  for (const r of results) if (r.status === 'rejected') ctx.logger.warn('slack assistant title/status failed', { err: r.reason });
}

export function assistantSurface(ctx: AdapterContext<SlackConfig>, prompts: string[], hooks: AssistantHooks): Assistant {
  return new Assistant({
    threadStarted: async ({ setSuggestedPrompts }) => {
      const shown = promptList(prompts);
      if (!shown.length) return;
      try {
        await setSuggestedPrompts({ prompts: shown, title: WORDS.en.promptsTitle });
      } catch (err) {
        // Prompts are a convenience; the user can still type a question.
        ctx.logger.warn('slack assistant.threads.setSuggestedPrompts failed', { err });
      }
    },
    userMessage: async (args) => {
      const raw = 'text' in args.message ? (args.message.text ?? '') : '';
      const text = slackToPlain(raw, args.context.botUserId);
      await hooks.onMessage(args, () => titleAndStatus(ctx, text, args.setTitle, args.setStatus));
    },
  });
}

/**
 * agent_view: opening the bot's Messages tab is the "thread started" signal. The prompts sit at the
 * top of the conversation, so they are set for the DM channel without a thread.
 */
export async function showAgentPrompts(ctx: AdapterContext<SlackConfig>, client: WebClient, channel: string, prompts: string[]): Promise<void> {
  const shown = promptList(prompts);
  if (!shown.length) return;
  try {
    await client.assistant.threads.setSuggestedPrompts({ channel_id: channel, prompts: shown, title: WORDS.en.promptsTitle });
  } catch (err) {
    ctx.logger.warn('slack agent view: setSuggestedPrompts failed', { err, channel });
  }
}

/** agent_view: a top-level DM is the root of its own thread; the title and status go on that thread. */
export function agentThreadPrepare(ctx: AdapterContext<SlackConfig>, client: WebClient, channel: string, threadTs: string, text: string): () => Promise<void> {
  return () =>
    titleAndStatus(
      ctx,
      text,
      (title) => client.assistant.threads.setTitle({ channel_id: channel, thread_ts: threadTs, title }),
      (status) => client.assistant.threads.setStatus({ channel_id: channel, thread_ts: threadTs, status }),
    );
}

/** Three questions the bundled knowledge base answers; SLACK_SUGGESTED_PROMPTS replaces them. */
export const DEFAULT_PROMPTS = ['When was Mistral AI founded?', 'What is sovereign AI?', 'Who invested in Mistral AI?'];

// Slack's AI-app surface (the Assistant container, `assistant_view` / agent view in the manifest):
// suggested prompts when someone opens the bot, a title from the question and a status line while
// the knowledge base is searched. The answer itself goes through the same path as any DM, so
// reply-once, refusals and streaming behave the same there.
import { Assistant, type AssistantUserMessageMiddleware } from '@slack/bolt';

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

export function assistantSurface(ctx: AdapterContext<SlackConfig>, prompts: string[], hooks: AssistantHooks): Assistant {
  return new Assistant({
    threadStarted: async ({ setSuggestedPrompts }) => {
      const shown = prompts.slice(0, PROMPTS_MAX).map((q) => ({ title: truncate(q, 75), message: q }));
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
      const lang = guessLang(text);
      await hooks.onMessage(args, async () => {
        // Both are cosmetic: a failure must not cost the answer.
        await Promise.allSettled([
          args.setTitle(truncate(text.replace(/\s+/g, ' ').trim(), TITLE_MAX)),
          args.setStatus(WORDS[lang].searching(ctx.bot.status().documents)),
        ]).then((results) => {
          for (const r of results) if (r.status === 'rejected') ctx.logger.warn('slack assistant title/status failed', { err: r.reason });
        });
      });
    },
  });
}

/** Three questions the bundled knowledge base answers; SLACK_SUGGESTED_PROMPTS replaces them. */
export const DEFAULT_PROMPTS = ['When was Mistral AI founded?', 'What is sovereign AI?', 'Who invested in Mistral AI?'];

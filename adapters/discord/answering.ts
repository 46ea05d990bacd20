// What slash commands and mentions share: the checks before a question reaches the core, the
// feedback buttons under an answer, and turning failures into a short apology.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { DiscordConfig } from '../../src/config';
import { toBotError } from '../../src/errors';
import type { Lang } from '../../src/types';
import { guessLang, userMessage } from '../../src/user-messages';
import type { Vote } from '../../src/services/types';
import type { AdapterContext } from '../types';
import type { OutMessage } from './embeds';

export type Ctx = AdapterContext<DiscordConfig>;

/**
 * A refusal to show the user instead of asking the core, or undefined when the question may go on.
 * Rate limiting comes last so an empty or over-long question does not cost the user a turn.
 */
export async function refusal(ctx: Ctx, user: string, text: string): Promise<string | undefined> {
  const lang = guessLang(text);
  if (!text.trim()) return userMessage('EMPTY_QUESTION', lang);
  if (text.length > ctx.maxQuestionChars) return userMessage('QUESTION_TOO_LONG', lang);
  const key = rateKey(user);
  if (!(await ctx.services.rateLimiter.tryConsume(key))) {
    const wait = await ctx.services.rateLimiter.retryAfterSeconds(key);
    const more = wait > 0 ? (lang === 'ko' ? ` (${wait}초 후 가능)` : ` (you can ask again in ${wait} s)`) : '';
    return userMessage('RATE_LIMITED', lang) + more;
  }
  return undefined;
}

/** Platform-qualified because the limit is shared with Slack users in the same process. */
export function rateKey(user: string): string {
  return `discord:${user}`;
}

/** A short apology for the user; the detail goes to the log only. */
export function apology(ctx: Ctx, err: unknown, lang: Lang, what: string): string {
  const e = toBotError(err);
  ctx.logger.error(`discord: ${what} failed`, { code: e.code, error: e });
  return userMessage(e.code, lang);
}

const VOTE_PREFIX = 'kbvote';

const ESCALATE_PREFIX = 'kbperson';

/** "Ask a person": offered under an abstention and after a 👎 when DISCORD_ESCALATION_ROLE_ID is set. */
export function escalateButton(answerId: string, lang: Lang): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: `${ESCALATE_PREFIX}:${lang}:${answerId}`.slice(0, 100),
    emoji: { name: '🙋' },
    label: lang === 'ko' ? '사람에게 묻기' : 'Ask a person',
  };
}

export function parseEscalate(customId: string): { lang: Lang; answerId: string } | undefined {
  const m = /^kbperson:(en|ko):(.+)$/.exec(customId);
  return m ? { lang: m[1] as Lang, answerId: m[2] } : undefined;
}

export function feedbackRow(answerId: string, lang: Lang, escalate = false): APIActionRowComponent<APIButtonComponent> {
  const button = (vote: Vote, emoji: string, label: string): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    // custom_id holds at most 100 characters; answer ids are short.
    custom_id: `${VOTE_PREFIX}:${vote}:${lang}:${answerId}`.slice(0, 100),
    emoji: { name: emoji },
    label,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button('up', '👍', lang === 'ko' ? '도움이 됐어요' : 'Helpful'),
      button('down', '👎', lang === 'ko' ? '아쉬워요' : 'Not helpful'),
      ...(escalate ? [escalateButton(answerId, lang)] : []),
    ],
  };
}

export function parseVote(customId: string): { vote: Vote; lang: Lang; answerId: string } | undefined {
  const m = /^kbvote:(up|down):(en|ko):(.+)$/.exec(customId);
  return m ? { vote: m[1] as Vote, lang: m[2] as Lang, answerId: m[3] } : undefined;
}

export function thanks(ok: boolean, lang: Lang): string {
  if (!ok) return lang === 'ko' ? '이 답변은 더 이상 평가할 수 없습니다.' : 'That answer can no longer be rated.';
  return lang === 'ko' ? '의견 감사합니다!' : 'Thanks for the feedback!';
}

/**
 * Answer messages with the vote buttons under the last one, where the reader finishes.
 * `escalate`: the bot abstained and an escalation role is configured, so "Ask a person" sits beside them.
 */
export function withFeedback(messages: OutMessage[], answerId: string, lang: Lang, escalate = false): (OutMessage & { components: APIActionRowComponent<APIButtonComponent>[] })[] {
  return messages.map((m, i) => ({ ...m, components: i === messages.length - 1 ? [feedbackRow(answerId, lang, escalate)] : [] }));
}

/** An abstention offers "Ask a person" only where a role to ask is configured. */
export function offersPerson(ctx: Ctx, answer: { abstained: boolean }): boolean {
  return Boolean(ctx.config.escalationRoleId) && answer.abstained;
}

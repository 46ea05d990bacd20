// /ask <question>: the answer only the asker sees (a response_url reply, ephemeral), with a button to
// share it. The same core call, refusals and feedback record as a mention; no thread, no placeholder
// in the channel, since nobody else should see anything until the asker decides to share.
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { toBotError } from '../../src/errors';
import type { Lang } from '../../src/types';
import { guessLang, userMessage } from '../../src/user-messages';
import { answerMessages, noticeMessage, placeholderText, type SlackMessage } from './blocks';
import { slackToPlain } from './mrkdwn';
import { NO_UNFURL, refusal, withTimeout, type ReplyDeps } from './reply';
import { channelCopy, withShareButton, type ShareBook } from './share';

export interface AskCommand {
  text: string;
  user: string;
  channel: string;
}

const SHARE_WORDS: Record<Lang, { done: string; again: string; gone: string; failed: string }> = {
  en: {
    done: 'Shared in the channel.',
    again: 'This answer was already shared in the channel.',
    gone: 'That answer is too old to share. Ask again with /ask and share the new answer.',
    failed: 'I could not post in this channel. Invite me to it (/invite @kb-bot) and try again.',
  },
  ko: {
    done: '채널에 공유했습니다.',
    again: '이 답변은 이미 채널에 공유되었습니다.',
    gone: '오래된 답변이라 공유할 수 없습니다. /ask로 다시 질문한 뒤 새 답변을 공유해 주세요.',
    failed: '이 채널에 게시할 수 없습니다. 봇을 채널에 초대한 뒤(/invite @kb-bot) 다시 시도해 주세요.',
  },
};

const ephemeral = (m: SlackMessage): RespondArguments => ({ response_type: 'ephemeral', replace_original: false, ...m });

/** Bolt's ack for a slash command: its body, if any, is shown to the asker alone right away. */
export type AckFn = (msg?: RespondArguments) => Promise<void>;

/**
 * The refusal or the "Looking this up…" note goes out with the acknowledgement (within Slack's 3 s,
 * before the core starts); the answer follows on the response_url.
 */
export async function handleAskCommand(deps: ReplyDeps, shares: ShareBook, cmd: AskCommand, ack: AckFn, respond: RespondFn): Promise<void> {
  const { ctx } = deps;
  const text = slackToPlain(cmd.text);
  const lang = guessLang(text);
  const refused = await refusal(deps, { text, user: cmd.user });
  if (refused) {
    ctx.logger.info('slack /ask refused', { code: refused, user: cmd.user, channel: cmd.channel });
    await ack(ephemeral(noticeMessage(userMessage(refused, lang))));
    return;
  }
  await ack(ephemeral(noticeMessage(placeholderText(lang))));
  ctx.logger.info('slack question', { trigger: 'command', user: cmd.user, channel: cmd.channel });
  let messages: SlackMessage[];
  try {
    const answer = await withTimeout(
      (signal) =>
        ctx.bot.ask(
          { text, user: cmd.user, channel: cmd.channel, platform: 'slack', channelKind: cmd.channel.startsWith('D') ? 'dm' : 'channel', history: [] },
          { signal },
        ),
      deps.answerTimeoutMs,
    );
    const escalate = Boolean(ctx.config.escalationUsergroupId);
    // The buttons of the private copy say it is private; the shared copy is an ordinary answer.
    const shown = answerMessages(answer, { escalate, privately: {} });
    try {
      await ctx.services.feedback.recordAnswer({ answer, question: text, platform: 'slack', channel: cmd.channel, user: cmd.user });
    } catch (err) {
      ctx.logger.error('slack feedback store failed', { err, answerId: answer.id });
    }
    shares.remember(answer.id, { messages: channelCopy(answerMessages(answer, { escalate }), text, answer.lang), channel: cmd.channel, user: cmd.user });
    messages = withShareButton(shown, answer.id, answer.lang);
    ctx.logger.info('slack answered', { answerId: answer.id, channel: cmd.channel, ms: answer.timings.totalMs, mode: answer.mode.kind, private: true });
  } catch (err) {
    const e = toBotError(err);
    ctx.logger.error('slack /ask failed', { code: e.code, err: e, cause: e.cause, channel: cmd.channel });
    messages = [noticeMessage(userMessage(e.code, lang))];
  }
  // A response_url takes five messages; the acknowledgement was not one of them.
  for (const m of messages.slice(0, 5)) await respond(ephemeral(m));
}

export interface ShareClick {
  answerId: string;
  user: string;
  lang: Lang;
}

/** Posts the remembered answer for everyone, once; every outcome is told to the clicker privately. */
export async function handleShare(deps: ReplyDeps, shares: ShareBook, client: WebClient, click: ShareClick, respond: RespondFn): Promise<void> {
  const { ctx } = deps;
  const words = SHARE_WORDS[click.lang];
  const tell = (t: string) => respond(ephemeral(noticeMessage(t))).catch((err) => ctx.logger.warn('slack share notice failed', { err }));
  const entry = shares.get(click.answerId);
  if (!entry || entry.user !== click.user) return void (await tell(words.gone));
  if (entry.shared) return void (await tell(words.again));
  // Claimed before the first await: a double click cannot post twice.
  entry.shared = true;
  let posted = 0;
  try {
    for (const m of entry.messages) {
      await client.chat.postMessage({ channel: entry.channel, ...m, ...NO_UNFURL });
      posted += 1;
    }
  } catch (err) {
    ctx.logger.warn('slack share chat.postMessage failed; trying the response_url', { err, channel: entry.channel });
    try {
      // The slash command's channel may not have the bot as a member; response_url can still post
      // there. Only what is not in the channel yet, so no part of the answer appears twice.
      for (const m of entry.messages.slice(posted)) await respond({ response_type: 'in_channel', replace_original: false, ...m });
    } catch (err2) {
      // Nothing reached the channel: the asker may try again. A half-posted answer stays claimed, never doubled.
      if (posted === 0) entry.shared = false;
      ctx.logger.error('slack share failed', { err: err2, channel: entry.channel });
      return void (await tell(words.failed));
    }
  }
  ctx.logger.info('slack answer shared', { answerId: click.answerId, user: click.user, channel: entry.channel });
  await tell(words.done);
}

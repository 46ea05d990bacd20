// 👍/👎 under each answer. The store keeps one vote per user per answer, so clicking again changes
// the vote rather than counting twice; the thank-you is ephemeral so the thread stays clean.
import type { WebClient } from '@slack/web-api';
import type { Vote } from '../../src/services/types';
import type { Lang } from '../../src/types';
import type { AdapterContext } from '../types';
import type { SlackConfig } from '../../src/config';
import { toBotError } from '../../src/errors';
import { userMessage } from '../../src/user-messages';
import { FEEDBACK_UP, escalateButton, noticeMessage } from './blocks';

const THANKS: Record<Lang, Record<Vote, string>> = {
  en: { up: 'Thanks for the feedback! Glad it helped.', down: 'Thanks for the feedback. It helps us improve the knowledge base.' },
  ko: { up: '피드백 감사합니다! 도움이 되어 기쁩니다.', down: '피드백 감사합니다. 지식 베이스 개선에 참고하겠습니다.' },
};
/** Said before the click, so the asker knows what "Ask a person" makes public. */
const PRIVATE_PERSON: Record<Lang, string> = {
  en: '"Ask a person" posts your question (not this answer) in the channel for the team.',
  ko: '"사람에게 묻기"를 누르면 질문(이 답변은 제외)이 채널에 올라가 팀에 전달됩니다.',
};
const UNKNOWN: Record<Lang, string> = {
  en: 'That answer is too old to rate. Ask again and rate the new answer.',
  ko: '오래된 답변이라 평가할 수 없습니다. 다시 질문한 뒤 새 답변을 평가해 주세요.',
};

export interface FeedbackClick {
  actionId: string;
  answerId: string;
  user: string;
  channel?: string;
  /** The thread of the answer message, so the thank-you appears where the user clicked. */
  thread?: string;
  /** The answer message itself: the thread to escalate in when the answer started none. */
  messageTs?: string;
  /** The answer was shown to the asker alone (an /ask or a channels.yml `private` answer). */
  private?: boolean;
  /** Language of the button labels the user saw. */
  lang: Lang;
}

export async function handleFeedback(ctx: AdapterContext<SlackConfig>, client: WebClient, click: FeedbackClick): Promise<void> {
  const vote: Vote = click.actionId === FEEDBACK_UP ? 'up' : 'down';
  let text: string;
  let known = false;
  try {
    known = await ctx.services.feedback.vote({ answerId: click.answerId, user: click.user, platform: 'slack', vote });
    ctx.logger.info('slack feedback', { answerId: click.answerId, user: click.user, vote, known });
    text = known ? THANKS[click.lang][vote] : UNKNOWN[click.lang];
  } catch (err) {
    // The vote was not stored (storage fault): say so rather than thank the user for nothing.
    text = userMessage(toBotError(err).code, click.lang);
  }
  if (!click.channel) return;
  try {
    // 👎 on a known answer offers a person when a group is configured; the button carries the thread
    // because Slack sends no copy of an ephemeral message when it is clicked.
    const person = vote === 'down' && known && Boolean(ctx.config.escalationUsergroupId);
    const msg = noticeMessage(person && click.private ? `${text} ${PRIVATE_PERSON[click.lang]}` : text);
    if (person) {
      const ref = { answerId: click.answerId, thread: click.thread ?? click.messageTs, private: click.private };
      msg.blocks.push({ type: 'actions', block_id: 'kb_escalate', elements: [escalateButton(ref, click.lang)] });
    }
    await client.chat.postEphemeral({ channel: click.channel, user: click.user, thread_ts: click.thread, ...msg });
  } catch (err) {
    // The vote is stored; a missing thank-you is not worth bothering the user about.
    ctx.logger.warn('slack feedback thank-you failed', { err, channel: click.channel });
  }
}

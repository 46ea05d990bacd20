// "Ask a person": one ping of the configured user group, in the thread of the answer, with the
// question and what the bot said. `<!subteam^ID>` is the only mention the bot ever sends: it is
// added after everything else was escaped, and only for the configured id.
import type { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config';
import { decideEscalation } from '../../src/escalation/request';
import type { EscalationLimiter } from '../../src/escalation/thread-limiter';
import type { Lang } from '../../src/types';
import type { AdapterContext } from '../types';
import { noticeMessage, parseRef, type Block } from './blocks';
import { safeTruncated } from './mrkdwn';

const WORDS = {
  en: {
    ping: (group: string) => `${group} Someone here asked for a person: the bot could not answer this well.`,
    question: 'Question',
    answer: "Bot's answer",
    done: 'I asked the team in this thread; someone will reply here.',
    already: 'The team was already asked in this thread; they will reply here.',
    unknown: 'That answer is too old to escalate. Ask again, then use "Ask a person" on the new answer.',
    privateRoot: 'A question for the team (the bot could not answer it well):',
    privateNote: "The bot's answer was shown only to the person who asked.",
    privateDone: 'I posted your question (not my answer) in this channel and asked the team in its thread; someone will reply there.',
    openedDone: 'I posted your question in this channel and asked the team in its thread; someone will reply there.',
  },
  ko: {
    ping: (group: string) => `${group} 담당자 답변 요청이 있습니다: 봇이 충분히 답하지 못했습니다.`,
    question: '질문',
    answer: '봇의 답변',
    done: '이 스레드에서 팀에 요청했습니다. 여기에서 답변이 올 거예요.',
    already: '이 스레드에서 이미 팀에 요청했습니다. 여기에서 답변이 올 거예요.',
    unknown: '오래된 답변이라 요청할 수 없습니다. 다시 질문한 뒤 새 답변에서 "사람에게 묻기"를 눌러 주세요.',
    privateRoot: '팀에 드리는 질문입니다 (봇이 충분히 답하지 못함):',
    privateNote: '봇의 답변은 질문한 사람에게만 표시되었습니다.',
    privateDone: '질문(제 답변은 제외)을 이 채널에 올리고 그 스레드에서 팀에 요청했습니다. 그곳에서 답변이 올 거예요.',
    openedDone: '질문을 이 채널에 올리고 그 스레드에서 팀에 요청했습니다. 그곳에서 답변이 올 거예요.',
  },
} as const;

export interface EscalationClick {
  /** The button value: "answerId", "answerId|threadTs", or with "|p" for an answer only the asker saw. */
  value: string;
  /** A private (/ask) answer the asker has since shared in the channel: its text is public now. */
  shared?: (answerId: string) => boolean;
  user: string;
  channel?: string;
  /** Thread of the clicked message, when Slack sent it. */
  thread?: string;
  lang: Lang;
}

export async function handleEscalation(ctx: AdapterContext<SlackConfig>, limiter: EscalationLimiter, client: WebClient, click: EscalationClick): Promise<void> {
  const group = ctx.config.escalationUsergroupId;
  const ref = parseRef(click.value);
  const { answerId } = ref;
  let thread = click.thread ?? ref.thread;
  if (!group || !click.channel || !answerId) return;
  const w = WORDS[click.lang];
  // A private answer stays private: the team sees the question, and the answer only once the asker shared it.
  const hidden = Boolean(ref.private) && !click.shared?.(answerId);
  const decision = await decideEscalation(ctx.services.feedback, limiter, { answerId, threadKey: `slack:${click.channel}:${thread ?? answerId}` });
  ctx.logger.info('slack escalation', { answerId, user: click.user, channel: click.channel, outcome: decision.kind, private: hidden });
  const quote = (label: string, text: string) => `*${label}*\n>${safeTruncated(text, 1200).replace(/\n/g, '\n>')}`;
  let opened = false;
  if (decision.kind === 'ping') {
    // The group id passed config validation (S + letters/digits), so this is exactly one mention;
    // the question and answer are escaped like every other text and can add none.
    const head = w.ping(`<!subteam^${group}>`);
    try {
      if (!thread) {
        // A private (/ask) answer has no thread: one message without a ping opens a thread for it,
        // so the channel is not pinged at its top and the team has a place to reply.
        const root = await client.chat.postMessage({
          channel: click.channel,
          text: w.privateRoot,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: quote(w.privateRoot, decision.question) } }],
          unfurl_links: false,
          unfurl_media: false,
        });
        thread = root.ts;
        opened = true;
      }
      const blocks: Block[] = [
        { type: 'section', text: { type: 'mrkdwn', text: head } },
        ...(opened ? [] : [{ type: 'section', text: { type: 'mrkdwn', text: quote(w.question, decision.question) } }]),
        hidden ? { type: 'context', elements: [{ type: 'mrkdwn', text: w.privateNote }] } : { type: 'section', text: { type: 'mrkdwn', text: quote(w.answer, decision.answer) } },
      ];
      await client.chat.postMessage({ channel: click.channel, thread_ts: thread, text: head, blocks, unfurl_links: false, unfurl_media: false });
    } catch (err) {
      ctx.logger.error('slack escalation could not be posted', { err, channel: click.channel });
      return;
    }
  }
  const note = decision.kind === 'ping' ? (opened ? (hidden ? w.privateDone : w.openedDone) : w.done) : decision.kind === 'already-asked' ? w.already : w.unknown;
  try {
    // Where the asker is: a new thread they have not opened yet is announced at the top, privately.
    await client.chat.postEphemeral({ channel: click.channel, user: click.user, thread_ts: opened ? undefined : thread, ...noticeMessage(note) });
  } catch (err) {
    ctx.logger.warn('slack escalation note failed', { err, channel: click.channel });
  }
}

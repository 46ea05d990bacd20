// One question, one visible reply: a placeholder at once (Slack users expect a sign of life within
// seconds), then the answer in its place. Whatever fails, the placeholder ends as an answer or an
// apology, never as "Looking this up…" forever.
import type { WebClient } from '@slack/web-api';
import type { AdapterContext } from '../types';
import type { SlackConfig } from '../../src/config';
import type { ErrorCode } from '../../src/errors';
import { toBotError } from '../../src/errors';
import type { Answer, ChannelKind, ChannelPolicy, Lang, Turn } from '../../src/types';
import { autoAnswerPasses } from '../../src/channels/settings';
import { guessLang, userMessage } from '../../src/user-messages';
import { answerMessages, noticeMessage, placeholderText, type SlackMessage } from './blocks';
import { liveAnswer, type NativeStream, type NativeStreaming } from './native-stream';
import { partialUpdater } from './stream';
import type { ThreadMemory } from './threads';

/** Link previews of cited URLs would bury the answer; Slack's limits are also per message. */
export const NO_UNFURL = { unfurl_links: false, unfurl_media: false } as const;

export interface AskRequest {
  channel: string;
  /** Thread to answer in; undefined for a top-level DM answered in the DM itself. */
  thread?: string;
  user: string;
  /** The asker's workspace: Slack's streaming API needs it outside DMs. */
  team?: string;
  text: string;
  history: Turn[];
  /** The reply-once key: the answer is recorded as pending under it until it is posted. */
  key?: string;
  /** Finishing an answer a crashed process left: its placeholder, and no second rate-limit charge. */
  resume?: { placeholderTs?: string };
  /** For the question log: a DM, a channel, or a follow-up in a thread. */
  channelKind?: ChannelKind;
  /** channels.yml `private: true`: the answer goes to the asker alone (ephemeral), with no placeholder. */
  private?: boolean;
  /**
   * channels.yml `mode: auto`: nobody addressed the bot, so no placeholder, no refusal, and the answer
   * is posted only when it passes the channel's confidence gate; otherwise the bot stays silent.
   */
  autoGate?: ChannelPolicy;
}

export interface ReplyDeps {
  ctx: AdapterContext<SlackConfig>;
  threads: ThreadMemory;
  /** Longest wait for the core before the user gets an apology instead. */
  answerTimeoutMs: number;
  /** Gap between edits showing a streaming answer as it grows; 0 turns streaming display off. */
  partialEveryMs: number;
  /** Slack's native streaming for generated answers; undefined keeps placeholder edits only. */
  streaming?: NativeStreaming;
}

/** Visible only to the asker: a refusal is nobody else's business and should not clutter the thread. */
export async function tellUser(client: WebClient, req: { channel: string; thread?: string; user: string }, text: string): Promise<void> {
  const msg = noticeMessage(text);
  try {
    await client.chat.postEphemeral({ channel: req.channel, user: req.user, thread_ts: req.thread, ...msg });
  } catch {
    // Ephemeral messages fail where the bot is not a member; a visible reply beats silence.
    await client.chat.postMessage({ channel: req.channel, thread_ts: req.thread, ...msg, ...NO_UNFURL });
  }
}

/** Refusals that need no answerer, in the order a user would want to hear them. */
export async function refusal(deps: Pick<ReplyDeps, 'ctx'>, req: Pick<AskRequest, 'text' | 'user'>): Promise<ErrorCode | undefined> {
  if (!req.text.trim()) return 'EMPTY_QUESTION';
  if (req.text.length > deps.ctx.maxQuestionChars) return 'QUESTION_TOO_LONG';
  if (!(await deps.ctx.services.rateLimiter.tryConsume(`slack:${req.user}`))) return 'RATE_LIMITED';
  return undefined;
}

export async function answerQuestion(deps: ReplyDeps, client: WebClient, req: AskRequest): Promise<void> {
  const { ctx } = deps;
  const lang: Lang = guessLang(req.text);
  const refused = req.resume ? undefined : await refusal(deps, req);
  if (refused) {
    ctx.logger.info('slack question refused', { code: refused, user: req.user, channel: req.channel });
    if (req.autoGate) return;
    await tellUser(client, req, userMessage(refused, lang));
    return;
  }

  // Recorded before anything is posted, so a crash from here on leaves something to finish.
  const pending = req.key ? ctx.services.pending : undefined;
  if (pending && !req.resume) await pending.start({ key: req.key!, platform: 'slack', channel: req.channel, thread: req.thread, user: req.user, question: req.text });
  let placeholderTs = req.resume?.placeholderTs;
  if (!placeholderTs && !req.private && !req.autoGate) {
    try {
      const res = await client.chat.postMessage({ channel: req.channel, thread_ts: req.thread, text: placeholderText(lang), ...NO_UNFURL });
      placeholderTs = res.ts;
      if (placeholderTs) await pending?.placeholder(req.key!, placeholderTs);
    } catch (err) {
      ctx.logger.warn('slack placeholder failed; answering without one', { err, channel: req.channel });
    }
  }
  // Follow-ups in this thread need no new mention from here on.
  if (req.thread) deps.threads.markAnswered(req.channel, req.thread);

  let messages: SlackMessage[];
  const edits = partialUpdater(client, req.channel, placeholderTs, deps.partialEveryMs, ctx.logger);
  // A resumed answer is finished in the message the user already sees (a placeholder or a stream the
  // crash cut off), by edits: a new stream would be a second message.
  if (req.resume && placeholderTs) await deps.streaming?.endAbandoned(client, req.channel, placeholderTs);
  const target = req.thread && !req.resume ? { channel: req.channel, thread: req.thread, user: req.user, team: req.team } : undefined;
  const recordStream = async (ts: string) => {
    if (pending) await pending.placeholder(req.key!, ts);
  };
  const partial = liveAnswer(deps.streaming, client, target, edits, placeholderTs, ctx.logger, recordStream);
  let stream: NativeStream | undefined;
  let answered: Answer | undefined;
  try {
    const answer = await withTimeout(
      (signal) =>
        ctx.bot.ask(
          { text: req.text, user: req.user, channel: req.channel, thread: req.thread, platform: 'slack', channelKind: req.channelKind, history: req.history },
          // An auto-mode answer may still be withheld for low confidence: nothing is shown before it is checked.
          { signal, onPartial: req.autoGate ? undefined : partial.push },
        ),
      deps.answerTimeoutMs,
    ).finally(async () => {
      stream = await partial.close();
    });
    if (req.autoGate && !autoAnswerPasses(req.autoGate, answer)) {
      ctx.logger.info('slack auto answer withheld', { answerId: answer.id, channel: req.channel, confidence: answer.confidence, abstained: answer.abstained });
      await pending?.finish(req.key!);
      return;
    }
    answered = answer;
    messages = answerMessages(answer, { escalate: Boolean(ctx.config.escalationUsergroupId), ...(req.private ? { privately: { thread: req.thread } } : {}) });
    try {
      await ctx.services.feedback.recordAnswer({ answer, question: req.text, platform: 'slack', channel: req.channel, user: req.user });
    } catch (err) {
      // Losing the chance to rate an answer is better than losing the answer.
      ctx.logger.error('slack feedback store failed', { err, answerId: answer.id });
    }
    ctx.logger.info('slack answered', { answerId: answer.id, channel: req.channel, ms: answer.timings.totalMs, mode: answer.mode.kind });
  } catch (err) {
    const e = toBotError(err);
    ctx.logger.error('slack answer failed', { code: e.code, err: e, cause: e.cause, channel: req.channel });
    messages = [noticeMessage(userMessage(e.code, lang))];
    // An unasked-for apology would be noise in an auto channel.
    if (req.autoGate) {
      await pending?.finish(req.key!);
      return;
    }
  }
  if (stream) {
    // The streamed message is the answer now; if it cannot be finished as one, it is replaced.
    const done = await stream.finish(answered, answered ? undefined : messages[0]);
    if (!done) await deliver(deps, client, req, stream.ts, messages);
  } else {
    await deliver(deps, client, req, placeholderTs, messages);
  }
  await pending?.finish(req.key!);
}

/** First message replaces the placeholder; any overflow follows in the same thread. */
async function deliver(deps: ReplyDeps, client: WebClient, req: AskRequest, placeholderTs: string | undefined, messages: SlackMessage[]): Promise<void> {
  if (req.private) {
    for (const m of messages) {
      try {
        await client.chat.postEphemeral({ channel: req.channel, user: req.user, thread_ts: req.thread, ...m });
      } catch (err) {
        deps.ctx.logger.error('slack private answer could not be posted', { err, channel: req.channel });
        return;
      }
    }
    return;
  }
  const [first, ...rest] = messages;
  let updated = false;
  if (placeholderTs) {
    try {
      await client.chat.update({ channel: req.channel, ts: placeholderTs, ...first, ...NO_UNFURL });
      updated = true;
    } catch (err) {
      deps.ctx.logger.warn('slack chat.update failed; posting instead', { err, channel: req.channel });
    }
  }
  for (const m of updated ? rest : messages) {
    try {
      await client.chat.postMessage({ channel: req.channel, thread_ts: req.thread, ...m, ...NO_UNFURL });
    } catch (err) {
      deps.ctx.logger.error('slack reply could not be posted', { err, channel: req.channel });
      return;
    }
  }
}

/** Aborts the core's work after `ms` so a stuck model cannot keep the placeholder spinning. */
export async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(toBotError(new Error(`answer took longer than ${ms} ms`), 'LLM_TIMEOUT'));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

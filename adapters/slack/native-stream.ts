// A generated answer streamed with Slack's own streaming API (chat.startStream / appendStream /
// stopStream): the text grows in the thread without chat.update's rate limit, and the sources and
// 👍/👎 arrive with the stop. Not every workspace or token has it, so the first refusal of the
// kind "this method is not for you" switches it off for the process and the caller falls back to
// editing the placeholder.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/logger';
import { answerMessages, type Block, type SlackMessage } from './blocks';
import { safeText } from './mrkdwn';
import type { Answer } from '../../src/types';
import type { PartialUpdater } from './stream';

/** Errors meaning the API is missing for this app or token, not that this one call went wrong. */
const UNAVAILABLE = new Set(['unknown_method', 'not_allowed_token_type', 'method_deprecated', 'missing_scope', 'not_allowed', 'feature_not_enabled']);

/** Markdown text is rendered by Slack too: escaping `<`, `>` and `&` keeps `<!channel>` from forming. */
const safeMarkdown = (text: string): string => safeText(text);

const slackError = (err: unknown): string => (err as { data?: { error?: string } })?.data?.error ?? String((err as Error)?.message ?? err);

export interface StreamTarget {
  channel: string;
  /** Slack streams only into threads. */
  thread: string;
  user: string;
  team?: string;
}

export interface NativeStream {
  /** The streamed message, which becomes the answer. */
  readonly ts: string;
  push(textSoFar: string): void;
  /**
   * Ends the stream with the answer's sources and feedback block. Returns false when the streamed
   * message could not be finished as the answer, so the caller must show it another way.
   */
  finish(answer: Answer | undefined, replacement?: SlackMessage): Promise<boolean>;
}

export class NativeStreaming {
  /** Set once Slack says the method is not available here; later answers go straight to edits. */
  private unavailable = false;

  constructor(
    private readonly enabled: boolean,
    private readonly logger: Logger,
  ) {}

  /** Starts a stream with the first partial text, or returns undefined so the caller edits instead. */
  async start(client: WebClient, target: StreamTarget, firstText: string): Promise<NativeStream | undefined> {
    if (!this.enabled || this.unavailable) return undefined;
    let ts: string | undefined;
    try {
      const res = await client.chat.startStream({
        channel: target.channel,
        thread_ts: target.thread,
        markdown_text: safeMarkdown(firstText),
        // Required outside DMs: the stream is addressed to the person who asked.
        recipient_user_id: target.user,
        ...(target.team ? { recipient_team_id: target.team } : {}),
      });
      ts = res.ts;
    } catch (err) {
      const code = slackError(err);
      if (UNAVAILABLE.has(code)) this.unavailable = true;
      this.logger.info('slack chat.startStream unavailable; editing the placeholder instead', { code, channel: target.channel });
      return undefined;
    }
    if (!ts) return undefined;
    return openStream(client, target.channel, ts, firstText, this.logger);
  }

  /**
   * Ends a stream a crashed process left open, so its message can be edited into the answer. The
   * message may as well be a plain placeholder (never streamed): Slack's refusal then changes nothing.
   */
  async endAbandoned(client: WebClient, channel: string, ts: string): Promise<void> {
    if (!this.enabled || this.unavailable) return;
    try {
      await client.chat.stopStream({ channel, ts });
    } catch (err) {
      this.logger.debug('slack chat.stopStream on a resumed message refused (not a stream)', { code: slackError(err), channel });
    }
  }
}

function openStream(client: WebClient, channel: string, ts: string, firstText: string, logger: Logger): NativeStream {
  let sent = firstText;
  let broken = false;
  let chain: Promise<void> = Promise.resolve();

  return {
    ts,
    push(textSoFar) {
      // A stream can only grow; a rewritten partial waits for the final fix-up.
      if (broken || !textSoFar.startsWith(sent) || textSoFar === sent) return;
      const delta = textSoFar.slice(sent.length);
      sent = textSoFar;
      chain = chain.then(async () => {
        if (broken) return;
        try {
          await client.chat.appendStream({ channel, ts, markdown_text: safeMarkdown(delta) });
        } catch (err) {
          broken = true;
          logger.warn('slack chat.appendStream failed; the final answer will replace the text', { err, channel });
        }
      });
    },
    async finish(answer, replacement) {
      await chain;
      const final = answer?.text;
      // The answer as streamed so far is right only if the final text continues it exactly.
      const pages = answer ? answerMessages(answer, { feedback: 'native', withoutText: true }) : [];
      // More sources than one message holds: the edit path knows how to split them.
      const continues = !broken && !replacement && final !== undefined && final.startsWith(sent) && pages.length === 1;
      const rest = continues ? final.slice(sent.length) : '';
      const tail: Block[] = continues ? pages[0].blocks : [];
      try {
        await client.chat.stopStream({ channel, ts, ...(rest ? { markdown_text: safeMarkdown(rest) } : {}), ...(tail.length ? { blocks: tail } : {}) });
      } catch (err) {
        logger.warn('slack chat.stopStream failed; replacing the streamed message', { err, code: slackError(err), channel });
        return false;
      }
      return continues;
    },
  };
}

export interface LiveAnswer {
  push(textSoFar: string): void;
  /** Waits for edits and stream calls in flight; returns the native stream if one carries the answer. */
  close(): Promise<NativeStream | undefined>;
}

/**
 * Routes partial text to a native stream when Slack has one for this thread, else to placeholder
 * edits. The placeholder goes once the stream shows text, so the thread holds one answer, not two.
 */
export function liveAnswer(
  streaming: NativeStreaming | undefined,
  client: WebClient,
  target: StreamTarget | undefined,
  edits: PartialUpdater,
  placeholderTs: string | undefined,
  logger: Logger,
  /** Called with the stream's ts before the placeholder goes, so a crash from then on leaves the stream to finish. */
  onStreamStarted?: (ts: string) => Promise<void>,
): LiveAnswer {
  let state: 'idle' | 'starting' | 'native' | 'edit' = streaming && target ? 'idle' : 'edit';
  let stream: NativeStream | undefined;
  let latest = '';
  let starting: Promise<void> = Promise.resolve();

  return {
    push(textSoFar) {
      latest = textSoFar;
      if (state === 'edit') return edits.push(textSoFar);
      if (state === 'native') return stream!.push(textSoFar);
      if (state === 'starting') return;
      state = 'starting';
      starting = streaming!.start(client, target!, textSoFar).then(async (s) => {
        if (!s) {
          state = 'edit';
          edits.push(latest);
          return;
        }
        stream = s;
        state = 'native';
        s.push(latest);
        await onStreamStarted?.(s.ts).catch((err: unknown) => logger.warn('slack: could not record the stream as the pending answer', { err }));
        if (!placeholderTs) return;
        try {
          await client.chat.delete({ channel: target!.channel, ts: placeholderTs });
        } catch (err) {
          logger.warn('slack placeholder could not be removed after streaming started', { err, channel: target!.channel });
        }
      });
    },
    async close() {
      await starting;
      await edits.close();
      return stream;
    },
  };
}

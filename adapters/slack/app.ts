// Bolt wiring: the transport (Socket Mode or HTTP), and each Slack event handed to its handler.
// Handlers stay thin; deciding what is a question, what the answer looks like and who is an admin
// lives in the neighbouring files.
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type ButtonAction, type CustomRoute, type FeedbackButtonsAction, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import { toBotError } from '../../src/errors';
import { createEscalationLimiter } from '../../src/escalation/thread-limiter';
import { guessLang, userMessage } from '../../src/user-messages';
import type { AdapterContext } from '../types';
import { AdminCheck } from './admins';
import { ESCALATE_ACTION, FEEDBACK_DOWN, FEEDBACK_NATIVE, FEEDBACK_UP, noticeMessage, parseRef, placeholderText } from './blocks';
import { handleAskCommand, handleShare } from './ask-command';
import { handleKbCommand } from './commands';
import { classifyMessage, fromSelf, replyThread, skipReason, threadHistory, type SlackMessageEvent, type Trigger } from './events';
import { handleFeedback } from './feedback';
import { handleEscalation } from './escalate';
import { slackToPlain } from './mrkdwn';
import { agentThreadPrepare, assistantSurface, DEFAULT_PROMPTS, showAgentPrompts } from './assistant';
import { NativeStreaming } from './native-stream';
import { answerQuestion, type ReplyDeps } from './reply';
import { SHARE_ACTION, ShareBook } from './share';
import { fetchThread, ThreadMemory } from './threads';

export interface SlackAppOptions {
  /** Interface the HTTP receiver binds to; tests use 127.0.0.1. Default: all interfaces. */
  host?: string;
  answerTimeoutMs?: number;
  progressEveryMs?: number;
  /** Gap between edits of a streaming answer (default 1500 ms; 0 = show only the final answer). */
  partialEveryMs?: number;
  /** Socket Mode reconnects after Slack recycles a connection; tests turn it off to stop cleanly. */
  autoReconnect?: boolean;
  /** More routes on the HTTP receiver's port, e.g. /healthz and /readyz; ignored in Socket Mode. */
  customRoutes?: CustomRoute[];
}

export interface SlackApp {
  app: App;
  mode: 'socket' | 'http';
  /** Resolves once every question being answered right now has its reply. */
  drain(): Promise<void>;
  /** Finishes answers a previous process left unfinished (crash mid-answer); each exactly once. */
  resumeUnfinished(): Promise<void>;
}

const PLACEHOLDERS = [placeholderText('en'), placeholderText('ko')];

/**
 * The Web API client's default is ten retries over half an hour: an unreachable Slack would hang
 * `npm start` instead of failing with a message. A reply that cannot be posted in ~5 s is lost anyway.
 */
const RETRIES = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3000 };

function clientOptions(config: SlackConfig) {
  return { retryConfig: RETRIES, ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}) };
}

/** Bolt's logger interface onto ours, so Bolt's lines are structured and redacted like the rest. */
function boltLogger(log: Logger): BoltLogger {
  const join = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug: (...m) => log.debug(join(m), { from: 'bolt' }),
    info: (...m) => log.info(join(m), { from: 'bolt' }),
    warn: (...m) => log.warn(join(m), { from: 'bolt' }),
    error: (...m) => log.error(join(m), { from: 'bolt' }),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

function createReceiver(config: SlackConfig, logger: BoltLogger, opts: SlackAppOptions): { receiver: Receiver; mode: 'socket' | 'http' } {
  if (config.appToken) {
    return {
      mode: 'socket',
      receiver: new SocketModeReceiver({
        appToken: config.appToken,
        logger,
        autoReconnectEnabled: opts.autoReconnect ?? true,
        // apps.connections.open goes to the same (possibly overridden) Web API as everything else.
        installerOptions: { clientOptions: clientOptions(config) },
      }),
    };
  }
  return {
    mode: 'http',
    receiver: new HTTPReceiver({ signingSecret: config.signingSecret ?? '', endpoints: '/slack/events', logger, customRoutes: opts.customRoutes }),
  };
}

export function createSlackApp(ctx: AdapterContext<SlackConfig>, opts: SlackAppOptions = {}): SlackApp {
  const { config } = ctx;
  const logger = boltLogger(ctx.logger);
  const { receiver, mode } = createReceiver(config, logger, opts);
  const app = new App({
    token: config.botToken,
    receiver,
    logger,
    clientOptions: clientOptions(config),
    // auth.test at start-up: a wrong token fails `npm start`, not the first question.
    deferInitialization: true,
  });

  const threads = new ThreadMemory();
  const admins = new AdminCheck(config, ctx.logger);
  const replyDeps: ReplyDeps = {
    ctx,
    threads,
    answerTimeoutMs: opts.answerTimeoutMs ?? 120_000,
    partialEveryMs: opts.partialEveryMs ?? 1500,
    streaming: new NativeStreaming(config.nativeStreaming, ctx.logger),
  };
  const shares = new ShareBook();
  const inFlight = new Set<string>();
  const running = new Set<Promise<void>>();

  /** Reply once per message: Slack retries slow deliveries, and one message can arrive as both app_mention and message. */
  async function firstDelivery(eventId: string | undefined, e: SlackMessageEvent, retryNum: number | undefined): Promise<boolean> {
    if (eventId && retryNum && inFlight.has(eventId)) return false;
    try {
      const byEvent = eventId ? await ctx.services.dedupe.firstSeen(`slack:event:${eventId}`) : true;
      const byMessage = await ctx.services.dedupe.firstSeen(messageKey(e));
      return byEvent && byMessage;
    } catch (err) {
      // A broken store must not silence the bot; a rare double reply is the lesser harm.
      ctx.logger.error('slack dedupe store failed', { err });
      return true;
    }
  }

  /** agent_view: a top-level DM is the root of its own thread, so the answer goes in that thread. */
  const opensAgentThread = (e: SlackMessageEvent, trigger: Trigger | 'maybe-thread') => Boolean(config.agentView) && trigger === 'dm' && !e.thread_ts;

  async function handle(client: WebClient, e: SlackMessageEvent, trigger: Trigger | 'maybe-thread', me: { botUserId?: string; botId?: string }) {
    const thread = opensAgentThread(e, trigger) ? e.ts : replyThread(e, trigger === 'maybe-thread' ? 'thread' : trigger);
    let history: ReturnType<typeof threadHistory> = [];
    let kind = trigger;
    if (e.thread_ts && thread) {
      const known = threads.known(e.channel, thread);
      if (kind === 'maybe-thread' && known === false) return;
      let messages: Awaited<ReturnType<typeof fetchThread>> = [];
      try {
        messages = await fetchThread(client, e.channel, thread);
      } catch (err) {
        ctx.logger.warn('slack conversations.replies failed', { err, channel: e.channel });
        if (kind === 'maybe-thread' && !known) return;
      }
      if (kind === 'maybe-thread' && !known) {
        if (!messages.some((m) => fromSelf({ ...m, type: 'message', channel: e.channel }, me))) {
          threads.markNotOurs(e.channel, thread);
          return;
        }
        threads.markAnswered(e.channel, thread);
      }
      kind = kind === 'maybe-thread' ? 'thread' : kind;
      history = threadHistory(messages, { ...me, beforeTs: e.ts, placeholders: PLACEHOLDERS });
    } else if (kind === 'maybe-thread') {
      return;
    }
    ctx.logger.info('slack question', { trigger: kind, user: e.user, channel: e.channel });
    // The core's channels.yml decides; the env list (SLACK_AUTO_ANSWER_CHANNELS) keeps answering everything.
    const policy = kind === 'dm' ? undefined : ctx.bot.channelPolicy?.(e.channel);
    await answerQuestion(replyDeps, client, {
      private: policy?.private,
      autoGate: kind === 'auto' && policy?.mode === 'auto' ? policy : undefined,
      channel: e.channel,
      thread,
      user: e.user as string,
      team: e.team,
      text: slackToPlain(e.text ?? '', me.botUserId),
      history,
      key: messageKey(e),
      channelKind: e.channel_type === 'im' || e.channel.startsWith('D') ? 'dm' : e.thread_ts ? 'thread' : 'channel',
    });
  }

  /** A redelivered slash command (Socket Mode resends unacknowledged envelopes) is answered once. */
  async function firstCommand(triggerId: string | undefined): Promise<boolean> {
    if (!triggerId) return true;
    try {
      return await ctx.services.dedupe.firstSeen(`slack:command:${triggerId}`);
    } catch (err) {
      ctx.logger.error('slack dedupe store failed', { err });
      return true;
    }
  }

  /** Runs one question, tracked so retries see it in flight and stop() can wait for it. */
  async function run(eventId: string | undefined, work: () => Promise<void>): Promise<void> {
    if (eventId) inFlight.add(eventId);
    const p = work()
      .catch((err) => ctx.logger.error('slack handler failed', { err }))
      .finally(() => {
        if (eventId) inFlight.delete(eventId);
        running.delete(p);
      });
    running.add(p);
    await p;
  }

  app.event('app_mention', async ({ event, body, context, client }) => {
    const e = event as unknown as SlackMessageEvent;
    const me = { botUserId: context.botUserId, botId: context.botId };
    const why = skipReason(e, me);
    if (why) return void ctx.logger.debug('slack mention skipped', { why });
    if (ctx.bot.channelPolicy?.(e.channel).mode === 'off') return void ctx.logger.debug('slack mention skipped', { why: 'channel off in channels.yml' });
    if (!(await firstDelivery(body.event_id, e, context.retryNum))) return void ctx.logger.info('slack duplicate delivery ignored', { eventId: body.event_id });
    await run(body.event_id, () => handle(client, e, 'mention', me));
  });

  type MessageArgs = { message: unknown; body: { event_id?: string }; context: { botUserId?: string; botId?: string; retryNum?: number }; client: WebClient };
  /** `prepare` runs once the message will be answered (the assistant view's title and status). */
  async function onMessage({ message, body, context, client }: MessageArgs, prepare?: () => Promise<void>) {
    const e = message as SlackMessageEvent;
    const me = { botUserId: context.botUserId, botId: context.botId };
    const why = skipReason(e, me);
    if (why) return void ctx.logger.debug('slack message skipped', { why });
    const trigger = classifyMessage(e, { botUserId: me.botUserId, autoAnswerChannels: config.autoAnswerChannels, policy: ctx.bot.channelPolicy?.(e.channel) });
    if (!trigger) return;
    if (!(await firstDelivery(body.event_id, e, context.retryNum))) return void ctx.logger.info('slack duplicate delivery ignored', { eventId: body.event_id });
    const prep = prepare ?? (opensAgentThread(e, trigger) ? agentThreadPrepare(ctx, client, e.channel, e.ts, slackToPlain(e.text ?? '', me.botUserId)) : undefined);
    await run(body.event_id, async () => {
      await prep?.();
      await handle(client, e, trigger, me);
    });
  }

  // DM threads in the AI-app container reach the Assistant, which answers them as DMs.
  app.assistant(assistantSurface(ctx, config.suggestedPrompts ?? DEFAULT_PROMPTS, { onMessage: (args, prepare) => onMessage(args as unknown as MessageArgs, prepare) }));
  app.message(async (args) => onMessage(args as unknown as MessageArgs));

  // agent_view sends no assistant_thread_started: opening the Messages tab is the signal instead.
  let agentHintLogged = false;
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'messages') return; // the Home tab: this bot publishes none
    if (!config.agentView) {
      // Only the agent_view manifest subscribes to this event: the setting is probably missing.
      if (!agentHintLogged) ctx.logger.warn('slack: app_home_opened arrived but SLACK_AGENT_VIEW is not true. If the app uses features.agent_view, set SLACK_AGENT_VIEW=true so DMs are answered in their own threads.');
      agentHintLogged = true;
      return;
    }
    await showAgentPrompts(ctx, client, event.channel, config.suggestedPrompts ?? DEFAULT_PROMPTS);
  });

  app.command('/kb', async ({ command, ack, respond, client }) => {
    await ack();
    try {
      await handleKbCommand({ ctx, admins, progressEveryMs: opts.progressEveryMs }, client, { text: command.text, user: command.user_id }, (m) => respond(m));
    } catch (err) {
      // The admin asked and is waiting: say what broke instead of leaving the command unanswered.
      const e = toBotError(err);
      ctx.logger.error('slack /kb failed', { code: e.code, err: e });
      await respond({ response_type: 'ephemeral', ...noticeMessage(`/kb ${command.text.trim()} failed: ${e.code}. ${userMessage(e.code, 'en')}`) }).catch(() => undefined);
    }
  });

  app.command('/ask', async ({ command, ack, respond }) => {
    if (!(await firstCommand(command.trigger_id))) {
      await ack();
      return void ctx.logger.info('slack duplicate /ask ignored', { trigger: command.trigger_id });
    }
    // handleAskCommand acknowledges before the core starts: Slack shows an error after 3 s.
    let acked = false;
    const ackOnce = (m?: Parameters<typeof ack>[0]) => ((acked = true), ack(m));
    await run(undefined, () => handleAskCommand(replyDeps, shares, { text: command.text, user: command.user_id, channel: command.channel_id }, ackOnce, respond));
    // Whatever failed before the acknowledgement, Slack must not show "dispatch_failed".
    if (!acked) await ack();
  });

  app.action(SHARE_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    if (action.type !== 'button' || body.type !== 'block_actions') return;
    const button = action as ButtonAction;
    await handleShare(replyDeps, shares, client, { answerId: button.value ?? '', user: body.user.id, lang: guessLang(button.text.text) }, respond);
  });

  app.action(/^kb_feedback_(up|down)$/, async ({ ack, body, action, client }) => {
    await ack();
    if (action.type !== 'button' || body.type !== 'block_actions') return;
    const button = action as ButtonAction;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    // A private answer's buttons name its thread and say it was private: Slack sends no copy of it.
    const ref = parseRef(button.value);
    await handleFeedback(ctx, client, {
      actionId: button.action_id,
      answerId: ref.answerId,
      user: body.user.id,
      channel: body.channel?.id,
      thread: message?.thread_ts ?? ref.thread,
      messageTs: message?.ts,
      private: ref.private,
      lang: guessLang(button.text.text),
    });
  });

  const escalations = ctx.services.escalations ?? createEscalationLimiter();
  app.action(ESCALATE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    if (action.type !== 'button' || body.type !== 'block_actions') return;
    const button = action as ButtonAction;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    await handleEscalation(ctx, escalations, client, {
      value: button.value ?? '',
      user: body.user.id,
      channel: body.channel?.id,
      // An answer message in a thread names it; an ephemeral 👎 note carries it in the value.
      thread: message?.thread_ts ?? message?.ts,
      shared: (answerId) => shares.get(answerId)?.shared === true,
      lang: guessLang(button.text.text),
    });
  });

  // Slack's standard feedback_buttons: one action id, the value carries the vote and the answer id.
  app.action(FEEDBACK_NATIVE, async ({ ack, body, action, client }) => {
    await ack();
    if (action.type !== 'feedback_buttons' || body.type !== 'block_actions') return;
    const [vote, answerId] = splitVote((action as FeedbackButtonsAction).value);
    if (!vote) return;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    await handleFeedback(ctx, client, {
      actionId: vote === 'up' ? FEEDBACK_UP : FEEDBACK_DOWN,
      answerId,
      user: body.user.id,
      channel: body.channel?.id,
      thread: message?.thread_ts,
      lang: guessLang((action as FeedbackButtonsAction).text?.text ?? ''),
    });
  });

  app.error(async (err) => {
    ctx.logger.error('slack bolt error', { err });
  });

  return {
    app,
    mode,
    async drain() {
      await Promise.allSettled([...running]);
    },
    async resumeUnfinished() {
      const pending = ctx.services.pending;
      if (!pending) return;
      for (const key of await pending.orphans('slack')) {
        const entry = await pending.adopt(key);
        if (!entry) continue; // another caller took it
        ctx.logger.warn('slack: finishing an answer left unfinished by a previous run', { channel: entry.channel, at: new Date(entry.at).toISOString() });
        void run(undefined, () =>
          answerQuestion(replyDeps, app.client, {
            channel: entry.channel,
            thread: entry.thread,
            user: entry.user,
            text: entry.question,
            history: [],
            key: entry.key,
            resume: { placeholderTs: entry.placeholder },
          }),
        );
      }
    },
  };
}

/** "up:<answer id>" → ['up', id]; anything else is not a vote this bot sent. */
function splitVote(value: string | undefined): ['up' | 'down' | undefined, string] {
  const m = /^(up|down):(.+)$/.exec(value ?? '');
  return m ? [m[1] as 'up' | 'down', m[2]] : [undefined, ''];
}

/** One key per Slack message, whichever event (app_mention or message) delivered it. */
function messageKey(e: SlackMessageEvent): string {
  return `slack:msg:${e.channel}:${e.ts}`;
}

// Starts the real Slack adapter against the fakes, in either transport, and speaks Slack to it:
// signed HTTP requests (events, commands, button clicks) or Socket Mode envelopes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SlackAppOptions } from '../../adapters/slack/app';
import { startSlack, type RunningSlack } from '../../adapters/slack/index';
import type { SlackConfig } from '../../src/config';
import { silentLogger, type Logger } from '../../src/logger';
import { openServices } from '../../src/services/index';
import type { AdapterServices } from '../../src/services/types';
import type { CoverageReports } from '../../src/reports/types';
import type { KnowledgeBot } from '../../src/types';
import { createFakeBot, type FakeBot } from '../helpers/fake-bot';
import { APP_TOKEN, BOT_TOKEN, FakeSlackApi, TEAM, nextTs } from './slack-api';
import { FakeSocketMode } from './slack-socket';

export const SIGNING_SECRET = 'test-signing-secret-123';
export const ADMIN = 'UADMIN';

export type Mode = 'http' | 'socket';

export interface Harness {
  mode: Mode;
  api: FakeSlackApi;
  socket?: FakeSocketMode;
  bot: FakeBot;
  services: AdapterServices & { close(): void };
  adapter: RunningSlack;
  dataDir: string;
  /** Delivers an Events API event; resolves with the HTTP status or the Socket Mode ack. */
  sendEvent(event: Record<string, unknown>, opts?: { eventId?: string; retryNum?: number }): Promise<{ status: number }>;
  /** `ack` is the body the app acknowledged with (shown to the user at once); a `triggerId` reused is a redelivery. */
  sendCommand(text: string, user: string, channel?: string, command?: string, triggerId?: string): Promise<{ status: number; responseId: string; ack?: any }>;
  sendAction(body: Record<string, unknown>): Promise<{ status: number }>;
  stop(): Promise<void>;
}

export function sign(body: string, secret = SIGNING_SECRET, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = `v0=${crypto.createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': sig, 'x-slack-request-timestamp': String(ts) };
}

let eventCounter = 0;
export function envelope(event: Record<string, unknown>, eventId?: string): Record<string, unknown> {
  eventCounter += 1;
  return {
    token: 'legacy',
    team_id: TEAM,
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId ?? `Ev${String(eventCounter).padStart(6, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: event.ts, ...event },
    authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
}

export function mention(text: string, opts: { user?: string; channel?: string; thread_ts?: string; ts?: string } = {}) {
  return { type: 'app_mention', user: opts.user ?? 'U1', text: `<@UBOT> ${text}`, ts: opts.ts ?? nextTs(), channel: opts.channel ?? 'C1', thread_ts: opts.thread_ts };
}

export function message(text: string, opts: Record<string, unknown> = {}) {
  return { type: 'message', user: 'U1', text, ts: nextTs(), channel: 'C1', channel_type: 'channel', ...opts };
}

export async function startHarness(
  mode: Mode,
  opts: { core?: KnowledgeBot; config?: Partial<SlackConfig>; dataDir?: string; api?: FakeSlackApi; rateLimitPerMinute?: number; maxQuestionChars?: number; answerTimeoutMs?: number; partialEveryMs?: number; autoReconnect?: boolean; logger?: Logger; busyTimeoutMs?: number; reports?: CoverageReports; customRoutes?: SlackAppOptions['customRoutes'] } = {},
): Promise<Harness> {
  // A shared api/dataDir lets a test restart the adapter against the same workspace and database.
  const api = opts.api ?? (await new FakeSlackApi().start());
  const socket = mode === 'socket' ? await new FakeSocketMode().start() : undefined;
  if (socket) api.socketUrl = socket.url;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'slack-test-'));
  const services = openServices(dataDir, { rateLimitPerMinute: opts.rateLimitPerMinute ?? 100, logger: opts.logger ?? silentLogger, busyTimeoutMs: opts.busyTimeoutMs });
  // The real core when a test gives one (end-to-end), otherwise a recording fake.
  const bot = (opts.core ?? createFakeBot()) as FakeBot;
  const config: SlackConfig = {
    botToken: BOT_TOKEN,
    appToken: mode === 'socket' ? APP_TOKEN : undefined,
    signingSecret: mode === 'http' ? SIGNING_SECRET : undefined,
    port: 0,
    apiUrl: api.apiUrl,
    nativeStreaming: true,
    adminUserIds: [ADMIN],
    workspaceAdminsAreAdmins: false,
    autoAnswerChannels: [],
    ...opts.config,
  };
  const adapter = await startSlack(
    { bot, services, config, logger: opts.logger ?? silentLogger, maxQuestionChars: opts.maxQuestionChars ?? 1000, reports: opts.reports },
    { host: '127.0.0.1', autoReconnect: opts.autoReconnect ?? false, answerTimeoutMs: opts.answerTimeoutMs, partialEveryMs: opts.partialEveryMs ?? 0, progressEveryMs: 0, customRoutes: opts.customRoutes },
  );
  if (socket) await socket.connected();
  const eventsUrl = `http://127.0.0.1:${adapter.port}/slack/events`;

  const post = async (body: string, contentType: string, extra: Record<string, string> = {}) => {
    const res = await fetch(eventsUrl, { method: 'POST', headers: { 'content-type': contentType, ...sign(body), ...extra }, body });
    const text = await res.text();
    let ack: any;
    try {
      ack = text ? JSON.parse(text) : undefined;
    } catch {
      ack = undefined;
    }
    return { status: res.status, ack };
  };

  let commandCounter = 0;
  return {
    mode,
    api,
    socket,
    bot,
    services,
    adapter,
    dataDir,
    async sendEvent(event, o = {}) {
      const body = envelope(event, o.eventId);
      // Slack stores the message before delivering it, so conversations.replies already shows it.
      const e = event as Record<string, any>;
      if (e.ts && e.channel && !api.messages.some((m) => m.channel === e.channel && m.ts === e.ts)) {
        api.addUserMessage({ channel: e.channel, ts: e.ts, thread_ts: e.thread_ts, text: e.text, user: e.user, bot_id: e.bot_id, subtype: e.subtype });
      }
      if (socket) {
        await socket.send('events_api', body, { retryAttempt: o.retryNum });
        return { status: 200 };
      }
      const extra: Record<string, string> = o.retryNum ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
      return post(JSON.stringify(body), 'application/json', extra);
    },
    async sendCommand(text, user, channel = 'C1', command = '/kb', triggerId) {
      commandCounter += 1;
      const responseId = `cmd-${commandCounter}`;
      const body = {
        token: 'legacy', team_id: TEAM, team_domain: 'test', channel_id: channel, channel_name: 'general', user_id: user, user_name: user,
        command, text, api_app_id: 'A0001', response_url: api.responseUrl(responseId), trigger_id: triggerId ?? `trig-${commandCounter}`,
      };
      if (socket) {
        const ack = await socket.send('slash_commands', body);
        return { status: 200, responseId, ack: ack.payload };
      }
      const r = await post(new URLSearchParams(body).toString(), 'application/x-www-form-urlencoded');
      return { ...r, responseId };
    },
    async sendAction(body) {
      if (socket) {
        await socket.send('interactive', body);
        return { status: 200 };
      }
      return post(new URLSearchParams({ payload: JSON.stringify(body) }).toString(), 'application/x-www-form-urlencoded');
    },
    async stop() {
      await adapter.stop();
      await socket?.stop();
      services.close();
      if (!opts.api) await api.stop();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The envelope Slack sends for a click on a block element: who, where, and the message when Slack includes it. */
export function blockActions(opts: {
  user: string;
  channel: string;
  trigger: string;
  messageTs?: string;
  /** The clicked message; Slack sends no copy of an ephemeral one. */
  message?: { ts: string; thread_ts?: string };
  ephemeral?: boolean;
  responseUrl?: string;
  action: { type: string; action_id: string; block_id: string; label: string; value: string };
}) {
  const { action } = opts;
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'test' },
    user: { id: opts.user, username: opts.user, team_id: TEAM },
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: opts.trigger,
    container: { type: 'message', message_ts: opts.messageTs ?? opts.message?.ts ?? nextTs(), channel_id: opts.channel, is_ephemeral: Boolean(opts.ephemeral) },
    channel: { id: opts.channel, name: 'general' },
    ...(opts.message ? { message: { type: 'message', ts: opts.message.ts, thread_ts: opts.message.thread_ts, text: 'answer', user: 'UBOT', bot_id: 'BBOT' } } : {}),
    response_url: opts.responseUrl ?? 'http://127.0.0.1:1/unused',
    actions: [
      { type: action.type, action_id: action.action_id, block_id: action.block_id, text: { type: 'plain_text', text: action.label, emoji: true }, value: action.value, action_ts: String(Date.now() / 1000) },
    ],
  };
}

/** A block_actions payload for a click on one of the feedback buttons of a posted answer. */
export function feedbackClick(opts: { user: string; channel: string; messageTs: string; threadTs?: string; actionId: string; value: string }) {
  return blockActions({
    user: opts.user,
    channel: opts.channel,
    trigger: 'trig-x',
    message: { ts: opts.messageTs, thread_ts: opts.threadTs },
    action: { type: 'button', action_id: opts.actionId, block_id: 'kb_feedback', label: opts.actionId.endsWith('up') ? '👍 Helpful' : '👎 Not helpful', value: opts.value },
  });
}

/** A block_actions payload for a click on "Share in channel" under a private /ask answer. */
export function shareClick(opts: { user: string; channel: string; value: string; responseUrl: string; label?: string }) {
  return blockActions({
    user: opts.user,
    channel: opts.channel,
    trigger: 'trig-share',
    ephemeral: true,
    responseUrl: opts.responseUrl,
    action: { type: 'button', action_id: 'kb_share', block_id: 'kb_feedback', label: opts.label ?? 'Share in channel', value: opts.value },
  });
}

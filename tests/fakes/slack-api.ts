// A fake Slack Web API on 127.0.0.1 for the real Bolt app to talk to (clientOptions.slackApiUrl).
// It keeps a tiny model of conversations so conversations.replies reflects what the bot posted,
// records every call, and also serves the response_url endpoints slash commands answer on.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  args: Record<string, any>;
  token?: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: any[];
  user?: string;
  bot_id?: string;
  subtype?: string;
  /** A native stream still open (chat.startStream without chat.stopStream yet). */
  streaming?: boolean;
}

export const BOT_USER = 'UBOT';
export const BOT_ID = 'BBOT';
export const TEAM = 'T0001';
export const BOT_TOKEN = 'xoxb-test-token';
export const APP_TOKEN = 'xapp-test-token';

let tsCounter = 0;
/** Slack timestamps: increasing strings that compare correctly as numbers. */
export function nextTs(): string {
  tsCounter += 1;
  return `${1_700_000_000 + tsCounter}.000100`;
}

function parseForm(body: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    // WebClient sends nested values (blocks) as JSON strings and booleans as "true"/"false".
    if (/^[[{]/.test(v) || v === 'true' || v === 'false') {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* plain string */
      }
    }
    out[k] = v;
  }
  return out;
}

export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  /** Bodies POSTed to response_url endpoints (slash-command replies). */
  readonly responses: { id: string; body: any }[] = [];
  readonly messages: StoredMessage[] = [];
  users: Record<string, { is_admin?: boolean; is_owner?: boolean }> = {};
  /**
   * Slack's streaming API (chat.startStream/appendStream/stopStream): `unknown_method` by default,
   * as a workspace or SDK without it answers, so tests opt in with 'on'.
   */
  streaming: 'on' | 'unknown_method' = 'unknown_method';
  /** Methods that answer { ok: false, error } once each, e.g. to make chat.update fail. */
  failures: Record<string, string[]> = {};
  socketUrl?: string;
  base = '';
  private server?: http.Server;
  private waiters: (() => void)[] = [];

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const url = req.url ?? '';
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (url.startsWith('/response/')) {
          this.responses.push({ id: url.slice('/response/'.length), body: JSON.parse(data || '{}') });
          this.notify();
          return send(200, { ok: true });
        }
        const m = /^\/api\/([\w.]+)/.exec(url);
        if (!m) return send(404, { ok: false, error: 'unknown_url' });
        const args = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(data || '{}') : parseForm(data);
        const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/, '') || args.token;
        const call: ApiCall = { method: m[1], args, token };
        this.calls.push(call);
        const result = this.handle(call);
        this.notify();
        send(200, result);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** What SLACK_API_URL would be set to. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.base}/response/${id}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  private handle({ method, args, token }: ApiCall): Record<string, unknown> {
    const fail = this.failures[method]?.shift();
    if (fail) return { ok: false, error: fail };
    if (method === 'apps.connections.open') {
      if (!token?.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
      if (token !== APP_TOKEN) return { ok: false, error: 'invalid_auth' };
      return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'socket_mode_disabled' };
    }
    if (token !== BOT_TOKEN) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: BOT_USER, bot_id: BOT_ID, team_id: TEAM, user: 'kb-bot', team: 'Test' };
      case 'chat.postMessage': {
        const msg: StoredMessage = { channel: args.channel, ts: nextTs(), thread_ts: args.thread_ts, text: args.text, blocks: args.blocks, user: BOT_USER, bot_id: BOT_ID };
        this.messages.push(msg);
        return { ok: true, channel: args.channel, ts: msg.ts, message: msg };
      }
      case 'chat.update': {
        const msg = this.messages.find((x) => x.channel === args.channel && x.ts === args.ts);
        if (!msg) return { ok: false, error: 'message_not_found' };
        msg.text = args.text;
        msg.blocks = args.blocks;
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'chat.delete': {
        const i = this.messages.findIndex((x) => x.channel === args.channel && x.ts === args.ts);
        if (i < 0) return { ok: false, error: 'message_not_found' };
        this.messages.splice(i, 1);
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'chat.startStream':
      case 'chat.appendStream':
      case 'chat.stopStream':
        return this.stream(method, args);
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setTitle':
        if (!args.channel_id || !args.thread_ts) return { ok: false, error: 'invalid_arguments' };
        return { ok: true };
      case 'assistant.threads.setSuggestedPrompts':
        // agent_view sets the prompts for the whole conversation: no thread_ts there.
        if (!args.channel_id || !Array.isArray(args.prompts)) return { ok: false, error: 'invalid_arguments' };
        return { ok: true };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'conversations.replies': {
        const thread = this.messages
          .filter((x) => x.channel === args.channel && (x.ts === args.ts || x.thread_ts === args.ts))
          .sort((a, b) => Number(a.ts) - Number(b.ts));
        return thread.length ? { ok: true, messages: thread, has_more: false } : { ok: false, error: 'thread_not_found' };
      }
      case 'users.info': {
        const u = this.users[args.user];
        return u ? { ok: true, user: { id: args.user, ...u } } : { ok: false, error: 'user_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** A streamed message grows by each call's markdown_text; stopStream may add blocks at the end. */
  private stream(method: string, args: Record<string, any>): Record<string, unknown> {
    if (this.streaming !== 'on') return { ok: false, error: 'unknown_method' };
    if (method === 'chat.startStream') {
      if (!args.thread_ts) return { ok: false, error: 'invalid_arguments' };
      if (!args.markdown_text && !args.chunks) return { ok: false, error: 'invalid_arguments' };
      const msg: StoredMessage = { channel: args.channel, ts: nextTs(), thread_ts: args.thread_ts, text: args.markdown_text ?? '', user: BOT_USER, bot_id: BOT_ID, streaming: true };
      this.messages.push(msg);
      return { ok: true, channel: args.channel, ts: msg.ts };
    }
    const msg = this.messages.find((x) => x.channel === args.channel && x.ts === args.ts);
    if (!msg) return { ok: false, error: 'message_not_found' };
    if (!msg.streaming) return { ok: false, error: 'message_not_in_streaming_state' };
    msg.text = (msg.text ?? '') + (args.markdown_text ?? '');
    if (method === 'chat.stopStream') {
      msg.streaming = false;
      if (args.blocks) msg.blocks = args.blocks;
    }
    return { ok: true, channel: args.channel, ts: args.ts };
  }

  /** A person's message in the fake workspace, as Slack would store it. */
  addUserMessage(msg: Omit<StoredMessage, 'ts'> & { ts?: string }): StoredMessage {
    const stored = { ts: nextTs(), ...msg };
    this.messages.push(stored);
    return stored;
  }

  of(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `check` holds, checking after every request; rejects after `ms`. */
  async waitFor<T>(check: () => T | undefined | false, ms = 5000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
}

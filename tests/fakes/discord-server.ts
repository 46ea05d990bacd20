// A small fake of Discord on 127.0.0.1: the REST API (the routes the adapter uses) and the
// gateway (HELLO, IDENTIFY/READY, heartbeats, RESUME with replay, dispatches). It records every
// request so tests can assert on what a user would see, and it is strict where Discord is
// (tokens, application ids, intents) so that mistakes fail here and not in production.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. /channels/1/messages. */
  path: string;
  query: URLSearchParams;
  auth?: string;
  body: any;
}

export interface FakeDiscordOptions {
  token?: string;
  appId?: string;
  /** Intent bits Discord refuses for this bot (closes the gateway with 4014, like a disabled privileged intent). */
  disallowedIntents?: number;
  /** Guilds sent as GUILD_CREATE after READY (to the shard each belongs to). */
  guilds?: any[];
  /** GET /gateway/bot's recommended shard count (what DISCORD_SHARDS=auto runs); default 1. */
  recommendedShards?: number;
  /** session_start_limit.max_concurrency: shards that may IDENTIFY in the same 5 s; default 1. */
  maxConcurrency?: number;
}

/** One IDENTIFYed gateway session: Discord keeps one per shard id. */
interface Session {
  id: string;
  seq: number;
  log: any[];
  shard: [number, number];
  socket: WebSocket;
}

/** Discord's routing rule: a guild's events go to shard (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

const EPOCH = 1420070400000n;
let seqId = 0n;
/** Increasing snowflakes, so Discord's "sort by id" equals creation order. */
export function snowflake(): string {
  seqId += 1n;
  return (((BigInt(Date.now()) - EPOCH) << 22n) + (seqId % 4096n)).toString();
}

export const BOT_USER = { id: '900000000000000001', username: 'kb-bot', discriminator: '0', global_name: 'KB Bot', avatar: null, bot: true };

export class FakeDiscord extends EventEmitter {
  readonly token: string;
  readonly appId: string;
  readonly botUser = BOT_USER;
  readonly requests: RecordedRequest[] = [];
  readonly identifies: any[] = [];
  readonly resumes: any[] = [];
  /** Messages returned by GET /channels/:id/messages, newest first like Discord. */
  readonly channelMessages = new Map<string, any[]>();
  readonly channels = new Map<string, any>();
  guilds: any[];
  disallowedIntents: number;
  recommendedShards: number;
  maxConcurrency: number;
  /** Commands stored by PUT, per route. */
  readonly commands = new Map<string, any[]>();
  /** DM channels opened by POST /users/@me/channels: channel id → recipient id. */
  readonly dms = new Map<string, string>();
  /** Users who do not accept DMs from this server's members: Discord answers 50007. */
  readonly dmsClosed = new Set<string>();
  port = 0;

  private server = http.createServer((req, res) => void this.onHttp(req, res));
  private wss = new WebSocketServer({ noServer: true });
  /** Live sessions by shard id. */
  private sessions = new Map<number, Session>();

  constructor(opts: FakeDiscordOptions = {}) {
    super();
    this.token = opts.token ?? 'test-token';
    this.appId = opts.appId ?? '800000000000000001';
    this.guilds = opts.guilds ?? [];
    this.disallowedIntents = opts.disallowedIntents ?? 0;
    this.recommendedShards = opts.recommendedShards ?? 1;
    this.maxConcurrency = opts.maxConcurrency ?? 1;
    this.server.on('upgrade', (req, sock, head) => this.wss.handleUpgrade(req, sock, head, (ws) => this.onSocket(ws)));
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- gateway ----

  private onSocket(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => this.onGateway(ws, JSON.parse(String(raw))));
    ws.on('close', () => this.emit('gateway-close'));
  }

  private onGateway(ws: WebSocket, p: { op: number; d: any }): void {
    if (p.op === 1) return ws.send(JSON.stringify({ op: 11 }));
    if (p.op === 2) {
      this.identifies.push(p.d);
      if (p.d.token !== this.token) return ws.close(4004, 'Authentication failed');
      if (p.d.intents & this.disallowedIntents) return ws.close(4014, 'Disallowed intent(s)');
      const shard: [number, number] = p.d.shard ?? [0, 1];
      // Strict where Discord is: an id outside the count, or a count other sessions do not share.
      const other = [...this.sessions.values()].find((s) => s.shard[0] !== shard[0]);
      if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1]) || (other && other.shard[1] !== shard[1])) return ws.close(4010, 'Invalid shard');
      const session: Session = { id: `session-${this.identifies.length}`, seq: 0, log: [], shard, socket: ws };
      this.sessions.set(shard[0], session);
      const mine = this.guilds.filter((g) => shardOf(g.id, shard[1]) === shard[0]);
      this.send(session, 'READY', {
        v: 10,
        user: this.botUser,
        guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
        session_id: session.id,
        resume_gateway_url: `ws://127.0.0.1:${this.port}`,
        application: { id: this.appId, flags: 0 },
        shard,
      });
      for (const g of mine) this.send(session, 'GUILD_CREATE', g);
      this.emit('identified', shard);
      return;
    }
    if (p.op === 6) {
      this.resumes.push(p.d);
      const session = [...this.sessions.values()].find((s) => s.id === p.d.session_id);
      if (!session) return ws.send(JSON.stringify({ op: 9, d: false }));
      session.socket = ws;
      // Discord replays what the client missed: every dispatch after the sequence it saw last.
      for (const e of session.log.filter((x) => x.s > p.d.seq)) ws.send(JSON.stringify(e));
      this.send(session, 'RESUMED', null);
      this.emit('resumed');
    }
  }

  /**
   * Sends a dispatch to the shard Discord would send it to (its guild's shard; shard 0 for DMs),
   * or keeps it for replay when that shard's client is away, as Discord does.
   */
  dispatch(t: string, d: any): void {
    if (!this.sessions.size) throw new Error('no gateway session yet');
    const count = [...this.sessions.values()][0].shard[1];
    const guildId: string | undefined = t === 'GUILD_CREATE' ? d?.id : d?.guild_id;
    const shard = guildId ? shardOf(guildId, count) : 0;
    const session = this.sessions.get(shard);
    if (!session) throw new Error(`no gateway session for shard ${shard} of ${count}`);
    this.send(session, t, d);
  }

  private send(session: Session, t: string, d: unknown): void {
    const payload = { op: 0, t, s: ++session.seq, d };
    session.log.push(payload);
    if (session.socket.readyState === 1) session.socket.send(JSON.stringify(payload));
  }

  /** Opcode 7: Discord asks the client of a shard to reconnect and resume. */
  requestReconnect(shard = 0): void {
    this.sessions.get(shard)?.socket.send(JSON.stringify({ op: 7, d: null }));
  }

  // ---- REST ----

  private async onHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const text = Buffer.concat(chunks).toString('utf8');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, ''),
      query: url.searchParams,
      auth: req.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    };
    this.requests.push(rec);
    const [status, body] = this.route(rec);
    if (status === 204) res.writeHead(204).end();
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    this.emit('request', rec);
  }

  private route(r: RecordedRequest): [number, unknown] {
    const p = r.path;
    const m = (re: RegExp) => re.exec(p);
    // Interaction callbacks and webhooks are authorised by their token in the path, not the bot token.
    const tokenRoute = p.startsWith('/interactions/') || p.startsWith('/webhooks/');
    if (!tokenRoute && r.auth !== `Bot ${this.token}`) return [401, { message: '401: Unauthorized', code: 0 }];

    let x: RegExpExecArray | null;
    if (r.method === 'GET' && p === '/gateway/bot') {
      const limit = { total: 1000, remaining: 999, reset_after: 60_000, max_concurrency: this.maxConcurrency };
      return [200, { url: `ws://127.0.0.1:${this.port}`, shards: this.recommendedShards, session_start_limit: limit }];
    }
    if (r.method === 'POST' && m(/^\/interactions\/\d+\/[^/]+\/callback$/)) return [204, undefined];
    if (r.method === 'PATCH' && (x = m(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/))) return [200, this.message('0', r.body)];
    if (r.method === 'POST' && (x = m(/^\/webhooks\/(\d+)\/([^/]+)$/))) return [200, this.message('0', r.body)];
    if (r.method === 'POST' && (x = m(/^\/channels\/(\d+)\/typing$/))) return [204, undefined];
    if (r.method === 'POST' && (x = m(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      const parent = this.findChannel(x[1]);
      const thread = {
        id: x[2],
        type: 11,
        guild_id: parent?.guild_id,
        parent_id: x[1],
        owner_id: this.botUser.id,
        name: r.body.name,
        thread_metadata: { archived: false, auto_archive_duration: r.body.auto_archive_duration ?? 1440, archive_timestamp: new Date().toISOString(), locked: false },
        message_count: 0,
        member_count: 1,
      };
      this.channels.set(thread.id, thread);
      return [201, thread];
    }
    if (r.method === 'POST' && p === '/users/@me/channels') {
      const recipient = String(r.body?.recipient_id ?? '');
      const existing = [...this.dms].find(([, u]) => u === recipient)?.[0];
      const id = existing ?? snowflake();
      this.dms.set(id, recipient);
      return [200, { id, type: 1, last_message_id: null, recipients: [{ id: recipient, username: `user-${recipient.slice(-4)}`, discriminator: '0', global_name: null, avatar: null }] }];
    }
    if (r.method === 'POST' && (x = m(/^\/channels\/(\d+)\/messages$/)) && this.dmsClosed.has(this.dms.get(x[1]) ?? '')) {
      return [403, { message: 'Cannot send messages to this user', code: 50007 }];
    }
    if (r.method === 'POST' && (x = m(/^\/channels\/(\d+)\/messages$/))) return [200, this.message(x[1], r.body)];
    if (r.method === 'GET' && (x = m(/^\/channels\/(\d+)\/messages$/))) {
      let list = this.channelMessages.get(x[1]) ?? [];
      const before = r.query.get('before');
      if (before) list = list.filter((msg) => BigInt(msg.id) < BigInt(before));
      return [200, list.slice(0, Number(r.query.get('limit') ?? 50))];
    }
    if (r.method === 'GET' && (x = m(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const found = [...this.channelMessages.values()].flat().find((msg) => msg.id === x![2]);
      return found ? [200, found] : [404, { message: 'Unknown Message', code: 10008 }];
    }
    // Thread edits (forum tags): the stored channel takes the new fields.
    if (r.method === 'PATCH' && (x = m(/^\/channels\/(\d+)$/))) {
      const ch = this.findChannel(x[1]);
      if (!ch) return [404, { message: 'Unknown Channel', code: 10003 }];
      Object.assign(ch, r.body);
      this.channels.set(ch.id, ch);
      return [200, ch];
    }
    if (r.method === 'GET' && (x = m(/^\/channels\/(\d+)$/))) {
      const ch = this.findChannel(x[1]);
      return ch ? [200, ch] : [404, { message: 'Unknown Channel', code: 10003 }];
    }
    if (r.method === 'PUT' && (x = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      if (x[1] !== this.appId) return [404, { message: 'Unknown Application', code: 10002 }];
      if (x[2] && !this.guilds.some((g) => g.id === x![2])) return [403, { message: 'Missing Access', code: 50001 }];
      // Strict where Discord is: message/user commands take no description or options; at most 5 message commands.
      const invalid = (r.body as any[]).find(
        (c) => (c.type === 2 || c.type === 3) && (c.description || c.options?.length) ||
          (c.integration_types ?? []).some((t: number) => t !== 0 && t !== 1) ||
          (c.contexts ?? []).some((t: number) => t < 0 || t > 2),
      );
      if (invalid || (r.body as any[]).filter((c) => c.type === 3).length > 5) return [400, { message: 'Invalid Form Body', code: 50035 }];
      const stored = (r.body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: this.appId, version: snowflake(), type: c.type ?? 1 }));
      this.commands.set(p, stored);
      return [200, stored];
    }
    return [404, { message: `404: Not Found (${r.method} ${p})`, code: 0 }];
  }

  private findChannel(id: string): any {
    return this.channels.get(id) ?? this.guilds.flatMap((g) => [...(g.channels ?? []), ...(g.threads ?? [])]).find((c) => c.id === id);
  }

  /** The message Discord would return for a created or edited message. */
  private message(channelId: string, body: any): any {
    const msg = {
      id: snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content: body?.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      pinned: false,
      type: body?.message_reference ? 19 : 0,
      flags: body?.flags ?? 0,
      ...(body?.message_reference ? { message_reference: body.message_reference } : {}),
    };
    const list = this.channelMessages.get(channelId) ?? [];
    list.unshift(msg);
    this.channelMessages.set(channelId, list);
    return msg;
  }

  // ---- helpers for tests ----

  /** Resolves with the first recorded request (past or future) that matches. */
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = 5_000): Promise<RecordedRequest> {
    const found = this.requests.find(pred);
    if (found) return Promise.resolve(found);
    return this.waitForEvent<RecordedRequest>('request', pred, timeoutMs, 'request');
  }

  waitForEvent<T>(event: string, pred: (v: T) => boolean = () => true, timeoutMs = 5_000, what = event): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off(event, on);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const on = (v: T) => {
        if (!pred(v)) return;
        clearTimeout(timer);
        this.off(event, on);
        resolve(v);
      };
      this.on(event, on);
    });
  }

  /** Requests that post or edit a visible message (not typing, not callbacks). */
  messagesSent(): RecordedRequest[] {
    return this.requests.filter(
      (r) => (r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)) || (r.method === 'PATCH' && r.path.endsWith('/@original')) || (r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path)),
    );
  }
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(opts).listen();
}

// A fake Socket Mode server: apps.connections.open points here; it greets with {type:'hello'},
// pushes envelopes like Slack does and insists on an ack ({envelope_id}) within Slack's 3 seconds.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export class FakeSocketMode {
  private wss?: WebSocketServer;
  private socket?: WebSocket;
  private pending = new Map<string, (ack: SocketAck) => void>();
  private connectedWaiters: (() => void)[] = [];
  private counter = 0;
  url = '';
  connections = 0;
  readonly acks: SocketAck[] = [];

  async start(): Promise<this> {
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => this.wss!.once('listening', () => r()));
    this.url = `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/link/?ticket=test`;
    this.wss.on('connection', (ws) => {
      this.connections += 1;
      this.socket = ws;
      ws.on('message', (raw) => {
        const ack = JSON.parse(String(raw)) as SocketAck;
        this.acks.push(ack);
        this.pending.get(ack.envelope_id)?.(ack);
        this.pending.delete(ack.envelope_id);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' }, debug_info: { host: 'fake' } }));
      for (const w of this.connectedWaiters.splice(0)) w();
    });
    return this;
  }

  async connected(): Promise<void> {
    if (this.socket) return;
    await new Promise<void>((r) => this.connectedWaiters.push(r));
  }

  /** Sends one envelope and resolves with the app's ack; rejects when no ack comes within `ackMs`. */
  send(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown, opts: { retryAttempt?: number; ackMs?: number } = {}): Promise<SocketAck> {
    if (!this.socket) throw new Error('no Socket Mode connection');
    this.counter += 1;
    const envelope_id = `env-${this.counter}`;
    const ackMs = opts.ackMs ?? 3000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${envelope_id} within ${ackMs} ms`)), ackMs);
      this.pending.set(envelope_id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      this.socket!.send(
        JSON.stringify({
          envelope_id,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
          retry_attempt: opts.retryAttempt ?? 0,
          retry_reason: opts.retryAttempt ? 'timeout' : '',
        }),
      );
    });
  }

  async stop(): Promise<void> {
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    await new Promise<void>((r) => (this.wss ? this.wss.close(() => r()) : r()));
  }
}

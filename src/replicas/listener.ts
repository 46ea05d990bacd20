// A dedicated connection LISTENing for new snapshot versions. A pooled connection cannot listen
// (it goes back to the pool), and a dropped one is reconnected with backoff; each (re)connect
// calls onConnect so the replica checks for a version it may have missed meanwhile.
import pg from 'pg';
import type { Logger } from '../logger';
import { SNAPSHOT_CHANNEL } from './schema';

export class SnapshotListener {
  private client?: pg.Client;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private failures = 0;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly onVersion: (version: number) => void,
    private readonly onConnect: () => void,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'kb-snapshot-listener' });
    this.client = client;
    // 'error' without a listener would crash the process; 'end' follows it.
    client.on('error', (err) => this.logger.debug('snapshot listener connection error', { error: err }));
    client.on('end', () => this.lost(client));
    client.on('notification', (n) => {
      const v = Number(n.payload);
      if (n.channel === SNAPSHOT_CHANNEL && Number.isSafeInteger(v)) this.onVersion(v);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SNAPSHOT_CHANNEL}`);
      if (this.failures) this.logger.info('listening for new index snapshots again');
      this.failures = 0;
      this.onConnect();
    } catch (err) {
      this.lost(client, err);
      await client.end().catch(() => undefined);
    }
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (this.closed || client !== this.client || this.timer) return;
    // Logged once per outage; the periodic poll keeps the replica current meanwhile.
    if (this.failures === 0) this.logger.warn('not listening for new index snapshots; polling until the database is back', { error: err });
    this.failures += 1;
    const ms = Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, ms);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.client?.end().catch(() => undefined);
  }
}

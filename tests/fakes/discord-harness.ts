// Starts the real adapter (real discord.js, real SQLite services) against the fake Discord,
// and tears everything down so no socket or timer outlives a test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDiscord } from '../../adapters/discord';
import type { RunningAdapter } from '../../adapters/types';
import type { DiscordConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';
import { openServices } from '../../src/services';
import type { AdapterServices } from '../../src/services/types';
import type { CoverageReports } from '../../src/reports/types';
import type { KnowledgeBot } from '../../src/types';
import { createFakeBot, type FakeBot } from '../helpers/fake-bot';
import { APP_ID, guild } from './discord-events';
import { FakeDiscord, startFakeDiscord, type FakeDiscordOptions } from './discord-server';

export interface Harness {
  fake: FakeDiscord;
  /** The scripted bot, or the real core when one was passed in. */
  bot: FakeBot;
  services: AdapterServices & { close(): void };
  adapter?: RunningAdapter;
  logs: string[];
  dataDir: string;
  config: DiscordConfig;
  /** Starts (or restarts) the adapter with the same services and data dir. */
  start(): Promise<RunningAdapter>;
  stopAdapter(): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(opts: {
  config?: Partial<DiscordConfig>;
  fake?: FakeDiscordOptions;
  /** A fake Discord another harness already runs (several shard processes of one bot); close() leaves it running. */
  server?: FakeDiscord;
  rateLimitPerMinute?: number;
  maxQuestionChars?: number;
  /** The real core instead of the scripted fake, for end-to-end tests. */
  core?: KnowledgeBot;
  /** SQLite busy timeout of the services, so a test can hold a lock without waiting 5 s per write. */
  busyTimeoutMs?: number;
  /** Coverage reports for /kb gaps. */
  reports?: CoverageReports;
} = {}): Promise<Harness> {
  const fake = opts.server ?? (await startFakeDiscord({ appId: APP_ID, guilds: [guild()], ...opts.fake }));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-discord-'));
  const bot = createFakeBot();
  const logs: string[] = [];
  const logger: Logger = createLogger('debug', (l) => logs.push(l));
  const services = openServices(dataDir, { rateLimitPerMinute: opts.rateLimitPerMinute ?? 100, logger, busyTimeoutMs: opts.busyTimeoutMs });
  const config: DiscordConfig = {
    token: fake.token,
    appId: fake.appId,
    apiUrl: fake.apiUrl,
    adminRoleIds: [],
    allowDms: false,
    mentionThreads: false,
    ...opts.config,
  };
  const h: Harness = {
    fake,
    bot,
    services,
    logs,
    dataDir,
    config,
    async start() {
      h.adapter = await startDiscord({ bot: opts.core ?? bot, services, config, logger, maxQuestionChars: opts.maxQuestionChars ?? 500, reports: opts.reports });
      return h.adapter;
    },
    async stopAdapter() {
      await h.adapter?.stop();
      h.adapter = undefined;
    },
    async close() {
      await h.stopAdapter();
      if (!opts.server) await fake.close();
      services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Lets in-flight handlers finish, for asserting that something did NOT happen. */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

// `npm start`: one core, every configured adapter (Slack, Discord), or the terminal chat when
// none is. This is the composition root, so it lives with the adapters: the core never imports them.
import { createBotFromConfig } from '../src/app';
import { loadConfigOrExit } from '../src/cli/common';
import { isBotError } from '../src/errors';
import { databaseReachable, indexLoaded } from '../src/health/readiness';
import { createLogger, maskUrlCredentials, redact } from '../src/logger';
import { coverageReports, recordingBot } from '../src/reports';
import { openServices } from '../src/services';
import { startConsole } from './console';
import { healthRoutes, startHealthServer } from './health';
import type { RunningAdapter } from './types';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const chat = !config.slack && !config.discord;
  // The terminal chat owns stdout; logs go to stderr and stay quiet unless asked for.
  const logger = createLogger(chat && !process.env.LOG_LEVEL ? 'warn' : config.logLevel);
  const core = createBotFromConfig(config, logger, { replicate: true });
  const storeOpts = {
    rateLimitPerMinute: config.rateLimitPerMinute,
    logger,
    questionLog: { retentionDays: config.questionLog.days, logUserIds: config.questionLog.logUserIds, purgeTimer: true },
  };
  // DATABASE_URL: shared state for several replicas; otherwise the embedded SQLite file in DATA_DIR.
  const services = config.databaseUrl
    ? await (await import('../src/services/postgres')).openPostgresServices(config.databaseUrl, storeOpts)
    : openServices(config.dataDir, storeOpts);
  if (config.databaseUrl) logger.info('shared state in Postgres', { database: maskUrlCredentials(config.databaseUrl) });
  // Adapters see the core through the question log: every question recorded, every reload followed by a re-ask of the gaps.
  const reports = coverageReports(core, services.questions);
  const bot = recordingBot(core, services.questions, reports, logger);
  const base = { bot, services, reports, logger, maxQuestionChars: config.maxQuestionChars };
  const running: RunningAdapter[] = [];
  // /readyz: an index serves, and the database answers (the embedded SQLite file always does).
  const health = { checks: [indexLoaded(() => core.kb.snapshot !== undefined), databaseReachable(services)] };

  const shutdown = async (code: number) => {
    for (const a of running.reverse()) await a.stop().catch((err) => logger.warn('adapter stop failed', { adapter: a.name, error: err }));
    await services.close();
    await core.kb.close().catch(() => undefined); // leaves the replicas table
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    // Imported only when configured: Bolt and discord.js cost ~0.5 s each to load, which the
    // terminal chat should not wait for.
    // First, so /healthz answers while the index loads and /readyz says why it is not ready yet.
    if (config.healthPort !== undefined) running.push(await startHealthServer({ ...health, port: config.healthPort, logger }));
    // In HTTP mode the endpoints share PORT with /slack/events (one port for the load balancer).
    if (config.slack) running.push(await (await import('./slack')).startSlack({ ...base, config: config.slack }, { customRoutes: healthRoutes(health) }));
    if (config.discord) running.push(await (await import('./discord')).startDiscord({ ...base, config: config.discord }));
  } catch (err) {
    const msg = isBotError(err) ? `${err.code}: ${err.message}` : (err as Error).message;
    process.stderr.write(redact(`Could not start: ${msg}`) + '\n');
    await shutdown(1);
  }
  if (chat) {
    // The prompt comes first: a question asked before the start-up load finishes waits for it
    // inside bot.ask (or is answered from the saved index, which serves as soon as it is read).
    const console = await startConsole({ ...base, config: {} });
    running.push(console);
    await console.closed;
    await shutdown(0);
  } else {
    logger.info('running', { adapters: running.map((a) => a.name), answers: bot.status().answerer });
  }
}

main().catch((err) => {
  process.stderr.write(redact(`Fatal: ${(err as Error).message}`) + '\n');
  process.exit(1);
});

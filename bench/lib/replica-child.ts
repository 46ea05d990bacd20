// A serving replica in its own process for bench/replica-snapshot.ts: the real core with the
// default offline embedder, joined to DATABASE_URL; prints one JSON line per event on stdout
// ({event:'ready'} once serving, {event:'served', version, ms, at} on each swap).
//   node --import tsx bench/lib/replica-child.ts <knowledgeDir> <dataDir>
import { createBotFromConfig } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/logger';

const [knowledgeDir, dataDir] = process.argv.slice(2);
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const log = (msg: string, meta?: Record<string, unknown>) => {
  if (msg === 'serving index snapshot') out({ event: 'served', version: meta?.version, ms: meta?.ms, fetchMs: meta?.fetchMs, at: Date.now() });
  if (msg.includes('not served') || msg.includes('failed')) out({ event: 'error', msg, error: String(meta?.error) });
};
const logger: Logger = { debug() {}, info: log, warn: log, error: log };
const config = loadConfig({ ...process.env, KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, REPLICA_ID: 'bench-b' });
const bot = createBotFromConfig(config, logger, { replicate: true });
await bot.ready;
out({ event: 'ready', chunks: bot.status().chunks, at: Date.now() });
process.on('SIGTERM', () => void bot.kb.close().then(() => process.exit(0)));

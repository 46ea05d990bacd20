// docker-compose.yml is not run by the suite (no Docker here), so what can be checked without it
// is: it parses as YAML with its merge keys, every bot service gets its own REPLICA_ID and the same
// DATABASE_URL, and every variable it sets is one the bot's config actually reads, with the value
// landing where it should (a misspelt name would be silently ignored by the bot).
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

const ROOT = path.resolve(__dirname, '..');
type Service = { environment?: Record<string, string>; image?: string; build?: string };
const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const bots = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

/** The names loadConfig reads from `env` (HTTP-mode Slack and Discord set, so their settings are read too). */
function configReads(env: Record<string, string>): { read: Set<string>; config: ReturnType<typeof loadConfig> } {
  const read = new Set<string>();
  const full = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', DISCORD_TOKEN: 't', DISCORD_APP_ID: '123456789012345678', ...env };
  const tracked = new Proxy(full as Record<string, string | undefined>, {
    get: (t, k) => (typeof k === 'string' && read.add(k), t[k as string]),
  });
  return { read, config: loadConfig(tracked, ROOT) };
}

describe('docker-compose.yml', () => {
  it('has two bot replicas and Postgres', () => {
    expect(bots.map(([name]) => name)).toEqual(['bot-1', 'bot-2']);
    expect(compose.services.postgres.image).toMatch(/^postgres:/);
  });

  it('gives each replica its own REPLICA_ID (catches both showing as one row in kb status) and the same DATABASE_URL', () => {
    const ids = bots.map(([, s]) => s.environment?.REPLICA_ID);
    expect(ids).toEqual(['bot-1', 'bot-2']);
    expect(new Set(bots.map(([, s]) => s.environment?.DATABASE_URL)).size).toBe(1);
  });

  it('points DATABASE_URL at the postgres service with the user, password and database it creates', () => {
    const pgEnv = compose.services.postgres.environment!;
    const url = new URL(bots[0][1].environment!.DATABASE_URL);
    expect([url.hostname, url.username, url.password, url.pathname.slice(1)]).toEqual(['postgres', pgEnv.POSTGRES_USER, pgEnv.POSTGRES_PASSWORD, pgEnv.POSTGRES_DB]);
  });

  it.each(bots)('%s: every variable it sets is a setting the bot reads, and lands in the config', (_, service) => {
    const env = service.environment!;
    const { read, config } = configReads(env);
    expect(Object.keys(env).filter((k) => !read.has(k))).toEqual([]);
    expect(config.replicas.id).toBe(env.REPLICA_ID);
    expect(config.databaseUrl).toBe(env.DATABASE_URL);
    expect(config.dataDir).toBe(path.resolve(ROOT, env.DATA_DIR));
    expect(config.slack?.port).toBe(Number(env.PORT));
  });
});

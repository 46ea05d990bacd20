// One typed config, read from the environment once at start-up. Every problem names the
// variable, the value it had and how to fix it; all problems are reported together.
import fs from 'node:fs';
import path from 'node:path';
import { BotError } from './errors';
import { maskUrlCredentials } from './logger';

export interface LlmConfig {
  /** "provider:model"; provider is "openai" (any OpenAI-compatible endpoint). */
  provider: 'openai';
  model: string;
  apiKey?: string;
  baseUrl?: string;
  timeoutMs: number;
  maxRetries: number;
  maxOutputTokens: number;
  temperature: number;
  /** Token budget for passages in the prompt. */
  contextTokens: number;
  /** Token budget for thread history in the prompt. */
  historyTokens: number;
}

export interface EmbeddingsConfig {
  provider: 'local' | 'openai';
  model: string;
  apiKey?: string;
  baseUrl?: string;
  timeoutMs: number;
}

export interface SlackConfig {
  botToken: string;
  /** Socket Mode when set. */
  appToken?: string;
  /** HTTP (Events API) mode when set and appToken is not. */
  signingSecret?: string;
  port: number;
  apiUrl?: string;
  adminUserIds: string[];
  /** Treat Slack workspace admins/owners as bot admins too. */
  workspaceAdminsAreAdmins: boolean;
  autoAnswerChannels: string[];
  /** SLACK_DIGEST_CHANNEL: channel id for the weekly coverage-gap digest. */
  digestChannel?: string;
  /** SLACK_NATIVE_STREAMING: stream generated answers with chat.startStream (falls back to edits on refusal). */
  nativeStreaming: boolean;
  /** SLACK_SUGGESTED_PROMPTS ("|"-separated): prompts shown when someone opens the bot's AI-app view. */
  suggestedPrompts?: string[];
  /** SLACK_AGENT_VIEW: the app uses `features.agent_view`, where every top-level DM opens its own thread. */
  agentView?: boolean;
  /** SLACK_ESCALATION_USERGROUP_ID: the user group "Ask a person" pings; the only mention the bot ever sends. */
  escalationUsergroupId?: string;
}

export interface DiscordConfig {
  token: string;
  appId: string;
  apiUrl?: string;
  guildId?: string;
  adminRoleIds: string[];
  allowDms: boolean;
  /** Answer a mention in a new thread instead of a reply. */
  mentionThreads: boolean;
  /** DISCORD_DIGEST_CHANNEL_ID: channel for the weekly coverage-gap digest. */
  digestChannelId?: string;
  /** DISCORD_ESCALATION_ROLE_ID: the role "Ask a person" pings; the only mention the bot ever sends. */
  escalationRoleId?: string;
  /** DISCORD_FORUM_CHANNEL_IDS: forums whose new posts get an answer as the first reply. */
  forumChannelIds?: string[];
  /** DISCORD_FORUM_SOLVED_TAG: name (or id) of the forum tag the "Solved" button applies. */
  forumSolvedTag?: string;
  /** DISCORD_SHARDS / DISCORD_SHARD_IDS: the total shard count and this process's shards; undefined: one shard. */
  shards?: DiscordShards;
}

/** count 'auto': Discord's recommendation, every shard in this process; ids undefined: all of 0..count-1. */
export interface DiscordShards {
  count: number | 'auto';
  ids?: number[];
}

export interface Config {
  knowledgeDir: string;
  dataDir: string;
  /** DATABASE_URL: shared state in Postgres (several replicas); unset keeps the SQLite file in dataDir. */
  databaseUrl?: string;
  embeddings: EmbeddingsConfig;
  /** Undefined: offline extractive answers only. */
  llm?: LlmConfig;
  chunkSize: number;
  chunkOverlap: number;
  maxQuestionChars: number;
  /** Offline answers below this calibrated confidence are declined; undefined: the trained default. */
  answerMinConfidence?: number;
  /** Questions per user per minute, across platforms. */
  rateLimitPerMinute: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  slack?: SlackConfig;
  discord?: DiscordConfig;
  /** QUESTION_LOG_DAYS (0 = log no questions) and LOG_USER_IDS, for the coverage-gap reports. */
  questionLog: { days: number; logUserIds: boolean };
  /** HEALTH_PORT: /healthz and /readyz on a port of their own (Slack's HTTP mode serves them on PORT anyway). */
  healthPort?: number;
  /** How replicas share one index through DATABASE_URL (src/replicas). */
  replicas: ReplicasConfig;
}

export interface ReplicasConfig {
  /** SNAPSHOT_KEEP_VERSIONS: index snapshots kept in the database. */
  keepVersions: number;
  /** SNAPSHOT_POLL_MS: check for a new snapshot this often in case a notification was missed. */
  pollMs: number;
  /** REPLICA_HEARTBEAT_MS: a replica silent for three of these shows as gone in `kb status`. */
  heartbeatMs: number;
  /** REPLICA_ID: this replica's name in `kb status` (default host-pid). */
  id?: string;
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v ? v : undefined;
  }

  int(name: string, def: number, min: number, max: number): number {
    const raw = this.str(name);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name}="${raw}" is not a whole number from ${min} to ${max}. Set it to e.g. ${def}, or remove it for the default.`);
      return def;
    }
    return n;
  }

  num(name: string, def: number, min: number, max: number): number {
    const raw = this.str(name);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      this.problems.push(`${name}="${raw}" is not a number from ${min} to ${max}. Set it to e.g. ${def}, or remove it for the default.`);
      return def;
    }
    return n;
  }

  bool(name: string, def: boolean): boolean {
    const raw = this.str(name);
    if (raw === undefined) return def;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    this.problems.push(`${name}="${raw}" is not true or false. Set it to true or false.`);
    return def;
  }

  list(name: string): string[] {
    return (this.str(name) ?? '').split(/[\s,]+/).filter(Boolean);
  }

  url(name: string): string | undefined {
    const raw = this.str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${name}="${maskUrlCredentials(raw)}" is not an http(s) URL. Set it to e.g. https://api.openai.com/v1, or remove it.`);
      return undefined;
    }
  }

  /** "provider:model" with the providers we support. */
  providerModel(name: string, def: string, providers: string[]): { provider: string; model: string } | undefined {
    const raw = this.str(name) ?? def;
    const m = /^([a-z]+):(.+)$/.exec(raw);
    if (!m || !providers.includes(m[1])) {
      this.problems.push(`${name}="${raw}" is not "provider:model" with provider one of ${providers.join(', ')}. Example: ${providers.includes('local') ? 'local:hash-v1 or ' : ''}openai:${name === 'EMBEDDINGS_MODEL' ? 'text-embedding-3-small' : 'gpt-4o-mini'}.`);
      return undefined;
    }
    return { provider: m[1], model: m[2] };
  }
}

export const DEFAULT_EMBEDDINGS = 'local:hash-v1';

export interface LoadConfigOptions {
  /** Also check that the knowledge folder exists (start-up and CLIs; off for pure parsing). */
  requireKnowledgeDir?: boolean;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd(), opts: LoadConfigOptions = {}): Config {
  const r = new Reader(env);
  const apiKey = r.str('OPENAI_API_KEY');
  const baseUrl = r.url('OPENAI_BASE_URL');

  const emb = r.providerModel('EMBEDDINGS_MODEL', DEFAULT_EMBEDDINGS, ['local', 'openai']);
  const embeddings: EmbeddingsConfig = {
    provider: (emb?.provider ?? 'local') as 'local' | 'openai',
    model: emb?.model ?? 'hash-v1',
    apiKey: r.str('EMBEDDINGS_API_KEY') ?? apiKey,
    baseUrl: r.url('EMBEDDINGS_BASE_URL') ?? baseUrl,
    timeoutMs: r.int('EMBEDDINGS_TIMEOUT_MS', 30_000, 100, 600_000),
  };
  if (embeddings.provider === 'local' && embeddings.model !== 'hash-v1') {
    r.problems.push(`EMBEDDINGS_MODEL="local:${embeddings.model}" is unknown. The built-in offline embedder is local:hash-v1.`);
  }
  if (embeddings.provider === 'openai' && !embeddings.apiKey && !embeddings.baseUrl) {
    r.problems.push(`EMBEDDINGS_MODEL="openai:${embeddings.model}" needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server such as Ollama). Set one, or use EMBEDDINGS_MODEL=local:hash-v1.`);
  }

  // Read (and so validated) whether or not a model is configured: a typo must not wait for the day
  // someone sets CHAT_MODEL to surface.
  const tuning = {
    timeoutMs: r.int('LLM_TIMEOUT_MS', 20_000, 100, 600_000),
    maxRetries: r.int('LLM_MAX_RETRIES', 2, 0, 10),
    maxOutputTokens: r.int('LLM_MAX_OUTPUT_TOKENS', 700, 16, 32_000),
    temperature: r.num('LLM_TEMPERATURE', 0.1, 0, 2),
    contextTokens: r.int('LLM_CONTEXT_TOKENS', 3000, 200, 200_000),
    historyTokens: r.int('LLM_HISTORY_TOKENS', 800, 0, 100_000),
  };
  // CHAT_MODEL unset: offline, unless a key is present, then a sensible default model.
  let llm: LlmConfig | undefined;
  const chatRaw = r.str('CHAT_MODEL');
  if (chatRaw !== undefined && /^(none|off|extractive)$/i.test(chatRaw)) {
    llm = undefined;
  } else if (chatRaw !== undefined || apiKey) {
    const chat = r.providerModel('CHAT_MODEL', 'openai:gpt-4o-mini', ['openai']);
    if (chat) {
      if (!apiKey && !baseUrl) {
        r.problems.push(`CHAT_MODEL="${chatRaw}" needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server such as Ollama). Set one, or set CHAT_MODEL=none for offline answers.`);
      }
      llm = { provider: 'openai', model: chat.model, apiKey, baseUrl, ...tuning };
    }
  }

  const chunkSize = r.int('CHUNK_SIZE', 700, 100, 20_000);
  const chunkOverlap = r.int('CHUNK_OVERLAP', 120, 0, 10_000);
  if (chunkOverlap >= chunkSize) {
    r.problems.push(`CHUNK_OVERLAP="${chunkOverlap}" must be smaller than CHUNK_SIZE (${chunkSize}). Lower CHUNK_OVERLAP, e.g. to ${Math.floor(chunkSize / 5)}.`);
  }

  const logLevel = (r.str('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    r.problems.push(`LOG_LEVEL="${logLevel}" is not one of debug, info, warn, error.`);
  }

  const slack = readSlack(r);
  const discord = readDiscord(r);
  const healthPort = readHealthPort(r, slack);
  // Every setting is read before the check below, so each bad value is reported, never defaulted silently.
  const maxQuestionChars = r.int('MAX_QUESTION_CHARS', 1000, 10, 100_000);
  const rateLimitPerMinute = r.int('RATE_LIMIT_PER_MINUTE', 6, 0, 10_000);
  const knowledgeRaw = r.str('KNOWLEDGE_DIR');
  const knowledgeDir = path.resolve(cwd, knowledgeRaw ?? 'knowledge');
  const dataDir = path.resolve(cwd, r.str('DATA_DIR') ?? 'data');
  if (opts.requireKnowledgeDir && !isDirectory(knowledgeDir)) {
    const named = knowledgeRaw === undefined ? `The knowledge folder ${knowledgeDir}` : `KNOWLEDGE_DIR="${knowledgeRaw}" (${knowledgeDir})`;
    r.problems.push(`${named} does not exist or is not a folder. Create it and put documents in it, or set KNOWLEDGE_DIR to the folder that has them.`);
  }
  const questionLog = { days: r.int('QUESTION_LOG_DAYS', 90, 0, 3650), logUserIds: r.bool('LOG_USER_IDS', false) };
  const databaseUrl = readDatabaseUrl(r);

  // Unset: the trade-off trained with the selector's weights (see README, "Answer quality").
  const answerMinConfidence = r.str('ANSWER_MIN_CONFIDENCE') === undefined ? undefined : r.num('ANSWER_MIN_CONFIDENCE', 0, 0, 1);
  const replicas: ReplicasConfig = {
    keepVersions: r.int('SNAPSHOT_KEEP_VERSIONS', 3, 1, 100),
    pollMs: r.int('SNAPSHOT_POLL_MS', 10_000, 500, 3_600_000),
    heartbeatMs: r.int('REPLICA_HEARTBEAT_MS', 10_000, 500, 3_600_000),
    id: r.str('REPLICA_ID'),
  };
  if (r.problems.length) {
    throw new BotError('CONFIG_INVALID', `Invalid configuration:\n- ${r.problems.join('\n- ')}`);
  }
  return {
    knowledgeDir,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    embeddings,
    llm,
    chunkSize,
    chunkOverlap,
    maxQuestionChars,
    answerMinConfidence,
    rateLimitPerMinute,
    logLevel: logLevel as Config['logLevel'],
    slack,
    discord,
    questionLog,
    replicas,
    healthPort,
  };
}

function readHealthPort(r: Reader, slack: SlackConfig | undefined): number | undefined {
  if (r.str('HEALTH_PORT') === undefined) return undefined;
  const port = r.int('HEALTH_PORT', 8080, 1, 65_535);
  if (slack && !slack.appToken && slack.port === port) {
    r.problems.push(`HEALTH_PORT="${port}" is also PORT, where Slack's HTTP mode already serves /healthz and /readyz. Remove HEALTH_PORT, or set it to another port.`);
  }
  return port;
}

function readSlack(r: Reader): SlackConfig | undefined {
  const botToken = r.str('SLACK_BOT_TOKEN');
  const appToken = r.str('SLACK_APP_TOKEN');
  const signingSecret = r.str('SLACK_SIGNING_SECRET');
  // Validated even while Slack is off, so a bad value shows up before the day Slack is switched on.
  const port = r.int('PORT', 3000, 1, 65_535);
  const apiUrl = r.url('SLACK_API_URL');
  const workspaceAdminsAreAdmins = r.bool('SLACK_WORKSPACE_ADMINS_ARE_ADMINS', false);
  const escalationUsergroupId = r.str('SLACK_ESCALATION_USERGROUP_ID');
  // A user group id, never a handle: "@ml-team" or "<!subteam^…>" would be sent as text, and a
  // wrong kind of id (a user, a channel) would ping nobody while the asker thinks someone was asked.
  if (escalationUsergroupId && !/^S[A-Z0-9]{4,20}$/.test(escalationUsergroupId)) {
    r.problems.push(`SLACK_ESCALATION_USERGROUP_ID="${escalationUsergroupId}" is not a Slack user group id. Set it to the group's id (starts with S, e.g. S0614TZR7; in Slack open the group under "People" → "User groups" and copy its id from the link), or remove it.`);
  }
  if (!botToken) {
    if (appToken || signingSecret) {
      r.problems.push('SLACK_BOT_TOKEN is not set, but SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is. Set SLACK_BOT_TOKEN to the xoxb- token from your Slack app\'s "OAuth & Permissions" page.');
    }
    return undefined;
  }
  if (!botToken.startsWith('xoxb-')) {
    r.problems.push('SLACK_BOT_TOKEN does not start with "xoxb-". Use the Bot User OAuth Token from "OAuth & Permissions".');
  }
  if (appToken && !appToken.startsWith('xapp-')) {
    r.problems.push('SLACK_APP_TOKEN does not start with "xapp-". Create an app-level token with connections:write under "Basic Information".');
  }
  if (!appToken && !signingSecret) {
    r.problems.push('SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is. Set one of them.');
  }
  return {
    botToken,
    appToken,
    signingSecret,
    port,
    apiUrl,
    adminUserIds: r.list('SLACK_ADMIN_USER_IDS'),
    workspaceAdminsAreAdmins,
    autoAnswerChannels: r.list('SLACK_AUTO_ANSWER_CHANNELS'),
    digestChannel: r.str('SLACK_DIGEST_CHANNEL'),
    nativeStreaming: r.bool('SLACK_NATIVE_STREAMING', true),
    // "|" because questions contain commas.
    suggestedPrompts: r.str('SLACK_SUGGESTED_PROMPTS')?.split('|').map((q) => q.trim()).filter(Boolean),
    agentView: r.bool('SLACK_AGENT_VIEW', false),
    escalationUsergroupId,
  };
}

function readDiscord(r: Reader): DiscordConfig | undefined {
  const token = r.str('DISCORD_TOKEN');
  const appId = r.str('DISCORD_APP_ID');
  const apiUrl = r.url('DISCORD_API_URL');
  const allowDms = r.bool('DISCORD_ALLOW_DMS', false);
  const mentionThreads = r.bool('DISCORD_MENTION_THREADS', false);
  const escalationRoleId = r.str('DISCORD_ESCALATION_ROLE_ID');
  if (escalationRoleId && !/^\d{5,25}$/.test(escalationRoleId)) {
    r.problems.push(`DISCORD_ESCALATION_ROLE_ID="${escalationRoleId}" is not a numeric role id. With Developer Mode on, right-click the role under Server Settings → Roles and "Copy Role ID", or remove it.`);
  }
  const forumChannelIds = r.list('DISCORD_FORUM_CHANNEL_IDS');
  for (const id of forumChannelIds) {
    if (!/^\d{5,25}$/.test(id)) r.problems.push(`DISCORD_FORUM_CHANNEL_IDS contains "${id}", which is not a numeric channel id. Right-click the forum with Developer Mode on and "Copy Channel ID".`);
  }
  const forumSolvedTag = r.str('DISCORD_FORUM_SOLVED_TAG') ?? 'Solved';
  const shards = readDiscordShards(r);
  if (!token && !appId) return undefined;
  if (!token) r.problems.push('DISCORD_APP_ID is set but DISCORD_TOKEN is not. Copy the bot token from the Developer Portal\'s "Bot" page.');
  if (!appId) r.problems.push('DISCORD_TOKEN is set but DISCORD_APP_ID is not. Copy the Application ID from the Developer Portal\'s "General Information" page.');
  else if (!/^\d{5,25}$/.test(appId)) r.problems.push(`DISCORD_APP_ID="${appId}" is not a numeric id. Copy the Application ID from "General Information".`);
  const guildId = r.str('DISCORD_GUILD_ID');
  if (guildId && !/^\d{5,25}$/.test(guildId)) r.problems.push(`DISCORD_GUILD_ID="${guildId}" is not a numeric id. Right-click the server with Developer Mode on and "Copy Server ID".`);
  const digestChannelId = r.str('DISCORD_DIGEST_CHANNEL_ID');
  if (digestChannelId && !/^\d{5,25}$/.test(digestChannelId)) r.problems.push(`DISCORD_DIGEST_CHANNEL_ID="${digestChannelId}" is not a numeric id. Right-click the channel with Developer Mode on and "Copy Channel ID".`);
  return {
    token: token ?? '',
    appId: appId ?? '',
    apiUrl,
    guildId,
    adminRoleIds: r.list('DISCORD_ADMIN_ROLE_IDS'),
    allowDms,
    mentionThreads,
    digestChannelId,
    escalationRoleId,
    forumChannelIds,
    forumSolvedTag,
    shards,
  };
}

function readDiscordShards(r: Reader): DiscordShards | undefined {
  const countRaw = r.str('DISCORD_SHARDS');
  const idsRaw = r.str('DISCORD_SHARD_IDS');
  let count: number | 'auto' | undefined;
  if (countRaw !== undefined) {
    if (/^auto$/i.test(countRaw)) count = 'auto';
    else if (/^\d+$/.test(countRaw) && Number(countRaw) >= 1) count = Number(countRaw);
    else r.problems.push(`DISCORD_SHARDS="${countRaw}" is neither "auto" nor a whole number of at least 1. Set it to the total number of shards across all processes (e.g. 2), or to auto for Discord's recommendation.`);
  }
  if (idsRaw === undefined) return count === undefined ? undefined : { count };
  if (countRaw === undefined) {
    r.problems.push(`DISCORD_SHARD_IDS="${idsRaw}" is set but DISCORD_SHARDS is not. Set DISCORD_SHARDS to the total number of shards across all processes (e.g. 2), so each process knows which guilds are its own.`);
    return undefined;
  }
  // discord.js cannot resolve "auto" for a subset, and two processes resolving it apart could
  // disagree on the total: guilds would then be answered twice or by nobody.
  if (count === 'auto') {
    r.problems.push(`DISCORD_SHARD_IDS="${idsRaw}" needs a fixed total, but DISCORD_SHARDS="auto". Set DISCORD_SHARDS to a number every process shares (Discord's recommendation is "shards" in GET /gateway/bot), or remove DISCORD_SHARD_IDS to run every shard in this process.`);
    return undefined;
  }
  const ids = parseShardIds(idsRaw);
  if (!ids) {
    r.problems.push(`DISCORD_SHARD_IDS="${idsRaw}" is not a list of shard ids. Use ids and ranges separated by commas, each shard once, e.g. 0,1 or 0-3 or 0-3,8.`);
    return undefined;
  }
  if (count === undefined) return undefined;
  const outside = ids.filter((id) => id >= count);
  if (outside.length) {
    r.problems.push(`DISCORD_SHARD_IDS="${idsRaw}" has shard ${outside.join(', ')}, but DISCORD_SHARDS=${count} means ids 0 to ${count - 1}. Use ids below ${count}, or raise DISCORD_SHARDS.`);
    return undefined;
  }
  return { count, ids };
}

/** "0,1", "0-3", "0-3 8": sorted distinct ids, or undefined for anything else (a repeat included: it is a typo for another id). */
function parseShardIds(raw: string): number[] | undefined {
  const ids: number[] = [];
  for (const part of raw.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (to < from || to - from > 100_000) return undefined;
    for (let id = from; id <= to; id++) ids.push(id);
  }
  const distinct = [...new Set(ids)].sort((a, b) => a - b);
  return distinct.length && distinct.length === ids.length ? distinct : undefined;
}

/** A postgres:// URL with a host, or undefined (SQLite). The value is shown with its password masked. */
function readDatabaseUrl(r: Reader): string | undefined {
  const raw = r.str('DATABASE_URL');
  if (raw === undefined) return undefined;
  const shown = maskUrlCredentials(raw);
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !/^postgres(ql)?:$/.test(url.protocol) || !url.hostname) {
    r.problems.push(
      `DATABASE_URL="${shown}" is not a Postgres URL. Use postgres://user:password@host:5432/dbname (e.g. postgres://kb:secret@localhost:5432/kb), or unset it to keep the embedded SQLite file in DATA_DIR.`,
    );
    return undefined;
  }
  return raw;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Reads `.env` from the working directory when there is one; variables already set win. */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = path.join(cwd, '.env');
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

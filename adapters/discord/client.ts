// Builds the discord.js Client: only the intents the triggers need, no pings ever, this process's
// shards, and the REST base overridable for an API proxy (nirn-proxy) or the tests' fake Discord.
import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { DiscordConfig } from '../../src/config';

/** Nothing the bot posts may notify anyone: not @everyone/@here, not roles, not users. */
export const NO_PINGS = Object.freeze({ parse: [] as [], repliedUser: false });

export function discordIntents(config: Pick<DiscordConfig, 'allowDms'>, opts: { messageContent: boolean }): GatewayIntentBits[] {
  const intents = [
    // Guild, channel and thread cache: needed to know which threads the bot started.
    GatewayIntentBits.Guilds,
    // MESSAGE_CREATE in servers, for mentions and thread follow-ups.
    GatewayIntentBits.GuildMessages,
  ];
  if (config.allowDms) intents.push(GatewayIntentBits.DirectMessages);
  // Privileged. Mentions and DMs carry their text without it; only follow-ups in a bot thread
  // that do not mention the bot need it. startDiscord drops it if the portal has it disabled.
  if (opts.messageContent) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

export function createDiscordClient(config: DiscordConfig, opts: { messageContent: boolean }): Client {
  const options: ClientOptions = {
    intents: discordIntents(config, opts),
    // DM channels are never in the cache before their first message arrives.
    partials: [Partials.Channel],
    allowedMentions: { ...NO_PINGS },
    // A question deleted while we were answering still gets its answer, as a plain message.
    failIfNotExists: false,
    rest: config.apiUrl ? { api: config.apiUrl } : {},
    ...shardOptions(config.shards),
  };
  return new Client(options);
}

/**
 * discord.js's own sharding (@discordjs/ws): Discord sends each guild's events to shard
 * (guild_id >> 22) % count only, so processes that run disjoint ids split the guilds, and
 * together they must cover 0..count-1. Unset: one shard, as discord.js defaults.
 */
export function shardOptions(shards: DiscordConfig['shards']): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (!shards) return {};
  if (shards.count === 'auto') return { shards: 'auto' };
  return { shards: shards.ids ?? Array.from({ length: shards.count }, (_, i) => i), shardCount: shards.count };
}

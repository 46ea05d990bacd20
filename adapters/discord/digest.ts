// DISCORD_DIGEST_CHANNEL_ID: the weekly coverage-gap digest, posted by the bot to that channel.
import type { Client } from 'discord.js';
import { formatGapReport } from '../../src/reports';
import { startDigest, type RunningDigest } from '../../src/reports/digest';
import type { Ctx } from './answering';
import { NO_PINGS } from './client';
import { textMessages } from './embeds';
import { DISCORD_STYLE } from './gaps';

export function startDiscordDigest(ctx: Ctx, client: Client<true>): RunningDigest | undefined {
  const id = ctx.config.digestChannelId;
  if (!id || !ctx.reports || !ctx.services.digests) return undefined;
  return startDigest({
    reports: ctx.reports,
    state: ctx.services.digests,
    target: `discord:${id}`,
    logger: ctx.logger,
    post: async (report) => {
      // Under sharding the channel's guild may be another process's, so not in this cache.
      const channel = await client.channels.fetch(id, { allowUnknownGuild: true });
      if (!channel?.isSendable()) throw new Error(`DISCORD_DIGEST_CHANNEL_ID=${id} is not a channel the bot can post in`);
      for (const m of textMessages(formatGapReport(report, DISCORD_STYLE))) await channel.send({ ...m, allowedMentions: NO_PINGS });
    },
  });
}

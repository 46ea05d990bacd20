// The Discord adapter: connects, routes slash commands, buttons and messages to their handlers,
// and stops cleanly after the answers in flight are sent.
import { Events, type Client } from 'discord.js';
import type { DiscordConfig } from '../../src/config';
import { BotError } from '../../src/errors';
import { registerSecret } from '../../src/logger';
import type { AdapterContext, RunningAdapter } from '../types';
import { createDiscordClient } from './client';
import { startDiscordDigest } from './digest';
import { createInteractionHandler } from './interactions';
import { createForumHandler } from './forum';
import { createMessageHandler } from './messages';
import { resumeUnfinished } from './resume';

export type { DiscordConfig };

/** How long stop() waits for answers being written before closing the connection. */
const DRAIN_MS = 10_000;

export async function startDiscord(ctx: AdapterContext<DiscordConfig>): Promise<RunningAdapter> {
  registerSecret(ctx.config.token);
  const inflight = new Set<Promise<unknown>>();
  let client: Client<true>;
  try {
    client = await connect(ctx, inflight, true);
  } catch (err) {
    if (!/disallowed intents/i.test(String((err as Error)?.message))) throw explain(err);
    ctx.logger.warn(
      'discord: the Message Content intent is not enabled for this bot, so follow-ups in threads must mention the bot. ' +
        'To allow plain follow-ups, enable "Message Content Intent" under Developer Portal → Bot → Privileged Gateway Intents.',
    );
    client = await connect(ctx, inflight, false).catch((e: unknown) => {
      throw explain(e);
    });
  }
  const shards = [...client.ws.shards.keys()];
  ctx.logger.info('discord: connected', { user: client.user.tag, guilds: client.guilds.cache.size, shards, shardCount: client.options.shardCount });
  // Sharded processes share one bot: the weekly digest is posted by the process that holds shard 0
  // (exactly one does, as every process set must cover it), not once per process.
  const digest = shards.includes(0) ? startDiscordDigest(ctx, client) : undefined;

  return {
    name: 'discord',
    async stop() {
      await digest?.stop();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(resolve, DRAIN_MS);
      });
      await Promise.race([Promise.allSettled([...inflight]), timeout]);
      clearTimeout(timer);
      await client.destroy();
    },
  };
}

async function connect(ctx: AdapterContext<DiscordConfig>, inflight: Set<Promise<unknown>>, messageContent: boolean): Promise<Client<true>> {
  const client = createDiscordClient(ctx.config, { messageContent });
  // A handler that throws anyway must cost one reply, never the process (an unhandled rejection exits Node).
  const track = (work: Promise<void>) => {
    const p = work.catch((error: unknown) => ctx.logger.error('discord: handler failed', { error }));
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const onInteraction = createInteractionHandler(ctx);
  client.on(Events.InteractionCreate, (i) => track(onInteraction(i)));
  client.once(Events.ClientReady, (ready) => {
    const onMessage = createMessageHandler(ctx, ready);
    client.on(Events.MessageCreate, (m) => track(onMessage(m)));
    const onForumPost = createForumHandler(ctx, ready);
    client.on(Events.ThreadCreate, (thread, newlyCreated) => track(onForumPost(thread, newlyCreated)));
    track(resumeUnfinished(ctx, ready, onMessage, track));
  });
  client.on(Events.Error, (error) => ctx.logger.error('discord: client error', { error }));
  client.on(Events.ShardError, (error) => ctx.logger.warn('discord: gateway connection error', { error }));
  client.on(Events.ShardReconnecting, () => ctx.logger.info('discord: gateway reconnecting'));
  client.on(Events.ShardResume, (_id, replayed) => ctx.logger.info('discord: gateway resumed', { replayed }));
  client.on(Events.ShardDisconnect, (ev) => ctx.logger.error('discord: gateway closed for good', { code: ev.code }));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(ctx.config.token);
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw err;
  }
  return ready;
}

/** Turns discord.js start-up failures into one line that names the setting to fix. */
function explain(err: unknown): Error {
  const e = err as { code?: string; status?: number; message?: string };
  if (e?.code === 'TokenInvalid' || e?.status === 401) {
    return new BotError('CONFIG_INVALID', 'DISCORD_TOKEN was rejected by Discord. Copy a fresh token from Developer Portal → Bot → Reset Token.', { cause: err });
  }
  if (/disallowed intents/i.test(String(e?.message))) {
    return new BotError('CONFIG_INVALID', 'Discord refused the gateway intents this bot needs. Check Developer Portal → Bot → Privileged Gateway Intents.', { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}

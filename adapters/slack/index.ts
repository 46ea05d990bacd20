// The Slack adapter: Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), otherwise the
// Events API over HTTP on PORT at /slack/events. See adapters/slack/manifest.yml for the app setup.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { SlackConfig } from '../../src/config';
import { BotError } from '../../src/errors';
import { maskUrlCredentials, registerSecret } from '../../src/logger';
import type { AdapterContext, RunningAdapter } from '../types';
import { createSlackApp, type SlackAppOptions } from './app';
import { startSlackDigest } from './digest';

export interface RunningSlack extends RunningAdapter {
  mode: 'socket' | 'http';
  /** The HTTP port actually listened on (useful with PORT=0); undefined in Socket Mode. */
  port?: number;
}

/** How long stop() lets answers in progress finish before closing the connection. */
const DRAIN_MS = 10_000;

export async function startSlack(ctx: AdapterContext<SlackConfig>, opts: SlackAppOptions = {}): Promise<RunningSlack> {
  const { config } = ctx;
  for (const s of [config.botToken, config.appToken, config.signingSecret]) registerSecret(s);
  const { app, mode, drain, resumeUnfinished } = createSlackApp(ctx, opts);

  try {
    await app.init();
  } catch (err) {
    const unreachable = !(err as { data?: unknown })?.data;
    throw new BotError(
      'CONFIG_INVALID',
      unreachable
        ? `Could not reach Slack${config.apiUrl ? ` at SLACK_API_URL=${maskUrlCredentials(config.apiUrl)}` : ''} (${maskUrlCredentials(slackError(err))}). Check the network, or SLACK_API_URL if you set it.`
        : `Slack rejected SLACK_BOT_TOKEN (${slackError(err)}). Copy the Bot User OAuth Token (xoxb-…) from your app's "OAuth & Permissions" page and reinstall the app if it was revoked.`,
      { cause: err },
    );
  }

  let port: number | undefined;
  try {
    if (mode === 'socket') {
      await app.start();
    } else {
      const server = (await app.start({ port: config.port, host: opts.host })) as Server;
      port = (server.address() as AddressInfo).port;
    }
  } catch (err) {
    const hint =
      mode === 'socket'
        ? `Slack refused the Socket Mode connection (${slackError(err)}). Check SLACK_APP_TOKEN is an app-level token (xapp-…) with connections:write and that Socket Mode is enabled.`
        : `Could not listen on PORT=${config.port} (${slackError(err)}). Pick a free port.`;
    throw new BotError('CONFIG_INVALID', hint, { cause: err });
  }
  ctx.logger.info('slack adapter started', { mode, port });
  if (!config.adminUserIds.length && !config.workspaceAdminsAreAdmins) {
    // Otherwise the first sign is an admin refused by /kb reload, with no hint why.
    ctx.logger.warn(
      'slack: no admin is configured, so /kb reload and /kb status are refused for everyone. Set SLACK_ADMIN_USER_IDS to your member id ' +
        '(Slack: your profile → ⋮ → Copy member ID), or SLACK_WORKSPACE_ADMINS_ARE_ADMINS=true.',
    );
  }
  await resumeUnfinished();
  const digest = startSlackDigest(ctx, app.client);

  let stopped = false;
  return {
    name: 'slack',
    mode,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await digest?.stop();
      await Promise.race([drain(), new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
      try {
        await app.stop();
      } catch (err) {
        ctx.logger.warn('slack adapter stop failed', { err });
      }
      ctx.logger.info('slack adapter stopped', { mode });
    },
  };
}

function slackError(err: unknown): string {
  const data = (err as { data?: { error?: string } })?.data;
  if (data?.error) return data.error;
  return (err as { code?: string })?.code ?? (err instanceof Error ? err.message : String(err));
}

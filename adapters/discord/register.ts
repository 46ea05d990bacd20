// `npm run discord:register`: uploads the slash commands once. With DISCORD_GUILD_ID they go to
// that one server and appear at once (handy while testing); without, globally.
import { pathToFileURL } from 'node:url';
import { ApplicationCommandType, DiscordAPIError, REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { loadConfigOrExit } from '../../src/cli/common';
import type { DiscordConfig } from '../../src/config';
import { maskUrlCredentials } from '../../src/logger';
import { buildCommands } from './commands';

export interface RegisterResult {
  scope: 'global' | 'guild';
  names: string[];
  /** How users find each command: "/ask" for slash commands, the menu entry for message commands. */
  labels: string[];
  route: string;
}

export async function registerCommands(config: DiscordConfig): Promise<RegisterResult> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const route = config.guildId ? Routes.applicationGuildCommands(config.appId, config.guildId) : Routes.applicationCommands(config.appId);
  try {
    // PUT replaces the whole set, so a command removed from commands.ts disappears from Discord too.
    const result = (await rest.put(route, { body: buildCommands({ allowDms: config.allowDms }) })) as RESTPutAPIApplicationCommandsResult;
    const labels = result.map((c) => (c.type === ApplicationCommandType.Message ? `"${c.name}" (message menu → Apps)` : `/${c.name}`));
    return { scope: config.guildId ? 'guild' : 'global', names: result.map((c) => c.name), labels, route };
  } catch (err) {
    throw new Error(explain(err, config), { cause: err });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/** One line that says which setting is wrong and how to fix it. */
export function explain(err: unknown, config: DiscordConfig): string {
  if (err instanceof DiscordAPIError || (err as { status?: number })?.status) {
    const { status, code } = err as { status: number; code: number | string };
    if (status === 401) return 'DISCORD_TOKEN was rejected by Discord (401 Unauthorized). Copy a fresh token from Developer Portal → Bot → Reset Token.';
    if (status === 404 || code === 10002) return `DISCORD_APP_ID="${config.appId}" is not a known application (404). Copy the Application ID from Developer Portal → General Information.`;
    if (status === 403 && config.guildId) {
      return `The bot cannot manage commands in DISCORD_GUILD_ID="${config.guildId}" (403). Invite it to that server with the "applications.commands" scope, or unset DISCORD_GUILD_ID to register globally.`;
    }
    if (status === 403) return 'DISCORD_TOKEN does not belong to DISCORD_APP_ID (403). Use the token of this application\'s bot.';
    return `Discord refused the commands (${status}): ${(err as Error).message}`;
  }
  return maskUrlCredentials(`Could not reach Discord${config.apiUrl ? ` at DISCORD_API_URL=${config.apiUrl}` : ''}: ${(err as Error)?.message ?? String(err)}`);
}

async function main(): Promise<void> {
  // Registering commands needs no documents.
  const config = loadConfigOrExit({ requireKnowledgeDir: false });
  if (!config.discord) {
    console.error('DISCORD_TOKEN and DISCORD_APP_ID are not set. Copy them from the Developer Portal (Bot → Token, General Information → Application ID).');
    process.exit(1);
  }
  try {
    const r = await registerCommands(config.discord);
    const where = r.scope === 'guild' ? `in server ${config.discord.guildId} (available now)` : 'globally (may take up to an hour to appear everywhere)';
    console.log(`Registered ${r.names.length} commands ${where}: ${r.labels.join(', ')}`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();

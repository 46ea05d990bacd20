// `npm run discord:register` against the fake Discord: what it uploads, and how it fails.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../adapters/discord/register';
import type { DiscordConfig } from '../src/config';
import { APP_ID, GUILD_ID, guild } from './fakes/discord-events';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord-server';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let fake: FakeDiscord;
beforeEach(async () => {
  fake = await startFakeDiscord({ appId: APP_ID, guilds: [guild()] });
});
afterEach(async () => {
  await fake.close();
});

const config = (over: Partial<DiscordConfig> = {}): DiscordConfig => ({
  token: fake.token, appId: APP_ID, apiUrl: fake.apiUrl, adminRoleIds: [], allowDms: false, mentionThreads: false, ...over,
});

describe('registerCommands', () => {
  it.each([
    ['to one guild with DISCORD_GUILD_ID (instant updates)', { guildId: GUILD_ID }, `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`],
    ['globally without it', {}, `/applications/${APP_ID}/commands`],
  ])('PUTs the command JSON %s', async (_name, over, route) => {
    const result = await registerCommands(config(over));
    expect(result.names).toEqual(['ask', 'Ask about this message', 'kb']);
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(route);
    expect(put.auth).toBe(`Bot ${fake.token}`);
    const [ask, menu, kb] = put.body;
    // User-installable: usable in servers the bot is not in and in DMs between people (PrivateChannel = 2).
    expect(ask.integration_types).toEqual([0, 1]);
    expect(ask.contexts).toEqual([0, 2]);
    // A message context-menu command (type 3): no description, no options, same installs and places as /ask.
    expect(menu).toEqual({ type: 3, name: 'Ask about this message', name_localizations: { ko: '이 메시지에 대해 질문' }, integration_types: [0, 1], contexts: [0, 2] });
    expect(kb.integration_types).toEqual([0]);
    expect(ask.options[0]).toMatchObject({ name: 'question', type: 3, required: true });
    expect(ask.options[1]).toMatchObject({ name: 'private', type: 5, required: false });
    // Manage Server (1 << 5): hidden from ordinary members by default.
    expect(kb.default_member_permissions).toBe('32');
    expect(kb.options.map((o: any) => o.name)).toEqual(['reload', 'status', 'gaps', 'help']);
    expect(kb.contexts).toEqual([0]);
  });

  it('offers /ask and "Ask about this message" in the bot\'s DMs only when DISCORD_ALLOW_DMS is on', async () => {
    await registerCommands(config({ allowDms: true }));
    const [ask, menu] = fake.requests.find((r) => r.method === 'PUT')!.body;
    expect(ask.contexts).toEqual([0, 1, 2]);
    expect(menu.contexts).toEqual([0, 1, 2]);
  });
});

describe('npm run discord:register', () => {
  const env = (over: Record<string, string>) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DISCORD_API_URL: fake.apiUrl, ...over });
  const exec = (over: Record<string, string>) =>
    run(TSX, ['adapters/discord/register.ts'], { cwd: ROOT, env: env(over), timeout: 20_000 }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('prints what it registered', async () => {
    const r = await exec({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: APP_ID, DISCORD_GUILD_ID: GUILD_ID });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`Registered 3 commands in server ${GUILD_ID} (available now): /ask, "Ask about this message" (message menu → Apps), /kb`);
  });

  it.each([
    ['a bad token (401)', { DISCORD_TOKEN: 'wrong', DISCORD_APP_ID: APP_ID }, /^DISCORD_TOKEN was rejected by Discord \(401/],
    ['an unknown application id (404)', { DISCORD_TOKEN: 'test-token', DISCORD_APP_ID: '123456789012345678' }, /^DISCORD_APP_ID="123456789012345678" is not a known application/],
    ['a guild the bot is not in (403)', { DISCORD_TOKEN: 'test-token', DISCORD_APP_ID: APP_ID, DISCORD_GUILD_ID: '99999999' }, /DISCORD_GUILD_ID="99999999".*applications\.commands/],
    ['missing settings', {}, /^DISCORD_TOKEN and DISCORD_APP_ID are not set/],
  ])('fails with one clear line on %s', async (_name, vars, expected) => {
    const r = await exec(vars);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });
});

// What a new user needs to get the bot running, checked against the code: the Discord invite URL's
// permission integer is the one the bot needs, the Slack steps say how to find a member id and invite
// the bot, and a Slack bot with no admin says so at start-up instead of refusing /kb silently.
import fs from 'node:fs';
import path from 'node:path';
import { PermissionFlagsBits as P } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { startHarness, type Harness } from './fakes/slack-harness';

const README = fs.readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');

describe('README setup steps', () => {
  it('gives a ready Discord invite URL whose permission integer is exactly what the bot needs', () => {
    const needed = P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.EmbedLinks | P.ReadMessageHistory | P.CreatePublicThreads;
    const url = /https:\/\/discord\.com\/oauth2\/authorize\?[^\s`)]+/.exec(README)?.[0];
    expect(url, 'an invite URL template').toBeDefined();
    const params = new URL(url!).searchParams;
    expect(params.get('permissions')).toBe(String(needed));
    expect(params.get('scope')?.split(/[ +]/).sort()).toEqual(['applications.commands', 'bot']);
  });

  it('says how to find a Slack member id, invite the bot to a channel, and how long npm ci takes', () => {
    expect(README).toContain('Copy member ID');
    expect(README).toMatch(/`\/invite @/);
    expect(README).toMatch(/npm ci` takes about [\d.]+ (s|seconds|min)/);
  });
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('Slack start-up without an admin', () => {
  it.each([
    ['no admin configured: warns with the fix', { adminUserIds: [] as string[], workspaceAdminsAreAdmins: false }, true],
    ['an admin id configured: no warning', { adminUserIds: ['UADMIN'], workspaceAdminsAreAdmins: false }, false],
    ['workspace admins count: no warning', { adminUserIds: [] as string[], workspaceAdminsAreAdmins: true }, false],
  ])('%s', async (_name, admins, warned) => {
    const logs: string[] = [];
    h = await startHarness('http', { config: admins, logger: createLogger('debug', (l) => logs.push(l)) });
    const warning = logs.find((l) => l.includes('no admin is configured'));
    expect(Boolean(warning)).toBe(warned);
    if (warned) expect(warning).toContain('SLACK_ADMIN_USER_IDS');
  });
});

// A storage fault (bot.sqlite locked by another process past the busy timeout) must not crash or
// silence an adapter: the question is answered anyway, the fault is logged once, admins still get
// their reply. The lock is real: a second SQLite connection holds an exclusive transaction.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../src/services';
import { createLogger } from '../src/logger';
import { userMessage } from '../src/user-messages';
import { MANAGE_GUILD, askInteraction, buttonInteraction, kbInteraction, mention } from './fakes/discord-events';
import { createHarness, type Harness as DiscordHarness } from './fakes/discord-harness';
import type { RecordedRequest } from './fakes/discord-server';
import { FEEDBACK_UP } from '../adapters/slack/blocks';
import { ADMIN, feedbackClick, mention as slackMention, startHarness, type Harness as SlackHarness } from './fakes/slack-harness';

/** Another process's write lock on the bot's database; release() ends it. */
function lockDatabase(dataDir: string): { release(): void } {
  const other = new Database(path.join(dataDir, DB_FILE));
  other.exec('BEGIN EXCLUSIVE');
  return {
    release() {
      other.exec('COMMIT');
      other.close();
    },
  };
}

let discord: DiscordHarness | undefined;
let slack: SlackHarness | undefined;
let lock: { release(): void } | undefined;
afterEach(async () => {
  lock?.release();
  lock = undefined;
  await discord?.close();
  await slack?.stop();
  discord = undefined;
  slack = undefined;
});

const replyTo = (messageId: string) => (r: RecordedRequest) => r.method === 'POST' && r.body?.message_reference?.message_id === messageId;
const isEdit = (id: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/itoken-${id}/messages/@original`);
const isCallback = (id: string) => (r: RecordedRequest) => r.path.startsWith(`/interactions/${id}/`);

describe('Discord under a locked database', () => {
  it('answers mentions and /ask anyway (the dedupe write used to throw outside any try and exit Node) and logs the fault once', async () => {
    discord = await createHarness({ busyTimeoutMs: 50 });
    await discord.start();
    lock = lockDatabase(discord.dataDir);

    const m1 = mention('When was Mistral AI founded?');
    discord.fake.dispatch('MESSAGE_CREATE', m1);
    expect((await discord.fake.waitForRequest(replyTo(m1.id))).body.embeds[0].description).toContain('founded in April 2023');

    const ask = askInteraction('When was Mistral AI founded?');
    discord.fake.dispatch('INTERACTION_CREATE', ask);
    expect((await discord.fake.waitForRequest(isEdit(ask.id))).body.embeds[0].description).toContain('founded in April 2023');

    const m2 = mention('And who founded it?');
    discord.fake.dispatch('MESSAGE_CREATE', m2);
    await discord.fake.waitForRequest(replyTo(m2.id));
    expect(discord.logs.filter((l) => l.includes('storage failed'))).toHaveLength(1);

    lock.release();
    lock = undefined;
    const m3 = mention('Where is Mistral based?');
    discord.fake.dispatch('MESSAGE_CREATE', m3);
    await discord.fake.waitForRequest(replyTo(m3.id));
    expect(discord.logs.some((l) => l.includes('storage works again'))).toBe(true);
  });

  it('a vote that cannot be stored gets an apology, not "interaction failed"; /kb status still answers the admin', async () => {
    discord = await createHarness({ busyTimeoutMs: 50 });
    await discord.start();
    lock = lockDatabase(discord.dataDir);
    const vote = buttonInteraction('kbvote:up:en:ans-1');
    discord.fake.dispatch('INTERACTION_CREATE', vote);
    const cb = await discord.fake.waitForRequest(isCallback(vote.id));
    expect(cb.body.data.content).toBe(userMessage('STORAGE_FAILED', 'en'));
    const status = kbInteraction('status', { perms: MANAGE_GUILD });
    discord.fake.dispatch('INTERACTION_CREATE', status);
    expect((await discord.fake.waitForRequest(isCallback(status.id))).body.data.content).toMatch(/Documents: 2/);
  });
});

describe.each(['http', 'socket'] as const)('Slack (%s) under a locked database', (mode) => {
  it('answers a mention and replies to /kb status (it used to stall and send the admin nothing)', async () => {
    const logs: string[] = [];
    slack = await startHarness(mode, { busyTimeoutMs: 50, logger: createLogger('debug', (l) => logs.push(l)) });
    lock = lockDatabase(slack.dataDir);
    const { responseId } = await slack.sendCommand('status', ADMIN);
    const res = await slack.api.waitFor(() => slack!.api.responses.find((r) => r.id === responseId), 5000, 'status reply');
    expect(JSON.stringify(res.body)).toContain('Documents: 2');

    await slack.sendEvent(slackMention('When was Mistral AI founded?'));
    await slack.api.waitFor(() => slack!.api.of('chat.update')[0], 5000, 'answer');
    expect(logs.filter((l) => l.includes('storage failed'))).toHaveLength(1);
  });

  it('a vote that cannot be stored is not thanked for: the user hears it was not saved', async () => {
    slack = await startHarness(mode, { busyTimeoutMs: 50 });
    lock = lockDatabase(slack.dataDir);
    await slack.sendAction(feedbackClick({ user: 'U1', channel: 'C1', messageTs: '1.000', actionId: FEEDBACK_UP, value: 'ans-1' }));
    const eph = await slack.api.waitFor(() => slack!.api.of('chat.postEphemeral')[0], 5000, 'ephemeral');
    expect(eph.args.text).toContain('could not save');
  });
});

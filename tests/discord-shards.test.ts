// DISCORD_SHARDS / DISCORD_SHARD_IDS: real discord.js clients against a fake gateway that routes
// each guild's events to shard (guild_id >> 22) % count, as Discord does. Two guilds, one per shard:
// each process answers its own guild's questions once, and the bot as a whole answers each once.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type DiscordShards } from '../src/config';
import { isBotError } from '../src/errors';
import type { CoverageReports, GapReport } from '../src/reports/types';
import { APP_ID, CHANNEL_B, CHANNEL_ID, GUILD_B, GUILD_ID, alice, askInteraction, guild, guildB, inGuildB, messageCreate } from './fakes/discord-events';
import { createHarness, settle, type Harness } from './fakes/discord-harness';
import { shardOf, startFakeDiscord, type FakeDiscord, type RecordedRequest } from './fakes/discord-server';

const DAY = 86_400_000;

const isCallback = (id: string) => (r: RecordedRequest) => r.path.startsWith(`/interactions/${id}/`);
const isEdit = (id: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/itoken-${id}/messages/@original`);

let fake: FakeDiscord | undefined;
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  await fake?.close();
  fake = undefined;
});

async function shardProcess(shards: DiscordShards, extra: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const h = await createHarness({ server: fake, ...extra, config: { allowDms: true, ...extra.config, shards } });
  harnesses.push(h);
  await h.start();
  return h;
}

/** Sends an /ask in each guild and waits until both are answered. */
async function askBoth(): Promise<{ inA: any; inB: any }> {
  const inA = askInteraction('asked in guild A?');
  const inB = inGuildB(askInteraction('asked in guild B?'));
  fake!.dispatch('INTERACTION_CREATE', inA);
  fake!.dispatch('INTERACTION_CREATE', inB);
  await fake!.waitForRequest(isEdit(inA.id));
  await fake!.waitForRequest(isEdit(inB.id));
  await settle();
  for (const i of [inA, inB]) {
    expect(fake!.requests.filter(isCallback(i.id)), `one acknowledgement of ${i.data.options[0].value}`).toHaveLength(1);
    expect(fake!.requests.filter(isEdit(i.id)), `one answer to ${i.data.options[0].value}`).toHaveLength(1);
  }
  return { inA, inB };
}

describe('Discord sharding', () => {
  it('the fixtures put one guild on each of two shards (else the tests below prove nothing)', () => {
    expect([shardOf(GUILD_B, 2), shardOf(GUILD_ID, 2)]).toEqual([0, 1]);
  });

  it('two processes with DISCORD_SHARD_IDS=0 and =1 each answer their own guild once and never the other one (catches a client that ignores its shard ids)', async () => {
    fake = await startFakeDiscord({ appId: APP_ID, guilds: [guild(), guildB()], recommendedShards: 2 });
    const p0 = await shardProcess({ count: 2, ids: [0] });
    const p1 = await shardProcess({ count: 2, ids: [1] });
    expect(fake.identifies.map((i) => i.shard)).toEqual([[0, 2], [1, 2]]);
    // Each process sees only its shard's guild, as Discord sends it.
    expect(p0.logs.find((l) => l.includes('discord: connected'))).toMatch(/"guilds":1,"shards":\[0\],"shardCount":2/);
    expect(p1.logs.find((l) => l.includes('discord: connected'))).toMatch(/"guilds":1,"shards":\[1\],"shardCount":2/);

    await askBoth();
    expect(p0.bot.asked.map((q) => [q.text, q.channel])).toEqual([['asked in guild B?', CHANNEL_B]]);
    expect(p1.bot.asked.map((q) => [q.text, q.channel])).toEqual([['asked in guild A?', CHANNEL_ID]]);

    // Direct messages belong to no guild: Discord sends them to shard 0 only, so one reply.
    const dm = messageCreate('asked in a DM?', { dm: true, author: alice });
    fake.dispatch('MESSAGE_CREATE', dm);
    await fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === dm.id);
    await settle();
    expect(fake.messagesSent().filter((r) => r.body?.message_reference?.message_id === dm.id)).toHaveLength(1);
    expect(p0.bot.asked.map((q) => q.text)).toContain('asked in a DM?');
    expect(p1.bot.asked.map((q) => q.text)).not.toContain('asked in a DM?');
  });

  it.each([
    ['DISCORD_SHARDS=auto runs the count Discord recommends', { count: 'auto' } as DiscordShards],
    ['DISCORD_SHARDS=2 without DISCORD_SHARD_IDS runs both shards', { count: 2 } as DiscordShards],
  ])('one process: %s and answers both guilds once (catches a shard left unconnected)', async (_name, shards) => {
    fake = await startFakeDiscord({ appId: APP_ID, guilds: [guild(), guildB()], recommendedShards: 2, maxConcurrency: 2 });
    const p = await shardProcess(shards);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
    await askBoth();
    expect(p.bot.asked.map((q) => q.text).sort()).toEqual(['asked in guild A?', 'asked in guild B?']);
  });

  it('the weekly digest is posted once, by the process holding shard 0, not once per process', async () => {
    fake = await startFakeDiscord({ appId: APP_ID, guilds: [guild(), guildB()], recommendedShards: 2 });
    const empty: GapReport = { days: 7, from: Date.now() - 7 * DAY, questions: 0, gaps: 0, groups: [], totalGroups: 0 };
    const reports = { gaps: async () => empty } as unknown as CoverageReports;
    const opts = { reports, config: { digestChannelId: CHANNEL_ID } };
    for (const ids of [[1], [0]]) {
      const h = await createHarness({ server: fake, ...opts, config: { ...opts.config, shards: { count: 2, ids } } });
      harnesses.push(h);
      h.services.digests!.mark(`discord:${CHANNEL_ID}`, Date.now() - 8 * DAY); // due
      await h.start();
    }
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
    await settle();
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`)).toHaveLength(1);
  });
});

describe('DISCORD_SHARDS / DISCORD_SHARD_IDS settings', () => {
  const base = { DISCORD_TOKEN: 't', DISCORD_APP_ID: '123456789012' };
  const read = (env: Record<string, string>) => loadConfig({ ...base, ...env }, '/srv/bot').discord?.shards;

  it.each([
    ['unset: one shard, as before', {}, undefined],
    ['auto', { DISCORD_SHARDS: 'auto' }, { count: 'auto' }],
    ['a count alone: every shard here', { DISCORD_SHARDS: '4' }, { count: 4 }],
    ['ids and ranges, sorted', { DISCORD_SHARDS: '8', DISCORD_SHARD_IDS: '6, 0-2' }, { count: 8, ids: [0, 1, 2, 6] }],
  ])('%s', (_name, env, expected) => {
    expect(read(env)).toEqual(expected);
  });

  it.each([
    ['a count of 0', { DISCORD_SHARDS: '0' }, ['DISCORD_SHARDS="0"', 'auto']],
    ['a word for the count', { DISCORD_SHARDS: 'many' }, ['DISCORD_SHARDS="many"', 'auto']],
    ['ids without a count (the process would not know which guilds are its own)', { DISCORD_SHARD_IDS: '0' }, ['DISCORD_SHARD_IDS="0"', 'Set DISCORD_SHARDS']],
    ['ids with auto (processes could disagree on the total)', { DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: '0,1' }, ['DISCORD_SHARD_IDS="0,1"', 'DISCORD_SHARDS="auto"', 'GET /gateway/bot']],
    ['an id outside the count (its guilds would go to nobody)', { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1-2' }, ['DISCORD_SHARD_IDS="1-2"', 'shard 2', 'ids 0 to 1']],
    ['a reversed range', { DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '3-1' }, ['DISCORD_SHARD_IDS="3-1"', 'e.g. 0,1']],
    ['a repeated id', { DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '0,1,1' }, ['DISCORD_SHARD_IDS="0,1,1"', 'each shard once']],
    ['garbage', { DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: 'first' }, ['DISCORD_SHARD_IDS="first"']],
  ])('%s is refused with the variable, the value and the fix', (_name, env, parts) => {
    let err: unknown;
    try {
      read(env);
    } catch (e) {
      err = e;
    }
    expect(isBotError(err, 'CONFIG_INVALID')).toBe(true);
    for (const part of parts) expect((err as Error).message).toContain(part);
  });

  it('is validated while Discord is off too', () => {
    expect(() => loadConfig({ DISCORD_SHARDS: 'many' }, '/srv/bot')).toThrow(/DISCORD_SHARDS="many"/);
  });
});

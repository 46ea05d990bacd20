// Mentions, thread follow-ups, DMs, intents and gateway reconnects through the real discord.js
// client against the fake Discord.
import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isBotError } from '../src/errors';
import { fakeAnswer } from './helpers/fake-bot';
import { BOT_ROLE_ID, CHANNEL_ID, alice, bob, guild, mention, messageCreate, otherBot, threadChannel } from './fakes/discord-events';
import { createHarness, settle, type Harness } from './fakes/discord-harness';
import { BOT_USER, snowflake, type RecordedRequest } from './fakes/discord-server';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function started(opts: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  h = await createHarness(opts);
  await h.start();
  return h;
}

const postTo = (channelId: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;
const replyTo = (messageId: string) => (r: RecordedRequest) => r.method === 'POST' && r.body?.message_reference?.message_id === messageId;

describe('mentions', () => {
  it('replies to the mention with the answer, shows typing first, and pings nobody', async () => {
    const { fake, bot } = await started();
    const m = mention('When was Mistral AI founded?');
    fake.dispatch('MESSAGE_CREATE', m);
    const reply = await fake.waitForRequest(replyTo(m.id));
    expect(reply.path).toBe(`/channels/${CHANNEL_ID}/messages`);
    expect(reply.body.embeds[0].description).toContain('founded in April 2023');
    expect(reply.body.allowed_mentions).toMatchObject({ parse: [], replied_user: false });
    const typing = fake.requests.findIndex((r) => r.path === `/channels/${CHANNEL_ID}/typing`);
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(fake.requests.indexOf(reply));
    expect(bot.asked[0]).toMatchObject({ text: 'When was Mistral AI founded?', user: alice.id, channel: CHANNEL_ID, platform: 'discord' });
  });

  it('quotes a document containing @everyone in a mention reply without pinging', async () => {
    const { fake, bot } = await started();
    bot.answerWith = () => {
      const a = fakeAnswer({ text: 'Per the memo: @everyone must upgrade [1]' });
      a.citations[0].quote = '@everyone @here must upgrade by Friday';
      return a;
    };
    const m = mention('what does the memo say?');
    fake.dispatch('MESSAGE_CREATE', m);
    const reply = await fake.waitForRequest(replyTo(m.id));
    expect(reply.body.embeds[0].description).toContain('@everyone must upgrade');
    expect(reply.body.embeds[0].fields[0].value).toContain('@everyone @here must upgrade');
    expect(reply.body.allowed_mentions.parse).toEqual([]);
  });

  it("treats a mention of the bot's managed role like a mention of the bot", async () => {
    const { fake, bot } = await started();
    const m = messageCreate(`<@&${BOT_ROLE_ID}> who founded Mistral?`, { mentionRoles: [BOT_ROLE_ID] });
    fake.dispatch('MESSAGE_CREATE', m);
    await fake.waitForRequest(replyTo(m.id));
    expect(bot.asked[0].text).toBe('who founded Mistral?');
  });

  it.each([
    ['its own message (ignoreSelf: would answer itself forever)', () => mention('loop?', { author: BOT_USER })],
    ['another bot (ignoreBots: two bots would talk forever)', () => mention('hi bot', { author: otherBot })],
    ['an @everyone announcement that does not name the bot', () => messageCreate('@everyone meeting at 5', { everyone: true })],
    ['a plain message in a channel', () => messageCreate('what is Mistral?')],
    ['a system message (thread created, pins) that mentions the bot', () => mention('x', { type: 7 })],
    ['a DM while DISCORD_ALLOW_DMS is off', () => messageCreate('what is Mistral?', { dm: true })],
  ])('stays quiet for %s', async (_name, make) => {
    const { fake, bot } = await started();
    fake.dispatch('MESSAGE_CREATE', make());
    await settle();
    expect(fake.messagesSent()).toEqual([]);
    expect(bot.asked).toEqual([]);
  });

  it('answers a bare mention with how to ask, and an over-long one with the refusal', async () => {
    const { fake, bot } = await started({ maxQuestionChars: 50 });
    const bare = mention('');
    fake.dispatch('MESSAGE_CREATE', bare);
    expect((await fake.waitForRequest(replyTo(bare.id))).body.content).toMatch(/Please ask a question/);
    const long = mention('y'.repeat(51));
    fake.dispatch('MESSAGE_CREATE', long);
    expect((await fake.waitForRequest(replyTo(long.id))).body.content).toMatch(/too long/);
    expect(bot.asked).toEqual([]);
  });

  it('apologises briefly when the core crashes, without internals', async () => {
    const { fake, bot } = await started();
    bot.answerWith = () => {
      throw new Error('ECONNREFUSED 10.0.0.7:8080 at Object.<anonymous> (/srv/bot/src/core.ts:12:3)');
    };
    const m = mention('q?');
    fake.dispatch('MESSAGE_CREATE', m);
    const reply = await fake.waitForRequest(replyTo(m.id));
    expect(reply.body.content).toBe('Sorry, something went wrong while answering. Please try again later.');
  });

  it('splits a long mention answer into a reply plus follow-up posts, each within limits and ping-free', async () => {
    const { fake, bot } = await started();
    const text = 'Korean and European labs ship open-weight models. '.repeat(300);
    bot.answerWith = () => fakeAnswer({ text });
    const m = mention('everything?');
    fake.dispatch('MESSAGE_CREATE', m);
    await fake.waitForRequest(replyTo(m.id));
    await settle();
    const posts = fake.requests.filter(postTo(CHANNEL_ID));
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.filter((r) => r.body.message_reference)).toHaveLength(1);
    for (const p of posts) {
      expect(p.body.allowed_mentions.parse).toEqual([]);
      expect(p.body.embeds.every((e: any) => (e.description?.length ?? 0) <= 4096)).toBe(true);
    }
    const shown = posts.flatMap((p) => p.body.embeds.map((e: any) => e.description ?? '')).join(' ');
    expect(shown.replace(/\s+/g, ' ')).toContain(text.trim());
  });

  it('with DISCORD_MENTION_THREADS opens a thread on the question and answers inside it', async () => {
    const { fake, bot } = await started({ config: { mentionThreads: true } });
    const m = mention('Who are the main AI labs in Korea?');
    fake.dispatch('MESSAGE_CREATE', m);
    const answer = await fake.waitForRequest(postTo(m.id));
    const create = fake.requests.find((r) => r.path === `/channels/${CHANNEL_ID}/messages/${m.id}/threads`);
    expect(create?.body.name).toBe('Who are the main AI labs in Korea?');
    expect(answer.body.embeds[0].description).toContain('Mistral');
    expect(bot.asked[0]).toMatchObject({ channel: CHANNEL_ID, thread: m.id });
  });
});

describe('threads and DMs', () => {
  const THREAD = '740000000000000001';

  it('answers a follow-up in a thread the bot started, passing earlier turns as history', async () => {
    h = await createHarness({ fake: { guilds: [guild({ threads: [threadChannel(THREAD, BOT_USER.id)] })] } });
    const { fake, bot } = h;
    const q1 = messageCreate(`<@${BOT_USER.id}> When was Mistral founded?`, { channelId: THREAD, id: snowflake() });
    const a1 = { ...messageCreate('', { channelId: THREAD, author: BOT_USER, id: snowflake() }), embeds: [{ description: 'In April 2023 [1].' }] };
    fake.channelMessages.set(THREAD, [a1, q1]);
    await h.start();
    const m = messageCreate('And who founded it?', { channelId: THREAD });
    fake.dispatch('MESSAGE_CREATE', m);
    await fake.waitForRequest(replyTo(m.id));
    expect(bot.asked[0]).toMatchObject({ text: 'And who founded it?', channel: CHANNEL_ID, thread: THREAD });
    expect(bot.asked[0].history).toEqual([
      { role: 'user', text: 'When was Mistral founded?' },
      { role: 'assistant', text: 'In April 2023 [1].' },
    ]);
  });

  it("ignores messages in someone else's thread unless the bot is mentioned", async () => {
    h = await createHarness({ fake: { guilds: [guild({ threads: [threadChannel(THREAD, bob.id)] })] } });
    await h.start();
    h.fake.dispatch('MESSAGE_CREATE', messageCreate('chatting among ourselves', { channelId: THREAD }));
    await settle();
    expect(h.fake.messagesSent()).toEqual([]);
  });

  it('answers DMs when DISCORD_ALLOW_DMS is on (and only then asks for the DM intent)', async () => {
    const { fake, bot } = await started({ config: { allowDms: true } });
    expect(fake.identifies[0].intents & GatewayIntentBits.DirectMessages).toBeTruthy();
    const m = messageCreate('What is Upstage?', { dm: true });
    fake.dispatch('MESSAGE_CREATE', m);
    const reply = await fake.waitForRequest(replyTo(m.id));
    expect(reply.path).toBe(`/channels/${m.channel_id}/messages`);
    expect(bot.asked[0].text).toBe('What is Upstage?');
  });
});

describe('gateway', () => {
  it('requests only the intents it needs (no members, presences or DMs by default)', async () => {
    const { fake } = await started();
    const intents = fake.identifies[0].intents;
    expect(intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent);
  });

  it('still starts when Message Content is disabled in the portal, and says how to enable it', async () => {
    const { fake, logs } = await started({ fake: { disallowedIntents: GatewayIntentBits.MessageContent } });
    expect(fake.identifies).toHaveLength(2);
    expect(fake.identifies[1].intents & GatewayIntentBits.MessageContent).toBe(0);
    expect(logs.join('\n')).toMatch(/Message Content Intent/);
    const m = mention('still there?');
    fake.dispatch('MESSAGE_CREATE', m);
    await fake.waitForRequest(replyTo(m.id));
  });

  it('fails to start with a clear config error on a bad token', async () => {
    h = await createHarness({ config: { token: 'not-the-token' } });
    const err = await h.start().catch((e: unknown) => e);
    expect(isBotError(err, 'CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/DISCORD_TOKEN/);
  });

  it('after a RECONNECT it resumes, answers what it missed meanwhile, and answers nothing twice', async () => {
    const { fake, bot } = await started();
    const before = mention('first?');
    fake.dispatch('MESSAGE_CREATE', before);
    await fake.waitForRequest(replyTo(before.id));

    fake.requestReconnect();
    await fake.waitForEvent('gateway-close');
    const missed = mention('asked while you were away?');
    fake.dispatch('MESSAGE_CREATE', missed); // kept by the fake and replayed on RESUME, as Discord does
    await fake.waitForEvent('resumed', () => true, 5_000);
    await fake.waitForRequest(replyTo(missed.id));
    // A duplicate dispatch of an already answered message, e.g. replayed with a stale sequence.
    fake.dispatch('MESSAGE_CREATE', before);
    await settle();
    expect(fake.resumes).toHaveLength(1);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.requests.filter(replyTo(before.id))).toHaveLength(1);
    expect(fake.requests.filter(replyTo(missed.id))).toHaveLength(1);
    expect(bot.asked.map((q) => q.text)).toEqual(['first?', 'asked while you were away?']);
  });

  it('an answer being written during a reconnect is still posted, once', async () => {
    const { fake, bot } = await started();
    let release!: () => void;
    bot.answerWith = () => new Promise((resolve) => (release = () => resolve(fakeAnswer())));
    const m = mention('slow?');
    fake.dispatch('MESSAGE_CREATE', m);
    await vi.waitFor(() => expect(bot.asked).toHaveLength(1));
    fake.requestReconnect();
    await fake.waitForEvent('resumed');
    release();
    await fake.waitForRequest(replyTo(m.id));
    await settle();
    expect(fake.requests.filter(replyTo(m.id))).toHaveLength(1);
  });

  it.each([
    ['on the same connection', false],
    ['after a bot restart (the discord.js message cache is gone; only the dedupe store remembers)', true],
  ])('a duplicate MESSAGE_CREATE %s gets one reply', async (_name, restart) => {
    const { fake, bot } = await started();
    const m = mention('once?');
    fake.dispatch('MESSAGE_CREATE', m);
    await fake.waitForRequest(replyTo(m.id));
    if (restart) {
      await h!.stopAdapter();
      await h!.start();
    }
    fake.dispatch('MESSAGE_CREATE', m);
    await settle();
    expect(fake.requests.filter(replyTo(m.id))).toHaveLength(1);
    expect(bot.asked).toHaveLength(1);
  });
});

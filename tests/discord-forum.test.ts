// Forum auto-answer (issue 12 item 4) through the real discord.js client against the fake Discord:
// a new post in a DISCORD_FORUM_CHANNEL_IDS forum (THREAD_CREATE with a starter message) gets the
// answer as its first reply, once; follow-ups in the post are answered without a mention; "Solved"
// applies the configured tag for the poster only. Nothing pings anyone.
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscord } from '../adapters/discord';
import { silentLogger } from '../src/logger';
import { openServices } from '../src/services';
import { createFakeBot, fakeAnswer } from './helpers/fake-bot';
import { FORUM_ID, OTHER_TAG, SOLVED_TAG, alice, bob, buttonInteraction, forumChannel, forumPost, guild, messageCreate } from './fakes/discord-events';
import { createHarness, settle, type Harness } from './fakes/discord-harness';
import type { RecordedRequest } from './fakes/discord-server';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const postsIn = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${id}/messages`;
const isCallback = (id: string) => (r: RecordedRequest) => r.path.startsWith(`/interactions/${id}/`);
const buttonsOf = (body: any) => (body.components ?? []).flatMap((row: any) => row.components);

async function started(forums = [FORUM_ID]) {
  h = await createHarness({ config: { forumChannelIds: forums }, fake: { guilds: [guild({ channels: [forumChannel()] })] } });
  await h.start();
  return h;
}

function newPost(h: Harness, title: string, body: string, owner = alice) {
  const { thread, starter } = forumPost({ title, body, owner });
  h.fake.channelMessages.set(thread.id, [starter]);
  h.fake.channels.set(thread.id, { ...thread });
  h.fake.dispatch('THREAD_CREATE', thread);
  // Discord also sends the starter message as MESSAGE_CREATE in the new thread.
  h.fake.dispatch('MESSAGE_CREATE', starter);
  return { thread, starter };
}

describe('Discord forum auto-answer', () => {
  it('a new post is answered once, as its first reply, from title + body, with 👍/👎 and Solved; no pings', async () => {
    const { fake, bot } = await started();
    bot.answerWith = () => fakeAnswer({ text: 'Mistral AI was founded in April 2023 in Paris [1]. @everyone' });
    const { thread } = newPost(h!, 'Mistral founding date', 'When was Mistral AI founded?');
    const reply = await fake.waitForRequest(postsIn(thread.id));
    expect(reply.body.embeds[0].description).toContain('founded in April 2023');
    expect(reply.body.allowed_mentions).toMatchObject({ parse: [] });
    expect(buttonsOf(reply.body).map((b: any) => b.label)).toEqual(['Helpful', 'Not helpful', 'Solved']);
    expect(bot.asked).toHaveLength(1);
    expect(bot.asked[0]).toMatchObject({ text: 'Mistral founding date\nWhen was Mistral AI founded?', thread: thread.id, channel: FORUM_ID });

    // A redelivered THREAD_CREATE (gateway replay) is not answered again.
    fake.dispatch('THREAD_CREATE', thread);
    await settle(300);
    expect(bot.asked).toHaveLength(1);
    expect(fake.requests.filter(postsIn(thread.id))).toHaveLength(1);

    // A follow-up in the post is answered without a mention, as in bot threads.
    const follow = messageCreate('And who founded it?', { channelId: thread.id, author: alice });
    fake.dispatch('MESSAGE_CREATE', follow);
    await fake.waitForRequest((r) => postsIn(thread.id)(r) && r.body?.message_reference?.message_id === follow.id);
    expect(bot.asked.map((q) => q.text)).toEqual(['Mistral founding date\nWhen was Mistral AI founded?', 'And who founded it?']);
  });

  it('a post replayed after a restart (THREAD_CREATE redelivered to a new client on the same data dir) is not answered twice', async () => {
    const { fake, bot } = await started();
    const { thread, starter } = newPost(h!, 'Mistral founding date', 'When was Mistral AI founded?');
    await fake.waitForRequest(postsIn(thread.id));
    expect(bot.asked).toHaveLength(1);

    // The process goes away; a new one opens the same data dir and connects a new discord.js client,
    // and the gateway replays the post (not in the new client's cache, still marked newly created).
    await h!.stopAdapter();
    const services = openServices(h!.dataDir, { rateLimitPerMinute: 100, logger: silentLogger });
    const next = createFakeBot();
    const adapter = await startDiscord({ bot: next, services, config: h!.config, logger: silentLogger, maxQuestionChars: 500 });
    try {
      fake.dispatch('THREAD_CREATE', thread);
      fake.dispatch('MESSAGE_CREATE', starter);
      await settle(500);
      expect(next.asked).toEqual([]);
      expect(fake.requests.filter(postsIn(thread.id))).toHaveLength(1);

      // The new client does answer posts it has not seen, so the silence above is the dedupe, not a dead client.
      const other = newPost(h!, 'Sovereign AI', 'What is sovereign AI?');
      await fake.waitForRequest(postsIn(other.thread.id));
      expect(next.asked.map((q) => q.text)).toEqual(['Sovereign AI\nWhat is sovereign AI?']);
    } finally {
      await adapter.stop();
      services.close();
    }
  });

  it('a post in a forum not listed is left alone', async () => {
    const { fake, bot } = await started([]);
    const { thread } = newPost(h!, 'Mistral founding date', 'When was Mistral AI founded?');
    await settle(400);
    expect(bot.asked).toEqual([]);
    expect(fake.requests.filter(postsIn(thread.id))).toEqual([]);
  });

  it('Solved applies the forum tag for the poster, keeping the other tags; someone else is refused privately', async () => {
    const { fake } = await started();
    const { thread } = newPost(h!, 'Mistral founding date', 'When was Mistral AI founded?');
    await fake.waitForRequest(postsIn(thread.id));

    const stranger = buttonInteraction('kbsolved', { user: bob, channel: thread });
    fake.dispatch('INTERACTION_CREATE', stranger);
    const no = (await fake.waitForRequest(isCallback(stranger.id))).body;
    expect(no.data.content).toMatch(/Only the person who posted/);
    expect(no.data.flags & 64).toBe(64);
    expect(fake.requests.filter((r) => r.method === 'PATCH' && r.path === `/channels/${thread.id}`)).toEqual([]);

    const mine = buttonInteraction('kbsolved', { user: alice, channel: thread });
    fake.dispatch('INTERACTION_CREATE', mine);
    const ok = (await fake.waitForRequest(isCallback(mine.id))).body;
    expect(ok.data.content).toBe('✅ Marked as solved (Solved).');
    expect(ok.data.allowed_mentions).toMatchObject({ parse: [] });
    const patch = fake.requests.find((r) => r.method === 'PATCH' && r.path === `/channels/${thread.id}`);
    expect(patch?.body.applied_tags).toEqual([OTHER_TAG.id, SOLVED_TAG.id]);
  });
});

describe('forum settings', () => {
  it('a forum name instead of an id in DISCORD_FORUM_CHANNEL_IDS stops start-up naming the variable and the fix', async () => {
    const { loadConfig } = await import('../src/config');
    expect(() => loadConfig({ DISCORD_TOKEN: 't', DISCORD_APP_ID: '123456', DISCORD_FORUM_CHANNEL_IDS: '600000000000000066,#help' })).toThrow(
      /DISCORD_FORUM_CHANNEL_IDS contains "#help", which is not a numeric channel id\. Right-click the forum/,
    );
  });
});

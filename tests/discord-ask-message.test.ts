// "Ask about this message" (message context menu) and /ask from a user install, through the real
// discord.js client against the fake Discord: what the asker sees, who else sees it, and that no
// reply may ever ping anyone.
import { afterEach, describe, expect, it } from 'vitest';
import { userMessage } from '../src/user-messages';
import { fakeAnswer } from './helpers/fake-bot';
import { alice, askInteraction, bob, messageCreate, messageMenuInteraction, type Surface } from './fakes/discord-events';
import { createHarness, settle, type Harness } from './fakes/discord-harness';
import type { RecordedRequest } from './fakes/discord-server';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const EPHEMERAL = 64;
const isCallback = (id: string) => (r: RecordedRequest) => r.path.startsWith(`/interactions/${id}/`);
const isEdit = (id: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/itoken-${id}/messages/@original`);
const isFollowUp = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith(`/itoken-${id}`);
const noPings = (body: any) => {
  expect(body.allowed_mentions.parse).toEqual([]);
  expect(body.allowed_mentions.users ?? []).toEqual([]);
  expect(body.allowed_mentions.roles ?? []).toEqual([]);
};

async function started(opts: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  h = await createHarness(opts);
  await h.start();
  return h;
}

describe('"Ask about this message"', () => {
  it('answers the selected message (mentions left out) privately: ephemeral "thinking…", then the answer embed, no pings', async () => {
    const { fake, bot } = await started();
    const target = messageCreate('When was Mistral AI founded? cc <@600000000000000001>', { author: bob });
    const i = messageMenuInteraction(target);
    fake.dispatch('INTERACTION_CREATE', i);

    const edit = await fake.waitForRequest(isEdit(i.id));
    const [cb] = fake.requests.filter(isCallback(i.id));
    expect(cb.body.type).toBe(5);
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(edit.body.embeds[0].description).toContain('Mistral AI was founded in April 2023 in Paris [1].');
    expect(edit.body.embeds[0].fields[0].name).toBe('[1] Mistral AI — Founding');
    expect(edit.body.components[0].components.map((b: any) => b.label)).toEqual(['Helpful', 'Not helpful']);
    noPings(edit.body);
    // Asked by alice (who clicked), about bob's words.
    expect(bot.asked).toEqual([expect.objectContaining({ text: 'When was Mistral AI founded?', user: alice.id, platform: 'discord', channelKind: 'channel' })]);
    // Nothing in the channel: only the interaction's own reply.
    expect(fake.requests.some((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path))).toBe(false);
  });

  it('keeps the follow-ups of a long answer ephemeral too (catches the rest of the answer leaking to the channel)', async () => {
    const { fake, bot } = await started();
    bot.answerWith = () => fakeAnswer({ text: 'Long answer. '.repeat(900) });
    const i = messageMenuInteraction(messageCreate('Tell me everything about Mistral?', { author: bob }));
    fake.dispatch('INTERACTION_CREATE', i);
    const follow = await fake.waitForRequest(isFollowUp(i.id));
    expect(follow.body.flags & EPHEMERAL).toBe(EPHEMERAL);
    noPings(follow.body);
  });

  it.each([
    ['a message with only a mention', '<@600000000000000002>'],
    ['a message with only custom emoji', '<:pepe:123456789012345678>'],
    ['an empty message (an image or embed only)', ''],
  ])('says privately that %s has no text to ask about, without asking the core', async (_name, content) => {
    const { fake, bot } = await started();
    const i = messageMenuInteraction(messageCreate(content, { author: bob }));
    fake.dispatch('INTERACTION_CREATE', i);
    const cb = await fake.waitForRequest(isCallback(i.id));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.body.data.content).toBe('That message has no text to ask about. Use /ask with your question instead.');
    noPings(cb.body.data);
    await settle(100);
    expect(bot.asked).toHaveLength(0);
  });

  it('shares the rate limit with /ask: over it, a private note and no answer', async () => {
    const { fake, bot } = await started({ rateLimitPerMinute: 1 });
    const first = askInteraction('When was Mistral AI founded?');
    fake.dispatch('INTERACTION_CREATE', first);
    await fake.waitForRequest(isEdit(first.id));
    const i = messageMenuInteraction(messageCreate('And Anthropic?', { author: bob }));
    fake.dispatch('INTERACTION_CREATE', i);
    const cb = await fake.waitForRequest(isCallback(i.id));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.body.data.content).toContain(userMessage('RATE_LIMITED'));
    expect(bot.asked).toHaveLength(1);
  });

  it('answers the same interaction once when Discord delivers it twice', async () => {
    const { fake, bot } = await started();
    const i = messageMenuInteraction(messageCreate('When was Mistral AI founded?', { author: bob }));
    fake.dispatch('INTERACTION_CREATE', i);
    fake.dispatch('INTERACTION_CREATE', i);
    await fake.waitForRequest(isEdit(i.id));
    await settle(200);
    expect(bot.asked).toHaveLength(1);
    expect(fake.requests.filter(isCallback(i.id))).toHaveLength(1);
  });
});

describe('user install: /ask and "Ask about this message" where the bot is not a member', () => {
  it.each<[string, Surface, 'dm' | 'channel']>([
    ['in a group DM between people (context PrivateChannel; was refused as "no DMs")', 'user-install-group-dm', 'dm'],
    ['in a server the bot is not in', 'user-install-guild', 'channel'],
  ])('answers /ask %s through the interaction, visible to the channel as asked', async (_name, surface, channelKind) => {
    const { fake, bot } = await started();
    const i = askInteraction('When was Mistral AI founded?', { surface });
    fake.dispatch('INTERACTION_CREATE', i);
    const edit = await fake.waitForRequest(isEdit(i.id));
    const [cb] = fake.requests.filter(isCallback(i.id));
    expect(cb.body.type).toBe(5);
    expect(cb.body.data?.flags ?? 0).toBe(0);
    expect(edit.body.embeds[0].description).toContain('Mistral AI was founded in April 2023 in Paris [1].');
    noPings(edit.body);
    expect(bot.asked[0]).toMatchObject({ user: alice.id, channelKind });
    expect(fake.requests.some((r) => r.path.startsWith('/channels/'))).toBe(false);
  });

  it('still refuses /ask in the bot\'s own DMs while DISCORD_ALLOW_DMS is off', async () => {
    const { fake, bot } = await started();
    const i = askInteraction('q?', { dm: true });
    fake.dispatch('INTERACTION_CREATE', i);
    const cb = await fake.waitForRequest(isCallback(i.id));
    expect(cb.body.data.content).toBe('I do not answer in DMs here. Please use /ask in the server.');
    expect(bot.asked).toHaveLength(0);
  });

  it('answers "Ask about this message" in a group DM, privately', async () => {
    const { fake, bot } = await started();
    const i = messageMenuInteraction(messageCreate('When was Mistral AI founded?', { author: bob, dm: true }), { surface: 'user-install-group-dm' });
    fake.dispatch('INTERACTION_CREATE', i);
    const edit = await fake.waitForRequest(isEdit(i.id));
    expect(fake.requests.filter(isCallback(i.id))[0].body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(edit.body.embeds[0].description).toContain('Mistral AI was founded');
    expect(bot.asked[0]).toMatchObject({ text: 'When was Mistral AI founded?' });
  });

  it('keeps a huge answer within the five follow-ups Discord allows a user install, 👍/👎 still on the last', async () => {
    const { fake, bot } = await started();
    const many = Array.from({ length: 300 }, (_, n) => ({ ...fakeAnswer().citations[0], n: n + 1, quote: 'q'.repeat(900) }));
    bot.answerWith = () => fakeAnswer({ citations: many });
    const i = askInteraction('everything?', { surface: 'user-install-guild' });
    fake.dispatch('INTERACTION_CREATE', i);
    await fake.waitForRequest(isEdit(i.id));
    await settle(500);
    const follows = fake.requests.filter(isFollowUp(i.id));
    expect(follows).toHaveLength(5);
    expect(follows.at(-1)!.body.components[0].components.map((b: any) => b.label)).toEqual(['Helpful', 'Not helpful']);
    for (const f of follows) noPings(f.body);
  });
});

// Per-channel modes from channels.yml (issue 12 item 6) through the real discord.js client against
// the fake Discord: the core's policy decides. Auto answers question-like messages without a mention
// and stays silent (no typing, no refusal) below min_confidence; off ignores even mentions.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelPolicy } from '../src/types';
import { fakeAnswer } from './helpers/fake-bot';
import { CHANNEL_ID, alice, askInteraction, buttonInteraction, mention, messageCreate } from './fakes/discord-events';
import { createHarness, settle, type Harness } from './fakes/discord-harness';
import type { RecordedRequest } from './fakes/discord-server';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const replyTo = (messageId: string) => (r: RecordedRequest) => r.method === 'POST' && r.body?.message_reference?.message_id === messageId;
const posts = (h: Harness) => h.fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/(messages|typing)$/.test(r.path));

async function started(policy: ChannelPolicy, config: Parameters<typeof createHarness>[0] = {}) {
  h = await createHarness(config);
  h.bot.channelPolicy = (id: string) => (id === CHANNEL_ID ? policy : { mode: 'mention', private: false });
  await h.start();
  return h;
}

describe('channels.yml modes on Discord', () => {
  it('auto: a question without a mention is answered; chatter is not; an answer below min_confidence is withheld without a trace', async () => {
    const { fake, bot } = await started({ mode: 'auto', private: false, minConfidence: 0.5 });
    bot.answerWith = () => fakeAnswer({ confidence: 0.9, text: 'Mistral AI was founded in April 2023 in Paris [1]. @everyone' });
    const q = messageCreate('When was Mistral AI founded?');
    fake.dispatch('MESSAGE_CREATE', q);
    const reply = await fake.waitForRequest(replyTo(q.id));
    expect(reply.body.embeds[0].description).toContain('founded in April 2023');
    expect(reply.body.allowed_mentions).toMatchObject({ parse: [] });

    const before = posts(h!).length;
    fake.dispatch('MESSAGE_CREATE', messageCreate('thanks, lunch at noon'));
    bot.answerWith = () => fakeAnswer({ confidence: 0.2, text: 'A weak guess [1].' });
    fake.dispatch('MESSAGE_CREATE', messageCreate('Who is the CFO of Redfern?'));
    await settle(400);
    expect(bot.asked.map((x) => x.text)).toEqual(['When was Mistral AI founded?', 'Who is the CFO of Redfern?']);
    expect(posts(h!).slice(before)).toEqual([]);
  });

  it('off: even a mention is not answered', async () => {
    const { fake, bot } = await started({ mode: 'off', private: false });
    fake.dispatch('MESSAGE_CREATE', mention('When was Mistral AI founded?'));
    await settle(400);
    expect(bot.asked).toEqual([]);
    expect(posts(h!)).toEqual([]);
  });
});

describe('channels.yml private on Discord (it used to apply to Slack only)', () => {
  const SECRET = 'founded in April 2023';
  const PRIVATE: ChannelPolicy = { mode: 'mention', private: true };
  const inChannel = (h: Harness) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
  const inDm = (h: Harness) => h.fake.requests.filter((r) => r.method === 'POST' && h.fake.dms.has(r.path.split('/')[2]) && r.path.endsWith('/messages'));

  it('a mention is answered to the asker by DM (embed, 👍/👎, no "Ask a person"); the channel gets only a note, never the answer', async () => {
    const { fake, bot } = await started(PRIVATE, { config: { escalationRoleId: '720000000000000077' } });
    bot.answerWith = () => fakeAnswer({ abstained: true, text: `Mistral AI was ${SECRET} in Paris [1].` });
    const q = mention('When was Mistral AI founded?');
    fake.dispatch('MESSAGE_CREATE', q);
    const note = await fake.waitForRequest(replyTo(q.id));
    expect(note.body.content).toContain('sent you the answer in a direct message');
    const open = fake.requests.find((r) => r.method === 'POST' && r.path === '/users/@me/channels');
    expect(open?.body).toMatchObject({ recipient_id: alice.id });
    const [dm] = inDm(h!);
    expect(dm.body.embeds[0].description).toContain(SECRET);
    expect(dm.body.allowed_mentions).toMatchObject({ parse: [] });
    expect(dm.body.components[0].components.map((b: any) => b.label)).toEqual(['Helpful', 'Not helpful']);
    expect(JSON.stringify(inChannel(h!))).not.toContain(SECRET);
    expect(inChannel(h!)).toHaveLength(1);
  });

  it('👎 on the answer in the DM thanks without "Ask a person" (a role ping in a DM would reach nobody)', async () => {
    const { fake, bot } = await started(PRIVATE, { config: { escalationRoleId: '720000000000000077' } });
    const answer = fakeAnswer();
    bot.answerWith = () => answer;
    const q = mention('When was Mistral AI founded?');
    fake.dispatch('MESSAGE_CREATE', q);
    await fake.waitForRequest(replyTo(q.id));
    const down = buttonInteraction(`kbvote:down:en:${answer.id}`, { dm: true });
    fake.dispatch('INTERACTION_CREATE', down);
    const cb = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${down.id}/`));
    expect(cb.body.data.content).toBe('Thanks for the feedback!');
    expect(cb.body.data.components ?? []).toEqual([]);
  });

  it('with DMs closed the asker is told how to get a private answer (/ask), and the answer still stays out of the channel', async () => {
    const { fake, bot } = await started(PRIVATE);
    fake.dmsClosed.add(alice.id);
    bot.answerWith = () => fakeAnswer({ text: `Mistral AI was ${SECRET} in Paris [1].` });
    const q = mention('When was Mistral AI founded?');
    fake.dispatch('MESSAGE_CREATE', q);
    const note = await fake.waitForRequest(replyTo(q.id));
    expect(note.body.content).toMatch(/cannot send you a direct message.*\/ask/);
    await settle(200);
    expect(JSON.stringify(inChannel(h!))).not.toContain(SECRET);
  });

  it('auto + private: a question is answered by DM with no note in the channel (nobody addressed the bot)', async () => {
    const { fake, bot } = await started({ mode: 'auto', private: true, minConfidence: 0.5 });
    bot.answerWith = () => fakeAnswer({ confidence: 0.9, text: `Mistral AI was ${SECRET} in Paris [1].` });
    fake.dispatch('MESSAGE_CREATE', messageCreate('When was Mistral AI founded?'));
    await fake.waitForRequest((r) => r.method === 'POST' && fake.dms.has(r.path.split('/')[2] ?? ''));
    await settle(200);
    expect(inChannel(h!)).toEqual([]);
  });

  it.each([
    ['/ask with private:false (bug: posted for the whole channel)', false],
    ['/ask without the option', undefined],
  ])('%s in a private channel is answered ephemerally', async (_name, option) => {
    const { fake } = await started(PRIVATE);
    const i = askInteraction('When was Mistral AI founded?', option === undefined ? {} : { private: option });
    fake.dispatch('INTERACTION_CREATE', i);
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith('/@original') && r.path.includes(i.token));
    const cb = fake.requests.find((r) => r.path.startsWith(`/interactions/${i.id}/`));
    expect(cb!.body.data.flags & 64).toBe(64);
  });

  it('/ask in a channel that is not private keeps private:false public', async () => {
    const { fake } = await started({ mode: 'mention', private: false });
    const i = askInteraction('When was Mistral AI founded?', { private: false });
    fake.dispatch('INTERACTION_CREATE', i);
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith('/@original') && r.path.includes(i.token));
    const cb = fake.requests.find((r) => r.path.startsWith(`/interactions/${i.id}/`));
    expect((cb!.body.data?.flags ?? 0) & 64).toBe(0);
  });
});

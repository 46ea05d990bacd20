// Per-channel modes from channels.yml (issue 12 item 6) through the real discord.js client against
// the fake Discord: the core's policy decides. Auto answers question-like messages without a mention
// and stays silent (no typing, no refusal) below min_confidence; off ignores even mentions.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelPolicy } from '../src/types';
import { fakeAnswer } from './helpers/fake-bot';
import { CHANNEL_ID, mention, messageCreate } from './fakes/discord-events';
import { createHarness, settle, type Harness } from './fakes/discord-harness';
import type { RecordedRequest } from './fakes/discord-server';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const replyTo = (messageId: string) => (r: RecordedRequest) => r.method === 'POST' && r.body?.message_reference?.message_id === messageId;
const posts = (h: Harness) => h.fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/(messages|typing)$/.test(r.path));

async function started(policy: ChannelPolicy) {
  h = await createHarness();
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

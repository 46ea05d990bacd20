// Per-channel modes from channels.yml (issue 12 item 6) through the real Bolt app against the fake
// Slack: the core's policy decides, the adapter follows it. Auto answers question-like messages
// without a mention and stays silent below min_confidence; off ignores even mentions; private
// answers only the asker. No path sends a live mention.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelPolicy } from '../src/types';
import { fakeAnswer } from './helpers/fake-bot';
import type { ApiCall } from './fakes/slack-api';
import { mention, message, startHarness, type Harness, type Mode } from './fakes/slack-harness';
import { SLACK_LIVE_MENTION } from './helpers/slack-pings';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));
const LIVE = SLACK_LIVE_MENTION;
const PINGS = 'Heads up <!channel> <!here> <@U999>';
const wire = (c: ApiCall) => JSON.stringify([c.args.text, c.args.blocks]);
const chat = (h: Harness) => h.api.calls.filter((c) => c.method.startsWith('chat.'));

const POLICIES: Record<string, ChannelPolicy> = {
  CAUTO: { mode: 'auto', private: false, minConfidence: 0.5 },
  COFF: { mode: 'off', private: false },
  CPRIV: { mode: 'mention', private: true },
};

async function started(mode: Mode) {
  h = await startHarness(mode);
  h.bot.channelPolicy = (id: string) => POLICIES[id] ?? { mode: 'mention', private: false };
  return h;
}

function expectNoPings(h: Harness) {
  for (const c of chat(h)) expect(wire(c), c.method).not.toMatch(LIVE);
}

describe.each<Mode>(['http', 'socket'])('channels.yml modes over %s', (mode) => {
  it('auto: a question with no mention is answered in its thread; chatter is not; an answer below min_confidence is withheld', async () => {
    const h = await started(mode);
    h.bot.answerWith = () => fakeAnswer({ confidence: 0.8, text: `Mistral AI was founded in April 2023 in Paris [1]. ${PINGS}` });
    const q = message('When was Mistral AI founded?', { channel: 'CAUTO' });
    await h.sendEvent(q);
    const posted = await h.api.waitFor(() => chat(h).find((c) => /founded in April 2023/.test(wire(c))), 5000, 'the auto answer');
    expect(posted.args).toMatchObject({ channel: 'CAUTO', thread_ts: q.ts });
    // No "Looking this up…" for a message nobody addressed to the bot.
    expect(chat(h).some((c) => /Looking this up/.test(wire(c)))).toBe(false);

    await h.sendEvent(message('thanks, lunch at noon', { channel: 'CAUTO' }));
    h.bot.answerWith = () => fakeAnswer({ confidence: 0.3, text: 'A weak guess [1].' });
    await h.sendEvent(message('Who is the CFO of Redfern?', { channel: 'CAUTO' }));
    await settle();
    expect(h.bot.asked.map((q) => q.text)).toEqual(['When was Mistral AI founded?', 'Who is the CFO of Redfern?']);
    expect(chat(h).some((c) => /weak guess/.test(wire(c)))).toBe(false);
    expect(chat(h)).toHaveLength(1);
    expectNoPings(h);
  });

  it('off: even a mention is not answered', async () => {
    const h = await started(mode);
    await h.sendEvent(mention('When was Mistral AI founded?', { channel: 'COFF' }));
    await h.sendEvent(message('When was Mistral AI founded?', { channel: 'COFF' }));
    await settle();
    expect(h.bot.asked).toEqual([]);
    expect(chat(h)).toEqual([]);
  });

  it('private: a mention is answered to the asker alone (ephemeral), nothing in the channel', async () => {
    const h = await started(mode);
    h.bot.answerWith = () => fakeAnswer({ text: `Mistral AI was founded in April 2023 in Paris [1]. ${PINGS}` });
    const m = mention('When was Mistral AI founded?', { channel: 'CPRIV', user: 'U5' });
    await h.sendEvent(m);
    const eph = await h.api.waitFor(() => h.api.of('chat.postEphemeral').find((c) => /founded in April 2023/.test(wire(c))), 5000, 'the private answer');
    expect(eph.args).toMatchObject({ channel: 'CPRIV', user: 'U5', thread_ts: m.ts });
    await settle(150);
    expect(h.api.of('chat.postMessage')).toEqual([]);
    expect(h.api.of('chat.update')).toEqual([]);
    expectNoPings(h);
  });
});

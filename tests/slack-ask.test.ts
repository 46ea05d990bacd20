// /ask through the real Bolt app, both transports, against the fake Slack: the answer is private to
// the asker (ephemeral, on the command's response_url), "Share in channel" posts the same answer with
// its sources for everyone exactly once, and nothing on either path can ping anyone.
import { afterEach, describe, expect, it } from 'vitest';
import { userMessage } from '../src/user-messages';
import { fakeAnswer } from './helpers/fake-bot';
import type { ApiCall } from './fakes/slack-api';
import { shareClick, startHarness, type Harness, type Mode } from './fakes/slack-harness';
import { SLACK_LIVE_MENTION, SLACK_PINGS } from './helpers/slack-pings';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
const PINGS = SLACK_PINGS;
const LIVE = SLACK_LIVE_MENTION;
const blockTexts = (blocks: any[] = []): string[] =>
  blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text?.text ?? e.text)]).filter((t): t is string => typeof t === 'string');
const buttons = (blocks: any[] = []) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);

/** The private answer to a /ask, once its response_url got it. */
async function privateAnswer(h: Harness, responseId: string) {
  return (await h.api.waitFor(() => h.api.responses.find((r) => r.id === responseId), 5000, 'the /ask answer')).body;
}

async function click(h: Harness, value: string, id: string, label?: string) {
  await h.sendAction(shareClick({ user: 'U1', channel: 'C1', value, responseUrl: h.api.responseUrl(id), label }));
  return (await h.api.waitFor(() => h.api.responses.find((r) => r.id === id), 5000, `reply to share ${id}`)).body;
}

describe.each<Mode>(['http', 'socket'])('Slack /ask over %s', (mode) => {
  it('answers only the asker (ephemeral, sources, 👍/👎 and Share) and posts nothing in the channel', async () => {
    h = await startHarness(mode);
    const { responseId, ack } = await h.sendCommand('When was Mistral AI founded?', 'U1', 'C1', '/ask');
    // A sign of life with the acknowledgement, for the asker alone.
    expect(ack).toMatchObject({ response_type: 'ephemeral', text: 'Looking this up…' });
    const body = await privateAnswer(h, responseId);

    expect(body.response_type).toBe('ephemeral');
    const texts = blockTexts(body.blocks).join('\n');
    expect(texts).toContain('Mistral AI was founded in April 2023 in Paris [1].');
    expect(texts).toMatch(/\*\[1\]\* \*Mistral AI\* · Founding/);
    expect(buttons(body.blocks).map((b: any) => b.text.text)).toEqual(['👍 Helpful', '👎 Not helpful', 'Share in channel']);
    expect(h.bot.asked[0]).toMatchObject({ text: 'When was Mistral AI founded?', user: 'U1', channel: 'C1', platform: 'slack' });
    await settle();
    expect(h.api.of('chat.postMessage')).toHaveLength(0);
  });

  it('Share posts the same answer with its sources for everyone, once; a second click says it was already shared', async () => {
    h = await startHarness(mode);
    const { responseId } = await h.sendCommand('When was Mistral AI founded?', 'U1', 'C1', '/ask');
    const share = buttons((await privateAnswer(h, responseId)).blocks).find((b: any) => b.action_id === 'kb_share');

    const first = await click(h, share.value, 'share-1');
    expect(first).toMatchObject({ response_type: 'ephemeral', text: 'Shared in the channel.' });
    const [posted] = h.api.of('chat.postMessage');
    expect(posted.args).toMatchObject({ channel: 'C1', unfurl_links: false });
    expect(posted.args.thread_ts).toBeUndefined();
    const texts = blockTexts(posted.args.blocks).join('\n');
    expect(texts).toContain('Asked with /ask: When was Mistral AI founded?');
    expect(texts).toContain('Mistral AI was founded in April 2023 in Paris [1].');
    expect(texts).toMatch(/\*\[1\]\* \*Mistral AI\* · Founding\n>미스트랄AI는 2023년 4월/);
    expect(buttons(posted.args.blocks).map((b: any) => b.action_id)).toEqual(['kb_feedback_up', 'kb_feedback_down']);

    const second = await click(h, share.value, 'share-2');
    expect(second).toMatchObject({ response_type: 'ephemeral', text: 'This answer was already shared in the channel.' });
    await settle();
    expect(h.api.of('chat.postMessage')).toHaveLength(1);
  });

  it('answers a redelivered /ask (same trigger) once', async () => {
    h = await startHarness(mode);
    const first = await h.sendCommand('When was Mistral AI founded?', 'U1', 'C1', '/ask', 'trig-same');
    await privateAnswer(h, first.responseId);
    const again = await h.sendCommand('When was Mistral AI founded?', 'U1', 'C1', '/ask', 'trig-same');
    await settle();
    expect(h.bot.asked).toHaveLength(1);
    expect(h.api.responses.filter((r) => r.id === again.responseId)).toHaveLength(0);
  });

  it('shares through the response_url when the bot is not a member of the channel', async () => {
    h = await startHarness(mode);
    const { responseId } = await h.sendCommand('When was Mistral AI founded?', 'U1', 'C9', '/ask');
    const share = buttons((await privateAnswer(h, responseId)).blocks).find((b: any) => b.action_id === 'kb_share');
    h.api.failures['chat.postMessage'] = ['not_in_channel'];
    await h.sendAction(shareClick({ user: 'U1', channel: 'C9', value: share.value, responseUrl: h.api.responseUrl('share-x') }));
    const bodies = await h.api.waitFor(() => {
      const r = h!.api.responses.filter((x) => x.id === 'share-x');
      return r.length >= 2 ? r.map((x) => x.body) : undefined;
    }, 5000, 'the in-channel post and the notice');
    expect(bodies[0].response_type).toBe('in_channel');
    expect(blockTexts(bodies[0].blocks).join('\n')).toContain('Mistral AI was founded in April 2023');
    expect(bodies[1]).toMatchObject({ response_type: 'ephemeral', text: 'Shared in the channel.' });
  });
});

describe('Slack /ask refusals and safety', () => {
  it('refuses a rate-limited /ask privately, without asking the core', async () => {
    h = await startHarness('http', { rateLimitPerMinute: 1 });
    await privateAnswer(h, (await h.sendCommand('When was Mistral AI founded?', 'U1', 'C1', '/ask')).responseId);
    const { ack, responseId } = await h.sendCommand('And Anthropic?', 'U1', 'C1', '/ask');
    expect(ack).toMatchObject({ response_type: 'ephemeral', text: userMessage('RATE_LIMITED') });
    await settle();
    expect(h.api.responses.filter((r) => r.id === responseId)).toHaveLength(0);
    expect(h.bot.asked).toHaveLength(1);
  });

  it('says an unknown or forgotten answer cannot be shared, and posts nothing', async () => {
    h = await startHarness('http');
    const body = await click(h, 'ans-from-before-a-restart', 'share-old');
    expect(body).toMatchObject({ response_type: 'ephemeral', text: 'That answer is too old to share. Ask again with /ask and share the new answer.' });
    await settle();
    expect(h.api.of('chat.postMessage')).toHaveLength(0);
  });

  it('labels the Share button and its notices in Korean for a Korean question', async () => {
    h = await startHarness('http');
    h.bot.answerWith = () => fakeAnswer({ lang: 'ko', text: '미스트랄AI는 2023년 4월에 설립되었습니다 [1].' });
    const body = await privateAnswer(h, (await h.sendCommand('미스트랄AI는 언제 설립됐어?', 'U1', 'C1', '/ask')).responseId);
    const share = buttons(body.blocks).find((b: any) => b.action_id === 'kb_share');
    expect(share.text.text).toBe('채널에 공유');
    expect(await click(h, share.value, 'share-ko', share.text.text)).toMatchObject({ text: '채널에 공유했습니다.' });
  });

  it('neither the private answer nor the shared copy can ping anyone, even when question and answer carry <!channel>', async () => {
    h = await startHarness('http');
    h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]`, citations: [{ ...fakeAnswer().citations[0], title: PINGS, quote: PINGS }] });
    const { responseId } = await h.sendCommand('what did @here and @channel say?', 'U1', 'C1', '/ask');
    const body = await privateAnswer(h, responseId);
    const share = buttons(body.blocks).find((b: any) => b.action_id === 'kb_share');
    await click(h, share.value, 'share-p');

    const [posted] = h.api.of('chat.postMessage');
    expect(blockTexts(posted.args.blocks).join('\n')).toContain('Heads up');
    expect(blockTexts(posted.args.blocks).join('\n')).toContain('Asked with /ask: what did');
    const outgoing = [...h.api.calls.filter((c: ApiCall) => c.method.startsWith('chat.')).map((c) => c.args), ...h.api.responses.map((r) => r.body)];
    for (const args of outgoing) {
      expect(JSON.stringify([args.text, args.blocks])).not.toMatch(LIVE);
      expect(args.link_names).not.toBe(true);
      expect(args.parse).not.toBe('full');
    }
  });
});

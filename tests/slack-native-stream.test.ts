// Generated answers through Slack's native streaming API (chat.startStream/appendStream/stopStream):
// the real core with the real OpenAI-compatible answerer against the fake model server, through the
// real Bolt app against the fake Slack. What the user sees: the text arriving in order in one
// message, sources and 👍/👎 (context_actions → feedback_buttons) at the end, no leftover
// placeholder; and, where Slack refuses the streaming API, the old placeholder edits and buttons.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_NATIVE } from '../adapters/slack/blocks';
import { createChatAnswerer } from '../src/llm';
import { estimateTokensByChars } from '../src/llm/tokens';
import { silentLogger } from '../src/logger';
import type { KnowledgeBot } from '../src/types';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server';
import { TEAM, type ApiCall } from './fakes/slack-api';
import { blockActions, mention, startHarness, type Harness } from './fakes/slack-harness';
import { cleanup, makeBot, writeSmallKb } from './fixtures/core/small-kb';

const QUESTION = 'How much did Redfern Labs raise?';
const CHUNKS = ['Redfern Labs raised ', '$40 million ', 'in its Series B [1].'];
const FINAL = CHUNKS.join('');

let server: FakeOpenAi;
let core: KnowledgeBot;
let h: Harness | undefined;

beforeAll(async () => {
  server = await startFakeOpenAi();
  const chat = createChatAnswerer(
    { provider: 'openai', model: 'gpt-4o-mini', apiKey: 'test-key-slack-stream-1234', baseUrl: server.url, timeoutMs: 5_000, maxRetries: 0, maxOutputTokens: 200, temperature: 0, contextTokens: 3_000, historyTokens: 800 },
    silentLogger,
    { retry: { baseDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 50 }, partialIntervalMs: 0, countTokens: estimateTokensByChars },
  );
  const bot = makeBot(writeSmallKb(), { chat });
  await bot.ready;
  core = bot as unknown as KnowledgeBot;
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
  server.reset();
});
afterAll(async () => {
  await server.close();
  cleanup();
});

/** The text a streamed message shows: every markdown_text Slack received for it, in order. */
const streamedPieces = (calls: ApiCall[]): string[] =>
  calls.filter((c) => /^chat\.(start|append|stop)Stream$/.test(c.method)).map((c) => c.args.markdown_text ?? '');
const threadOf = (h: Harness, channel: string, ts: string) => h.api.messages.filter((m) => m.channel === channel && m.thread_ts === ts && m.bot_id);

async function ask(h: Harness, text = QUESTION) {
  const ev = mention(text, { channel: 'C1', user: 'U5' });
  await h.sendEvent({ ...ev, team: TEAM });
  return ev;
}

describe('Slack native streaming of generated answers', () => {
  it('streams the answer into one thread message in order, then ends it with sources and the feedback_buttons block', async () => {
    h = await startHarness('http', { core, partialEveryMs: 30 });
    h.api.streaming = 'on';
    server.enqueue({ kind: 'stream', chunks: CHUNKS, chunkDelayMs: 60 });
    const ev = await ask(h);
    const stop = await h.api.waitFor(() => h!.api.of('chat.stopStream')[0], 10_000, 'chat.stopStream');

    const start = h.api.of('chat.startStream')[0];
    expect(start.args).toMatchObject({ channel: 'C1', thread_ts: ev.ts, recipient_user_id: 'U5', recipient_team_id: TEAM });
    // Arrived piece by piece (not one final dump), in order, adding up to exactly the answer.
    const pieces = streamedPieces(h.api.calls);
    expect(pieces.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(pieces.join('')).toBe(FINAL);
    expect(h.api.of('chat.appendStream').length).toBeGreaterThanOrEqual(1);

    // What the thread shows at the end: one bot message, the answer, its source, native 👍/👎.
    const shown = threadOf(h, 'C1', ev.ts);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ ts: stop.args.ts, text: FINAL, streaming: false });
    const blocks = JSON.stringify(shown[0].blocks);
    expect(blocks).toContain('Sources');
    expect(blocks).toMatch(/Redfern/);
    const feedback = shown[0].blocks!.find((b: any) => b.type === 'context_actions');
    expect(feedback.elements[0]).toMatchObject({ type: 'feedback_buttons', action_id: FEEDBACK_NATIVE, positive_button: { value: expect.stringMatching(/^up:/) }, negative_button: { value: expect.stringMatching(/^down:/) } });
    expect(shown[0].blocks!.some((b: any) => b.type === 'actions')).toBe(false);
    // The placeholder is gone rather than left saying "Looking this up…" above the answer.
    expect(h.api.of('chat.delete')).toHaveLength(1);
    expect(h.api.of('chat.update')).toHaveLength(0);
  });

  it('records a vote from the native 👍/👎 and thanks the voter privately in the thread', async () => {
    h = await startHarness('http', { core, partialEveryMs: 30 });
    h.api.streaming = 'on';
    server.enqueue({ kind: 'stream', chunks: CHUNKS, chunkDelayMs: 30 });
    const ev = await ask(h);
    const stop = await h.api.waitFor(() => h!.api.of('chat.stopStream')[0], 10_000, 'chat.stopStream');
    const button = (stop.args.blocks as any[]).find((b) => b.type === 'context_actions').elements[0];
    const answerId = String(button.negative_button.value).slice('down:'.length);

    await h.sendAction(nativeFeedbackClick({ user: 'U7', channel: 'C1', messageTs: stop.args.ts, threadTs: ev.ts, value: button.negative_button.value }));
    await h.api.waitFor(() => h!.api.of('chat.postEphemeral').length === 1, 5000, 'thank-you');
    expect((await h.services.feedback.votes(answerId))).toEqual([expect.objectContaining({ user: 'U7', vote: 'down' })]);
    expect(h.api.of('chat.postEphemeral')[0].args).toMatchObject({ channel: 'C1', user: 'U7', thread_ts: ev.ts });
  });

  it('falls back to editing the placeholder, with the old buttons, when Slack answers unknown_method, and stops asking', async () => {
    h = await startHarness('http', { core, partialEveryMs: 30 });
    h.api.streaming = 'unknown_method';
    server.enqueue({ kind: 'stream', chunks: CHUNKS, chunkDelayMs: 60 }, { kind: 'stream', chunks: CHUNKS, chunkDelayMs: 60 });
    const first = await ask(h);
    const isFinal = (c: ApiCall) => c.args.blocks?.some((b: any) => b.type === 'actions');
    await h.api.waitFor(() => h!.api.of('chat.update').some(isFinal), 10_000, 'first answer');
    await ask(h);
    await h.api.waitFor(() => h!.api.of('chat.update').filter(isFinal).length === 2, 10_000, 'second answer');

    // Tried once; the second answer went straight to edits.
    expect(h.api.of('chat.startStream')).toHaveLength(1);
    const updates = h.api.of('chat.update');
    const final = updates.filter(isFinal)[0];
    expect(final.args.text).toBe(FINAL);
    expect(final.args.blocks.find((b: any) => b.type === 'actions').elements.map((e: any) => e.action_id)).toEqual(['kb_feedback_up', 'kb_feedback_down']);
    // The partial edits showed the answer growing before the final one.
    expect(updates.some((c) => !isFinal(c) && /Redfern Labs raised/.test(c.args.blocks?.[0]?.text?.text ?? ''))).toBe(true);
    expect(threadOf(h, 'C1', first.ts)).toHaveLength(1);
  });

  it('replaces the streamed message with the full answer and buttons when chat.stopStream refuses the blocks', async () => {
    h = await startHarness('http', { core, partialEveryMs: 30 });
    h.api.streaming = 'on';
    h.api.failures['chat.stopStream'] = ['invalid_blocks'];
    server.enqueue({ kind: 'stream', chunks: CHUNKS, chunkDelayMs: 40 });
    const ev = await ask(h);
    const stop = await h.api.waitFor(() => h!.api.of('chat.stopStream')[0], 10_000, 'chat.stopStream');
    const update = await h.api.waitFor(() => h!.api.of('chat.update').find((c) => c.args.ts === stop.args.ts), 10_000, 'replacement');
    const shown = threadOf(h, 'C1', ev.ts);
    expect(shown).toHaveLength(1);
    expect(update.args.text).toBe(FINAL);
    expect(JSON.stringify(shown[0].blocks)).toContain('Sources');
    expect(shown[0].blocks!.some((b: any) => b.type === 'actions')).toBe(true);
  });

  it('never streams an offline (extractive) answer: it is instant, so the placeholder is edited once', async () => {
    // Regression guard: no partials means no stream, however the flag is set.
    const offline = makeBot(writeSmallKb());
    await offline.ready;
    h = await startHarness('http', { core: offline as unknown as KnowledgeBot, partialEveryMs: 30 });
    h.api.streaming = 'on';
    await ask(h);
    const update = await h.api.waitFor(() => h!.api.of('chat.update')[0], 10_000, 'answer');
    expect(JSON.stringify(update.args.blocks)).toMatch(/Redfern/);
    expect(h.api.of('chat.startStream')).toHaveLength(0);
  });
});

/** A block_actions payload for a click on Slack's feedback_buttons element. */
function nativeFeedbackClick(o: { user: string; channel: string; messageTs: string; threadTs?: string; value: string }) {
  return blockActions({
    user: o.user,
    channel: o.channel,
    trigger: 'trig-fb',
    message: { ts: o.messageTs, thread_ts: o.threadTs },
    action: { type: 'feedback_buttons', action_id: FEEDBACK_NATIVE, block_id: 'kb_feedback', label: '👎 Not helpful', value: o.value },
  });
}

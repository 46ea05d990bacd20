// A model answer that was cut off (finish_reason "length", or a stream that ends without finishing)
// must not be shown as complete: the core falls back to the quoted answer and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatAnswerer } from '../src/llm';
import { silentLogger } from '../src/logger';
import { startFakeOpenAi, type FakeOpenAi, type Scripted } from './fakes/openai-server';
import { cleanup, makeBot, q, writeSmallKb } from './fixtures/core/small-kb';

let server: FakeOpenAi;
beforeAll(async () => {
  server = await startFakeOpenAi();
});
afterAll(async () => {
  await server.close();
  cleanup();
});

const base = { id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
const chunk = (content: string, finish: string | null = null) => `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
const sse = (body: string): Scripted => ({ kind: 'raw', contentType: 'text/event-stream', body });

describe('a truncated model answer', () => {
  it.each<[string, Scripted]>([
    ['finish_reason "length" (out of output tokens)', sse(chunk('Redfern Labs raised $40 million [1] and later went bankr') + chunk('', 'length') + 'data: [DONE]\n\n')],
    ['a stream cut before it finished (no finish_reason, no [DONE])', sse(chunk('Redfern Labs raised $40 million [1] and later went bankr'))],
  ])('%s is not posted as a full answer: the quoted answer is, with a notice', async (_name, reply) => {
    server.reset();
    // One reply per attempt: the dropped stream may be retried once.
    server.enqueue(reply, reply, reply);
    const chat = createChatAnswerer(
      { provider: 'openai', model: 'gpt-4o-mini', apiKey: 'k-test', baseUrl: server.url, timeoutMs: 2000, maxRetries: 1, maxOutputTokens: 50, temperature: 0, contextTokens: 3000, historyTokens: 800 },
      silentLogger,
      { retry: { baseDelayMs: 10, maxDelayMs: 20, retryAfterCapMs: 100 } },
    );
    const bot = makeBot(writeSmallKb(), { inMemory: true, chat });
    await bot.ready;
    const a = await bot.ask(q('How much did Redfern Labs raise?'));
    expect(a.text).not.toContain('bankr');
    expect(a.text).toContain('$40 million');
    expect(a.mode.kind).toBe('offline');
    expect(a.notice).toMatch(/unusable answer/);
  });

  it('a complete stream is still used (the check does not reject good answers)', async () => {
    server.reset();
    server.enqueue(sse(chunk('Redfern Labs raised $40 million [1].') + chunk('', 'stop') + 'data: [DONE]\n\n'));
    const chat = createChatAnswerer(
      { provider: 'openai', model: 'gpt-4o-mini', apiKey: 'k-test', baseUrl: server.url, timeoutMs: 2000, maxRetries: 0, maxOutputTokens: 50, temperature: 0, contextTokens: 3000, historyTokens: 800 },
      silentLogger,
    );
    const bot = makeBot(writeSmallKb(), { inMemory: true, chat });
    await bot.ready;
    const a = await bot.ask(q('How much did Redfern Labs raise?'));
    expect(a.mode).toEqual({ kind: 'llm', model: 'openai:gpt-4o-mini' });
    expect(a.text).toBe('Redfern Labs raised $40 million [1].');
  });
});

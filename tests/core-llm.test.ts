// The core with a generated-answer model: the real answerer (langchain + OpenAI client) against a
// local OpenAI-compatible server. The core must map the model's [n] to the passages it sent, fall
// back to the extractive answer (and say so) when the model fails, and never call the model for a
// question about something the documents never mention.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LlmConfig } from '../src/config';
import { estimateTokensByChars } from '../src/llm/tokens';
import { createChatAnswerer, SENTINEL } from '../src/llm';
import { silentLogger } from '../src/logger';
import type { Turn } from '../src/types';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server';
import { cleanup, makeBot, q, writeSmallKb } from './fixtures/core/small-kb';

let server: FakeOpenAi;
let bot: ReturnType<typeof makeBot>;

const RAISE = 'How much did Redfern Labs raise?';

function llmConfig(over: Partial<LlmConfig> = {}): LlmConfig {
  return {
    provider: 'openai',
    model: 'gpt-4o-mini',
    apiKey: 'test-key-core-llm-1234',
    baseUrl: server.url,
    timeoutMs: 2_000,
    maxRetries: 1,
    maxOutputTokens: 200,
    temperature: 0,
    contextTokens: 3_000,
    historyTokens: 800,
    ...over,
  };
}

function botWith(over: Partial<LlmConfig> = {}) {
  const chat = createChatAnswerer(llmConfig(over), silentLogger, {
    retry: { baseDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 50 },
    partialIntervalMs: 0,
    countTokens: estimateTokensByChars,
  });
  return makeBot(knowledgeDir, { chat });
}

/** Passage number → document, as the model saw them in the request. */
function passagesSent(body: any): Map<number, string> {
  const user = body.messages.find((m: any) => m.role === 'user').content as string;
  return new Map([...user.matchAll(/<passage n="(\d+)"[^>]* source="([^"]*)">/g)].map((m) => [Number(m[1]), m[2]]));
}

let knowledgeDir: string;

beforeAll(async () => {
  server = await startFakeOpenAi();
  knowledgeDir = writeSmallKb();
  bot = botWith();
  await bot.ready;
});
afterEach(() => server.reset());
afterAll(async () => {
  await server.close();
  cleanup();
});

describe('generated answers', () => {
  it('a streamed answer with [1] is an llm answer citing passage 1, with partials on the way', async () => {
    server.enqueue({ kind: 'stream', chunks: ['Redfern Labs raised ', '$40 million ', 'in its Series B [1].'], usage: { prompt_tokens: 300, completion_tokens: 12 } });
    const partials: string[] = [];
    const a = await bot.ask(q(RAISE), { onPartial: (t) => partials.push(t) });

    expect(server.requests).toHaveLength(1);
    const sent = passagesSent(server.requests[0].body);
    expect(a.mode).toEqual({ kind: 'llm', model: 'openai:gpt-4o-mini' });
    expect(a.abstained).toBe(false);
    expect(a.notice).toBeUndefined();
    expect(a.text).toBe('Redfern Labs raised $40 million in its Series B [1].');
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]).toMatchObject({ n: 1, docId: sent.get(1), source: sent.get(1) });
    expect(a.citations[0].docId).toBe('redfern.md');
    expect(a.citations[0].quote.length).toBeGreaterThan(0);
    expect(partials.length).toBeGreaterThan(0);
    expect(partials[partials.length - 1]).toBe(a.text);
    expect(a.usage).toMatchObject({ promptTokens: 300, completionTokens: 12 });
  });

  it('[n] maps to the n-th passage sent, not the first (off-by-one in citation mapping)', async () => {
    server.enqueue({ kind: 'stream', chunks: ['Bluewave was founded in 2019 [2].'] });
    const a = await bot.ask(q('When was Bluewave founded, and how much did Redfern Labs raise?'));
    const sent = passagesSent(server.requests[0].body);
    // Passages 1 and 2 come from different documents, or this test could not tell them apart.
    expect(sent.get(2)).not.toBe(sent.get(1));
    expect(a.citations.map((c) => c.n)).toEqual([2]);
    expect(a.citations[0].docId).toBe(sent.get(2));
  });

  it('the request carries the thread history (a follow-up has its context)', async () => {
    server.enqueue({ kind: 'stream', chunks: ['Northgate Capital led it [1].'] });
    const history: Turn[] = [
      { role: 'user', text: 'How much did Redfern Labs raise?' },
      { role: 'assistant', text: 'Redfern Labs raised $40 million [1].' },
    ];
    const a = await bot.ask(q('Who led that Series B round?', { history }));
    expect(a.mode.kind).toBe('llm');
    const user = server.requests[0].body.messages.find((m: any) => m.role === 'user').content as string;
    expect(user).toContain('<thread_history>');
    expect(user).toContain('<turn role="user">How much did Redfern Labs raise?</turn>');
    expect(user).toContain('<turn role="assistant">Redfern Labs raised $40 million [1].</turn>');
    expect(user.indexOf('<thread_history>')).toBeLessThan(user.indexOf('<question>'));
  });

  it(`the sentinel ${SENTINEL} makes an abstention with no citations`, async () => {
    server.enqueue({ kind: 'stream', chunks: [SENTINEL] });
    const a = await bot.ask(q('What battery chemistry does Redfern Labs use?'));
    expect(server.requests).toHaveLength(1);
    expect(a.abstained).toBe(true);
    expect(a.citations).toEqual([]);
    expect(a.text).not.toContain(SENTINEL);
    expect(a.text).toMatch(/couldn't find/);
  });

  it('an answer that cites no passage is replaced by the quoted documents, with a notice (uncited text reaches users)', async () => {
    server.enqueue({ kind: 'stream', chunks: ['Redfern Labs raised a lot of money.'] });
    const a = await bot.ask(q(RAISE));
    expect(server.requests).toHaveLength(1);
    expect(a.mode).toEqual({ kind: 'offline' });
    expect(a.text).toContain('$40 million');
    expect(a.citations[0].docId).toBe('redfern.md');
    expect(a.notice).toMatch(/cited no passage/);
  });

  it.each([
    ['an unknown company', 'Who founded Greenfield AI?'],
    ['a year the documents never mention', 'What did Redfern Labs do in 2017?'],
  ])('a question about %s abstains without calling the model (no paid call, no invented answer)', async (_what, question) => {
    const a = await bot.ask(q(question));
    expect(a.abstained).toBe(true);
    expect(a.citations).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('a failing model falls back to the extractive answer and says so', () => {
  it('HTTP 500 on every attempt: offline answer with the fact, citations and a notice', async () => {
    server.enqueue(
      { kind: 'status', status: 500, body: { error: { message: 'boom', type: 'server_error' } } },
      { kind: 'status', status: 500, body: { error: { message: 'boom', type: 'server_error' } } },
    );
    const a = await bot.ask(q(RAISE));
    expect(server.requests).toHaveLength(2); // one retry (maxRetries 1), then the fallback
    expect(a.mode).toEqual({ kind: 'offline' });
    expect(a.abstained).toBe(false);
    expect(a.text).toContain('$40 million');
    expect(a.citations[0].docId).toBe('redfern.md');
    expect(a.notice).toMatch(/language model/i);
    expect(a.notice).toMatch(/quotes the documents/);
  });

  it('a Korean question gets the notice in Korean', async () => {
    server.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const a = await bot.ask(q('블루웨이브 투자 얼마 유치했어?'));
    expect(a.mode.kind).toBe('offline');
    expect(a.text).toContain('150억원');
    expect(a.notice).toMatch(/언어 모델/);
    expect(a.notice).toMatch(/인용한 답변/);
  });

  it('a model that never answers times out into the extractive answer with a "did not answer in time" notice', async () => {
    const slow = botWith({ timeoutMs: 200, maxRetries: 0 });
    await slow.ready;
    server.enqueue({ kind: 'hang' });
    const a = await slow.ask(q(RAISE));
    expect(a.mode.kind).toBe('offline');
    expect(a.text).toContain('$40 million');
    expect(a.notice).toMatch(/did not answer in time/);
  });

  it('a rejected key (401) is not retried and falls back with an auth notice', async () => {
    server.enqueue({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } });
    const a = await bot.ask(q(RAISE));
    expect(server.requests).toHaveLength(1);
    expect(a.mode.kind).toBe('offline');
    expect(a.notice).toMatch(/credentials/);
    expect(a.text).toContain('$40 million');
  });
});

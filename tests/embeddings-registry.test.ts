import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddingsConfig } from '../src/config';
import { createEmbeddings } from '../src/embeddings/registry';
import { OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { BotError, isBotError } from '../src/errors';

const KEY = 'sk-test-SECRET-0123456789abcdef';

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  body: { model?: string; input?: string | string[]; encoding_format?: string };
}

/** A small OpenAI-compatible /v1/embeddings server; `reply` decides each answer. */
class FakeOpenAI {
  requests: Recorded[] = [];
  reply: (req: Recorded, n: number) => { status: number; body: unknown } | 'hang' = (req) => ({ status: 200, body: vectorsFor(req) });
  private server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: raw ? JSON.parse(raw) : {} };
      this.requests.push(rec);
      const out = this.reply(rec, this.requests.length);
      if (out === 'hang') return; // never answers: the client's timeout must fire
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.body));
    });
  });
  baseUrl = '';
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

/** Vector i is [len(text), i, 1]: distinct per input and easy to check. */
function vectorsFor(req: Recorded) {
  const inputs = Array.isArray(req.body.input) ? req.body.input : [req.body.input ?? ''];
  return {
    object: 'list',
    model: req.body.model,
    data: inputs.map((t, i) => ({ object: 'embedding', index: i, embedding: [t.length, i, 1] })),
    usage: { prompt_tokens: 1, total_tokens: 1 },
  };
}

const server = new FakeOpenAI();
beforeAll(() => server.start());
afterAll(() => server.stop());
afterEach(() => {
  server.requests = [];
  server.reply = (req) => ({ status: 200, body: vectorsFor(req) });
});

const openaiCfg = (over: Partial<EmbeddingsConfig> = {}): EmbeddingsConfig => ({
  provider: 'openai',
  model: 'text-embedding-3-small',
  apiKey: KEY,
  baseUrl: server.baseUrl,
  timeoutMs: 5_000,
  ...over,
});

async function failure(p: Promise<unknown>): Promise<BotError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(isBotError(err, 'EMBEDDINGS_FAILED')).toBe(true);
  return err as BotError;
}

describe('createEmbeddings', () => {
  it('local:hash-v1 is the offline embedder and needs no server', async () => {
    const { embeddings, id } = createEmbeddings({ provider: 'local', model: 'hash-v1', timeoutMs: 1000 });
    expect(id).toBe('local:hash-v1');
    expect(embeddings).toBeInstanceOf(OfflineHashEmbeddings);
    expect(await embeddings.embedQuery('OpenAI')).toHaveLength(128);
    expect(server.requests).toHaveLength(0);
  });

  it('an unknown local model is a config error naming the fix', () => {
    expect(() => createEmbeddings({ provider: 'local', model: 'minilm', timeoutMs: 1000 })).toThrow(/local:hash-v1/);
  });

  it('openai: sends model, inputs and the key to /v1/embeddings and returns the vectors in order', async () => {
    const { embeddings, id } = createEmbeddings(openaiCfg(), { maxRetries: 0 });
    expect(id).toBe('openai:text-embedding-3-small');
    const vectors = await embeddings.embedDocuments(['OpenAI', 'Anthropic Claude']);
    expect(vectors).toEqual([[6, 0, 1], [16, 1, 1]]);
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/embeddings');
    expect(req.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body.model).toBe('text-embedding-3-small');
    expect(req.body.input).toEqual(['OpenAI', 'Anthropic Claude']);
    // float, not the SDK's default base64: several OpenAI-compatible servers only speak float.
    expect(req.body.encoding_format).toBe('float');
  });

  it('openai: embedQuery sends one input', async () => {
    const { embeddings } = createEmbeddings(openaiCfg(), { maxRetries: 0 });
    expect(await embeddings.embedQuery('미스트랄AI')).toEqual([6, 0, 1]);
    expect(server.requests[0].body.input).toBe('미스트랄AI');
  });

  it('openai: splits large inputs into batches — catches one huge request a local server rejects', async () => {
    const { embeddings } = createEmbeddings(openaiCfg(), { maxRetries: 0, batchSize: 2 });
    const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
    const vectors = await embeddings.embedDocuments(texts);
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => r.body.input)).toEqual([['a', 'bb'], ['ccc', 'dddd'], ['eeeee']]);
  });

  it('openai: a base URL without a key works (Ollama, vLLM)', async () => {
    const { embeddings } = createEmbeddings(openaiCfg({ apiKey: undefined, model: 'nomic-embed-text' }), { maxRetries: 0 });
    expect(await embeddings.embedQuery('hello')).toEqual([5, 0, 1]);
    expect(server.requests[0].body.model).toBe('nomic-embed-text');
  });

  it.each([
    [500, { error: { message: `upstream exploded while handling Bearer ${KEY}` } }],
    [401, { error: { message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key' } }],
    [429, { error: { message: 'Rate limit reached', code: 'insufficient_quota' } }],
  ])('openai: HTTP %i becomes EMBEDDINGS_FAILED without the key in the message', async (status, body) => {
    server.reply = () => ({ status, body });
    const { embeddings } = createEmbeddings(openaiCfg(), { maxRetries: 0 });
    const err = await failure(embeddings.embedDocuments(['x']));
    expect(err.message).toContain(`HTTP ${status}`);
    expect(err.message).toContain('openai:text-embedding-3-small');
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain('SECRET');
    expect(err.cause).toBeDefined();
  });

  it('openai: retries a 500 once when asked, then succeeds', async () => {
    server.reply = (req, n) => (n === 1 ? { status: 500, body: { error: { message: 'boom' } } } : { status: 200, body: vectorsFor(req) });
    const { embeddings } = createEmbeddings(openaiCfg(), { maxRetries: 1 });
    expect(await embeddings.embedQuery('abc')).toEqual([3, 0, 1]);
    expect(server.requests).toHaveLength(2);
  });

  it('openai: a server that never answers fails after the timeout instead of hanging a reload', async () => {
    server.reply = () => 'hang';
    const { embeddings } = createEmbeddings(openaiCfg({ timeoutMs: 300 }), { maxRetries: 0 });
    const started = Date.now();
    await failure(embeddings.embedQuery('x'));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each([
    ['too few vectors', (req: Recorded) => ({ ...vectorsFor(req), data: vectorsFor(req).data.slice(0, 1) })],
    ['ragged vectors', (req: Recorded) => ({ ...vectorsFor(req), data: [{ index: 0, embedding: [1, 2, 3] }, { index: 1, embedding: [1] }] })],
    ['non-numbers', (req: Recorded) => ({ ...vectorsFor(req), data: [{ index: 0, embedding: ['a', 2, 3] }, { index: 1, embedding: [1, 2, 3] }] })],
  ])('openai: a malformed answer (%s) is EMBEDDINGS_FAILED, not a corrupt index', async (_name, body) => {
    server.reply = (req) => ({ status: 200, body: body(req) });
    const { embeddings } = createEmbeddings(openaiCfg(), { maxRetries: 0 });
    await failure(embeddings.embedDocuments(['one', 'two']));
  });
});

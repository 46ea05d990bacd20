// An embeddings provider that is down (HTTP 500) or hangs must not fail every question: the core
// answers from keyword search alone, quickly, and says so in the one-line notice.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { createEmbeddings } from '../src/embeddings/registry';
import { cleanup, makeBot, q, writeSmallKb } from './fixtures/core/small-kb';

type Mode = 'ok' | 'error' | 'hang';
let mode: Mode = 'ok';
const local = new OfflineHashEmbeddings();
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', async () => {
    if (mode === 'hang') return;
    if (mode === 'error') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'upstream down' } }));
      return;
    }
    const body = JSON.parse(raw) as { input: string | string[] };
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const vectors = await local.embedDocuments(inputs);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })), usage: { prompt_tokens: 1, total_tokens: 1 } }));
  });
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  cleanup();
});

describe('questions during an embeddings outage', () => {
  it.each<[string, Mode]>([
    ['server answers 500 (every question used to fail after the retries)', 'error'],
    ['server hangs (every question used to wait for the provider timeout, then fail)', 'hang'],
  ])('%s: answered from keyword search with the notice, within the deadline', async (_name, outage) => {
    mode = 'ok';
    const { embeddings, id } = createEmbeddings({ provider: 'openai', model: 'test-embed', baseUrl, apiKey: 'sk-test-000000000000', timeoutMs: 20_000 });
    const bot = makeBot(writeSmallKb(), { embeddings, embeddingsId: id, inMemory: true, queryEmbeddingTimeoutMs: 500 });
    await bot.ready;
    const healthy = await bot.ask(q('How much did Redfern Labs raise?'));
    expect(healthy.notice).toBeUndefined();

    mode = outage;
    const t0 = Date.now();
    const a = await bot.ask(q('How much did Redfern Labs raise?'));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(a.abstained).toBe(false);
    expect(a.text).toContain('$40 million');
    expect(a.notice).toMatch(/keyword search alone/);
  });
});

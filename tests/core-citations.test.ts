// A generated answer's [n] must point at exactly the passage the model saw as n: the citation's
// quote, start and end are checked against the passage text in the request and the document's
// text, so a citation that lands on the neighbouring passage of the same document fails.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LlmConfig } from '../src/config';
import { loadKnowledge } from '../src/ingest/loader';
import type { KnowledgeDocument } from '../src/ingest/types';
import { createChatAnswerer } from '../src/llm';
import { estimateTokensByChars } from '../src/llm/tokens';
import { silentLogger } from '../src/logger';
import type { Answer } from '../src/types';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server';
import { cleanup, makeBot, q, writeSmallKb } from './fixtures/core/small-kb';

// One long document: its passages are neighbours in the same document, so docId alone cannot tell them apart.
const ARGENT = `---
title: Argent Robotics annual review
---

# Argent Robotics annual review

## Funding

Argent Robotics raised $65 million in a Series C round in March 2024. The round was led by Halvard Partners, with Meridian Ventures and two pension funds joining. The company said the money would pay for a second factory and for hiring two hundred engineers over the next eighteen months. Earlier rounds had raised $30 million in total.

## Factories

Argent Robotics opened its first factory in Tampere, Finland, in 2021. The plant assembles warehouse robots and employs about four hundred people on two shifts. A second factory in Gdansk, Poland, is planned for 2026 and should double the output of the Tampere plant within two years of opening.

## Products

The company's main product is the Argent Picker, a warehouse robot that picks parcels from shelves. The Picker was first sold in 2022 and more than three thousand units now run in warehouses across Europe. A smaller model for pharmacies, the Argent Mini, is being tested with two customers in Sweden.

## People

Argent Robotics was founded by Liisa Korhonen and Tomasz Wójcik, who met at Aalto University. Korhonen is the chief executive; Wójcik leads engineering. The company has about nine hundred employees, most of them in Finland.
`;

let server: FakeOpenAi;
let bot: ReturnType<typeof makeBot>;
let docs: Map<string, KnowledgeDocument>;

beforeAll(async () => {
  server = await startFakeOpenAi();
  const dir = writeSmallKb({ 'argent.md': ARGENT });
  const config: LlmConfig = {
    provider: 'openai',
    model: 'gpt-4o-mini',
    apiKey: 'test-key-citations-1234',
    baseUrl: server.url,
    timeoutMs: 2_000,
    maxRetries: 0,
    maxOutputTokens: 200,
    temperature: 0,
    contextTokens: 3_000,
    historyTokens: 800,
  };
  const chat = createChatAnswerer(config, silentLogger, { retry: { baseDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 50 }, partialIntervalMs: 0, countTokens: estimateTokensByChars });
  bot = makeBot(dir, { chat, chunkSize: 400, chunkOverlap: 60 });
  await bot.ready;
  docs = new Map((await loadKnowledge(dir)).documents.map((d) => [d.id, d]));
});
afterEach(() => server.reset());
afterAll(async () => {
  await server.close();
  cleanup();
});

/** Passage number → its source and text, as the model saw them. */
function passagesSent(): Map<number, { source: string; text: string }> {
  const user = server.requests[0].body.messages.find((m: any) => m.role === 'user').content as string;
  return new Map([...user.matchAll(/<passage n="(\d+)"[^>]* source="([^"]*)">\n([\s\S]*?)\n<\/passage>/g)].map((m) => [Number(m[1]), { source: m[2], text: m[3] }]));
}

const norm = (t: string) => t.replace(/\s+/g, ' ').trim();

/** The citation quotes passage `n` and its offsets point at that passage's text in the document. */
function expectCites(a: Answer, n: number) {
  const sent = passagesSent().get(n)!;
  const c = a.citations.find((x) => x.n === n)!;
  expect(c, `citation [${n}]`).toBeDefined();
  expect(c.docId).toBe(sent.source);
  const quote = c.quote.replace(/…$/, '');
  expect(norm(sent.text).startsWith(norm(quote))).toBe(true);
  expect(quote.length).toBeGreaterThan(20);
  const inDoc = docs.get(c.docId)!.text.slice(c.start, c.end);
  expect(c.end).toBeGreaterThan(c.start);
  expect(norm(inDoc)).toBe(norm(sent.text));
}

describe('citation targets', () => {
  it('[1] quotes passage 1 with its offsets, not its neighbour in the same document (off-by-one in [n] mapping)', async () => {
    server.enqueue({ kind: 'stream', chunks: ['Argent Robotics raised $65 million in its Series C [1].'] });
    const a = await bot.ask(q('How much did Argent Robotics raise in its Series C round?'));
    expect(a.mode.kind).toBe('llm');
    const sent = passagesSent();
    // The test only means something when neighbouring passages come from the same document.
    expect(sent.get(1)!.source).toBe('argent.md');
    expect(sent.get(2)!.source).toBe('argent.md');
    expect(a.citations.map((c) => c.n)).toEqual([1]);
    expectCites(a, 1);
    expect(a.citations[0].quote).toContain('$65 million');
  });

  it('[2][3] each quote their own passage, with their own start and end', async () => {
    server.enqueue({ kind: 'stream', chunks: ['The first factory is in Tampere [2] and the Picker is its main product [3].'] });
    const a = await bot.ask(q('Where are the Argent Robotics factories and what does it make?'));
    const sent = passagesSent();
    expect(sent.size).toBeGreaterThanOrEqual(3);
    expect(a.citations.map((c) => c.n)).toEqual([2, 3]);
    expectCites(a, 2);
    expectCites(a, 3);
    expect(a.citations[0].start).not.toBe(a.citations[1].start);
  });
});

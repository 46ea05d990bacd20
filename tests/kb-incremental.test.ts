// Incremental reloads reuse what is still valid and nothing else: a chunk that only moved keeps
// its vector (not billed again), and a chunk whose document title changed is stored anew, so a restart
// serves what the folder says rather than what it said before.
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { afterAll, describe, expect, it } from 'vitest';
import { OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { cleanup, makeBot, q, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);

class CountingEmbeddings implements EmbeddingsInterface {
  private readonly inner = new OfflineHashEmbeddings();
  texts: string[] = [];
  failWith?: Error;
  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (this.failWith) throw this.failWith;
    this.texts.push(...texts);
    return this.inner.embedDocuments(texts);
  }
  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}

const RAISE = 'How much did Redfern Labs raise?';

describe('incremental reload', () => {
  it('a paragraph added at the top re-embeds only the changed chunk; the chunk that merely moved keeps its vector (a paid API would bill it again)', async () => {
    const dir = writeSmallKb();
    const emb = new CountingEmbeddings();
    const bot = makeBot(dir, { embeddings: emb });
    await bot.ready;
    const before = bot.kb.snapshot!.chunks.filter((c) => c.docId === 'redfern.md');
    expect(before.length).toBeGreaterThanOrEqual(2);
    emb.texts = [];
    const moved = SMALL_KB['redfern.md'].replace('Redfern Labs is a battery software company', 'Redfern Labs, founded by two chemists, is a battery software company');
    fs.writeFileSync(path.join(dir, 'redfern.md'), moved);
    const s = await bot.reload();
    const after = bot.kb.snapshot!.chunks.filter((c) => c.docId === 'redfern.md');
    // The funding chunk has the same text at a new offset: same words, so no new vector.
    const funding = after.find((c) => c.text.includes('$40 million'))!;
    expect(funding.start).toBeGreaterThan(before.find((c) => c.text.includes('$40 million'))!.start);
    expect(s.embedded).toBe(1);
    expect(emb.texts).toHaveLength(1);
    expect(emb.texts[0]).toContain('founded by two chemists');
    expect((await bot.ask(q(RAISE))).text).toContain('$40 million');
  });

  it('a renamed document title is what a restart shows, not the old one (a chunk with the same text but a new title kept its old entry)', async () => {
    const dir = writeSmallKb();
    const bot = makeBot(dir, { embeddings: new CountingEmbeddings() });
    await bot.ready;
    expect((await bot.ask(q(RAISE))).citations[0].title).toBe('Redfern Labs');
    fs.writeFileSync(path.join(dir, 'redfern.md'), SMALL_KB['redfern.md'].replace('title: Redfern Labs', 'title: Redfern Labs company profile'));
    await bot.reload();
    expect((await bot.ask(q(RAISE))).citations[0].title).toBe('Redfern Labs company profile');
    // After a restart nothing needs embedding: the saved index must already have the new title.
    const down = new CountingEmbeddings();
    down.failWith = new Error('no embedder needed');
    const restarted = makeBot(dir, { embeddings: down, dataDir: bot.dataDir });
    expect(await restarted.ready).toMatchObject({ embedded: 0 });
    const a = await restarted.ask(q(RAISE));
    expect(a.text).toContain('$40 million');
    expect(a.citations[0].title).toBe('Redfern Labs company profile');
  });
});

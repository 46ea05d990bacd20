// The serving index is never touched by a reload until the new one is saved: a failed build leaves
// the serving snapshot exactly as it was (vectors, chunk ids, BM25), a failed save keeps the old
// snapshot serving, and a save interrupted at any file operation leaves a loadable last-good index
// on disk. Written against behaviour (KnowledgeBase, restarts, answers), not the on-disk format.
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { cleanup, makeBot, q, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';
import { rejectionOf } from './helpers/errors';

/**
 * Fault injection at the file-system boundary: once armed, every mutating file operation is
 * counted, and from operation `at` on each one fails, as if the process had died there.
 */
const fault = vi.hoisted(() => ({ armed: false, at: Infinity, count: 0, ops: [] as string[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<Record<string, any>>();
  const out: Record<string, any> = { ...real };
  for (const name of ['writeFile', 'appendFile', 'rename', 'rm', 'rmdir', 'unlink', 'mkdir', 'mkdtemp', 'open', 'copyFile', 'cp', 'truncate', 'link']) {
    if (typeof real[name] !== 'function') continue;
    out[name] = async (...args: unknown[]) => {
      if (fault.armed) {
        fault.count += 1;
        fault.ops.push(`${name} ${String(args[0]).split(path.sep).slice(-2).join('/')}`);
        if (fault.count >= fault.at) throw Object.assign(new Error(`simulated crash at fs.${name} (operation ${fault.count})`), { code: 'EIO' });
      }
      return real[name](...args);
    };
  }
  return { ...out, default: out };
});

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<Record<string, any>>();
  const out: Record<string, any> = { ...real };
  for (const name of ['writeFileSync', 'appendFileSync', 'renameSync', 'rmSync', 'unlinkSync', 'mkdirSync', 'openSync', 'copyFileSync', 'writeSync', 'fsyncSync']) {
    if (typeof real[name] !== 'function') continue;
    out[name] = (...args: unknown[]) => {
      if (fault.armed) {
        fault.count += 1;
        fault.ops.push(`${name} ${String(args[0]).split(path.sep).slice(-2).join('/')}`);
        if (fault.count >= fault.at) throw Object.assign(new Error(`simulated crash at fs.${name} (operation ${fault.count})`), { code: 'EIO' });
      }
      return real[name](...args);
    };
  }
  return { ...out, default: out };
});

function arm(at: number): void {
  Object.assign(fault, { armed: true, at, count: 0, ops: [] });
}
function disarm(): void {
  fault.armed = false;
}

afterEach(disarm);
afterAll(cleanup);

/** The offline embedder through the generic embedDocuments path, which can be made to fail or held. */
class ControlledEmbeddings implements EmbeddingsInterface {
  private readonly inner = new OfflineHashEmbeddings();
  failWith?: Error;
  gate?: Promise<void>;
  embedded = 0;
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.embedded += texts.length;
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    return this.inner.embedDocuments(texts);
  }
  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}

const RAISE = 'How much did Redfern Labs raise?';
const redfernWith = (amount: string) => SMALL_KB['redfern.md'].replace('$40 million', amount);

/** What a user of the serving index depends on: which vectors, which chunks, which BM25 documents. */
function servingState(bot: ReturnType<typeof makeBot>) {
  const s = bot.kb.snapshot!;
  return {
    vectors: s.store?.size ?? 0,
    vectorIds: s.store?.ids().sort() ?? [],
    chunkIds: s.chunks.map((c) => c.id),
    chunkTexts: s.chunks.map((c) => c.text),
    bm25Docs: s.bm25.size,
  };
}

// Chunk records over 4 KB are a buffer of their own, which a save after an edit links instead of
// rewriting (tests/kb-saved-chunks.test.ts): the crash table runs over a folder with and without.
const para = (i: number) => `## Part ${i}\n\nThe harbour report ${i}: the ferry line ${i} carried ${i * 37} passengers in week ${i}.\n`;
const BIG_KB = { ...SMALL_KB, 'harbour.md': `# Harbour\n\n${Array.from({ length: 40 }, (_, i) => para(i)).join('\n')}` };

async function started(emb = new ControlledEmbeddings(), files: Record<string, string> = SMALL_KB) {
  const dir = writeSmallKb(files);
  const bot = makeBot(dir, { embeddings: emb });
  await bot.ready;
  return { dir, bot, emb };
}

describe('a failed reload leaves the serving snapshot untouched', () => {
  it('embedder fails after the changed chunk was dropped: same vector count, chunk ids and BM25 documents (catches editing the serving HNSW store instead of a copy)', async () => {
    const { dir, bot, emb } = await started();
    const before = servingState(bot);
    const snap = bot.kb.snapshot;
    // A changed and a removed document: the build deletes their old vectors before embedding.
    fs.writeFileSync(path.join(dir, 'redfern.md'), redfernWith('$55 million'));
    fs.rmSync(path.join(dir, 'cooking.md'));
    emb.failWith = new Error('embeddings provider is down');
    const err = await rejectionOf(bot.reload());
    expect(err.code).toBe('RELOAD_FAILED');
    expect(bot.kb.snapshot).toBe(snap);
    expect(servingState(bot)).toEqual(before);
    const a = await bot.ask(q(RAISE));
    expect(a.text).toContain('$40 million');
  });

  it('while a reload is held mid-build, the serving vectors are all still there', async () => {
    const { dir, bot, emb } = await started();
    const before = servingState(bot);
    fs.writeFileSync(path.join(dir, 'redfern.md'), redfernWith('$55 million'));
    let release!: () => void;
    emb.gate = new Promise((r) => (release = r));
    const reloading = bot.reload();
    await vi.waitFor(() => expect(emb.embedded).toBeGreaterThan(0));
    expect(servingState(bot)).toEqual(before);
    emb.gate = undefined;
    release();
    await reloading;
    expect(servingState(bot).chunkTexts.join(' ')).toContain('$55 million');
  });
});

describe('a save interrupted at each file operation', () => {
  /** Mutating file operations of one successful reload of a changed document (its save included). */
  async function operationsOfAReload(files: Record<string, string> = SMALL_KB): Promise<string[]> {
    const { dir, bot } = await started(undefined, files);
    fs.writeFileSync(path.join(dir, 'redfern.md'), redfernWith('$55 million'));
    arm(Infinity);
    await bot.reload();
    disarm();
    return [...fault.ops];
  }

  it('a reload writes its index through several file operations (else the table below tests nothing)', async () => {
    const ops = await operationsOfAReload();
    expect(ops.length).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['small records', SMALL_KB],
    ['records over 4 KB (linked by the next save)', BIG_KB],
  ])('every crash point keeps the old index serving, and a restart loads a complete index (catches deleting the old index first, and serving before saving): %s', async (_what, files) => {
    const ops = await operationsOfAReload(files);
    if (files === BIG_KB) expect(ops.some((o) => o.startsWith('link '))).toBe(true);
    const failures: string[] = [];
    for (let at = 1; at <= ops.length; at++) {
      const { dir, bot } = await started(undefined, files);
      const before = servingState(bot);
      fs.writeFileSync(path.join(dir, 'redfern.md'), redfernWith('$55 million'));
      arm(at);
      const outcome = await bot.reload().then(
        () => 'saved',
        () => 'failed',
      );
      disarm();
      const crashedAt = fault.ops[at - 1] ?? '(none)';
      const serving = (await bot.ask(q(RAISE))).text;
      // A reload that reports failure must not have swapped in the unsaved index.
      if (outcome === 'failed' && (!serving.includes('$40 million') || JSON.stringify(servingState(bot)) !== JSON.stringify(before))) {
        failures.push(`crash at #${at} (${crashedAt}): the failed reload's index is serving`);
      }
      // The restarted bot cannot embed anything: it must load the last good index from disk.
      const down = new ControlledEmbeddings();
      down.failWith = new Error('no embedder after the crash');
      const restarted = makeBot(dir, { embeddings: down, dataDir: bot.dataDir });
      await restarted.ready.catch(() => undefined);
      const after = await restarted.ask(q(RAISE)).then(
        (a) => a.text,
        (e: Error) => `error: ${e.message}`,
      );
      if (!/\$(40|55) million/.test(after)) failures.push(`crash at #${at} (${crashedAt}): after a restart, ${after}`);
    }
    expect(failures).toEqual([]);
  });
});

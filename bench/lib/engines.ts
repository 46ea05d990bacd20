// Our hybrid search vs MiniSearch and Orama, each at its defaults, over the same chunks and questions.
// Every engine indexes the chunk text only and returns its top 3 for the raw question.
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import MiniSearch from 'minisearch';
import { OfflineHashEmbeddings } from '../../src/embeddings/offline-hash';
import { chunkSearchText, type IndexSnapshot } from '../../src/kb/snapshot';
import { reciprocalRankFusion } from '../../src/retrieval/fusion';
import type { HnswStore } from '../../src/vector/hnsw-store';
import { analyzeQuery } from '../../src/retrieval/query';
import { hitAt3, scorable, type BenchQuestion } from './questions';
import { round, summarize } from './stats';

interface Engine {
  name: string;
  /** Indexes all chunks; returns nothing (time is measured outside). */
  build(): Promise<void>;
  /** Chunk positions of the top 3. */
  top3(question: string): Promise<number[]>;
}

export interface EngineResult {
  name: string;
  buildMs: number;
  /** Median and p99 query time (ms) over all timed queries. */
  queryP50Ms: number;
  queryP99Ms: number;
  recallAt3: number;
  docAt3: number;
  scored: number;
  /** recall@3 by question language (plain planted questions and eval questions). */
  byLang: Record<string, { recall: number; n: number }>;
  /** recall@3 of planted questions by variant and language ("paraphrase/ko"), the plain ones included. */
  byVariant: Record<string, { recall: number; n: number }>;
  /** Queries timed (one scored pass, plus more passes within the time budget). */
  timed: number;
  /** Heap growth while building this engine's index (MiB), a rough size of the index in memory. */
  heapMiB: number;
}

export async function compareEngines(
  snap: IndexSnapshot,
  questions: BenchQuestion[],
  opts: { reps: number; budgetMs: number; log: (m: string) => void },
): Promise<{ engines: EngineResult[] }> {
  const chunks = snap.chunks;
  const position = new Map(chunks.map((c, i) => [c.id, i]));

  const hybrid: Engine = {
    name: 'ours (BM25, as served)',
    async build() {
      // Already built: the snapshot's BM25 is read from the saved index.
    },
    async top3(q) {
      const hits = await snap.search(analyzeQuery(q, snap.glossary), 3);
      return hits.map((h) => position.get(h.chunk.id) ?? -1);
    },
  };

  // What the offline vector index would add (the knowledge base no longer builds it): BM25 fused with
  // nearest neighbours of the hash embedder, as the snapshot did before (weight 0.1), and at equal weight.
  let vectors: HnswStore | undefined;
  const embedder = new OfflineHashEmbeddings();
  const fused = (weight: number): Engine => ({
    name: `BM25 + hash vectors ×${weight}`,
    async build() {
      if (vectors) return;
      const { HnswStore } = await import('../../src/vector/hnsw-store');
      vectors = new HnswStore(embedder, { m: 8, efConstruction: 20, initialCapacity: chunks.length + 16 });
      for (let off = 0; off < chunks.length; off += 1024) {
        const part = chunks.slice(off, off + 1024);
        await vectors.addVectors(
          part.map((c) => embedder.embedSync(chunkSearchText(c))),
          part.map((_, i) => ({ pageContent: '', metadata: { i: off + i } })),
          { ids: part.map((c) => c.id) },
        );
      }
    },
    async top3(q) {
      const aq = analyzeQuery(q, snap.glossary);
      const lexical = snap.bm25.search(aq.terms, 40);
      const found = await vectors!.similaritySearchVectorWithScore(embedder.embedSync([aq.text, ...aq.groups.flatMap((g) => g.alternativeNames)].join(' ')), 40);
      const dense = found.map(([d]) => ({ index: Number(d.metadata.i) }));
      return reciprocalRankFusion([lexical, dense], 60, [1, weight]).slice(0, 3).map((h) => h.index);
    },
  });

  let mini: MiniSearch<{ id: number; text: string }> | undefined;
  const minisearch: Engine = {
    name: 'MiniSearch 7.2.0 (defaults)',
    async build() {
      mini = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
      mini.addAll(chunks.map((c, i) => ({ id: i, text: c.text })));
    },
    async top3(q) {
      return mini!.search(q).slice(0, 3).map((r) => Number(r.id));
    },
  };

  // The same peer with a Korean-aware tokenizer (words plus Hangul syllable bigrams, ~15 lines), so
  // the comparison is not only our analyzer against an English-only default.
  let miniKo: MiniSearch<{ id: number; text: string }> | undefined;
  const minisearchKo: Engine = {
    name: 'MiniSearch 7.2.0 + ko bigrams',
    async build() {
      miniKo = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], tokenize: koTokenize, processTerm: (t) => t });
      miniKo.addAll(chunks.map((c, i) => ({ id: i, text: c.text })));
    },
    async top3(q) {
      return miniKo!.search(q).slice(0, 3).map((r) => Number(r.id));
    },
  };

  // Orama's types are generic over the schema; the benchmark only needs create/insert/search.
  let db: ReturnType<typeof create<{ text: 'string' }>> | undefined;
  const orama: Engine = {
    name: 'Orama 3.1.18 (defaults)',
    async build() {
      db = create({ schema: { text: 'string' } as const });
      await insertMultiple(db, chunks.map((c, i) => ({ id: String(i), text: c.text })));
    },
    async top3(q) {
      const res = await oramaSearch(db!, { term: q, limit: 3 });
      return res.hits.map((h) => Number(h.id));
    },
  };

  // Orama with the same Korean tokenizer as MiniSearch above (its default drops Hangul entirely).
  let dbKo: ReturnType<typeof create<{ text: 'string' }>> | undefined;
  const oramaKo: Engine = {
    name: 'Orama 3.1.18 + ko bigrams',
    async build() {
      dbKo = create({ schema: { text: 'string' } as const, components: { tokenizer: { language: 'korean', normalizationCache: new Map(), tokenize: koTokenize } } });
      await insertMultiple(dbKo, chunks.map((c, i) => ({ id: String(i), text: c.text })));
    },
    async top3(q) {
      const res = await oramaSearch(dbKo!, { term: q, limit: 3 });
      return res.hits.map((h) => Number(h.id));
    },
  };

  const results: EngineResult[] = [];
  for (const engine of [hybrid, fused(0.1), fused(1), minisearch, minisearchKo, orama, oramaKo]) {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    await engine.build();
    const buildMs = performance.now() - t0;
    global.gc?.();
    const heapMiB = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
    opts.log(`${engine.name}: indexed ${chunks.length} chunks in ${(buildMs / 1000).toFixed(1)} s`);

    // Warm-up on a few questions, then one pass that is both timed and scored, then more timed passes
    // while this engine's time budget lasts (Orama at 100k chunks takes ~1 s on some English questions).
    for (const q of questions.slice(0, 20)) await engine.top3(q.question);
    let hits = 0;
    let docHits = 0;
    let scored = 0;
    const byLang: Record<string, { hit: number; n: number }> = {};
    const byVariant: Record<string, { hit: number; n: number }> = {};
    const times: number[] = [];
    let spent = 0;
    for (let rep = 0; rep < Math.max(1, opts.reps); rep++) {
      if (rep > 0 && spent > opts.budgetMs) break;
      for (const q of questions) {
        const t = performance.now();
        const top = await engine.top3(q.question);
        const dt = performance.now() - t;
        times.push(dt);
        spent += dt;
        if (rep > 0 || !scorable(q)) continue;
        const h = hitAt3(q, top.filter((i) => i >= 0).map((i) => ({ text: chunks[i].text, docId: chunks[i].docId })));
        if (q.type === 'planted') {
          for (const key of [q.variant, `${q.variant}/${q.lang}`]) {
            const v = (byVariant[key] ??= { hit: 0, n: 0 });
            v.n++;
            if (h.hit) v.hit++;
          }
          // The harder variants are reported apart (table 4b): recall@3 above stays comparable across versions.
          if (q.variant !== 'plain') continue;
        }
        scored++;
        if (h.hit) hits++;
        if (h.doc) docHits++;
        const l = (byLang[q.lang] ??= { hit: 0, n: 0 });
        l.n++;
        if (h.hit) l.hit++;
      }
    }
    const s = summarize(times);
    results.push({
      name: engine.name,
      buildMs: round(buildMs, 0),
      queryP50Ms: s.p50,
      queryP99Ms: s.p99,
      recallAt3: round(hits / (scored || 1), 3),
      docAt3: round(docHits / (scored || 1), 3),
      scored,
      byLang: Object.fromEntries(Object.entries(byLang).map(([k, v]) => [k, { recall: round(v.hit / (v.n || 1), 3), n: v.n }])),
      byVariant: Object.fromEntries(Object.entries(byVariant).map(([k, v]) => [k, { recall: round(v.hit / (v.n || 1), 3), n: v.n }])),
      heapMiB: round(heapMiB, 0),
      timed: times.length,
    });
    opts.log(`${engine.name}: ${times.length} timed queries, p50 ${s.p50} ms`);
    if (engine === minisearch) mini = undefined;
    if (engine === orama) db = undefined;
    if (engine === oramaKo) dbKo = undefined;
    if (engine === minisearchKo) miniKo = undefined;
    if (engine.name.endsWith('×1')) vectors = undefined;
  }
  return { engines: results };
}

/** Lower-cased words, plus every Hangul syllable bigram of a Korean word (미스트랄AI는 → 미스, 스트, …). */
export function koTokenize(text: string): string[] {
  const out: string[] = [];
  for (const w of text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    out.push(w);
    if (/[\uac00-\ud7a3]/.test(w)) for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
}

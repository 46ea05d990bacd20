// One immutable, searchable state of the knowledge base. Reloads build a new snapshot beside the
// serving one and swap a single reference, so questions never see half a reload. Snapshots share
// what did not change (chunk records, BM25 arrays): nothing here is ever mutated.
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../ingest/types';
import { BotError, toBotError } from '../errors';
import type { DocumentFailure, Lang } from '../types';
import { analyze } from '../text/analyzer';
import type { Bm25Index } from '../retrieval/bm25';
import { reciprocalRankFusion } from '../retrieval/fusion';
import type { Glossary } from '../retrieval/glossary';
import { rerankBySentence } from '../retrieval/sentence-rerank';
import { soundIndexOf } from '../retrieval/transliteration/for-index';
import type { AnalyzedQuery } from '../retrieval/query';
import type { HnswStore } from '../vector/hnsw-store';
import type { ChunkStore } from './chunk-store';

export interface DocInfo {
  id: string;
  title: string;
  hash: string;
  chunks: number;
  lang?: Lang;
}

export interface SearchHit {
  chunk: Chunk;
  /** Fused score (reciprocal rank fusion): only the order means something. */
  score: number;
  bm25Rank?: number;
  denseRank?: number;
}

/** Terms a chunk is indexed under: its section title counts as part of its text. */
export function chunkTerms(chunk: Chunk): string[] {
  return analyze(chunkSearchText(chunk));
}

/** What BM25 and the embedder see of a chunk: its section title gives it a topic. */
export function chunkSearchText(chunk: Chunk): string {
  return chunk.section ? `${chunk.section}\n${chunk.text}` : chunk.text;
}


export interface DenseOptions {
  /** Longest wait for the question's embedding; undefined waits as long as the provider does. */
  denseTimeoutMs?: number;
  /** Called instead of throwing when the question cannot be embedded; the search is then BM25 only. */
  onDenseFailure?: (err: BotError) => void;
}

function withDeadline<T>(work: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BotError('EMBEDDINGS_FAILED', `Embedding the question took longer than ${ms} ms.`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export class IndexSnapshot {
  private all?: Chunk[];
  /** The glossary given, plus sound matching over this index's terms. */
  readonly glossary: Glossary;

  constructor(
    /** Chunk texts and metadata; each document's chunks are contiguous, in the order of `docs`. */
    readonly chunkStore: ChunkStore,
    /** BM25 over exactly these chunks, numbered as in chunkStore. */
    readonly bm25: Bm25Index,
    /** Nearest-neighbour index, only for an embedder whose vectors add recall (see build.ts). */
    readonly store: HnswStore | undefined,
    readonly embeddings: EmbeddingsInterface,
    readonly embeddingsId: string,
    glossary: Glossary,
    readonly docs: DocInfo[],
    readonly failures: DocumentFailure[],
    readonly builtAt: string,
  ) {
    this.glossary = glossary.withSounds(soundIndexOf(this.bm25, (i) => this.chunkStore.get(i).text));
  }

  /** Number of chunks. */
  get size(): number {
    return this.chunkStore.length;
  }

  /**
   * Every chunk, decoded (for tools and tests; a 1M-chunk index takes seconds). Serving code uses
   * chunkAt/chunkById, which decode only what a question needs.
   */
  get chunks(): Chunk[] {
    return (this.all ??= Array.from({ length: this.size }, (_, i) => this.chunkStore.get(i)));
  }

  chunkAt(i: number): Chunk {
    return this.chunkStore.get(i);
  }

  /** The same index with another glossary (a reload where only _glossary.yml changed). */
  withGlossary(glossary: Glossary, failures: DocumentFailure[], docs: DocInfo[] = this.docs): IndexSnapshot {
    return new IndexSnapshot(this.chunkStore, this.bm25, this.store, this.embeddings, this.embeddingsId, glossary, docs, failures, this.builtAt);
  }

  chunkById(id: string): Chunk | undefined {
    const i = this.chunkStore.indexOfId(id);
    return i === undefined ? undefined : this.chunkStore.get(i);
  }

  /**
   * Hybrid search: BM25 over analyzer terms and nearest neighbours in the vector store, fused by rank.
   * An embeddings provider that fails or hangs must not fail the question: after `denseTimeoutMs`
   * (or at once on an error) the search goes on with BM25 alone and tells `onDenseFailure` why.
   */
  async search(query: AnalyzedQuery, k = 8, depth = 40, opts: DenseOptions = {}): Promise<SearchHit[]> {
    // BM25 finds the candidates; the sentence that joins the question's words decides among them.
    const lexical = rerankBySentence(this.bm25.search(query.terms, depth), query.terms, (t) => this.bm25.idf(t), (i) => this.chunkStore.get(i).text);
    let dense: { index: number }[] = [];
    if (this.store && this.store.size > 0) {
      try {
        const vector = await withDeadline(this.embeddings.embedQuery(this.denseQueryText(query)), opts.denseTimeoutMs);
        const found = await this.store.similaritySearchVectorWithScore(vector, Math.min(depth, this.store.size));
        dense = found
          .map(([doc]) => ({ index: this.chunkStore.indexOfId(String(doc.metadata.id)) ?? -1 }))
          .filter((h) => h.index >= 0);
      } catch (err) {
        if (!opts.onDenseFailure) throw err;
        opts.onDenseFailure(toBotError(err, 'EMBEDDINGS_FAILED'));
      }
    }
    const bm25Rank = new Map(lexical.map((h, r) => [h.index, r + 1]));
    const denseRank = new Map(dense.map((h, r) => [h.index, r + 1]));
    return reciprocalRankFusion([lexical, dense], 60, [1, this.denseWeight])
      .slice(0, k)
      .map((h) => ({ chunk: this.chunkStore.get(h.index), score: h.score, bm25Rank: bm25Rank.get(h.index), denseRank: denseRank.get(h.index) }));
  }

  /**
   * How much the vector ranking counts beside BM25. Hash-style local vectors only re-rank: on the
   * 10k benchmark corpus, fusing the offline hash embedder at full weight cut recall@3 from 85%
   * (BM25 alone) to 50%, at 0.1 it was 84.5% (so it now gets no vector index at all, see
   * usesVectors in build.ts). A real embeddings model knows meaning and counts as much as BM25.
   */
  private get denseWeight(): number {
    return this.embeddingsId.startsWith('local:') ? 0.1 : 1;
  }

  /** The offline embedder only knows words, so it also gets the glossary's names for them. */
  private denseQueryText(query: AnalyzedQuery): string {
    if (!this.embeddingsId.startsWith('local:')) return query.text;
    return [query.text, ...query.groups.flatMap((g) => g.alternativeNames)].join(' ');
  }
}

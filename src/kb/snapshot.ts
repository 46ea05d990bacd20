// One immutable, searchable state of the knowledge base. Reloads build a new snapshot beside the
// serving one and swap a single reference, so questions never see half a reload.
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../ingest/types';
import { BotError, toBotError } from '../errors';
import type { DocumentFailure, Lang } from '../types';
import { analyze } from '../text/analyzer';
import { Bm25Index } from '../retrieval/bm25';
import { reciprocalRankFusion } from '../retrieval/fusion';
import type { Glossary } from '../retrieval/glossary';
import { soundIndexOf } from '../retrieval/transliteration/for-index';
import type { AnalyzedQuery } from '../retrieval/query';
import type { HnswStore } from '../vector/hnsw-store';

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
  readonly bm25: Bm25Index;
  /** The glossary given, plus sound matching over this index's terms. */
  readonly glossary: Glossary;
  private readonly position = new Map<string, number>();

  constructor(
    readonly chunks: Chunk[],
    readonly store: HnswStore,
    readonly embeddings: EmbeddingsInterface,
    readonly embeddingsId: string,
    glossary: Glossary,
    readonly docs: DocInfo[],
    readonly failures: DocumentFailure[],
    readonly builtAt: string,
    /** A BM25 index over exactly these chunks, when the previous snapshot already has one. */
    bm25?: Bm25Index,
  ) {
    this.bm25 = bm25 ?? Bm25Index.build(chunks.map(chunkTerms));
    this.glossary = glossary.withSounds(soundIndexOf(this.bm25));
    chunks.forEach((c, i) => this.position.set(c.id, i));
  }

  /** The chunk after this one in its document (chunks are kept in document order, the about-chunk aside). */
  nextChunk(chunk: Chunk): Chunk | undefined {
    const i = this.position.get(chunk.id);
    if (i === undefined) return undefined;
    for (const c of this.chunks.slice(i + 1, i + 3)) if (c.docId === chunk.docId && c.start > chunk.start) return c;
    return undefined;
  }

  chunkById(id: string): Chunk | undefined {
    const i = this.position.get(id);
    return i === undefined ? undefined : this.chunks[i];
  }

  /**
   * Hybrid search: BM25 over analyzer terms and nearest neighbours in the vector store, fused by rank.
   * An embeddings provider that fails or hangs must not fail the question: after `denseTimeoutMs`
   * (or at once on an error) the search goes on with BM25 alone and tells `onDenseFailure` why.
   */
  async search(query: AnalyzedQuery, k = 8, depth = 40, opts: DenseOptions = {}): Promise<SearchHit[]> {
    const lexical = this.bm25.search(query.terms, depth);
    let dense: { index: number }[] = [];
    if (this.store.size > 0) {
      try {
        const vector = await withDeadline(this.embeddings.embedQuery(this.denseQueryText(query)), opts.denseTimeoutMs);
        const found = await this.store.similaritySearchVectorWithScore(vector, Math.min(depth, this.store.size));
        dense = found
          .map(([doc]) => ({ index: this.position.get(String(doc.metadata.id)) ?? -1 }))
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
      .map((h) => ({ chunk: this.chunks[h.index], score: h.score, bm25Rank: bm25Rank.get(h.index), denseRank: denseRank.get(h.index) }));
  }

  /**
   * How much the vector ranking counts beside BM25. The offline hash embedder only re-ranks and
   * fills in where BM25 finds little: on the 10k benchmark corpus, fusing it at full weight cut
   * recall@3 from 92% (BM25 alone) to 47%; at 0.1 it is 87%. A real embeddings model knows
   * meaning and counts as much as BM25.
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

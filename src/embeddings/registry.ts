// Picks the embedder named by EMBEDDINGS_MODEL. The id it returns goes into persisted indexes:
// vectors from one embedder are meaningless to another, so a changed id means re-embed.
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { EmbeddingsConfig } from '../config';
import { BotError } from '../errors';
import { redact, registerSecret } from '../logger';
import { OfflineHashEmbeddings, OFFLINE_HASH_ID } from './offline-hash';

export interface EmbeddingsChoice {
  embeddings: EmbeddingsInterface;
  /** "local:hash-v1" or "openai:<model>". */
  id: string;
}

export interface CreateEmbeddingsOptions {
  /** Retries of a failed provider request (default 2; tests use 0). */
  maxRetries?: number;
  /** Texts per request (default 128: small enough for local OpenAI-compatible servers). */
  batchSize?: number;
}

export function createEmbeddings(cfg: EmbeddingsConfig, opts: CreateEmbeddingsOptions = {}): EmbeddingsChoice {
  if (cfg.provider === 'local') {
    if (cfg.model !== 'hash-v1') {
      throw new BotError('CONFIG_INVALID', `EMBEDDINGS_MODEL="local:${cfg.model}" is unknown. The built-in offline embedder is ${OFFLINE_HASH_ID}.`);
    }
    return { embeddings: new OfflineHashEmbeddings(), id: OFFLINE_HASH_ID };
  }
  // Belt and braces: whatever path an error takes to a log line, the key is masked there too.
  registerSecret(cfg.apiKey);
  // LangChain's OpenAI client costs ~0.3–0.9 s of imports: loaded on first use, so the offline
  // path and every start-up before the first embedding never pay for it.
  const inner = async (): Promise<EmbeddingsInterface> => {
    const { OpenAIEmbeddings } = await import('@langchain/openai');
    return new OpenAIEmbeddings({
      model: cfg.model,
      // Local servers (Ollama, vLLM) need no key, but the OpenAI client refuses to start without one.
      apiKey: cfg.apiKey ?? 'not-needed',
      configuration: cfg.baseUrl ? { baseURL: cfg.baseUrl } : undefined,
      timeout: cfg.timeoutMs,
      batchSize: opts.batchSize ?? 128,
      maxRetries: opts.maxRetries ?? 2,
      // The SDK asks for base64 by default; several OpenAI-compatible servers only speak float.
      encodingFormat: 'float',
    });
  };
  const id = `openai:${cfg.model}`;
  return { embeddings: new ProviderEmbeddings(inner, id, cfg.apiKey), id };
}

/**
 * Turns any provider failure into EMBEDDINGS_FAILED with a message that is safe to log and show:
 * provider messages can echo the key ("Incorrect API key provided: sk-..."), so it is removed.
 */
export class ProviderEmbeddings implements EmbeddingsInterface {
  private loaded?: Promise<EmbeddingsInterface>;
  private readonly make: () => Promise<EmbeddingsInterface>;

  constructor(
    inner: EmbeddingsInterface | (() => Promise<EmbeddingsInterface>),
    private readonly id: string,
    private readonly secret?: string,
  ) {
    this.make = typeof inner === 'function' ? inner : async () => inner;
  }

  /** The provider client, created once on first use (a failed load is retried next time). */
  private inner(): Promise<EmbeddingsInterface> {
    this.loaded ??= this.make().catch((err) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
    try {
      return checkVectors(await (await this.inner()).embedDocuments(documents), documents.length, this.id);
    } catch (err) {
      throw this.wrap(err, `${documents.length} text(s)`);
    }
  }

  async embedQuery(document: string): Promise<number[]> {
    try {
      return checkVectors([await (await this.inner()).embedQuery(document)], 1, this.id)[0];
    } catch (err) {
      throw this.wrap(err, 'the question');
    }
  }

  private wrap(err: unknown, what: string): BotError {
    if (err instanceof BotError) return err;
    const status = typeof (err as { status?: unknown })?.status === 'number' ? ` (HTTP ${(err as { status: number }).status})` : '';
    let detail = err instanceof Error ? err.message : String(err);
    if (this.secret) detail = detail.split(this.secret).join('[redacted]');
    detail = redact(detail).slice(0, 300);
    return new BotError('EMBEDDINGS_FAILED', `Embedding ${what} with ${this.id} failed${status}: ${detail}`, { cause: err });
  }
}

/** A server that answers with the wrong number of vectors or non-numbers would corrupt the index silently. */
function checkVectors(vectors: unknown, expected: number, id: string): number[][] {
  if (!Array.isArray(vectors) || vectors.length !== expected) {
    throw new BotError('EMBEDDINGS_FAILED', `${id} returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${expected} text(s).`);
  }
  const dims = Array.isArray(vectors[0]) ? vectors[0].length : 0;
  for (const v of vectors) {
    if (!Array.isArray(v) || v.length === 0 || v.length !== dims || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
      throw new BotError('EMBEDDINGS_FAILED', `${id} returned a malformed vector (expected ${dims} numbers each).`);
    }
  }
  return vectors as number[][];
}

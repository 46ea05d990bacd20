// Failure classification and retries for LLM calls. We retry ourselves (the OpenAI client and
// langchain's caller are set to 0 retries) so Retry-After is honoured exactly and tests can see it.
import { BotError, type ErrorCode } from '../errors';

export interface Failure {
  code: ErrorCode;
  retryable: boolean;
  status?: number;
  /** From Retry-After / retry-after-ms, uncapped. */
  retryAfterMs?: number;
  /** Short, secret-free description for logs and the BotError message. */
  detail: string;
}

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff step; doubles per attempt, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not worth waiting for: fail now and let the core fall back. */
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8_000, retryAfterCapMs: 10_000 };

/** Marks errors this module raises itself (empty answer, stall) before classification. */
export class LlmFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail);
    this.name = 'LlmFailure';
  }
}

interface HttpishError {
  status?: unknown;
  headers?: unknown;
  name?: unknown;
  code?: unknown;
  cause?: unknown;
}

export function classify(err: unknown): Failure {
  if (err instanceof LlmFailure) return err.failure;
  const e = (err ?? {}) as HttpishError;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const name = typeof e.name === 'string' ? e.name : '';
  if (status === 401 || status === 403) {
    return { code: 'LLM_AUTH', retryable: false, status, detail: `HTTP ${status}: the provider rejected the API key` };
  }
  if (status === 429) {
    return { code: 'LLM_RATE_LIMITED', retryable: true, status, retryAfterMs: retryAfterMs(e.headers), detail: 'HTTP 429: rate limited' };
  }
  if (status === 408 || (status !== undefined && status >= 500)) {
    return { code: 'LLM_UNAVAILABLE', retryable: true, status, retryAfterMs: retryAfterMs(e.headers), detail: `HTTP ${status} from the provider` };
  }
  if (status !== undefined && status >= 400) {
    // 400/404/422: the request itself was refused (unknown model, unsupported parameter); retrying cannot help.
    return { code: 'LLM_UNAVAILABLE', retryable: false, status, detail: `HTTP ${status}: the provider refused the request (check CHAT_MODEL and OPENAI_BASE_URL)` };
  }
  if (name === 'TimeoutError' || /ConnectionTimeout/.test(ctorName(err))) {
    return { code: 'LLM_TIMEOUT', retryable: false, detail: 'the provider did not answer in time' };
  }
  if (err instanceof SyntaxError || (err instanceof TypeError && !isConnectionError(err))) {
    return { code: 'LLM_BAD_RESPONSE', retryable: false, detail: `malformed response (${err.name})` };
  }
  if (isConnectionError(err)) {
    return { code: 'LLM_UNAVAILABLE', retryable: true, detail: `cannot reach the provider (${connectionCode(err) ?? 'connection error'})` };
  }
  if (status === undefined && /APIError/.test(ctorName(err))) {
    // An error object inside a 200 stream ("data: {error: …}"): the provider failed mid-answer.
    return { code: 'LLM_UNAVAILABLE', retryable: true, detail: 'the provider reported an error inside the stream' };
  }
  return { code: 'LLM_BAD_RESPONSE', retryable: false, detail: `unexpected failure (${name || ctorName(err) || typeof err})` };
}

function ctorName(err: unknown): string {
  return (err as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
}

function isConnectionError(err: unknown): boolean {
  return /APIConnectionError/.test(ctorName(err)) || connectionCode(err) !== undefined || (err instanceof TypeError && /fetch failed/i.test(err.message));
}

/** ECONNREFUSED and friends, wherever undici or the SDK tucked them. */
function connectionCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Retry-After in seconds or as an HTTP date, or OpenAI's retry-after-ms. */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const get = (k: string): string | undefined => {
    if (!headers) return undefined;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(k) ?? undefined;
    const v = (headers as Record<string, unknown>)[k];
    return typeof v === 'string' ? v : undefined;
  };
  const ms = Number(get('retry-after-ms'));
  if (get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How long to wait before the next attempt, or undefined when we should stop now. */
export function nextDelay(f: Failure, attempt: number, policy: RetryPolicy, random = Math.random): number | undefined {
  if (!f.retryable || attempt >= policy.maxRetries) return undefined;
  if (f.retryAfterMs !== undefined) return f.retryAfterMs > policy.retryAfterCapMs ? undefined : f.retryAfterMs;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(step * (0.5 + random() / 2));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function toBotErrorFromFailure(f: Failure, where: string, scrub: (s: string) => string, cause: unknown): BotError {
  const safeCause = new Error(scrub(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)));
  return new BotError(f.code, scrub(`LLM call to ${where} failed: ${f.detail}`), { cause: safeCause });
}

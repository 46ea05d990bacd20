// Errors carry a stable code that adapters map to a user-facing reply; `cause` keeps the original.

export type ErrorCode =
  | 'EMPTY_QUESTION'
  | 'QUESTION_TOO_LONG'
  | 'CONFIG_INVALID'
  | 'KNOWLEDGE_DIR_MISSING'
  | 'INDEX_NOT_READY'
  | 'RELOAD_FAILED'
  | 'INDEX_WORKER_FAILED'
  | 'SNAPSHOT_INVALID'
  | 'DOC_UNSUPPORTED'
  | 'DOC_EMPTY'
  | 'DOC_BINARY'
  | 'DOC_UNREADABLE'
  | 'DOC_OUTSIDE_DIR'
  | 'DOC_TOO_LARGE'
  | 'EMBEDDINGS_FAILED'
  | 'SELECTOR_WEIGHTS_STALE'
  | 'LLM_TIMEOUT'
  | 'LLM_RATE_LIMITED'
  | 'LLM_AUTH'
  | 'LLM_BAD_RESPONSE'
  | 'LLM_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'NOT_ADMIN'
  | 'STORAGE_FAILED'
  | 'USAGE'
  | 'INTERNAL';

export class BotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BotError';
    this.code = code;
  }
}

export function isBotError(err: unknown, code?: ErrorCode): err is BotError {
  return err instanceof BotError && (code === undefined || err.code === code);
}

export function toBotError(err: unknown, fallback: ErrorCode = 'INTERNAL'): BotError {
  if (err instanceof BotError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new BotError(fallback, message, { cause: err });
}

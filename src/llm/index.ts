// Generated answers through any OpenAI-compatible endpoint (OpenAI, Mistral, Ollama, vLLM, LM Studio).
// The core calls `answer()` and falls back to its extractive answer when this throws a BotError.
import type { LlmConfig } from '../config';
import { registerSecret, type Logger } from '../logger';
import type { AskOptions, ChatAnswerer, ChatResult, Lang, Passage, Turn } from '../types';
import type { AnswererTuning, OpenAiChatAnswerer } from './openai-answerer';

export function createChatAnswerer(config: LlmConfig, logger: Logger, tuning?: Partial<AnswererTuning>): ChatAnswerer {
  // Every log line is masked against registered secrets, whatever shape the key has.
  registerSecret(config.apiKey);
  return new LazyChatAnswerer(config, logger, tuning);
}

/**
 * Loads LangChain's OpenAI client (~0.3–0.9 s of imports) in the background from construction, so
 * that a bot without an LLM never pays for it and one with an LLM starts answering no later.
 */
class LazyChatAnswerer implements ChatAnswerer {
  readonly model: string;
  private readonly inner: Promise<OpenAiChatAnswerer>;

  constructor(config: LlmConfig, logger: Logger, tuning?: Partial<AnswererTuning>) {
    this.model = `${config.provider}:${config.model}`;
    this.inner = import('./openai-answerer').then((m) => new m.OpenAiChatAnswerer(config, logger, tuning));
    // Surfaced by the first answer(); not an unhandled rejection before that.
    this.inner.catch(() => undefined);
  }

  async answer(input: { question: string; lang: Lang; passages: Passage[]; history: Turn[] }, opts?: AskOptions): Promise<ChatResult> {
    return (await this.inner).answer(input, opts);
  }
}

export { SENTINEL } from './prompt';
export type { AnswererTuning } from './openai-answerer';

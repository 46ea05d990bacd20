// Generated answers through any OpenAI-compatible endpoint (OpenAI, Mistral, Ollama, vLLM, LM Studio).
// The core calls `answer()` and falls back to its extractive answer when this throws a BotError.
import type { LlmConfig } from '../config';
import { registerSecret, type Logger } from '../logger';
import type { ChatAnswerer } from '../types';
import { OpenAiChatAnswerer, type AnswererTuning } from './openai-answerer';

export function createChatAnswerer(config: LlmConfig, logger: Logger, tuning?: Partial<AnswererTuning>): ChatAnswerer {
  // Every log line is masked against registered secrets, whatever shape the key has.
  registerSecret(config.apiKey);
  return new OpenAiChatAnswerer(config, logger, tuning);
}

export { SENTINEL } from './prompt';
export type { AnswererTuning } from './openai-answerer';

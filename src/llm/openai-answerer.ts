// A ChatAnswerer over any OpenAI-compatible /chat/completions endpoint, through langchain's
// ChatOpenAI. One call = build the prompt within budget, stream the answer (partials go to
// onPartial after the same safety checks as the final text), check the output, retry what is
// worth retrying, and turn every failure into a BotError with a stable LLM_* code.
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, SystemMessage, type AIMessageChunk } from '@langchain/core/messages';
import type { LlmConfig } from '../config';
import { BotError } from '../errors';
import { redact, type Logger } from '../logger';
import type { AskOptions, ChatAnswerer, ChatResult, Lang, Passage, Turn, Usage } from '../types';
import { checkOutput, checkPartial } from './output-checks';
import { buildPrompt, type BuiltPrompt } from './prompt';
import { classify, DEFAULT_RETRY, LlmFailure, nextDelay, sleep, toBotErrorFromFailure, type RetryPolicy } from './retry';
import { loadTokenCounter, type TokenCounter } from './tokens';

export interface AnswererTuning {
  retry: Omit<RetryPolicy, 'maxRetries'>;
  /** onPartial is called at most this often (wall time); the final text always goes out. */
  partialIntervalMs: number;
  /** A whole attempt may stream for at most timeoutMs × this before it counts as stalled-slow. */
  totalTimeoutFactor: number;
  /** For tests; defaults to js-tiktoken or the chars-based estimate. */
  countTokens?: TokenCounter;
}

export const DEFAULT_TUNING: AnswererTuning = {
  retry: { baseDelayMs: DEFAULT_RETRY.baseDelayMs, maxDelayMs: DEFAULT_RETRY.maxDelayMs, retryAfterCapMs: DEFAULT_RETRY.retryAfterCapMs },
  partialIntervalMs: 50,
  totalTimeoutFactor: 3,
};

// Keyless local servers (Ollama, LM Studio) ignore the header, but the OpenAI client refuses to start without one.
const NO_KEY = 'no-key-needed';

// Providers known to reject `stream_options` (Mistral answers 422 "extra_forbidden"); others learn it on first failure.
const NO_STREAM_OPTIONS_HOSTS = /(^|\.)mistral\.ai$/i;

export class OpenAiChatAnswerer implements ChatAnswerer {
  readonly model: string;
  private readonly where: string;
  private readonly tuning: AnswererTuning;
  private readonly counter: Promise<TokenCounter>;
  private streamUsage: boolean;
  private chat: ChatOpenAI;

  constructor(
    private readonly config: LlmConfig,
    private readonly logger: Logger,
    tuning: Partial<AnswererTuning> = {},
  ) {
    this.model = `${config.provider}:${config.model}`;
    this.tuning = { ...DEFAULT_TUNING, ...tuning, retry: { ...DEFAULT_TUNING.retry, ...tuning.retry } };
    this.where = describeEndpoint(config.baseUrl);
    this.streamUsage = !NO_STREAM_OPTIONS_HOSTS.test(hostOf(config.baseUrl) ?? '');
    this.chat = this.makeModel();
    // Start loading the tokenizer now: building it costs ~0.5 s of CPU we'd rather not spend on the first question.
    this.counter = this.tuning.countTokens ? Promise.resolve(this.tuning.countTokens) : loadTokenCounter(config.model);
  }

  private makeModel(): ChatOpenAI {
    const c = this.config;
    // Reasoning models (o1/o3/gpt-5) refuse any temperature but the default, and spend the
    // output budget thinking unless told to keep it short.
    const reasoning = isReasoningModel(c.model);
    return new ChatOpenAI({
      model: c.model,
      apiKey: c.apiKey ?? NO_KEY,
      temperature: reasoning ? undefined : c.temperature,
      ...(reasoning ? { reasoning: { effort: 'low' as const } } : {}),
      maxTokens: c.maxOutputTokens,
      streaming: true,
      streamUsage: this.streamUsage,
      // Retries and timeouts are ours (see retry.ts); the client's timeout is only a backstop.
      maxRetries: 0,
      timeout: c.timeoutMs * this.tuning.totalTimeoutFactor + 1_000,
      // Only the chat-completions API is common to every OpenAI-compatible server.
      useResponsesApi: false,
      configuration: { baseURL: c.baseUrl, maxRetries: 0, logLevel: 'off' },
    });
  }

  async answer(input: { question: string; lang: Lang; passages: Passage[]; history: Turn[] }, opts: AskOptions = {}): Promise<ChatResult> {
    const started = Date.now();
    const count = await this.counter;
    const prompt = buildPrompt(input, { contextTokens: this.config.contextTokens, historyTokens: this.config.historyTokens }, count);
    if (prompt.droppedPassages.length || prompt.droppedTurns) {
      this.logger.debug('llm prompt trimmed to budget', { droppedPassages: prompt.droppedPassages, droppedTurns: prompt.droppedTurns });
    }
    const messages = [new SystemMessage(prompt.system), new HumanMessage(prompt.user)];
    const policy: RetryPolicy = { ...this.tuning.retry, maxRetries: this.config.maxRetries };

    let attempt = 0;
    let probingStreamOptions: number | undefined;
    for (;;) {
      const state = { lastPartial: '' };
      let got: { raw: string; usage?: Usage };
      try {
        got = await this.attempt(messages, prompt, opts, state);
      } catch (err) {
        if (opts.signal?.aborted) throw this.fail({ code: 'LLM_TIMEOUT', retryable: false, detail: 'the caller cancelled the request' }, err, attempt);
        const f = classify(err);
        // Some servers refuse `stream_options` (400/422); ask once more without it, and keep it off
        // only if that helped, so one over-long prompt does not cost usage reporting for good.
        if (this.streamUsage && probingStreamOptions === undefined && (f.status === 400 || f.status === 422)) {
          probingStreamOptions = f.status;
          this.setStreamUsage(false);
          continue;
        }
        if (probingStreamOptions !== undefined && f.status === probingStreamOptions) this.setStreamUsage(true);
        // Once text reached the user, a retry would start the answer over; let the core fall back instead.
        const delay = state.lastPartial ? undefined : nextDelay(f, attempt, policy);
        if (delay === undefined) throw this.fail(f, err, attempt);
        this.logger.warn('llm call failed, retrying', { model: this.model, code: f.code, status: f.status, attempt: attempt + 1, delayMs: delay });
        attempt += 1;
        try {
          await sleep(delay, opts.signal);
        } catch {
          throw this.fail({ code: 'LLM_TIMEOUT', retryable: false, detail: 'the caller cancelled the request' }, err, attempt);
        }
        continue;
      }
      if (probingStreamOptions !== undefined) {
        this.logger.warn('llm provider refused stream_options; usage reporting stays off for this provider', { model: this.model, status: probingStreamOptions });
      }
      return this.finish(got.raw, got.usage, prompt, input.lang, started, attempt, opts, state.lastPartial);
    }
  }

  /** A failing progress callback (say, a Slack edit that errored) must not cost the answer. */
  private emit(onPartial: (text: string) => void, text: string): void {
    try {
      onPartial(text);
    } catch (err) {
      this.logger.warn('onPartial threw; streaming continues', { error: err });
    }
  }

  private setStreamUsage(on: boolean): void {
    if (this.streamUsage === on) return;
    this.streamUsage = on;
    this.chat = this.makeModel();
  }

  /** One streamed call under an idle timer (no bytes for timeoutMs) and a total cap. */
  private async attempt(
    messages: (SystemMessage | HumanMessage)[],
    prompt: BuiltPrompt,
    opts: AskOptions,
    state: { lastPartial: string },
  ): Promise<{ raw: string; usage?: Usage }> {
    const timeoutMs = this.config.timeoutMs;
    const ctrl = new AbortController();
    let timedOut: string | undefined;
    const expire = (why: string) => () => {
      timedOut = why;
      ctrl.abort();
    };
    let idle = setTimeout(expire(`no data for ${timeoutMs} ms`), timeoutMs);
    const total = setTimeout(expire(`answer took longer than ${timeoutMs * this.tuning.totalTimeoutFactor} ms`), timeoutMs * this.tuning.totalTimeoutFactor);
    const onAbort = () => ctrl.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    let raw = '';
    let usage: Usage | undefined;
    let lastEmit = 0;
    let finishReason: string | undefined;
    try {
      const stream = await this.chat.stream(messages, { signal: ctrl.signal });
      for await (const chunk of stream as AsyncIterable<AIMessageChunk>) {
        clearTimeout(idle);
        idle = setTimeout(expire(`no data for ${timeoutMs} ms`), timeoutMs);
        if (typeof chunk.content === 'string') raw += chunk.content;
        if (chunk.usage_metadata) usage = toUsage(chunk.usage_metadata);
        const reason = chunk.response_metadata?.finish_reason;
        if (typeof reason === 'string') finishReason = reason;
        if (opts.onPartial && Date.now() - lastEmit >= this.tuning.partialIntervalMs) {
          const partial = checkPartial(raw, prompt.sent);
          if (partial && partial !== state.lastPartial) {
            lastEmit = Date.now();
            state.lastPartial = partial;
            this.emit(opts.onPartial, partial);
          }
        }
      }
    } catch (err) {
      if (timedOut) throw new LlmFailure({ code: 'LLM_TIMEOUT', retryable: false, detail: `timed out (${timedOut})` });
      throw err;
    } finally {
      clearTimeout(idle);
      clearTimeout(total);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    // An abort can also end the stream quietly, with whatever arrived so far.
    if (timedOut) throw new LlmFailure({ code: 'LLM_TIMEOUT', retryable: false, detail: `timed out (${timedOut})` });
    if (opts.signal?.aborted) throw new Error('aborted');
    if (!raw.trim()) throw new LlmFailure({ code: 'LLM_BAD_RESPONSE', retryable: false, detail: 'the provider returned an empty answer' });
    // A cut-off answer ("…went bankr") reads as complete and wrong; the extractive answer is better.
    if (finishReason === 'length') {
      throw new LlmFailure({ code: 'LLM_BAD_RESPONSE', retryable: false, detail: 'the answer was cut off at the output limit (LLM_MAX_OUTPUT_TOKENS)' });
    }
    if (finishReason === undefined) {
      throw new LlmFailure({ code: 'LLM_BAD_RESPONSE', retryable: true, detail: 'the stream ended before the answer was finished (no finish_reason)' });
    }
    return { raw, usage };
  }

  private finish(
    raw: string,
    usage: Usage | undefined,
    prompt: BuiltPrompt,
    lang: Lang,
    started: number,
    retries: number,
    opts: AskOptions,
    lastPartial: string,
  ): ChatResult {
    const out = checkOutput(raw, prompt.sent);
    if (out.unknownCitations.length) {
      this.logger.warn('llm cited passages that were not sent; markers removed', { model: this.model, unknown: out.unknownCitations, sent: prompt.sent.map((p) => p.n) });
    }
    if (out.neutralisedLinks.length) {
      this.logger.warn('llm answer contained links to uncited hosts; made inert', { model: this.model, links: out.neutralisedLinks.length, hosts: [...new Set(out.neutralisedLinks.map(hostOf).filter(Boolean))] });
    }
    if (!out.abstained && !out.text) {
      throw this.fail({ code: 'LLM_BAD_RESPONSE', retryable: false, detail: 'nothing usable was left after checking the answer' }, undefined, retries);
    }
    if (!out.abstained && opts.onPartial && out.text && out.text !== lastPartial) this.emit(opts.onPartial, out.text);
    this.logger.info('llm answer', {
      model: this.model,
      lang,
      ms: Date.now() - started,
      retries,
      passagesSent: prompt.sent.length,
      passagesDropped: prompt.droppedPassages.length,
      historyTurns: prompt.historyTurns,
      promptTokensEstimate: prompt.promptTokensEstimate,
      cited: out.cited,
      abstained: out.abstained,
      usage,
    });
    return { text: out.text, cited: out.cited, abstained: out.abstained, usage };
  }

  private fail(f: Parameters<typeof toBotErrorFromFailure>[0], cause: unknown, retries: number): BotError {
    const err = toBotErrorFromFailure(f, this.where, (s) => this.scrub(s), cause);
    this.logger.warn('llm call gave up', { model: this.model, code: f.code, status: f.status, retries, error: err.message });
    return err;
  }

  /** Providers echo keys back ("Incorrect API key provided: sk-…"); nothing we emit may carry one. */
  private scrub(text: string): string {
    const key = this.config.apiKey;
    const out = key ? text.split(key).join('[redacted]') : text;
    return redact(out);
  }
}

function isReasoningModel(model: string): boolean {
  return /^o\d/.test(model) || (model.startsWith('gpt-5') && !model.startsWith('gpt-5-chat'));
}

function toUsage(u: { input_tokens?: number; output_tokens?: number; total_tokens?: number }): Usage {
  const promptTokens = u.input_tokens ?? 0;
  const completionTokens = u.output_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: u.total_tokens ?? promptTokens + completionTokens };
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** "api.openai.com" or the base URL's host: never the path's query or userinfo, which could hold credentials. */
function describeEndpoint(baseUrl: string | undefined): string {
  return hostOf(baseUrl) ?? 'api.openai.com';
}

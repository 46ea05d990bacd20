// The core behind every adapter: validates a question, retrieves, answers (LLM when configured,
// extractive otherwise or when the LLM fails) and reports timings. Adapters call only this.
import { randomUUID } from 'node:crypto';
import { BotError, isBotError } from './errors';
import { guessLang } from './user-messages';
import type { Answer, AskOptions, ChatAnswerer, KbStatus, KnowledgeBot, Passage, Question, ReloadProgress, ReloadSummary } from './types';
import { extractiveAnswer, type ExtractiveResult } from './answer/extractive';
import { withSafeLinks } from './answer/safe-links';
import { KnowledgeBase, type KnowledgeBaseOptions } from './kb/knowledge-base';
import type { IndexSnapshot, SearchHit } from './kb/snapshot';
import { analyzeQuery } from './retrieval/query';
import { ChannelsFile } from './channels/channels-file';
import { ChannelSettings } from './channels/settings';

export interface BotOptions extends KnowledgeBaseOptions {
  maxQuestionChars: number;
  /** Generated answers; undefined means offline extractive answers only. */
  chat?: ChatAnswerer;
  /** Passages handed to the LLM. */
  passages?: number;
  /** Offline answers below this confidence are declined (ANSWER_MIN_CONFIDENCE); undefined: the trained default. */
  minConfidence?: number;
  /** Longest wait for the question's embedding before keyword search answers alone (default 5 s). */
  queryEmbeddingTimeoutMs?: number;
  /** Progress of the start-up load (which is an incremental reload). */
  onProgress?: (p: ReloadProgress) => void;
}

export interface CoreBot extends KnowledgeBot {
  /** Resolves once an index is serving (persisted or freshly built). */
  ready: Promise<ReloadSummary | undefined>;
  readonly kb: KnowledgeBase;
}

/** A question's embedding takes well under a second; longer means the provider is in trouble. */
export const DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS = 5000;

const LLM_NOTICE: Record<string, { en: string; ko: string }> = {
  LLM_TIMEOUT: { en: 'The language model did not answer in time', ko: '언어 모델의 응답이 늦어' },
  LLM_RATE_LIMITED: { en: 'The language model is rate-limited right now', ko: '언어 모델 호출 한도에 걸려' },
  LLM_AUTH: { en: 'The language model rejected our credentials', ko: '언어 모델 인증에 실패해' },
  LLM_BAD_RESPONSE: { en: 'The language model returned an unusable answer', ko: '언어 모델의 응답을 사용할 수 없어' },
  LLM_UNAVAILABLE: { en: 'The language model is unavailable', ko: '언어 모델에 연결할 수 없어' },
};

export function createKnowledgeBot(opts: BotOptions): CoreBot {
  const kb = new KnowledgeBase(opts);
  const ready = kb.open(opts.onProgress).catch((err) => {
    opts.logger.error('initial load failed', { error: err });
    if (!kb.snapshot) throw err;
    return undefined;
  });
  // Callers that never await `ready` must not see an unhandled rejection; ask() reports it.
  ready.catch(() => undefined);
  const answererName = opts.chat ? opts.chat.model : 'offline (extractive)';

  // channels.yml: read at start (a broken file is logged and every channel stays "mention"), and
  // again on every reload, where a broken file fails the reload and the old settings keep serving.
  const channelsFile = new ChannelsFile(opts.knowledgeDir);
  let channels = ChannelSettings.empty();
  const channelsRead = channelsFile.load().then(
    (s) => void (channels = s),
    (err) => opts.logger.error('channels.yml unreadable; every channel answers mentions only', { error: err }),
  );
  async function reload(o?: { onProgress?: (p: ReloadProgress) => void; by?: string }): Promise<ReloadSummary> {
    let next: ChannelSettings;
    try {
      next = await channelsFile.load();
    } catch (err) {
      throw new BotError('RELOAD_FAILED', (err as Error).message, { cause: err });
    }
    const summary = await kb.reload(o?.onProgress, o?.by);
    channels = next;
    return summary;
  }

  // When the question's embedding fails or times out, the search goes on by keyword alone and the
  // answer, whichever path made it, says so in its notice.
  async function ask(question: Question, askOpts: AskOptions = {}): Promise<Answer> {
    const degraded = { dense: false };
    const answer = await answerQuestion(question, askOpts, degraded);
    if (!degraded.dense) return answer;
    const notice = answer.lang === 'ko' ? '임베딩 서비스에 연결할 수 없어 키워드 검색만으로 자료를 찾았습니다.' : 'The embeddings service is unavailable, so the passages were found by keyword search alone.';
    return { ...answer, notice: answer.notice ? `${notice} ${answer.notice}` : notice };
  }

  async function answerQuestion(question: Question, askOpts: AskOptions, degraded: { dense: boolean }): Promise<Answer> {
    const t0 = performance.now();
    const text = question.text.trim();
    if (!text) throw new BotError('EMPTY_QUESTION', 'The question is empty.');
    if (text.length > opts.maxQuestionChars) {
      throw new BotError('QUESTION_TOO_LONG', `The question has ${text.length} characters; the limit is ${opts.maxQuestionChars} (MAX_QUESTION_CHARS).`);
    }
    let snap = kb.snapshot;
    if (!snap) {
      await ready.catch((err) => {
        throw new BotError('INDEX_NOT_READY', 'The knowledge base could not be loaded.', { cause: err });
      });
      snap = kb.snapshot;
      if (!snap) throw new BotError('INDEX_NOT_READY', 'The knowledge base is not loaded yet.');
    }
    const lang = guessLang(text);
    const history = question.history ?? [];
    const query = analyzeQuery(text, snap.glossary, history);
    const hits = await snap.search(query, 8, undefined, {
      denseTimeoutMs: opts.queryEmbeddingTimeoutMs ?? DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS,
      onDenseFailure: (err) => {
        degraded.dense = true;
        opts.logger.warn('question embedding failed; answering from keyword search alone', { code: err.code, error: err.message });
      },
    });
    const t1 = performance.now();
    const extractive = extractiveAnswer(query, hits, snap.bm25, snap.glossary, lang, { minConfidence: opts.minConfidence });

    const base = { id: randomUUID(), lang };
    if (!opts.chat) {
      return finish({ ...base, ...pick(extractive), mode: { kind: 'offline' } }, t0, t1);
    }
    // Unknown names (2026, Opus) or no passage: the model has nothing to ground an answer on.
    if (extractive.abstained && extractive.reason?.startsWith('the documents never mention')) {
      return finish({ ...base, ...pick(extractive), mode: { kind: 'offline' } }, t0, t1);
    }
    const passages = toPassages(hits.slice(0, opts.passages ?? 6));
    try {
      const r = await opts.chat.answer({ question: text, lang, passages, history }, askOpts);
      const mode = { kind: 'llm' as const, model: opts.chat.model };
      if (r.abstained || (r.cited.length === 0 && extractive.abstained)) {
        return finish({ ...base, ...pick(extractive.abstained ? extractive : abstainFrom(lang)), abstained: true, citations: [], mode, usage: r.usage }, t0, t1);
      }
      if (r.cited.length === 0) {
        // Generated text that cites nothing cannot be checked against the documents: quote them instead.
        const notice = lang === 'ko' ? '언어 모델의 답변에 출처 표시가 없어 문서에서 직접 인용한 답변을 드립니다.' : "The language model's answer cited no passage, so this answer quotes the documents directly.";
        return finish({ ...base, ...pick(extractive), mode: { kind: 'offline' }, notice, usage: r.usage }, t0, t1);
      }
      const citations = r.cited.map((n) => {
        const p = passages[n - 1];
        return { n, docId: p.docId, title: p.title, section: p.section, quote: quoteOf(p.text), score: p.score, source: p.source, start: p.start, end: p.end };
      });
      return finish({ ...base, text: r.text, citations, abstained: false, mode, usage: r.usage }, t0, t1);
    } catch (err) {
      const code = isBotError(err) ? err.code : 'LLM_UNAVAILABLE';
      opts.logger.warn('LLM answer failed; falling back to the extractive answer', { code, error: err });
      const why = LLM_NOTICE[code] ?? LLM_NOTICE.LLM_UNAVAILABLE;
      const notice = lang === 'ko' ? `${why.ko} 문서에서 직접 인용한 답변을 드립니다.` : `${why.en}, so this answer quotes the documents directly.`;
      return finish({ ...base, ...pick(extractive), mode: { kind: 'offline' }, notice }, t0, t1);
    }
  }

  function finish(a: Omit<Answer, 'timings'>, t0: number, t1: number): Answer {
    const t2 = performance.now();
    const answer: Answer = { ...withSafeLinks(a), timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) } };
    opts.logger.debug('answered', { id: answer.id, abstained: answer.abstained, citations: answer.citations.length, timings: answer.timings, usage: answer.usage });
    return answer;
  }

  // Ready means serving with this start's channel settings too (the read never rejects).
  const serving = ready.then(async (r) => (await channelsRead, r));
  serving.catch(() => undefined);
  return {
    ready: serving,
    kb,
    ask,
    reload,
    channelPolicy: (channelId: string) => channels.policy(channelId),
    status: (): KbStatus => kb.status(answererName),
  };
}

function pick(r: ExtractiveResult) {
  return { text: r.text, citations: r.citations, abstained: r.abstained, confidence: Number(r.confidence.toFixed(3)) };
}

function abstainFrom(lang: 'ko' | 'en'): ExtractiveResult {
  const text = lang === 'ko' ? '제공된 문서에서는 이 질문에 대한 답을 찾지 못했습니다.' : "I couldn't find the answer in the knowledge base.";
  return { text, citations: [], abstained: true, confidence: 0 };
}

function toPassages(hits: SearchHit[]): Passage[] {
  return hits.map((h, i) => ({
    n: i + 1,
    chunkId: h.chunk.id,
    docId: h.chunk.docId,
    title: h.chunk.title,
    section: h.chunk.section,
    text: h.chunk.text,
    score: h.score,
    source: h.chunk.source,
    start: h.chunk.start,
    end: h.chunk.end,
  }));
}

function quoteOf(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= 300 ? t : t.slice(0, 299) + '…';
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export type { IndexSnapshot };

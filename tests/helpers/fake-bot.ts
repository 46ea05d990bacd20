// A KnowledgeBot that records every call and answers from a script, for adapter tests that are
// about platform behaviour rather than retrieval. Tests of the real core use createKnowledgeBot.
import type { Answer, AskOptions, KbStatus, KnowledgeBot, Question, ReloadProgress, ReloadSummary } from '../../src/types';

export interface FakeBot extends KnowledgeBot {
  asked: Question[];
  reloads: number;
  /** Replace to change what the next questions get (throw to simulate an answerer failure). */
  answerWith: (q: Question, opts?: AskOptions) => Promise<Answer> | Answer;
  reloadWith: () => Promise<ReloadSummary> | ReloadSummary;
}

let counter = 0;

export function fakeAnswer(overrides: Partial<Answer> = {}): Answer {
  counter += 1;
  return {
    id: `ans-${counter}`,
    text: 'Mistral AI was founded in April 2023 in Paris [1].',
    citations: [
      {
        n: 1,
        docId: 'mistral.md',
        title: 'Mistral AI',
        section: 'Founding',
        quote: '미스트랄AI는 2023년 4월 프랑스 파리에서 설립된 생성형 AI 스타트업이다.',
        score: 0.9,
        source: 'mistral.md',
        start: 0,
        end: 40,
      },
    ],
    abstained: false,
    lang: 'en',
    mode: { kind: 'offline' },
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    ...overrides,
  };
}

export function fakeSummary(overrides: Partial<ReloadSummary> = {}): ReloadSummary {
  return { added: ['new.md'], changed: [], removed: [], failed: [], unchanged: 1, documents: 2, chunks: 10, embedded: 3, ms: 12, ...overrides };
}

export function createFakeBot(): FakeBot {
  const bot: FakeBot = {
    asked: [],
    reloads: 0,
    answerWith: () => fakeAnswer(),
    reloadWith: () => fakeSummary(),
    async ask(q: Question, opts?: AskOptions) {
      bot.asked.push(q);
      return bot.answerWith(q, opts);
    },
    async reload(opts?: { onProgress?: (p: ReloadProgress) => void }) {
      bot.reloads += 1;
      opts?.onProgress?.({ phase: 'load', done: 1, total: 2 });
      opts?.onProgress?.({ phase: 'done', done: 2, total: 2 });
      return bot.reloadWith();
    },
    status(): KbStatus {
      return {
        documents: 2,
        chunks: 10,
        embeddings: 'local:hash-v1',
        answerer: 'offline',
        analyzerVersion: 'test',
        reloading: false,
        errors: [],
        // What `kb status` prints as its two name lines; every status view shows them too.
        names: { hangulTerms: 120, romanized: 118, minedPairs: 3, minedFrom: [{ doc: 'travel.md', pairs: 2 }, { doc: 'people.md', pairs: 1 }] },
      };
    },
  };
  return bot;
}

// A company named in several chunks: the chunk whose sentence joins the name with the asked-about
// word must come first, even when another chunk uses that word more often in unrelated filler
// (bag-of-words BM25 ranks that one first: the bench's Korean recall gap, issue 10 item 5).
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/text/analyzer';
import { Bm25Index } from '../src/retrieval/bm25';
import { analyzeQuery } from '../src/retrieval/query';
import { Glossary } from '../src/retrieval/glossary';
import { rerankBySentence } from '../src/retrieval/sentence-rerank';
import { cleanup, makeBot, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);

const KO_FILLER = '시장 경쟁 기술 전략 정부 규제 데이터 모델 성능 비용 고객 서비스 플랫폼 인프라 반도체 클라우드 연구 개발 인력 생태계.';
const EN_FILLER = 'Market competition technology strategy government regulation data model performance cost customer service platform.';

const CASES = [
  {
    bug: 'Korean: the funding fact loses to a chunk that names the company and where another company 투자받았다',
    question: '렌쿠쿠가 투자받은 금액은 얼마야?',
    right: '렌쿠쿠는 오픈AI로부터 43억 달러를 투자받았다. 시장 경쟁 기술 전략.',
    wrong: '렌쿠쿠의 직원 수는 120명이다. 애플은 구글로부터 5억 달러를 투자받았다.',
  },
  {
    bug: 'Korean: the founding city loses to a chunk that names the company and where another was 설립된',
    question: '벨퀸토데가 설립된 도시는 어디야?',
    right: '벨퀸토데는 2012년 서울에서 설립된 AI 스타트업이다. 시장 경쟁 기술 전략.',
    wrong: '벨퀸토데의 최고경영자는 김서연이다. 오라클은 2010년 도쿄에서 설립된 스타트업이다.',
  },
  {
    bug: 'English: the funding fact loses to a chunk that names the company and where another raised money',
    question: 'How much has Velzentor raised?',
    right: 'Velzentor raised $43 million from OpenAI in its latest round. Market competition technology.',
    wrong: 'Velzentor has 120 employees across its offices. Apple raised $5 billion from Google.',
  },
];

describe('rescoring BM25 hits by their best sentence', () => {
  it.each(CASES)('$bug (near tie in BM25)', ({ question, right, wrong }) => {
    // Other chunks make the name rare and the predicate common, as in any real corpus.
    const others = Array.from({ length: 40 }, (_, i) => (i % 2 ? `${KO_FILLER} 애플은 ${i}년 구글로부터 투자받았다.` : `${EN_FILLER} Apple raised $${i} billion.`));
    const texts = [wrong, right, ...others];
    const index = Bm25Index.build(texts.map((t) => analyze(t)));
    const terms = analyzeQuery(question, Glossary.empty()).terms;
    // BM25 puts the wrong chunk a little ahead (a bag of words cannot tell them apart).
    const hits = [{ index: 0, score: 10 }, { index: 1, score: 9.8 }, { index: 2, score: 1 }];
    const reranked = rerankBySentence(hits, terms, (t) => index.idf(t), (i) => texts[i]);
    expect(reranked.map((h) => h.index)).toEqual([1, 0, 2]);
  });

  it('hits past the rescored depth keep their place and order below the rescored ones', () => {
    const texts = ['렌쿠쿠 소식.', '렌쿠쿠는 투자받았다.', '렌쿠쿠는 투자받았다.', '기타.'];
    const index = Bm25Index.build(texts.map((t) => analyze(t)));
    const terms = analyzeQuery('렌쿠쿠가 투자받은 금액은?', Glossary.empty()).terms;
    const hits = [{ index: 0, score: 3 }, { index: 1, score: 2 }, { index: 3, score: 1 }, { index: 2, score: 0.5 }];
    const reranked = rerankBySentence(hits, terms, (t) => index.idf(t), (i) => texts[i], { depth: 2, weight: 2 });
    expect(reranked.map((h) => h.index)).toEqual([1, 0, 3, 2]);
  });

  it('the served search (the bot\'s snapshot) ranks the chunk whose sentence joins the name and the question words first', async () => {
    const files: Record<string, string> = {};
    CASES.forEach((c, i) => {
      files[`wrong-${i}.md`] = `# Notes ${i}\n\n${c.wrong}\n`;
      files[`right-${i}.md`] = `# Report ${i}\n\n${c.right}\n`;
    });
    const bot = makeBot(writeSmallKb(files));
    await bot.ready;
    const snap = bot.kb.snapshot!;
    for (const c of CASES) {
      const hits = await snap.search(analyzeQuery(c.question, snap.glossary), 3);
      expect(hits[0]?.chunk.docId ?? '', c.bug).toMatch(/^right-/);
    }
  });
});

// Grammatical roles for the answer selector (issue 8, the shipped article's own rows): what a
// sentence is about, who fills a verb's or role word's slot, what it defines, and which attribute
// of a sum it names. Small sentences of our own, Korean and English, with the near
// misses that a looser reading would take; then the features these feed, on a small folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asksDefinition, definiendum, roleSlots, topicWords } from '../src/answer/selector/roles';
import { attributeMismatch } from '../src/answer/selector/attributes';
import { FEATURES } from '../src/answer/selector/features';
import { CONFIDENCE_FEATURES, confidenceFeatures } from '../src/answer/selector/confidence';
import { cleanup, makeBot, tmpDir } from './fixtures/core/small-kb';
import { candidatesFor } from './helpers/candidates';

afterAll(cleanup);

describe('topicWords: what a sentence is about', () => {
  it.each([
    ['a topic with a gloss in brackets missed (온루세(Onruse)는)', '또 다른 경쟁자 온루세(Onruse)는 부산의 로봇 회사이다.', '온루세', true],
    ['a passing mention taken for the topic (온루세와 함께)', '바람솔은 온루세와 함께 주목받는 회사이다.', '온루세', false],
    ['a subject marked with 가 missed', '바람솔이 해양 드론을 만든다.', '바람솔', true],
    ['a word pointing back taken for a new topic (이번은)', '이번은 다르다.', '이번', false],
    ['an English subject missed', 'Zarkonix raised $5 million in 2022.', 'Zarkonix', true],
    ['an English object taken for the subject', 'Halvorsen bought Zarkonix in 2022.', 'Zarkonix', false],
  ])('%s', (_bug, sentence, word, isTopic) => {
    expect(topicWords(sentence).includes(word)).toBe(isTopic);
  });
});

describe('roleSlots: who fills a verb or role word', () => {
  it.each([
    ['a founder before the verb missed (…램플이 창업했다)', '연구원 출신인 김하늘과 박바다가 창업했다.', '박바다', '창업했다'],
    ['a name after a role word missed (CEO인 …)', '온루세 CEO인 김하늘은 이렇게 말했다.', '김하늘은', 'CEO'],
    ['a name after "by" missed (founded by …)', 'The company was founded by Mara Olsen in 2019.', 'Mara', 'founded'],
    ['an English subject before its verb missed', 'Olsen founded the company in 2019.', 'Olsen', 'founded'],
  ])('%s', (_bug, sentence, agent, role) => {
    expect(roleSlots(sentence)).toContainEqual({ agent, role });
  });

  it('a verb with nobody before it gets no slot (설립된 회사이다)', () => {
    expect(roleSlots('2019년 부산에서 설립된 회사이다.').filter((s) => /설립/.test(s.role))).toEqual([]);
  });
});

describe('definiendum and asksDefinition: the term a sentence defines, and a question asking for one', () => {
  it.each([
    ['a Korean definition with 란 missed', '해양 주권이란 “나라가 바다를 다스리는 힘”을 말한다.', '해양 주권'],
    ['a Korean definition by its predicate missed (…는 …을 의미한다)', '온디바이스 AI는 기기 안에서 돌아가는 AI를 의미한다.', '온디바이스 AI'],
    ['an English definition missed', 'A sovereign fund is a fund owned by a state.', 'sovereign fund'],
    ['a sentence about a term read as defining it (…가 부상한다는 것은 …을 의미한다)', '이러한 해양 주권이 부상한다는 것은 바다가 중요해졌다는 것을 의미한다.', undefined],
    ['a plain statement read as a definition', '온루세는 2019년 부산에서 설립됐다.', undefined],
  ])('%s', (_bug, sentence, term) => {
    expect(definiendum(sentence)).toBe(term);
  });

  it.each([
    ['해양 주권이 정확히 무슨 뜻이야?', true],
    ['해양 주권이 뭐야?', true],
    ['What is a sovereign fund?', true],
    ['온루세는 언제 설립됐어?', false],
    ['What is the capital of Norway, and who founded it?', false],
  ])('asksDefinition(%s) = %s', (question, asks) => {
    expect(asksDefinition(question)).toBe(asks);
  });
});

describe('attributeMismatch: a sum asked as one attribute, quoted as another', () => {
  it.each([
    ['an investment quoted for a valuation', '온루세 기업가치는 얼마로 평가받아요?', '온루세는 5억 달러 규모의 투자를 받았다.', true],
    ['funding quoted for revenue', 'How much revenue did Zarkonix make?', 'Zarkonix raised $5 million in funding.', true],
    ['a stated valuation refused', '온루세 기업가치는 얼마야?', '온루세는 기업가치가 20억 유로로 평가받는다.', false],
    ['a sum with no attribute word refused (the text may say it another way)', '온루세는 얼마를 투자받았어?', '온루세는 작년에 300억원을 받았다.', false],
    ['a question naming no attribute judged', '온루세는 얼마야?', '온루세는 5억 달러 규모의 투자를 받았다.', false],
    ['an English investment refused for "how much did it raise"', 'How much did Zarkonix raise?', 'Zarkonix raised $5 million in 2022.', false],
  ])('%s', (_bug, question, sentence, mismatch) => {
    expect(attributeMismatch(question, sentence)).toBe(mismatch);
  });
});

// The features as the selector computes them from a small folder of our own: each row names the
// bug a wrong value would make (the quote a feature should single out, and one it should not).
describe('role features of candidate sentences', () => {
  const doc = [
    '---',
    'title: 온루세',
    '---',
    '',
    '# 온루세',
    '',
    '바람솔은 온루세와 함께 부산에서 가장 주목받는 해양 로봇 회사이다. 전직 조선소 연구원인 한바다가 설립했으며 3억 달러 규모의 투자를 받았다.',
    '',
    '온루세는 2019년 판교에서 직원 5명이 나와 설립한 회사이다. 최근 누리은행으로부터 2억 달러의 투자를 받았다.',
    '',
    '온루세는 김하늘, 박구름 및 이노을이 창업했다. 파트너는 바람솔, 하늘솔, 누리솔 등이 있다.',
    '',
    '해양 주권이란 “나라가 바다를 스스로 다스리는 힘”을 말한다. 이러한 해양 주권이 부상한다는 것은 바다가 중요해졌다는 것을 의미한다.',
    '',
    '하늘솔은 울산의 조선 소프트웨어 회사이다.',
    '',
  ].join('\n');

  async function featuresOf(question: string) {
    const dir = tmpDir('roles-kb-');
    fs.writeFileSync(path.join(dir, 'onruse.md'), doc);
    // Names as an admin would list them: the question's companies are names, not plain words.
    fs.writeFileSync(path.join(dir, '_glossary.yml'), 'organizations:\n  - [온루세, Onruse]\n  - [바람솔, Baramsol]\n  - [누리은행, Nuri Bank]\n');
    const bot = makeBot(dir, { minConfidence: 0 });
    await bot.ready;
    const { query, groups, cands } = await candidatesFor(bot, question);
    // A quote as written, or "start … end" for a pair of sentences.
    const of = (quote: string) => {
      const [head, tail] = quote.split(' … ');
      const c = cands.find((x) => (tail === undefined ? x.text === quote : x.text.startsWith(head) && x.text.endsWith(tail)));
      expect(c, quote).toBeDefined();
      return c!;
    };
    return { of, query, groups };
  }
  const at = (x: number[], name: string) => x[FEATURES.indexOf(name as (typeof FEATURES)[number])];

  it.each([
    ['topic_match: a passing mention (온루세와 함께) read as the topic', '온루세는 투자를 얼마나 받았어?', 'topic_match', '바람솔은 온루세와 함께 부산에서 가장 주목받는 해양 로봇 회사이다.', 0],
    ['topic_match: the sentence about the asked company not read as its topic', '온루세는 투자를 얼마나 받았어?', 'topic_match', '온루세는 2019년 판교에서 직원 5명이 나와 설립한 회사이다.', 1],
    ['topic_match: a pair that names the asked company only in its second sentence read as about it', '온루세는 투자를 얼마나 받았어?', 'topic_match', '최근 누리은행으로부터 2억 달러의 투자를 받았다. … 온루세는 김하늘, 박구름 및 이노을이 창업했다.', 0],
    ['who_agent: founders before the verb missed', '온루세는 누가 창업했어?', 'who_agent', '온루세는 김하늘, 박구름 및 이노을이 창업했다.', 1],
    ['who_agent: a sentence with the verb and nobody before it read as naming the founder', '온루세는 누가 설립했어?', 'who_agent', '온루세는 2019년 판교에서 직원 5명이 나와 설립한 회사이다.', 0],
    ['defines_subject: the defining sentence missed', '해양 주권이 정확히 무슨 뜻이야?', 'defines_subject', '해양 주권이란 “나라가 바다를 스스로 다스리는 힘”을 말한다.', 1],
    ['defines_subject: a sentence about the term read as defining it', '해양 주권이 정확히 무슨 뜻이야?', 'defines_subject', '이러한 해양 주권이 부상한다는 것은 바다가 중요해졌다는 것을 의미한다.', 0],
    ['figure_near_subject: a figure far from the asked company read as its figure', '누리은행은 온루세에 얼마나 투자했어?', 'figure_near_subject', '바람솔은 온루세와 함께 부산에서 가장 주목받는 해양 로봇 회사이다. 전직 조선소 연구원인 한바다가 설립했으며 3억 달러 규모의 투자를 받았다.', 0],
    ['figure_near_subject: the figure beside the asked investor missed (누리은행으로부터 2억 달러)', '누리은행은 온루세에 얼마나 투자했어?', 'figure_near_subject', '최근 누리은행으로부터 2억 달러의 투자를 받았다.', 1],
  ])('%s', async (_bug, question, feature, quote, value) => {
    const { of } = await featuresOf(question);
    expect(at(of(quote).x, feature)).toBe(value);
  });

  it.each([
    ['other_topic: a quote about another company (하늘솔은 …) read as about the asked one', '온루세는 어떤 회사야?', '하늘솔은 울산의 조선 소프트웨어 회사이다.', 1],
    ['other_topic: a quote that goes on about its paragraph’s company (…한바다가 설립했으며) read as about someone else', '바람솔은 투자를 얼마나 받았어?', '전직 조선소 연구원인 한바다가 설립했으며 3억 달러 규모의 투자를 받았다.', 0],
    ['other_topic: a quote about the asked company read as about another', '온루세는 어떤 회사야?', '온루세는 2019년 판교에서 직원 5명이 나와 설립한 회사이다.', 0],
  ])('%s', async (_bug, question, quote, value) => {
    const { of, query, groups } = await featuresOf(question);
    const z = confidenceFeatures(query, groups, [of(quote)], [1]);
    expect(z[CONFIDENCE_FEATURES.indexOf('other_topic')]).toBe(value);
  });
});

// Korean drops a subject it has already named, so a quote that lacks the asked name may still be
// about it; but a quote that opens with a topic of its own states its facts of that topic (issue 8,
// the shipped article's "딥엘은 언제 설립된 회사야?" answered with Mistral AI's founding sentence,
// DeepL being named in the paragraph before). Read from particles and word order only: the topic a
// sentence opens with (openingTopic) and the "not stated" rule built on it (otherSubjectStated).
// Small sentences and a small folder of our own.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openingTopic } from '../src/answer/selector/roles';
import { otherSubjectStated } from '../src/answer/selector/other-subject';
import { cleanup, makeBot, q, tmpDir } from './fixtures/core/small-kb';
import { candidatesFor } from './helpers/candidates';

afterAll(cleanup);

describe('openingTopic: the topic a Korean sentence opens with', () => {
  it.each([
    ['a sentence opening with its topic read as having none', '바람솔은 2019년 부산에서 설립된 회사이다.', '바람솔'],
    ['a connective before the topic hides it (하지만 바람솔은)', '하지만 바람솔은 설립된 지 1년 만에 흑자를 냈다.', '바람솔'],
    ['a two-word opening hides the topic (부산의 바람솔은)', '부산의 바람솔은 해양 드론을 만든다.', '바람솔'],
    ['a time adverb with 는 read as a topic (최근에는)', '최근에는 열 개 언어를 지원하는 모델 ‘파도’를 출시했다.', undefined],
    ['a word pointing back read as a new topic (이 회사는)', '이 회사는 2019년 부산에서 설립됐다.', undefined],
    ['a topic late in the sentence read as its opening (…기업 중 하나는)', '이 중 가장 두각을 나타내는 기업 중 하나는 바람솔이다.', undefined],
    ['a clause subject read as the topic (…한바다가 설립했으며)', '전직 조선소 연구원인 한바다가 설립했으며 3억 달러의 투자를 받았다.', undefined],
    ['an English sentence read as Korean', 'Baramsol was founded in 2019.', undefined],
  ])('%s', (_bug, sentence, topic) => {
    expect(openingTopic(sentence)).toBe(topic);
  });
});

// Two companies in one paragraph, then a paragraph about one of them; a company that goes on
// without being named again; a glossary naming them as an admin would.
const DOC = [
  '---',
  'title: 부산의 해양 로봇 회사들',
  '---',
  '',
  '# 부산의 해양 로봇 회사들',
  '',
  '부산의 대표적인 해양 로봇 회사는 바람솔과 하늘솔 등이 있다. 이 중 가장 두각을 나타내는 기업 중 하나는 바람솔이다.',
  '',
  '바람솔은 2019년 부산 영도에서 설립된 해양 드론 회사이다. 직원은 40여 명이다.',
  '',
  '또 다른 회사 누리솔은 울산의 조선 소프트웨어 회사이다. 전직 조선소 연구원인 한바다가 설립했으며 3억 달러 규모의 투자를 받았다. 최근에는 어민의 안전을 지키기 위해 열 개 언어를 지원하는 선박 모델 ‘파도’를 출시한 바 있다.',
  '',
].join('\n');
const GLOSSARY = 'organizations:\n  - [바람솔, Baramsol]\n  - [하늘솔, Haneulsol]\n  - [누리솔, Nurisol]\n  - [파도, Pado]\n';

async function smallBot() {
  const dir = tmpDir('other-subject-kb-');
  fs.writeFileSync(path.join(dir, 'busan.md'), DOC);
  fs.writeFileSync(path.join(dir, '_glossary.yml'), GLOSSARY);
  // A threshold near 0: only a rule declines (a "not stated" rule sets the confidence to 0), so each
  // row sees the rule alone, not the trained confidence model.
  const bot = makeBot(dir, { minConfidence: 1e-9 });
  await bot.ready;
  return bot;
}

describe('otherSubjectStated: the quote opens about another topic than the asked name', () => {
  it.each([
    ['a founding date of the other company (바람솔은 2019년 … 설립된) taken for the asked one', '하늘솔은 언제 설립된 회사야?', '바람솔은 2019년 부산 영도에서 설립된 해양 드론 회사이다.', '바람솔'],
    ['the asked company’s own sentence judged as about another', '바람솔은 언제 설립된 회사야?', '바람솔은 2019년 부산 영도에서 설립된 해양 드론 회사이다.', undefined],
    ['a sentence going on about the asked company without naming it judged as about another', '누리솔은 누가 설립했어?', '전직 조선소 연구원인 한바다가 설립했으며 3억 달러 규모의 투자를 받았다.', undefined],
    ['a time adverb (최근에는) read as another topic', '누리솔은 파도를 왜 출시했어?', '최근에는 어민의 안전을 지키기 위해 열 개 언어를 지원하는 선박 모델 ‘파도’를 출시한 바 있다.', undefined],
  ])('%s', async (_bug, question, quote, other) => {
    const bot = await smallBot();
    const { groups, cands } = await candidatesFor(bot, question);
    const c = cands.find((x) => x.text === quote);
    expect(c, quote).toBeDefined();
    expect(otherSubjectStated(question, groups, c!.text, c!.degrees)).toBe(other);
  });

  it('a question whose name is not its topic is not judged (the name may be an object: 바람솔에 누가 투자했어?)', () => {
    expect(otherSubjectStated('바람솔에 누가 투자했어?', [], '하늘솔은 2019년 설립됐다.', [])).toBeUndefined();
  });
});

describe('the answer: another company’s fact is declined, the asked company’s is quoted', () => {
  it.each([
    ['another company’s founding date quoted for 하늘솔 (named only in the paragraph before)', '하늘솔은 언제 설립된 회사야?', true],
    ['the asked company’s founding date declined', '바람솔은 언제 설립된 회사야?', false],
    ['a sentence that goes on about 누리솔 without naming it declined', '누리솔은 누가 설립했어?', false],
  ])('%s', async (_bug, question, declined) => {
    const bot = await smallBot();
    const a = await bot.ask(q(question));
    expect(a.abstained, a.text).toBe(declined);
  });
});

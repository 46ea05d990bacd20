// Offline answers over three documents of different kinds, written for this test (not the shipped
// article): a small English Markdown profile, a Korean news article with a byline, and an HTML
// page with navigation and script noise. Behaviour only, at the level of bot.ask: the answer
// quotes the sentence that holds the fact, and a question about a name no document mentions is
// declined, not answered from the nearest company. Rows marked "known bug" record what the
// extractive answerer gets wrong today (issue 8); they fail loudly once it gets them right.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeBot } from '../src/bot';
import { OfflineHashEmbeddings, OFFLINE_HASH_ID } from '../src/embeddings/offline-hash';
import { silentLogger } from '../src/logger';
import type { Answer } from '../src/types';
import { shippedKnowledgeBot } from './helpers/shipped-bot';

const bot = createKnowledgeBot({
  knowledgeDir: path.resolve(__dirname, 'fixtures/answers'),
  dataDir: '/nonexistent',
  embeddings: new OfflineHashEmbeddings(),
  embeddingsId: OFFLINE_HASH_ID,
  chunkSize: 700,
  chunkOverlap: 120,
  maxQuestionChars: 1000,
  logger: silentLogger,
  inMemory: true,
});
beforeAll(async () => {
  expect((await bot.ready)?.documents).toBe(3);
});
const ask = (text: string) => bot.ask({ text, user: 'u', channel: 'c', platform: 'cli' });

/** The fact is in the answer, and the first citation quotes the document's sentence that states it. */
function expectQuoted(a: Answer, docId: string, sentence: string, fact: string) {
  expect(a.abstained, a.text).toBe(false);
  expect(a.text.slice(0, 600)).toContain(fact);
  expect(a.citations[0]?.docId, a.text).toBe(docId);
  expect(a.citations[0].quote).toContain(sentence);
  // Markup, navigation and scripts of the HTML page are never quoted.
  expect(a.text).not.toMatch(/TRACKING_SHOULD_NOT_BE_QUOTED|Log in|<\/?p>/);
}

type AnswerRow = [string, string, string, string, string];

const answered: AnswerRow[] = [
  ['English Markdown: "when" answered without the year', 'When was Halden Analytics founded?', 'halden.md', 'Halden Analytics was founded in 2018', '2018'],
  ['English Markdown: "who" answered with the company instead of its founders', 'Who founded Halden Analytics?', 'halden.md', 'founded in 2018 by Priya Raman and Owen Calloway', 'Priya Raman'],
  ['English Markdown: "how much" answered without the amount', 'How much did Halden Analytics raise?', 'halden.md', 'raised £18 million in a Series A round', '£18 million'],
  ['English Markdown: "where" answered without the city', 'Where is Halden Analytics based?', 'halden.md', 'based in Bristol, England', 'Bristol'],
  ['Korean news: "언제" answered from the byline date instead of the founding year', '누리셈은 언제 설립됐어?', 'nurisem.md', '누리셈은 2020년 대전에서 설립된', '2020년'],
  ['Korean news: a product figure taken from another sentence', '가람은 GPU보다 전력을 얼마나 적게 써?', 'nurisem.md', '전력을 40% 적게 쓰는', '40%'],
  ['Korean news: "누가 주도" answered without the lead investor', '누리셈 투자는 누가 주도했어?', 'nurisem.md', '한울벤처스가 주도했으며', '한울벤처스'],
  ['Korean news: "어디" answered from the dateline instead of the sentence about the company', '누리셈은 어디에 있어?', 'nurisem.md', '누리셈은 2020년 대전에서 설립된', '대전'],
  ['Korean news, English question via the glossary', 'When was Nurisem founded?', 'nurisem.md', '2020년 대전에서 설립된', '2020년'],
  ['HTML page: the hourly price is not found (abstains)', 'How much does an H100 server cost per hour at Corvid Cloud?', 'corvid.html', 'costs $2.40 per hour on demand', '$2.40'],
  ['Korean news: the funding size quotes the headline (about-chunk), not the sentence that reports it', '누리셈 시리즈B 투자 규모는 얼마야?', 'nurisem.md', '800억원 규모의 시리즈B 투자를 유치했다', '800억원'],
  ['HTML page: "who started" answered from the navigation or title', 'Who started Corvid Cloud?', 'corvid.html', 'started in 2021 by the Norwegian engineer Kari Lunde', 'Kari Lunde'],
  // Answered since issue 8's boosted-trees selector and "attribute not stated" signals (known bugs before).
  ['Korean news: "발행한 곳" answered from the article text instead of its byline', '누리셈 기사 발행한 곳은?', 'nurisem.md', '한빛경제신문', '한빛경제신문'],
];

const answeredKnownBugs: AnswerRow[] = [
  // Missed again since the last merged retrain (issue 8, word-form and grammatical-role signals): the
  // founding sentence outranks the byline; it was answered from the boosted-trees selector until then.
  ['Korean news: "who wrote it" answered with the founding sentence instead of the byline', '누리셈 기사는 누가 썼어?', 'nurisem.md', '정다은', '정다은'],
  // Missed since the learned selector (the sentence naming Corvid's founder outranks it).
  ['HTML page: "where" answered without the cities', "Where are Corvid Cloud's data centres?", 'corvid.html', 'data centres in Oslo and Helsinki', 'Oslo'],
  ['HTML page: "how is it powered" quotes the data-centre sentence instead of the hydroelectric one', 'How is Corvid Cloud powered?', 'corvid.html', 'hydroelectric power', 'hydroelectric'],
];

describe('answers quote the sentence that holds the fact', () => {
  it.each(answered)('%s', async (_bug, question, docId, sentence, fact) => {
    expectQuoted(await ask(question), docId, sentence, fact);
  });

  it.fails.each(answeredKnownBugs)('known bug: %s', async (_bug, question, docId, sentence, fact) => {
    expectQuoted(await ask(question), docId, sentence, fact);
  });
});

function expectDeclined(a: Answer) {
  expect(a.abstained, a.text).toBe(true);
  expect(a.citations).toEqual([]);
  expect(a.text).not.toMatch(/\[\d+\]/);
}

describe('a question about a name no document mentions is declined', () => {
  it.each([
    ['an unknown company answered with Halden’s founders', 'Who founded Zephyrline Systems?'],
    ['an unknown company answered with another company’s round', 'How much did Tamsin Robotics raise?'],
    ['a known first name with an unknown second (Halden Robotics) answered as Halden Analytics', 'Who founded Halden Robotics?'],
    // Declined again since the word-form signals and the last merged retrain (a known bug before).
    ['a known company with no such fact answered with another company’s round (Corvid Cloud has no funding news)', "Who led Corvid Cloud's funding round?"],
  ])('%s', async (_bug, question) => {
    expectDeclined(await ask(question));
  });

  it.fails.each([
    ['an unknown Korean company name is answered with Halden’s funding', '루미나칩 투자 규모는?'],
    // Missed since the learned selector: the confidence model is sure of these look-alikes (see README).
    ['an unknown Korean company name is answered with Halden’s founders', '그린웨일은 누가 창업했어?'],
    ['an unknown Korean company answered with 누리셈’s founding year', '다온AI는 언제 설립됐어?'],
  ])('known bug: %s', async (_bug, question) => {
    expectDeclined(await ask(question));
  });
});

describe('the shipped article: a sentence about another company is not the answer', () => {
  const shipped = shippedKnowledgeBot();
  beforeAll(async () => {
    await shipped.ready;
  });

  it('OpenAI’s head count is quoted from the sentence about OpenAI, not Anthropic’s "직원 7명" (a sentence whose topic is another company wins)', async () => {
    const a = await shipped.ask({ text: '오픈AI 직원은 몇 명이래?', user: 'u', channel: 'c', platform: 'cli' });
    expect(a.abstained, a.text).toBe(false);
    expect(a.text.slice(0, 600)).toContain('1000명');
    expect(a.citations[0].quote).toContain('1000명인 오픈AI');
  });
});

// The extractive answerer's rules, each on a question about the shipped article whose right answer
// is plain to a reader. Every case names the wrong answer the rule exists to prevent.
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedKnowledgeBot } from './helpers/shipped-bot';

const bot = shippedKnowledgeBot();
beforeAll(async () => {
  await bot.ready;
});
const ask = (text: string) => bot.ask({ text, user: 'u', channel: 'c', platform: 'cli' });

describe('answers', () => {
  it.each([
    ['"how big" taken for a word to find ("Big Tech")', "How big was Mistral's seed round?", '1억1300만'],
    ['"Mistral Large" matched by its company name alone', 'What rank did Mistral Large get?', '2위'],
    ['a conjugated verb (받았어 vs 받고) counted as a missing word', '코히어는 투자를 얼마나 받았어?', '5억 달러'],
    ['the list of languages cut off at a chunk boundary', '미스트랄이 지원하는 언어는?', '프랑스어'],
    ['a "when" question answered without a date', '미스트랄AI는 언제 설립됐어?', '2023'],
    ['the subject left in the sentence before (코히어 … 아이단 고메즈가 설립했으며)', 'Who founded Cohere?', '아이단 고메즈'],
  ])('%s', async (_bug, question, expected) => {
    const a = await ask(question);
    expect(a.abstained).toBe(false);
    expect(a.text.slice(0, 600)).toContain(expected);
    expect(a.citations.length).toBeGreaterThan(0);
  });
});

describe('abstentions', () => {
  it.each([
    ['a glossary concept the documents never mention (users)', 'How many users does ChatGPT have?'],
    ['a company the documents never mention', '네이버 하이퍼클로바X는 어떤 모델이야?'],
    ['a year the documents never mention', '미스트랄AI의 2026년 매출은 얼마야?'],
    ['an off-topic question answered because one word (Paris) is in the article', 'What is the weather in Paris today?'],
    ['a request for writing answered with a quote about its subject', 'Write me a poem about Mistral'],
  ])('%s', async (_bug, question) => {
    const a = await ask(question);
    expect(a.abstained).toBe(true);
    expect(a.citations).toEqual([]);
  });

  // Known bug since the retrain with the grammatical-role features (issue 8): the cross-language
  // models give 0.25 against their threshold of 0.24 for the quote about MS's investment in OpenAI.
  it.fails.each([
    ['an investment amount never given, answered with another figure', 'How much money did Microsoft put into Mistral?'],
  ])('known bug: %s', async (_bug, question) => {
    const a = await ask(question);
    expect(a.abstained).toBe(true);
    expect(a.citations).toEqual([]);
  });
});

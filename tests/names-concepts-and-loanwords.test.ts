// English questions over Korean articles whose key words are concepts, loanwords or Latin names
// the Korean text keeps (Nova S8, Velvet Lanterns): the Korean passage must be reached through
// them, and common English words must not become Korean look-alikes. Fixture articles are our own.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuery } from '../src/retrieval/query';
import { koreanFor } from '../src/retrieval/translation/lexicon';
import { loanwordSpellings } from '../src/retrieval/transliteration/expand';
import type { IndexSnapshot } from '../src/kb/snapshot';
import { offlineBotOver } from './helpers/shipped-bot';

const bot = offlineBotOver(path.resolve(__dirname, 'fixtures/names/concepts-kb'), { minConfidence: 0.3 });
let snap: IndexSnapshot;
beforeAll(async () => {
  await bot.ready;
  snap = bot.kb.snapshot!;
});
const group = (q: string, label: string) => analyzeQuery(q, snap.glossary).groups.find((g) => g.label === label);

describe('words reaching the Korean text', () => {
  it.each([
    ['a Latin model name kept in Korean text makes its other words translated (colours → 색상)', 'What colours does the Nova S8 come in?', 'colours', '색상'],
    ['a band name kept in Latin: lead → 리드, not only 이끌', 'Who is the lead vocalist of Velvet Lanterns?', 'vocalist', '보컬'],
    ['a loanword no dictionary lists reaches its Hangul spelling (showcase → 쇼케이스)', 'Where was the first showcase of Velvet Lanterns held?', 'showcase', '쇼케이스'],
    ['a question naming nothing still has its words translated over Korean documents (screen → 화면)', 'Who supplies the screen parts?', 'screen', '화면'],
  ])('%s', (_bug, question, label, korean) => {
    const g = group(question, label);
    expect(g?.alternativeNames).toContain(korean);
    expect(g?.translated).toBe(true);
  });

  it.each([
    ['colours: the colour sentence, not the launch one', 'What colours does the Nova S8 come in?', '블랙'],
    ['showcase: the showcase sentence', 'Where was the first showcase of Velvet Lanterns held?', '대구'],
    ['lead vocalist: the line-up sentence', 'Who is the lead vocalist of Velvet Lanterns?', '한지호'],
  ])('the bot quotes %s', async (_what, question, expected) => {
    const a = await bot.ask({ text: question, user: 'u1', channel: 'c1' } as never);
    expect(a.abstained).toBe(false);
    expect(a.text).toContain(expected);
  });
});

describe('figures written the Korean way', () => {
  it.each([
    ['64 GB in the question, 64GB (one term) in the text', 'Which phone stores 64 GB?', '64 GB', '64GB'],
    ['the 20th century is 20세기', 'Which 20th century style shaped Velvet Lanterns?', '20th century', '20세기'],
    ['20th-century as one word', 'Which 20th-century style shaped Velvet Lanterns?', '20th-century', '20세기'],
    ['the 90s is 1990년대 when the text writes the century', 'Which parts maker was set up in the 90s?', '90s', '1990년대'],
  ])('%s', (_bug, question, label, korean) => {
    expect(group(question, label)?.alternativeNames).toContain(korean);
  });

  it('a unit the text never writes joined stays apart (128 GB: no such term)', () => {
    expect(group('Which phone stores 128 GB?', '128 GB')).toBeUndefined();
  });
});

describe('near misses that must not match', () => {
  it.each([
    ['find sounds like 밴드 (0.91) but is below the loanword bar', 'find', '밴드'],
    ['chosen sounds like the Sino-Korean 조선', 'chosen', '조선'],
    ['an adverb (fully) is never a loanword, though 뿌리 sounds the same', 'fully', '뿌리'],
  ])('%s', (_bug, word, lookAlike) => {
    expect(loanwordSpellings(word, snap.glossary.sounds!)).not.toContain(lookAlike);
  });

  it('find in a question keeps no look-alike spelling (밴드)', () => {
    expect(group('How did Velvet Lanterns find a drummer?', 'find')?.alternativeNames ?? []).not.toContain('밴드');
  });

  it('a Latin name the Korean text keeps, before a lowercase word, is not matched by sound (Doma is not 도마)', () => {
    expect(group('How much money did Doma raise?', 'Doma')?.alternativeNames).not.toContain('도마');
  });

  it('a Latin name written in an English document crosses nothing: founded stays an English word the English passage answers', async () => {
    expect(group('Who founded Orbit Media?', 'founded')?.terms).toContain('found');
    const a = await bot.ask({ text: 'Who founded Orbit Media?', user: 'u1', channel: 'c1' } as never);
    expect(a.text).toContain('Clara Voss');
  });

  it('the derived sense 어두워지 no longer translates become (a written entry overrides it)', () => {
    expect(koreanFor('become')).not.toContain('어두워지');
    expect(koreanFor('becoming')).not.toContain('어두워지');
  });
});

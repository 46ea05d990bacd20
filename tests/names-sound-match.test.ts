// English questions over Korean documents that no glossary covers: a Latin name must find the
// Hangul spelling that sounds like it (and back), a near miss must not, and the bot must count a
// name found this way as mentioned. Pairs are the project's own, not from any evaluation set.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlineBotOver } from './helpers/shipped-bot';
import { hangulSoundKey, latinSoundKeys, romanizeHangul, soundSimilarity } from '../src/text/romanize';
import { SOUND_THRESHOLD, SoundIndex } from '../src/retrieval/transliteration/sound-index';
import { analyzeQuery } from '../src/retrieval/query';
import { Glossary } from '../src/retrieval/glossary';
import { analyze } from '../src/text/analyzer';

const sim = (latin: string, hangul: string) => Math.max(0, ...latinSoundKeys(latin).map((k) => soundSimilarity(k, hangulSoundKey(hangul))));

describe('sound similarity of name pairs', () => {
  it.each([
    ['person', 'Barack Obama', '버락 오바마'],
    ['person', 'Margaret Thatcher', '마거릿 대처'],
    ['person', 'Michael Jackson', '마이클 잭슨'],
    ['person (final s sounded z)', 'Tom Cruise', '톰 크루즈'],
    ['person (r dropped before a consonant)', 'Gordon', '고든'],
    ['place', 'Philadelphia', '필라델피아'],
    ['place (doubled consonant)', 'Sapporo', '삿포로'],
    ['place', 'Vancouver', '밴쿠버'],
    ['romanized Korean name', 'Park Chung-hee', '박정희'],
    ['romanized Korean name (Lee = 이)', 'Lee Myung-bak', '이명박'],
    ['romanized Korean name (oo = u)', 'Bong Joon-ho', '봉준호'],
    ['romanized Korean name (h opens a syllable)', 'Kim Soo-hyun', '김수현'],
    ['romanized place (eo = ㅓ)', 'Myeongdong', '명동'],
    ['product', 'Netflix', '넷플릭스'],
    ['product', 'Starbucks', '스타벅스'],
    ['loanword (으 added after a consonant)', 'network', '네트워크'],
    ['loanword', 'concert', '콘서트'],
    ['loanword (long a = 에이)', 'data', '데이터'],
  ])('%s: %s sounds like %s (a too strict matcher misses it)', (_kind, latin, hangul) => {
    expect(sim(latin, hangul)).toBeGreaterThanOrEqual(SOUND_THRESHOLD);
  });

  it.each([
    ['another given name', 'Kim Young-soo', '김영삼'],
    ['another surname', 'Lee Myung-bak', '이명수'],
    ['n vs ng (a vowel-only matcher takes it)', 'Busan', '부상'],
    ['another country', 'Austria', '오스트레일리아'],
    ['j vs g', 'Jordan', '고든'],
    ['different consonants', 'Chicago', '치킨'],
    ['a prefix only', 'Obama', '오바'],
    ['an English word by a native Korean word', 'sinking', '신경'],
  ])('near miss (%s): %s does not match %s', (_why, latin, hangul) => {
    expect(sim(latin, hangul)).toBeLessThan(SOUND_THRESHOLD);
  });

  it('romanizes Hangul by Revised Romanization for people to read', () => {
    expect(romanizeHangul('김영삼')).toBe('gimyeongsam');
    expect(romanizeHangul('쇼케이스')).toBe('syokeiseu');
  });
});

describe('the sound index over a vocabulary', () => {
  const vocab = ['리처드', '리처즈', '닉슨', '낙선', '김영삼', '애완용', '이완영', '운영', '쇼케이스', '아인', '조선', 'nixon', 'hamilton', 'company'];
  const index = SoundIndex.build(vocab, () => 1);

  it.each([
    ['Richard', '리처드'],
    ['Nixon', '닉슨'], // not 낙선: the schwa 으 reads as any vowel
    ['Kim Young-sam', '김영삼'],
    ['Lee Wan-young', '이완영'], // not 애완용: Lee is 이
    ['Ayn', '아인'], // a one-consonant name matches its exact spelling
  ])('%s finds %s first', (latin, hangul) => {
    expect(index.hangulFor(latin)[0]?.term).toBe(hangul);
  });

  it('a Hangul name finds the Latin spelling of an English document (the reverse direction)', () => {
    expect(index.latinFor('닉슨')[0]?.term).toBe('nixon');
    expect(index.latinFor('해밀턴')[0]?.term).toBe('hamilton');
  });

  it('counts the Hangul terms that have a romanized form', () => {
    expect(index.hangulTerms).toBe(11);
    expect(index.romanized).toBe(11);
  });
});

describe('query analysis', () => {
  const terms = ['김영삼', '리처드', '닉슨', '쇼케이스', '조선', 'year'];
  const glossary = Glossary.empty().withSounds(SoundIndex.build(terms, (t) => (terms.includes(t) ? 1 : 0)));

  it('a romanized Korean name of several words becomes one group with its Hangul spelling', () => {
    const q = analyzeQuery('When was Kim Young-sam elected?', glossary);
    const g = q.groups.find((x) => x.label === 'Kim Young-sam');
    expect(g?.alternativeNames).toEqual(['김영삼']);
    expect(g?.kind).toBe('entity');
    expect(q.terms.some((t) => t.term === '김영삼')).toBe(true);
  });

  it('a foreign name keeps one group per word, as Korean spells it (리처드 닉슨)', () => {
    const q = analyzeQuery('How old was Richard Nixon?', glossary);
    expect(q.groups.map((g) => [g.label, g.alternativeNames])).toEqual([
      ['Richard', ['리처드']],
      ['Nixon', ['닉슨']],
    ]);
  });

  it('a lowercase word is searched by sound, and no look-alike replaces it (chosen is not 조선; showcase keeps its English word beside 쇼케이스)', () => {
    const q = analyzeQuery('where was the showcase held and who was chosen', glossary);
    const showcase = q.groups.find((g) => g.label === 'showcase');
    // Over Korean documents a loanword the dictionary lacks reaches its spelling (see
    // names-concepts-and-loanwords.test.ts); with no name in Hangul the English word still counts.
    expect(showcase?.terms.length).toBeGreaterThan(0);
    expect(showcase?.alternativeNames.every((n) => n === '쇼케이스')).toBe(true);
    expect(q.groups.find((g) => g.label === 'chosen')?.alternatives).toEqual([]);
    expect(q.terms.some((t) => t.term === '쇼케이스')).toBe(true);
  });

  it('once a name is found in Hangul, plain English words leave the answer check (a Korean quote cannot hold them)', () => {
    const q = analyzeQuery('When was Kim Young-sam elected?', glossary);
    expect(q.groups.map((g) => g.label)).toEqual(['Kim Young-sam']);
    expect(q.terms.some((t) => t.term === 'elect')).toBe(true);
  });

  it('a word the corpus already has gets no sound alternative', () => {
    const q = analyzeQuery('In what year?', glossary);
    expect(q.groups.find((g) => g.label === 'year')?.alternatives).toEqual([]);
  });

  it('the glossary wins: a name with a glossary entry is not matched by sound', () => {
    const g = Glossary.parse('people:\n  - [Richard Nixon, 닉슨 대통령]\n').withSounds(SoundIndex.build(terms, (t) => (terms.includes(t) ? 1 : 0)));
    const q = analyzeQuery('How old was Richard Nixon?', g);
    expect(q.groups[0].alternativeNames).toEqual(['닉슨 대통령']);
    expect(analyze('닉슨 대통령').length).toBeGreaterThan(0);
  });
});

const fixtureBot = (folder: string) => offlineBotOver(path.resolve(__dirname, 'fixtures/names', folder));

describe('a Korean question over English documents', () => {
  const bot = fixtureBot('en-kb');

  it('finds the English document by the sound of the name', async () => {
    await bot.ready;
    const a = await bot.ask({ text: '마거릿 해밀턴은 어느 연구소를 이끌었어?', user: 'u1', channel: 'c1' } as never);
    expect(a.citations?.[0]?.docId).toBe('hamilton.md');
  });
});

describe('the bot over Korean documents nobody wrote a glossary for', () => {
  // These check that the names are found and the right sentence quoted, at a fixed threshold: how
  // sure an answer from names found only by sound must be is the cross-language models' (their
  // learned threshold declines some of these one-article answers; see answer-cross-lingual.test.ts).
  const bot = offlineBotOver(path.resolve(__dirname, 'fixtures/names/kb'), { minConfidence: 0.3 });
  const ask = async (text: string) => {
    await bot.ready;
    return bot.ask({ text, user: 'u1', channel: 'c1' } as never);
  };

  it.each([
    ['a romanized Korean name', 'When did the Kim Young-sam government start?', '1993년 2월 25일'],
    ['a foreign name spelled by sound', 'How old was Richard Nixon when he was nominated for vice president?', '39세'],
    ['a romanized name whose surname the corpus may hold (Lee)', 'Which committee was lawmaker Lee Wan-young on?', '환경노동위원회'],
    ['places spelled by sound', 'Who did Kuriyama in Hokkaido appoint?', '관광 홍보대사'],
  ])('answers an English question naming %s, instead of declining', async (_what, question, expected) => {
    const a = await ask(question);
    expect(a.text).toContain(expected);
    expect(a.citations?.length).toBeGreaterThan(0);
  });

  it('names the Korean spelling beside the English one and glosses figures in the answer', async () => {
    const a = await ask('When did the Kim Young-sam government start?');
    expect(a.text).toContain('Kim Young-sam (김영삼)');
    expect(a.text).toContain('February 25, 1993');
  });

  it('still declines a name that only nearly matches (Kim Young-soo is not 김영삼)', async () => {
    const a = await ask('When was Kim Young-soo elected?');
    expect(a.text).toMatch(/don't mention “Kim Young-soo”/);
  });


  it('kb status reports the romanized Hangul terms and the mined pairs with their documents', async () => {
    await bot.ready;
    const s = bot.status();
    expect(s.names?.romanized).toBeGreaterThan(20);
    expect(s.names?.romanized).toBeLessThanOrEqual(s.names!.hangulTerms);
    expect(s.names?.minedPairs).toBe(1);
    expect(s.names?.minedFrom).toEqual([{ doc: 'travel.md', pairs: 1 }]);
  });

  // Threshold 0: the learned confidence of this one-sentence answer sits at the threshold (0.24 across
  // languages since issue 8's retrain); a name not found would be declined by the rule whatever the threshold.
  it('a name the documents give in both scripts is found from English with no glossary entry', async () => {
    const any = offlineBotOver(path.resolve(__dirname, 'fixtures/names/kb'), { minConfidence: 0 });
    await any.ready;
    const a = await any.ask({ text: 'When was Kakao Brain founded?', user: 'u1', channel: 'c1' } as never);
    expect(a.text).toContain('2017년');
  });
});

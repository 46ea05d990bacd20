// Names the documents give in both scripts become glossary pairs at reload, and an English asker
// gets the figures of a Korean quote in English. Texts are the project's own.
import { describe, expect, it } from 'vitest';
import { Glossary } from '../src/retrieval/glossary';
import { mineNamePairs, pairsIn } from '../src/retrieval/name-pairs/mine';
import { formatNumber, glossKoreanNumbers, parseKoreanNumber } from '../src/text/number-gloss';

describe('mining names given in both scripts', () => {
  it.each([
    ['Hangul then Latin', '프랑스의 미스트랄AI(Mistral AI)는 파리에 있다.', ['미스트랄AI', 'Mistral AI']],
    ['Latin then Hangul', '이 회사는 Mistral AI (미스트랄)라고 불린다.', ['미스트랄', 'Mistral AI']],
    ['a name of two words, by sound (not the clause before it)', '그는 미국의 작가 아인 랜드(Ayn Rand)를 만났다.', ['아인 랜드', 'Ayn Rand']],
    ['a translated name of several words', '미국 텔레비전 시스템 위원회(National Television System Committee)가 만들었다.', ['미국 텔레비전 시스템 위원회', 'National Television System Committee']],
    ['an acronym', '국제검찰국(IPS)이 기소했다.', ['국제검찰국', 'IPS']],
    ['a particle after the Hangul gloss', 'OpenAI (오픈에이아이는) 이후 성장했다.', ['오픈에이아이', 'OpenAI']],
  ])('%s', (_what, text, pair) => {
    expect(pairsIn(text)).toContainEqual(pair);
  });

  it.each([
    ['a quote closed before the parenthesis', '그는 “매혹적인 부활”(charming retro feel)이라고 평했다.'],
    ['a year range', '파르티아 제국(BC 238 - AD 226)은 넓었다.'],
    ['a one-word name that sounds like nothing before it', '쿠마 문화(Kush)는 오래되었다.'],
    ['a number before a Hangul gloss', '타율 1.429 (홈런 포함)를 기록했다.'],
  ])('leaves out %s', (_what, text) => {
    expect(pairsIn(text)).toEqual([]);
  });

  it('merges a pair given by several documents and names them', () => {
    const pairs = mineNamePairs([
      { id: 'a.md', text: '카카오브레인(Kakao Brain)은 연구소다.' },
      { id: 'b.md', text: '카카오브레인(Kakao Brain)이 발표했다.' },
    ]);
    expect(pairs).toEqual([{ hangul: '카카오브레인', latin: 'Kakao Brain', docs: ['a.md', 'b.md'] }]);
  });

  it('the hand-written glossary wins over a mined pair that shares a name', () => {
    const g = Glossary.parse('organizations:\n  - [Mistral AI, 미스트랄AI]\n').withMined([
      { hangul: '미스트랄', latin: 'Mistral AI', docs: ['x.md'] },
      { hangul: '카카오브레인', latin: 'Kakao Brain', docs: ['y.md'] },
    ]);
    expect(g.entries.map((e) => [e.names, e.minedFrom])).toEqual([
      [['Mistral AI', '미스트랄AI'], undefined],
      [['카카오브레인', 'Kakao Brain'], ['y.md']],
    ]);
    // Mining again (every reload) replaces the mined entries instead of piling them up.
    expect(g.withMined([]).entries).toHaveLength(1);
  });
});

describe('figures and dates glossed for English readers', () => {
  it.each([
    ['money with Korean units', '1억1300만 달러를 투자받았다.', '1억1300만 달러 = 113 million dollars'],
    ['about (여)', '직원 30여 명이 떠났다.', '30여 명 = about 30 people'],
    ['a relative month', '지난 2월 발표했다.', '지난 2월 = last February'],
    ['a full date', '2010년 3월 26일 침몰했다.', '2010년 3월 26일 = March 26, 2010'],
    ['units with spaces', '1억 9500만 비트를 저장한다.', '1억 9500만 비트 = 195 million bits'],
    ['trillions', '3조8000억원 규모다.', '3조8000억원 = 3.8 trillion won'],
    ['an age', '39세의 나이로 지명되었다.', '39세 = 39 years old'],
    ['a duration in years (not a year)', '성숙하는 데 30년이 걸린다.', '30년 = 30 years'],
    ['a rank', '세계 2위에 올랐다.', '2위 = 2nd place'],
    ['about (약) with a percent', '약 2.5%의 성장', '약 2.5% = about 2.5 percent'],
  ])('%s', (_what, text, gloss) => {
    expect(glossKoreanNumbers(text)).toContain(gloss);
  });

  it.each([
    ['a bare year (reads the same in English)', '2013년에 뛰어넘었다.'],
    ['a number inside a code (PCC-772 천안)', 'PCC-772 천안이 침몰했다.'],
    ['a counter syllable that starts another word (3원칙)', '로봇 3원칙을 따른다.'],
    ['a plain number with a Latin unit', '64 GB를 기본으로 제공한다.'],
  ])('glosses nothing for %s', (_what, text) => {
    expect(glossKoreanNumbers(text)).toEqual([]);
  });

  it('parses and formats Korean numbers', () => {
    expect(parseKoreanNumber('1억1300만')).toBe(113_000_000);
    expect(parseKoreanNumber('2.5만')).toBe(25_000);
    expect(formatNumber(30_000)).toBe('30,000');
    expect(formatNumber(3.8e12)).toBe('3.8 trillion');
  });
});

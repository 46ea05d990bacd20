// The analyzer is where a Korean or English question meets the documents: if it produces
// different terms for the same word in two forms, retrieval and the extractive answer both miss.
import { describe, expect, it } from 'vitest';
import { analyze, keywords, stemEnglish, stripParticle } from '../src/text/analyzer';

describe('Korean particles', () => {
  it.each([
    ['topic particle 는 left on the noun', '미스트랄AI는'],
    ['possessive 의 left on the noun', '미스트랄AI의'],
    ['subject particle 가 left on the noun', '미스트랄AI가'],
    ['object particle 를 left on the noun', '미스트랄AI를'],
    ['long particle 에서는 left on the noun', '미스트랄AI에서는'],
  ])('%s: %s shares the term 미스트랄ai', (_bug, word) => {
    expect(analyze(word)).toContain('미스트랄ai');
  });

  it('all particle forms of one noun produce identical terms (a question with 가 finds a document with 는)', () => {
    const forms = ['블루웨이브는', '블루웨이브가', '블루웨이브의', '블루웨이브를', '블루웨이브에서'];
    const first = analyze(forms[0]);
    for (const f of forms) expect(analyze(f)).toEqual(first);
  });

  it.each([
    ['a one-syllable particle is not cut off a two-syllable word (하나 ≠ 하 + 나)', '하나', '하나'],
    ['a Latin stem always loses its particle', 'AI는', 'AI'],
    ['a long particle is cut even from a one-syllable stem', '건에서', '건'],
    ['a word that is only a particle-looking syllable stays', '가', '가'],
  ])('%s', (_bug, word, stem) => {
    expect(stripParticle(word)).toBe(stem);
  });
});

describe('Hangul bigrams', () => {
  it('a compound yields every syllable bigram, so 데이터센터 meets 데이터 and 센터', () => {
    expect(analyze('데이터센터를')).toEqual(['데이터센터', '§데이', '§이터', '§터센', '§센터']);
  });

  it('keywords() gives the whole words without bigrams (what a person calls the keywords)', () => {
    const k = keywords('데이터센터를 짓는다');
    expect(k).toContain('데이터센터');
    expect(k.some((t) => t.startsWith('§'))).toBe(false);
  });

  it('a conjugated verb and its noun share a bigram (설립했다 / 설립)', () => {
    const verb = analyze('설립했다');
    const noun = analyze('설립');
    expect(verb.filter((t) => noun.includes(t))).toContain('§설립');
  });
});

describe('English', () => {
  it.each([
    ['past tense and gerund do not meet', 'founded', 'founding'],
    ['agent noun does not meet the verb', 'founder', 'founded'],
    ['plural does not meet singular', 'investors', 'investor'],
    ['-ies plural does not meet -y', 'companies', 'company'],
    ['case folding missing', 'OpenAI', 'openai'],
  ])('%s: %s ~ %s', (_bug, a, b) => {
    expect(analyze(a)).toEqual(analyze(b));
    expect(analyze(a)).toHaveLength(1);
  });

  it('short words and numbers are not stemmed (was → wa, 2020s → 2020)', () => {
    expect(stemEnglish('bus')).toBe('bus');
    expect(stemEnglish('2020s')).toBe('2020s');
  });

  it("a possessive 's is dropped (Mistral's = Mistral)", () => {
    expect(analyze("Mistral's")).toEqual(analyze('Mistral'));
  });

  it.each([
    ['question words', 'What is the name of the company?', ['company']],
    ['auxiliaries and pronouns', 'How much did they raise?', ['raise']],
  ])('stop words: %s are dropped', (_bug, text, terms) => {
    expect(analyze(text)).toEqual(terms);
  });
});

describe('mixed tokens', () => {
  it.each([
    ['a model name split at the hyphen loses its whole form', 'GPT-4', ['gpt-4', 'gpt', '4']],
    ['a percentage loses its number', '20%', ['20%', '20']],
    ['a decimal is split into unrelated integers only', '2.75', ['2.75', '2', '75']],
  ])('%s: %s', (_bug, text, terms) => {
    expect(analyze(text)).toEqual(terms);
  });

  it.each([
    ['만 is read as a particle and cut off', '1억1300만'],
    ['원 after 억 is read as a particle', '3조8000억원'],
  ])('Korean amounts are kept whole: %s (%s)', (_bug, amount) => {
    expect(analyze(amount)[0]).toBe(amount);
  });

  it('a Latin name glued to Hangul is kept whole and split into its scripts (미스트랄AI → 미스트랄ai, 미스트랄, ai)', () => {
    const t = analyze('미스트랄AI');
    expect(t).toEqual(expect.arrayContaining(['미스트랄ai', '미스트랄', 'ai']));
  });
});

describe('Korean question words carry no content', () => {
  it.each([
    ['얼마 with a copula ending', '얼마야'],
    ['reduplicated 누구 asking for a list', '누구누구야'],
    ['reduplicated 어디 asking for a list', '어디어디'],
    ['얼마 with a quotative ending', '얼마라고'],
    ['언제 with an ending', '언제야'],
    ['request filler', '알려줘'],
  ])('%s: %s yields no terms', (_bug, word) => {
    expect(analyze(word)).toEqual([]);
  });

  it('a whole question keeps only its content words', () => {
    const terms = keywords('코히어한테 돈 댄 회사들 어디야?');
    expect(terms).toContain('코히어');
    expect(terms).toContain('회사');
    expect(terms.join(' ')).not.toMatch(/어디/);
  });
});

// English questions over Korean documents name people by given name and surname; Korean text often
// names them by the surname alone (윌슨 대통령). A given name then has no spelling of its own in the
// corpus, and the sound index finds a look-alike elsewhere (Isaac → 이색, Woodrow → 들어) that would
// become a concept the answer must contain. A given-name spelling stands only where the corpus
// writes it right before the surname's. Fixture documents and pairs are our own.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25';
import { Glossary } from '../src/retrieval/glossary';
import { analyzeQuery } from '../src/retrieval/query';
import { SoundIndex } from '../src/retrieval/transliteration/sound-index';
import { writtenBeside } from '../src/retrieval/transliteration/for-index';
import { analyze } from '../src/text/analyzer';
import { offlineBotOver } from './helpers/shipped-bot';

/** A glossary whose sound index is built over these chunks, with the same co-occurrence check as the bot's. */
function over(chunks: string[]): Glossary {
  const bm25 = Bm25Index.build(chunks.map((c) => analyze(c)));
  const beside = (a: string, b: string) => bm25.together(a, b).some((i) => writtenBeside(chunks[i], a, b));
  return Glossary.parse('').withSounds(SoundIndex.build(bm25.toParts().terms, (t) => bm25.df(t), beside));
}

const groupOf = (glossary: Glossary, question: string, label: string) => analyzeQuery(question, glossary).groups.find((g) => g.label === label);

describe('a given name written beside its surname', () => {
  it('Bm25Index.together lists the chunks that hold both terms (none for terms never in one chunk, or unknown)', () => {
    const bm25 = Bm25Index.build([analyze('아이작 뉴턴 물리학'), analyze('뉴턴 역학'), analyze('이색 고려'), analyze('아이작 뉴턴')]);
    expect(bm25.together('아이작', '뉴턴')).toEqual([0, 3]);
    expect(bm25.together('이색', '뉴턴')).toEqual([]);
    expect(bm25.together('없는말', '뉴턴')).toEqual([]);
  });

  it.each([
    ['spaced', '아이작 뉴턴은 물리학자이다.', '아이작', '뉴턴', true],
    ['unspaced', '아이작뉴턴은 물리학자이다.', '아이작', '뉴턴', true],
    ['the index term lost a final syllable (우드로 → 우드)', '우드로 윌슨은 대통령이다.', '우드', '윌슨', true],
    ['a look-alike in the same passage, not before the surname (Woodrow → 들어)', '윌슨은 의회에 들어가 연설을 들어 보았다.', '들어', '윌슨', false],
  ])('%s', (_what, text, given, surname, expected) => {
    expect(writtenBeside(text, given, surname)).toBe(expected);
  });
});

describe('given names beside a surname found by sound', () => {
  it.each([
    ['Isaac Newton', 'Isaac', ['뉴턴은 중력을 연구하였다.', '이색은 고려의 학자이다.'], '이색'],
    ['Woodrow Wilson', 'Woodrow', ['윌슨은 대통령이 되었다.', '의회에 들어가 연설하였다.'], '들어'],
    ['Woodrow Wilson (the look-alike in his own article)', 'Woodrow', ['윌슨은 1917년 의회에 들어가 전쟁 선포를 요청하였다. 연설을 들어 본 의원들은 찬성하였다.'], '들어'],
  ])('%s: the look-alike of %s never written with the surname (%j, look-alike %s) is not required nor searched for', (name, given, chunks, lookAlike) => {
    const glossary = over(chunks);
    const g = groupOf(glossary, `When was ${name} born?`, given);
    expect(g?.alternativeNames ?? []).not.toContain(lookAlike);
    // Not a concept the documents "never mention" either: the surname names the person.
    expect(g?.unverifiable).toBe(true);
    expect(analyzeQuery(`When was ${name} born?`, glossary).terms.map((t) => t.term)).not.toContain(lookAlike);
  });

  it.each([
    ['Richard Nixon', 'Richard', ['리처드 닉슨은 1969년 대통령이 되었다.', '리치는 다른 사람이다.'], '리처드'],
    ['Martin Scorsese', 'Martin', ['마틴 스코세이지는 영화감독이다.', '마른 땅이 넓다.'], '마틴'],
    ['Donald Trump', 'Donald', ['도널드 트럼프는 사업가이다.'], '도널드'],
  ])('%s: %s written with the surname (%j) still matches %s', (name, given, chunks, spelling) => {
    expect(groupOf(over(chunks), `When was ${name} born?`, given)?.alternativeNames).toContain(spelling);
  });

  it('a given name alone (no surname to check it against) matches by sound as before', () => {
    expect(groupOf(over(['리처드는 과학자이다.']), 'Who was Richard?', 'Richard')?.alternativeNames).toContain('리처드');
  });
});

describe('English questions over Korean articles, one naming Wilson by his surname only, one writing Richard Nixon in full', () => {
  const bot = offlineBotOver(path.resolve(__dirname, 'fixtures/names/xl-kb'));
  const ask = async (text: string) => {
    await bot.ready;
    return bot.ask({ text, user: 'u1', channel: 'c1' } as never);
  };

  it.each([
    ['born: the birth sentence, though the article never writes his given name', 'When was Woodrow Wilson born?', '스톤턴'],
    ['died: the death sentence', 'When did Woodrow Wilson die?', '1924년 2월 3일'],
    ['married (결혼), in the other article: the marriage sentence', 'Who did Kang Seo-yeon marry?', '박준호'],
    // True given name + surname pairs: the article writes 리처드 닉슨, so Richard is required and found.
    ['born, given name written before the surname (리처드 닉슨)', 'When was Richard Nixon born?', '1913년 1월 9일'],
    ['resigned, the sentence naming him as 그 after 리처드 닉슨', 'When did Richard Nixon resign?', '1974년 8월 9일'],
  ])('%s', async (_what, question, expected) => {
    const a = await ask(question);
    expect(a.abstained).toBe(false);
    expect(a.citations?.[0]?.quote).toContain(expected);
  });

  const declines = async (question: string) => expect((await ask(question)).abstained).toBe(true);
  // His marriage was a known bug (answered at 0.53 against 0.49) until the selector was retrained
  // with the word-form and pointing-back signals (issue 8).
  it.each([
    ['a film award (영화 and 상 are in the documents, never with him)', 'Which film won Woodrow Wilson an award?'],
    // The models for names found by sound gave it 0.53 against their threshold of 0.49: the asked
    // word (결혼) is only in articles that never name him (src/answer/asked-elsewhere.ts).
    ['his marriage (the documents say 결혼 only of others: 강서연, 닉슨)', 'Who did Woodrow Wilson marry?'],
  ])('declines a question about %s instead of quoting a sentence that only names him', async (_what, question) => declines(question));

  // The same question with ANSWER_MIN_CONFIDENCE=0: nothing but the rule itself can decline it, so
  // this row fails when the rule is switched off, whatever confidence the retrained models give.
  it('declines "Who did Woodrow Wilson marry?" by the rule, not by the threshold (catches the asked-elsewhere rule switched off)', async () => {
    const anyConfidence = offlineBotOver(path.resolve(__dirname, 'fixtures/names/xl-kb'), { minConfidence: 0 });
    await anyConfidence.ready;
    const a = await anyConfidence.ask({ text: 'Who did Woodrow Wilson marry?', user: 'u1', channel: 'c1' } as never);
    expect(a.abstained).toBe(true);
  });

  // Known bug: the marriage sentence names him by surname alone (닉슨은 1940년 팻 라이언과 결혼하여), and
  // the cross-language ranker puts the sentences that match both Richard and Nixon, with no word
  // of the question's fact, above it. Its section (# 가족) no longer loses the article's title match
  // (articleTitles: logit 3.3 → 20.9), but the birth sentence still scores 22.1: the given name,
  // the rarer term, weighs most, and the sentence with the surname alone looks half named.
  it.fails('known bug: Who did Richard Nixon marry? quotes the marriage sentence written with his surname alone', async () => {
    const a = await ask('Who did Richard Nixon marry?');
    expect(a.citations?.[0]?.quote).toContain('팻 라이언');
  });
});

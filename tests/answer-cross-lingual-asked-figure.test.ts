// English questions over Korean text ask a figure with words answer-type.ts reads as another type
// ("How old was he when …" is a "when" question there, "What rank did it reach on the chart" an
// "other" one), and Korean names carry ordinals that read like ages (루이 16세, 헤이그 2세). The
// sentences and questions below are our own.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { askedKindMissingAcross, figuresOf } from '../src/answer/selector/attributes';
import { isNameOrdinal } from '../src/text/name-ordinal';
import { glossKoreanNumbers } from '../src/text/number-gloss';
import { offlineBotOver } from './helpers/shipped-bot';

describe('a number with 세 after a name is the name’s ordinal, not an age', () => {
  it.each([
    ['a king’s ordinal (catches 네카우 2세 read as an age of 2)', '파라오 네카우 2세에게 패하였다.', '2', true],
    ['a generation (재벌 3세 is no three-year-old)', '그는 재벌 3세 역할을 맡았다.', '3', true],
    ['조지 6세: a name ending in 지 is still a name', '영국 왕 조지 6세가 즉위하였다.', '6', true],
    ['카를 13세: a name ending in 를 is still a name', '아들이 없는 카를 13세가 즉위하였다.', '13', true],
    ['an age after a topic particle (catches every age read as an ordinal)', '그는 22세에 왕이 되었다.', '22', false],
    ['an age after 당시', '입단 당시 19세였다.', '19', false],
    ['an age after 향년', '향년 89세의 나이로 숨졌다.', '89', false],
    ['an age opening the sentence', '22세의 나이로 지명되었다.', '22', false],
    ['an age after a verb ending', '감옥에 있는 12세 소년이 풀려났다.', '12', false],
    ['an age after a year (catches reading the 년 of 1952년 as the end of a name)', '닉슨은 1952년 39세의 나이로 지명되었다.', '39', false],
  ])('%s: %s', (_what, text, number, ordinal) => {
    expect(isNameOrdinal(text, text.indexOf(`${number}세`))).toBe(ordinal);
  });

  it.each([
    ['no age in 네카우 2세에게 (catches "How old" answered with a king’s name)', '파라오 네카우 2세에게 패하였다.', []],
    ['an age is still an age', '그는 22세에 왕이 되었다.', ['22:age']],
  ])('figuresOf: %s', (_what, text, figures) => {
    expect(figuresOf(text).map((f) => `${f.value}:${f.kind}`)).toEqual(figures);
  });

  it.each([
    ['no "2 years old" beside Haig’s name (catches the gloss an English reader saw: 2세 = 2 years old)', '알렉산더 헤이그 2세는 1924년 12월 2일에 태어났다.', ['1924년 12월 2일 = December 2, 1924']],
    ['an age is still glossed', '그는 39세의 나이로 지명되었다.', ['39세 = 39 years old']],
  ])('the English gloss: %s', (_what, text, glosses) => {
    expect(glossKoreanNumbers(text)).toEqual(glosses);
  });
});

describe('the asked figure across languages, where answer-type reads another type', () => {
  it.each([
    ['"How old … when" quoted with a king’s ordinal and a reign (catches the "when" type hiding the asked age)', 'How old was Amon when he became king?', '파라오 네카우 2세에게 패하여 재위 31년 만에 죽었다.', true],
    ['"How old … when" quoted with the age', 'How old was Amon when he became king?', '아몬은 22세에 왕이 되었다.', false],
    ['"How old … when" quoted with an age in native numerals (catches reading only digits)', 'How old was Amon when he became king?', '아몬은 스무 살 때 왕이 되었다.', false],
    ['"What rank … chart" quoted without a place (catches "What rank" read as an "other" question)', 'What rank did the song reach on the German chart?', '이 노래는 독일에서 공개되었다.', true],
    ['"What rank … chart" quoted with the place', 'What rank did the song reach on the German chart?', '이 노래는 독일 차트에서 48위에 올랐다.', false],
    ['"What place … finish" in an election, with the place', 'What place did he finish in the 1987 election?', '1987년 선거에서는 2위로 낙선하였다.', false],
    ['a military rank is a title, not a number (catches declining "What rank did Haig reach in the army")', 'What rank did Haig reach in the army?', '헤이그는 육군 대장으로 전역하였다.', false],
    ['"In which minute" quoted with a date and a score but no minute (catches a match report taken for the minute)', 'In which minute did Giroud score the winner?', '9월 28일 아스널이 스완지를 2-1로 꺾은 날에 결승골을 도왔다.', true],
    ['"In which minute" quoted with the minute', 'In which minute did Giroud score the winner?', '지루는 연장 117분에 결승골을 넣었다.', false],
    ['"In which minute" quoted with a fraction, not a minute', 'In which minute did Giroud score the winner?', '관중의 4분의 3이 떠났다.', true],
    ['a Korean question over an English quote (catches asking English text for a Korean counter)', '닉슨이 부통령 후보가 된 나이는?', 'Nixon was nominated for vice president at the age of 39.', false],
    ['an English quote in a mostly Korean knowledge base (catches asking English text for a Korean counter)', 'How old was Kepler when he moved to Prague?', 'He moved to Prague at the age of twenty-nine.', false],
    ['a "how many" question is figureMissing’s, not this rule’s', 'How many goals did he score?', '그는 골을 넣었다.', false],
  ])('%s', (_what, question, quote, missing) => {
    expect(askedKindMissingAcross(question, quote)).toBe(missing);
  });
});

describe('asked of the bot, over a Korean article with a name’s ordinal and an English one with an age in words', () => {
  const bot = offlineBotOver(path.resolve(__dirname, 'fixtures/names/ordinal-kb'));
  const ask = async (text: string) => {
    await bot.ready;
    return bot.ask({ text, user: 'u1', channel: 'c1' } as never);
  };

  it('bug caught: the English reader of "제임스 먼로 2세는 …" was told "2세 = 2 years old"', async () => {
    const a = await ask('When was James Monroe born?');
    expect(a.abstained).toBe(false);
    expect(a.text).toContain('1924년 12월 2일 = December 2, 1924');
    expect(a.text).not.toContain('years old');
  });

  // At ANSWER_MIN_CONFIDENCE=0.01 only a rule (confidence 0) can decline, whatever the retrained models
  // say: the article never gives Amon's age, so the sentence about his succession must not stand for one.
  it('bug caught: "How old was Amon when his father died?" answered with a quote that gives no age, at any threshold above 0', async () => {
    const anyConfidence = offlineBotOver(path.resolve(__dirname, 'fixtures/names/ordinal-kb'), { minConfidence: 0.01 });
    await anyConfidence.ready;
    const a = await anyConfidence.ask({ text: 'How old was Amon when his father died?', user: 'u1', channel: 'c1' } as never);
    expect(a.abstained).toBe(true);
  });

  it('bug caught: the rule for answers across languages applied to an English question over English text ("at the age of twenty-nine" has no counter)', async () => {
    const a = await ask('How old was Kepler when he moved to Prague?');
    expect(a.abstained).toBe(false);
    expect(a.text).toContain('twenty-nine');
  });
});

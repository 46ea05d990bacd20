// What kind of answer an English question over Korean text asks for, and whether the English-like
// training rows (made from Korean questions) ask for the same kind as a real English question does.
// If they do not, the answer-type features mean one thing on the rows the cross-language models are
// fitted on and another on the questions they answer. Fixture text is our own.
import { describe, expect, it } from 'vitest';
import { answerTypeOf } from '../src/answer/answer-type';
import { askedFigure } from '../src/answer/selector/attributes';
import { englishLike } from '../src/cli/train/cross-lingual-rows';

describe('English-like rows ask for the kind the Korean question asks for, as a real English question would', () => {
  it.each([
    ['an age (나이) became a bare "What"', '닉슨이 부통령으로 선출된 나이는?', '닉슨', /^How old /, 'amount', 'age', 'How old was Nixon at his election as vice president?'],
    ['an age (몇 살) became a count', '닉슨은 몇 살에 부통령이 되었나?', '닉슨', /^How old /, 'amount', 'age', 'How old was Nixon on becoming vice president?'],
    ['a rank (몇 위) became a count', '그 싱글은 독일 차트에서 몇 위를 기록했나?', '독일', /^What rank /, 'other', 'rank', 'What rank did the single reach on the German chart?'],
    ['a span of years (몇 년 동안) became a date', '차범근은 몇 년 동안 독일에서 뛰었나?', '차범근', /^How long /, 'amount', 'duration', 'How long did Cha Bum-kun play in Germany?'],
    ['a share (비율) became a bare "What"', '라라랜드가 받은 표의 비율은?', '라라랜드', /^What percentage /, 'amount', 'percent', 'What percentage of the votes did La La Land get?'],
    ['a year (연도) kept as a placeholder word', '정도전이 귀양간 연도는?', '정도전', /^What year /, 'when', undefined, 'What year was Jeong Do-jeon exiled?'],
    ['a name (이름은) became a bare "What"', '정성공의 어릴 적 이름은?', '정성공', /^What is the name of /, 'name', undefined, 'What was the childhood name of Zheng Chenggong?'],
  ])('%s', (_bug, korean, title, opens, type, figure, realEnglish) => {
    const row = englishLike(korean, title)!;
    expect(row).toMatch(opens);
    expect([answerTypeOf(row), askedFigure(row)]).toEqual([type, figure]);
    // The row and the question a user would type ask for the same kind.
    expect([answerTypeOf(row), askedFigure(row)]).toEqual([answerTypeOf(realEnglish), askedFigure(realEnglish)]);
  });

  it('the asked word is not also left in the row as a translation ("How old … age")', () => {
    const row = englishLike('닉슨이 부통령으로 선출된 나이는?', '닉슨')!;
    expect(row).not.toMatch(/\bage\b/);
  });
});

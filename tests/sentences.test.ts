import { describe, expect, it } from 'vitest';
import { splitSentences } from '../src/text/sentences';

const texts = (s: string) => splitSentences(s).map((x) => x.text);

describe('splitSentences', () => {
  it.each([
    ['glued Korean sentences with no space are split ("양상이다.하지만")', '양상이다.하지만 영원한 승자는 없는 법.', ['양상이다.', '하지만 영원한 승자는 없는 법.']],
    ['Korean question glued to the next sentence ("걸까?그런데")', '왜 그럴까?그런데 정말이죠.', ['왜 그럴까?', '그런데 정말이죠.']],
    ['Korean endings 다. 요. 까? 죠. with spaces', '설립했다. 좋아요. 맞을까? 그렇죠. 끝', ['설립했다.', '좋아요.', '맞을까?', '그렇죠.', '끝']],
    ['Korean decimal inside a sentence is not a boundary', '점유율은 2.75%이다. 다음 문장.', ['점유율은 2.75%이다.', '다음 문장.']],
    ['English decimals are not boundaries (1.5, 2.75)', 'It raised $1.5 billion at 2.75 times. Next one.', ['It raised $1.5 billion at 2.75 times.', 'Next one.']],
    ['version numbers are not boundaries (GPT-4.5)', 'Is GPT-4.5 better than v2.0.1? Yes.', ['Is GPT-4.5 better than v2.0.1?', 'Yes.']],
    ['titles are not boundaries (Mr., Dr.)', 'Mr. Mensch met Dr. Kim. They talked.', ['Mr. Mensch met Dr. Kim.', 'They talked.']],
    ['dotted abbreviations are not boundaries (U.S., e.g.)', 'The U.S. market, e.g. OpenAI, leads. Europe follows.', ['The U.S. market, e.g. OpenAI, leads.', 'Europe follows.']],
    ['company suffixes are not boundaries (Inc.)', 'Acme Inc. CEO spoke. Then he left.', ['Acme Inc. CEO spoke.', 'Then he left.']],
    ['initials are not boundaries (J. R. R.)', 'J. R. R. Tolkien wrote it. The end.', ['J. R. R. Tolkien wrote it.', 'The end.']],
    ['a lowercase word after a period continues the sentence', 'It costs approx. five dollars. Fine!', ['It costs approx. five dollars.', 'Fine!']],
    ['an ellipsis inside a quotation does not split it', 'She said "Wait... Stop." Then she left.', ['She said "Wait... Stop."', 'Then she left.']],
    ['a Korean quotation with an ellipsis stays whole', '“기다려... 그리고 가.” 그가 말했다.', ['“기다려... 그리고 가.”', '그가 말했다.']],
    ['question and exclamation marks end English sentences', 'Really? Yes! Good.', ['Really?', 'Yes!', 'Good.']],
    ['newlines end sentences even without punctuation', 'first line\nsecond line', ['first line', 'second line']],
    ['Markdown headings are their own sentence, without the # marks', '## 2. Results. Here\nBody text.', ['2. Results. Here', 'Body text.']],
    ['list markers are left out of the sentence', '- item one. Item two\n1. First. Second', ['item one.', 'Item two', 'First.', 'Second']],
    ['markup-only lines give no sentence', 'Text.\n---\n```ts\ncode\n```', ['Text.', 'code']],
    ['an unbalanced quote does not swallow later sentences', 'He said “hi. Then left. Bye.', ['He said “hi.', 'Then left.', 'Bye.']],
  ])('%s', (_bug, input, expected) => {
    expect(texts(input)).toEqual(expected);
  });

  it.each([
    ['Korean paragraph with glued sentences', '  양상이다.하지만 영원한 승자는 없는 법. 오픈AI와 MS 연합군의 선점 효과가 줄어들면서…\n\n## 소버린 AI\n\n그는 말했다. '],
    ['English text with CRLF line ends and indentation', 'The U.S. leads.\r\n   Europe follows! Mr. X agrees?\r\n'],
    ['heading with closing hashes and trailing spaces', '### Title ###   \n> quoted. Text'],
  ])('offsets index the original text exactly: %s', (_case, input) => {
    const spans = splitSentences(input);
    expect(spans.length).toBeGreaterThan(1);
    let last = 0;
    for (const s of spans) {
      expect(input.slice(s.start, s.end)).toBe(s.text);
      expect(s.text).toBe(s.text.trim());
      expect(s.start).toBeGreaterThanOrEqual(last);
      last = s.end;
    }
  });

  it('returns nothing for empty or whitespace-only text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t\n ')).toEqual([]);
  });
});

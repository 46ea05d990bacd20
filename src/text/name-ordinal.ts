// "루이 16세", "엘리자베스 2세", "헤이그 2세(Haig, Jr.)", "재벌 3세": a number with 세 right after a
// name is the name's ordinal or a generation, not an age. Ages are written after a word that sets
// them in the sentence: a particle or ending (그는 22세에, 있는 12세, 노인이었는데 28세였던), or a
// word that introduces an age (당시, 향년, 만, 나이, 불과). An English reader otherwise gets
// "2세 = 2 years old" beside Haig's name, and "How old was Amon" is answered with "네카우 2세에게".

/** Words after which a number with 세 is an age. */
const AGE_BEFORE = /^(당시|향년|만|나이|나이는|나이가|불과|겨우|약|이미|때|중|무렵|이제|올해|현재|최연소|최고령|평균|만으로)$/;
/** Endings of the word before that make it part of the sentence, not a name (을/를 left out for 카를 13세, 지 for 조지 6세). */
const SENTENCE_ENDING = /(은|는|엔|인|의|에서|에|고|데|던|부터|까지|며|면|쯤)$/;

/** The number that starts at `at` in `text` (followed by 세) belongs to the name before it. */
export function isNameOrdinal(text: string, at: number): boolean {
  // The whole word before: "1952년 39세" follows a year, not a name.
  const before = /(?:^|\s)(\S+)\s$/u.exec(text.slice(Math.max(0, at - 24), at))?.[1];
  if (!before || !/^[\uac00-\ud7a3]+$/.test(before)) return false;
  // An ordinal is small: 루이 16세, 람세스 2세; nobody is 루이 120세.
  if (!/^\d{1,2}\s?세/.test(text.slice(at))) return false;
  return !AGE_BEFORE.test(before) && !SENTENCE_ENDING.test(before);
}

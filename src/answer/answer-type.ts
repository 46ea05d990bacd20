// What kind of answer a question wants, from its question word: "when" wants a date, "who" a person
// or organisation, "how much" a figure. The selector's features pair it with what a sentence holds.

export type AnswerType = 'when' | 'who' | 'amount' | 'definition' | 'name' | 'where' | 'other';

const TYPES: [AnswerType, RegExp][] = [
  ['when', /언제|몇\s?년|몇\s?월|년도|\bwhen\b|what year|which year|since when/i],
  ['who', /누구|누가|\bwho\b|\bwhom\b|which (compan|firm|investor|people|person|rival|competitor|partner|backer)/i],
  ['amount', /얼마|몇|how much|how many|how big|how old|how long|what size|\bcost\b|\bprice\b|what percent/i],
  ['definition', /뜻|의미|정의|what does .+ mean|\bmeaning\b|\bdefin/i],
  ['name', /이름|명칭|뭐라고|라고 불|\bcalled\b|\bnamed\b|\bname of\b|what name/i],
  ['where', /어디|\bwhere\b|which country|which city/i],
];

export function answerTypeOf(question: string): AnswerType {
  for (const [type, re] of TYPES) if (re.test(question)) return type;
  return 'other';
}

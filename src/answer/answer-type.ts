// What kind of answer a question wants, from its question word, and whether a passage has that
// kind of thing in it. "When" wants a date, "who" a person or organisation, "how much" a figure:
// among passages that cover the question equally, the one holding such a thing is the answer.
import type { GlossaryMatch } from '../retrieval/glossary';

export type AnswerType = 'when' | 'who' | 'amount' | 'definition' | 'name' | 'where' | 'other';

const TYPES: [AnswerType, RegExp][] = [
  ['when', /언제|몇\s?년|몇\s?월|년도|\bwhen\b|what year|which year|since when/i],
  ['who', /누구|누가|\bwho\b|\bwhom\b|which (compan|firm|investor|people|person|rival|competitor|partner|backer)/i],
  ['amount', /얼마|몇|how much|how many|how big|how old|how long|what size|\bcost\b|\bprice\b|what percent/i],
  ['definition', /뜻|의미|정의|what does .+ mean|\bmeaning\b|\bdefin/i],
  ['name', /이름|명칭|뭐라고|라고 불|\bcalled\b|\bnamed\b|\bname of\b|what name/i],
  ['where', /어디|\bwhere\b|which country|which city/i],
];

/** Questions of these kinds are not answered by a passage without such a thing (no date, no figure). */
export const REQUIRED: ReadonlySet<AnswerType> = new Set(['when', 'amount']);

export function answerTypeOf(question: string): AnswerType {
  for (const [type, re] of TYPES) if (re.test(question)) return type;
  return 'other';
}

const DATE = /\d{4}\s?년|\b(19|20)\d{2}\b|\d{1,2}\s?월|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
const FIGURE = /\d[\d,.]*\s?(억|만|조|천|달러|원|유로|%|명|개|위|배|년|개월|주|billion|million|thousand|percent|years?|months?|weeks?)|[$€£]\s?\d/i;
const NAMED = /[‘“'"][^’”'"]{1,40}[’”'"]|\([A-Z][^)]{0,40}\)/;
const DEFINES = /(이)?란\s|이라\s?함은|(을|를)\s?말한다|(이)?라고\s?(한다|정의)|\bmeans\b|\brefers to\b|\bis defined\b/;

/**
 * 0..1: how much the passage holds what the question asks for, beyond the names the question
 * itself used. "Who" counts names: a list of investors beats a sentence that mentions one company.
 */
export function answerTypeScore(type: AnswerType, text: string, matches: GlossaryMatch[], questionNames: Set<string>): number {
  switch (type) {
    case 'when':
      return DATE.test(text) ? 1 : 0;
    case 'amount':
      return FIGURE.test(text) ? 1 : 0;
    case 'definition':
      return DEFINES.test(text) ? 1 : 0;
    case 'name':
      return NAMED.test(text) ? 1 : 0;
    case 'who':
    case 'where': {
      // "어디어디" asks for companies as often as for places.
      const kinds = type === 'who' ? ['person', 'organization'] : ['place', 'organization'];
      const names = matches.filter((m) => kinds.includes(m.entry.kind) && !m.entry.names.some((n) => questionNames.has(n)));
      return Math.min(names.length, 5) / 5;
    }
    default:
      return 0;
  }
}

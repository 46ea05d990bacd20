// What users read when something goes wrong, by error code and language. Adapters use this so a
// Slack user and a Discord user get the same words, and no internal detail ever reaches either.
import type { ErrorCode } from './errors';
import type { Lang } from './types';

const MESSAGES: Partial<Record<ErrorCode, Record<Lang, string>>> = {
  EMPTY_QUESTION: {
    en: 'Please ask a question, e.g. "When was Mistral AI founded?"',
    ko: '질문을 입력해 주세요. 예: "미스트랄AI는 언제 설립됐어?"',
  },
  QUESTION_TOO_LONG: {
    en: 'That question is too long for me. Please shorten it to the essentials and ask again.',
    ko: '질문이 너무 깁니다. 핵심만 간단히 줄여서 다시 물어봐 주세요.',
  },
  RATE_LIMITED: {
    en: 'You are asking faster than I can keep up. Please wait a minute and try again.',
    ko: '질문이 너무 빠르게 이어지고 있어요. 1분 정도 후에 다시 시도해 주세요.',
  },
  NOT_ADMIN: {
    en: 'Only knowledge-base admins can do that.',
    ko: '지식 베이스 관리자만 사용할 수 있는 명령입니다.',
  },
  INDEX_NOT_READY: {
    en: 'The knowledge base is still loading. Please try again in a moment.',
    ko: '지식 베이스를 불러오는 중입니다. 잠시 후 다시 시도해 주세요.',
  },
  STORAGE_FAILED: {
    en: 'I could not save that right now (storage problem). Please try again in a minute.',
    ko: '저장소 문제로 지금은 저장하지 못했습니다. 잠시 후 다시 시도해 주세요.',
  },
  RELOAD_FAILED: {
    en: 'The reload failed; the previous knowledge base is still answering.',
    ko: '다시 불러오기에 실패했습니다. 이전 지식 베이스로 계속 답변합니다.',
  },
};

const FALLBACK: Record<Lang, string> = {
  en: 'Sorry, something went wrong while answering. Please try again later.',
  ko: '죄송합니다. 답변 중 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.',
};

export function userMessage(code: ErrorCode | undefined, lang: Lang = 'en'): string {
  return (code && MESSAGES[code]?.[lang]) ?? FALLBACK[lang];
}

/** Hangul in the text → Korean; used before the core has even seen the question. */
export function guessLang(text: string): Lang {
  const hangul = (text.match(/[\uac00-\ud7a3]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  // A Hangul syllable carries about as much as three Latin letters.
  return hangul > 0 && hangul * 3 >= latin ? 'ko' : 'en';
}

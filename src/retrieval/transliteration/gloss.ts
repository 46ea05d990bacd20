// The gloss line of an answer quoted in Korean to an English asker: the names it asked about beside
// the Korean spelling the quote uses ("Kim Young-sam (김영삼)"), and its figures and dates in English.
import { glossKoreanNumbers } from '../../text/number-gloss';
import type { SoundGroup } from './expand';

const HANGUL = /[\uac00-\ud7a3]/;
const MAX_FIGURES = 6;

export interface AnswerGlosses {
  /** "Kim Young-sam (김영삼)": names matched by sound that the quote spells in Hangul. */
  names: string[];
  /** "1억1300만 달러 = 113 million dollars". */
  figures: string[];
}

export function answerGlosses(groups: Pick<SoundGroup, 'label' | 'soundsLike' | 'context'>[], quoted: string): AnswerGlosses {
  const squashed = quoted.replace(/\s+/g, '');
  const names: string[] = [];
  for (const g of groups) {
    if (g.context) continue;
    const used = (g.soundsLike ?? []).filter((s) => HANGUL.test(s) && squashed.includes(s.replace(/\s+/g, '')));
    if (used.length) names.push(`${g.label.replace(/['’]s$/, '')} (${used.join(', ')})`);
  }
  return { names, figures: glossKoreanNumbers(quoted).slice(0, MAX_FIGURES) };
}

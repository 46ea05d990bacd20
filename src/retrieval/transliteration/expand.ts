// Gives a question's names their other-script spellings found by sound: "Kim Young-sam" gains
// 김영삼, "닉슨" gains nixon. They join the group as ordinary alternatives, so retrieval searches
// them and "the documents never mention X" holds only when no spelling of X is in the corpus.
import { analyze, isBigram } from '../../text/analyzer';
import { surnameSyllables } from './korean-surnames';
import { readableAsHanja } from '../../text/hanja/readings';
import { LOWERCASE_MARGIN, SOUND_THRESHOLD, type SoundIndex } from './sound-index';

/** The parts of a query group this step reads and extends (see QueryGroup in ../query.ts). */
export interface SoundGroup {
  label: string;
  kind: 'entity' | 'number' | 'word' | 'predicate';
  terms: string[];
  alternatives: string[][];
  alternativeNames: string[];
  context?: boolean;
  at?: number;
  unverifiable?: boolean;
  /** The other-script spellings this step added, for the answer's gloss line. */
  soundsLike?: string[];
  /**
   * Spellings of a lowercase word (showcase → 쇼케이스): searched for, lightly, but not required
   * of an answer. A plain English word often sounds like an unrelated Korean one (chosen / 조선),
   * and requiring that would turn good answers into declines.
   */
  searchAlso?: string[];
  /** A Latin name the Korean documents keep as written (JTBC, Galaxy S8): see ../latin-in-korean. */
  keptInKorean?: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Full names only: Jun is also a given name (Jun Ji-hyun), Mar and Jan are words and names too.
const MONTH_WORD = /^(January|February|March|April|May|June|July|August|September|October|November|December)$/;
const LATIN = /^[A-Za-z][A-Za-z'’.\-]*$/;
const HANGUL = /^[\uac00-\ud7a3]/;
/** Names of up to three words (Kim Young-sam, Jun Ji-hyun) are tried whole before word by word. */
const MAX_SPAN = 3;
/** Spellings kept per name: the best, and any as good within this margin. */
const TIE = 0.02;
const MAX_SPELLINGS = 2;
/**
 * How close an English word must sound to a Hangul word to count as its loanword spelling
 * (processor = 프로세서 0.98, pickup = 픽업 0.95, concert = 콘서트 0.94). Above the lowercase bar:
 * common words sound like native ones there (find = 밴드 0.91, villain = 빌린 0.91, batting = 바탕 0.92).
 */
export const LOANWORD_BAR = 0.93;


/** Returns the groups with matched spans merged into one group each (like glossary names). */
export function addSoundAlternatives<G extends SoundGroup>(groups: G[], index: SoundIndex): G[] {
  // The whole word counts, not its parts: young in Wan-young is English, Wan-young is not.
  const unknown = (g: G) => !g.context && g.kind !== 'number' && g.alternatives.length === 0 && g.terms.length > 0 && index.df(g.terms[0]) === 0;
  const out: G[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    const next = groups[i + 1];
    // A known word may open a name whose next word is unknown (Lee Wan-young, Choi Hyung-rok). A
    // lowercase next word opens nothing for a name the text writes as typed: in "did PLoS raise",
    // PLoS (kept in Latin by the Korean text) would otherwise be matched by sound alone (플레이스).
    // Glossary names keep the old reading, which the shipped evals' declines were measured with.
    const lowerAfterWritten = g.alternatives.length === 0 && next !== undefined && !/^[A-Z]/.test(next.label);
    const opensName =
      LATIN.test(g.label) && /^[A-Z]/.test(g.label) && next !== undefined && unknown(next) && LATIN.test(next.label) && !lowerAfterWritten && next.at === g.at! + 1;
    if (!unknown(g) && !opensName) {
      out.push(g);
      continue;
    }
    const month = MONTHS.indexOf(g.label.toLowerCase().slice(0, 3));
    if (month >= 0 && MONTH_WORD.test(g.label) && !(g.at === 0 && g.label === 'May')) {
      // Korean writes months as numbers (July = 7월): a translation, not a sound.
      g.alternatives.push(analyze(`${month + 1}월`));
      g.alternativeNames.push(`${month + 1}월`);
      out.push(g);
      continue;
    }
    if (LATIN.test(g.label)) {
      const matched = matchLatin(groups, i, index, unknown);
      if (matched) {
        out.push(matched.group);
        i += matched.used - 1;
      } else out.push(g);
    } else if (HANGUL.test(g.label) && g.kind !== 'predicate' && !index.mostlyHangul) {
      // Only over mostly English documents: in Korean ones, a Korean word the corpus lacks is an
      // ending or a typo (따온, 지역에만), not a name spelled in Latin.
      const word = g.terms.find((t) => !isBigram(t) && HANGUL.test(t));
      const found = word ? keep(index.latinFor(word)) : [];
      if (found.length) attach(g, found);
      out.push(g);
    } else out.push(g);
  }
  return out;
}

/**
 * The longest run of capitalised words from groups[i] that sounds like one Hangul term (Kim
 * Young-sam → 김영삼), unless each word has a spelling of its own (Richard Nixon → 리처드 닉슨:
 * Korean writes foreign names word by word). A lowercase word is matched alone.
 */
function matchLatin<G extends SoundGroup>(groups: G[], i: number, index: SoundIndex, unknown: (g: G) => boolean): { group: G; used: number } | undefined {
  const capital = (g: G) => /[A-Z]/.test(g.at === 0 ? g.label.slice(1) : g.label);
  const g = groups[i];
  // A name's other words may be in the corpus already (Lee in Lee Wan-young): they still belong to it.
  let run = 1;
  if (capital(g)) {
    while (run < MAX_SPAN && i + run < groups.length) {
      const next = groups[i + run];
      if (next.context || next.kind === 'number' || !LATIN.test(next.label) || !capital(next) || next.at !== groups[i + run - 1].at! + 1) break;
      run++;
    }
  }
  const best = (label: string, lower: boolean) => index.hangulFor(label, SOUND_THRESHOLD + (lower ? LOWERCASE_MARGIN : 0));
  if (run === 1) {
    const found = best(g.label, !capital(g));
    if (!found.length) return undefined;
    if (capital(g)) attach(g, keep(found));
    else g.searchAlso = keep(found);
    return { group: g, used: 1 };
  }
  // The whole run as one Hangul word (Kim Young-sam → 김영삼), or word by word (Richard Nixon →
  // 리처드 닉슨, as Korean writes foreign names): whichever sounds closer.
  const words = groups.slice(i, i + run).map((w) => (unknown(w) ? best(w.label, false) : []));
  const perWord = words.reduce((sum, f) => sum + (f[0]?.similarity ?? 0), 0) / run;
  for (let len = run; len >= 2; len--) {
    const span = groups.slice(i, i + len);
    if (!span.some(unknown)) continue;
    // A hyphenated given name (Young-sam, Hyung-rok) marks a Korean name: one Hangul word.
    const korean = span.some((s, j) => j > 0 && /^[A-Z][a-z]+-[a-z]+/.test(s.label));
    const sounding = best(span.map((s) => s.label).join(' '), false);
    const found = korean ? withSurname(span[0].label, sounding) : sounding;
    if (found.length && (korean || found[0].similarity >= perWord)) {
      const merged = mergeSpan(span);
      attach(merged, keep(found));
      return { group: merged, used: len };
    }
  }
  if (!words[0].length) {
    // A Korean name nothing sounds like (Kim Young-soo) is one name the documents never mention.
    if (groups.slice(i + 1, i + run).some((w) => /^[A-Z][a-z]+-[a-z]+/.test(w.label)) && groups.slice(i, i + run).every(unknown)) {
      return { group: mergeSpan(groups.slice(i, i + run)), used: run };
    }
    if (!unknown(g)) return undefined;
    // A short name beside a known one (Jeb in Jeb Stuart) may be a lone Hangul syllable (젭), which
    // the index does not hold: its absence proves nothing, and a fuzzy match would be a guess.
    if (short(g.label)) return { group: { ...g, unverifiable: true }, used: 1 };
    return undefined;
  }
  if (short(g.label) && !unknown(groups[i + 1])) return { group: { ...g, unverifiable: true }, used: 1 };
  const spellings = givenNameSpellings(keep(words[0]), words.slice(1).map(keep).flat(), index);
  // No look-alike of the given name stands beside the surname: the text names the person by the
  // surname alone (윌슨 대통령), and the look-alike is another word (Woodrow → 들어). Not required,
  // not searched for, and not proof the documents lack the person.
  if (!spellings.length) return { group: { ...g, unverifiable: true }, used: 1 };
  attach(g, spellings);
  return { group: g, used: 1 };
}

/**
 * Hangul words of the corpus an English word may be spelled as (pickup → 픽업): the lowercase bar
 * (near-exact), the best and its ties. A word nearly all of whose sounds are vowels is too short
 * to tell apart, so it gets none.
 */
export function loanwordSpellings(word: string, index: Pick<SoundIndex, 'hangulFor'>): string[] {
  // An adverb (fully, early) is never borrowed: its look-alikes (뿌리) are other words.
  if (short(word) || /ly$/i.test(word)) return [];
  const best = keep(index.hangulFor(word, LOANWORD_BAR));
  // A Sino-Korean word as good as the best (조선 for chosen, 로고 and 로커 for logo) makes the sound
  // ambiguous: nothing is kept rather than a look-alike.
  return best.some(readableAsHanja) ? [] : best;
}

/** Kim Min-hee is 김민희, not the look-alike 기민해: a known surname keeps the words that start with it, when any does. */
function withSurname(surname: string, found: { term: string; similarity: number }[]): { term: string; similarity: number }[] {
  const syllables = surnameSyllables(surname);
  const named = found.filter((f) => syllables.includes(f.term[0]));
  return named.length ? named : found;
}

/**
 * The spellings of a given name that the corpus writes right before a spelling of the surname:
 * however close it sounds (Isaac = 이색 scores above 아이작), a look-alike never written there is
 * not this person's name. With no surname found, or no text to check, all stand.
 */
export function givenNameSpellings(given: string[], surname: string[], index: SoundIndex): string[] {
  const together = index.together;
  if (!together || !surname.length) return given;
  return given.filter((g) => surname.some((s) => s !== g && together(g, s)));
}

/** About one Korean syllable long (Jeb, Kim, Ha). */
function short(label: string): boolean {
  return label.replace(/[^A-Za-z]/g, '').length <= 3;
}

function keep(found: { term: string; similarity: number }[]): string[] {
  if (!found.length) return [];
  return found.filter((f) => f.similarity >= found[0].similarity - TIE).slice(0, MAX_SPELLINGS).map((f) => f.term);
}

function mergeSpan<G extends SoundGroup>(span: G[]): G {
  const first = { ...span[0], terms: [...span[0].terms], alternatives: [...span[0].alternatives], alternativeNames: [...span[0].alternativeNames] };
  for (const g of span.slice(1)) {
    first.label += ' ' + g.label;
    first.terms.push(...g.terms);
    if (g.kind === 'entity') first.kind = 'entity';
  }
  return first;
}

function attach(g: SoundGroup, spellings: string[]): void {
  for (const s of spellings) {
    g.alternatives.push(analyze(s));
    g.alternativeNames.push(s);
  }
  g.soundsLike = spellings;
  // A name found by its sound is a name (a group of several words or a capitalised one already is).
  if (g.kind === 'word' && /[A-Z]/.test(g.label)) g.kind = 'entity';
}

/**
 * An English question whose names the documents spell only in Hangul is answered from Korean
 * text, where its plain English words (join, company, sinking) cannot appear, or appear only in
 * stray English quotes elsewhere. Such a word can neither show that a passage answers nor that
 * the documents lack the answer, so it leaves the concepts an answer is checked against; it stays
 * in the search terms. Questions with no name found by sound in the other script are left as they
 * are.
 */
export function withoutUncheckableWords<G extends SoundGroup>(text: string, groups: G[]): G[] {
  const korean = /[\uac00-\ud7a3]/.test(text);
  if (!crossesScripts(text, groups)) return groups;
  const plain = (g: G) => !g.context && g.kind === 'word' && g.alternatives.length === 0 && (korean ? HANGUL.test(g.label) : LATIN.test(g.label));
  return groups.filter((g) => !plain(g));
}

/** A name of the question was found by sound in the other script: the question is answered across languages. */
export function crossesScripts(text: string, groups: SoundGroup[]): boolean {
  const korean = /[\uac00-\ud7a3]/.test(text);
  // Only names found by sound: a glossary name (Paris = 파리) is often written in both scripts, and
  // "What is the weather in Paris today?" must still be declined for its other words.
  if (groups.some((g) => !g.context && g.soundsLike?.some((s) => HANGUL.test(s) !== korean))) return true;
  // Or a Latin name the Korean text writes as it is (NTSC, Pussycat Dolls): its passages are Korean too.
  return !korean && groups.some((g) => !g.context && g.keptInKorean);
}

// An English question whose names the documents spell only in Hangul (found by sound or mined
// pairs) is answered from Korean text, where its other words (born, film, president) cannot
// appear. Rather than leaving them out of the answer check (withoutUncheckableWords), each such
// word that the lexicon translates and the corpus holds becomes a concept like any other, with its
// Korean stems as alternatives: a sentence naming the right person without the fact asked (her age,
// his film) then covers less of the question than the one that says it, and a passage with none of
// them is a weaker answer. Words the lexicon does not know are left to withoutUncheckableWords.
import { analyze, isBigram } from '../../text/analyzer';
import { crossesScripts, type SoundGroup } from '../transliteration/expand';
import { koreanFor, koreanPlaceFor, writtenKoreanFor } from './lexicon';

export interface TranslatableGroup extends SoundGroup {
  /** Its alternatives are dictionary translations of an English word: searched for more lightly than a name's spellings. */
  translated?: boolean;
  /** Set when the glossary knows the name: its spellings stand. */
  entryKind?: string;
}

const LATIN = /^[A-Za-z][A-Za-z'’\-]*$/;

/**
 * Returns the groups with translatable English words turned into Korean concepts. `df` is the
 * corpus's: a translation the documents never use can neither find nor confirm a passage.
 */
export function addTranslations<G extends TranslatableGroup>(
  text: string,
  groups: G[],
  df: (term: string) => number,
  /** Corpus Hangul words that sound like a lowercase English word at a near-exact bar (see loanwordSpellings). */
  loanwords: (word: string) => string[] = () => [],
  /** The documents are mostly Korean: an English question is answered from Korean text whatever it names. */
  koreanDocuments = false,
): G[] {
  if (/[\uac00-\ud7a3]/.test(text)) return groups;
  groups = groups.map((g) => placeName(g, df) ?? titleWord(g, df) ?? g);
  // A question naming nothing in Hangul (How many squares are on a chessboard?) still has its
  // words translated when the documents are Korean; only a name crossing scripts also lets the
  // words no translation reaches leave the answer check (withoutUncheckableWords).
  const crossing = crossesScripts(text, groups);
  // A glossary name keeps the question as the glossary's cross-language models were fitted on it.
  if (!crossing && (!koreanDocuments || groups.some((g) => g.entryKind !== undefined))) return groups;
  return groups.map((g) => {
    // Names found by sound or the glossary already have their spellings; numbers are written alike.
    // A Latin name the Korean text keeps (Dolls in Pussycat Dolls) is found as written, not translated.
    if (g.context || g.kind === 'number' || g.alternatives.length || g.unverifiable || g.keptInKorean || !LATIN.test(g.label)) return g;
    let spellings = koreanFor(g.label).filter((k) => inCorpus(analyze(k), df));
    // No sense of the dictionary is in the text: Korean may spell the word by its sound (pickup →
    // 픽업, showcase → 쇼케이스, chip → 칩), which the dictionary rarely lists.
    // Only for words the dictionary does not know at all: a word it knows is an English word with
    // Korean translations (find, ship), and its sound look-alikes in the text are other words.
    if (!spellings.length && /^[a-z]/.test(g.label) && !koreanFor(g.label).length) spellings = loanwords(g.label).filter((k) => inCorpus(analyze(k), df));
    if (!spellings.length) return g;
    // Without a name in Korean text, the question may be about an English document of the same
    // knowledge base: its word still counts as written.
    if (!crossing) return { ...g, alternatives: [...g.alternatives, ...spellings.map((k) => analyze(k))], alternativeNames: [...g.alternativeNames, ...spellings], translated: true };
    return { ...g, kind: 'word', ...inKorean(g, spellings), translated: true };
  });
}

/**
 * German, Japan, American: Korean writes 독일, 일본, 미국, which sound nothing like them, so the
 * sound index finds a wrong look-alike (German → 것만) or nothing. The translation replaces it and,
 * being the name's other-script spelling, marks the question as crossing scripts like a sound match.
 */
function placeName<G extends TranslatableGroup>(g: G, df: (term: string) => number): G | undefined {
  if (g.context || !/^[A-Z][a-z]+$/.test(g.label) || g.entryKind !== undefined) return undefined;
  if (g.alternatives.length && !g.soundsLike?.length) return undefined;
  const spellings = koreanPlaceFor(g.label).filter((k) => inCorpus(analyze(k), df));
  if (!spellings.length) return undefined;
  return { ...g, kind: 'entity', ...inKorean(g, spellings), soundsLike: spellings };
}

/**
 * A capitalised common noun inside a name (Emperor Showa, Kansai Airport, Saenuri Party): Korean
 * may spell it (리그 for League) or translate it (황제, 공항, 당), so both count. Only words of the
 * written list: its senses are the ones names use.
 */
function titleWord<G extends TranslatableGroup>(g: G, df: (term: string) => number): G | undefined {
  if (g.context || g.at === 0 || !/^[A-Z][a-z]+$/.test(g.label) || g.entryKind !== undefined) return undefined;
  if (g.alternatives.length && !g.soundsLike?.length) return undefined;
  if (g.terms.some((t) => !isBigram(t) && df(t) > 0)) return undefined;
  const spellings = writtenKoreanFor(g.label).filter((k) => inCorpus(analyze(k), df) && !g.alternativeNames.includes(k));
  if (!spellings.length) return undefined;
  return { ...g, alternatives: [...g.alternatives, ...spellings.map((s) => analyze(s))], alternativeNames: [...g.alternativeNames, ...spellings] };
}

/**
 * The group as its Korean spellings. The English word leaves the answer check even when the corpus
 * has it (a few English quotes in Korean articles hold school, first, Japan): there it would set
 * the scale of a full match and leave the Korean word a partial one. It is still searched for.
 */
function inKorean(g: TranslatableGroup, spellings: string[]): Pick<TranslatableGroup, 'terms' | 'alternatives' | 'alternativeNames' | 'searchAlso'> {
  return { terms: [], alternatives: spellings.map((s) => analyze(s)), alternativeNames: spellings, searchAlso: g.terms.filter((t) => !isBigram(t)) };
}

/** Every word of a spelling is in the corpus, or (a conjugated stem: 태어나) most of its syllable pairs are. */
function inCorpus(terms: string[], df: (term: string) => number): boolean {
  const words = terms.filter((t) => !isBigram(t));
  if (words.length && words.every((t) => df(t) > 0)) return true;
  const pairs = terms.filter(isBigram);
  return pairs.length > 0 && pairs.filter((t) => df(t) > 0).length * 2 >= pairs.length;
}

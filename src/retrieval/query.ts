// A question becomes groups of terms, one group per concept the user named ("Mistral AI",
// "founded", "2026"), each with its glossary alternatives. Retrieval searches all their terms;
// the answerer checks which groups a passage covers, and the abstention rule looks for concepts
// the knowledge base never mentions.
import type { Turn } from '../types';
import { analyze, isBigram, keywords, normalize } from '../text/analyzer';
import type { Glossary, GlossaryKind } from './glossary';
import type { WeightedTerm } from './bm25';
import { addSoundAlternatives, loanwordSpellings, withoutUncheckableWords } from './transliteration/expand';
import { addTranslations } from './translation/translate';
import { addHanjaSpellings } from './hanja-readings/expand';
import { addCounters } from './translation/counters';
import { markKeptNames } from './latin-in-korean/kept-names';
import { addFigureSpellings } from './latin-in-korean/figures';

export type GroupKind = 'entity' | 'number' | 'word' | 'predicate';

export interface QueryGroup {
  /** The words as the user typed them. */
  label: string;
  kind: GroupKind;
  /** Terms of the typed words (full words, parts and Hangul bigrams). */
  terms: string[];
  /** Terms of each glossary alternative, one list per alternative name. */
  alternatives: string[][];
  /** Names of the glossary alternatives, to explain Korean quotes to English readers. */
  alternativeNames: string[];
  /** What the glossary says the group names (organization, person, ...), when it knows. */
  entryKind?: GlossaryKind;
  /** Carried over from the previous question of a follow-up ("그럼 구글은?"): it weighs less. */
  context?: boolean;
  /** A glossary name of this concept cannot be searched for, so "the documents never mention it" cannot be claimed. */
  unverifiable?: boolean;
  /** Index of its first word in the question. */
  at?: number;
  /** Other-script spellings in the corpus that sound like it (Kim Young-sam → 김영삼), found by the sound index or mined from the documents. */
  soundsLike?: string[];
  /** Sound-alike spellings of a lowercase word: searched for lightly, not required of an answer. */
  searchAlso?: string[];
  /** Its alternatives are dictionary translations of an English word (born → 태어나, 출생), see translation/translate.ts. */
  translated?: boolean;
  /** The last this-many alternatives are figures with a counter (48위 for "what rank"): checked, not searched; see translation/counters.ts. */
  counted?: number;
}

export interface AnalyzedQuery {
  text: string;
  groups: QueryGroup[];
  /** BM25 query: typed terms weigh 1, bigrams less, glossary alternatives and history less still. */
  terms: WeightedTerm[];
  /**
   * For "how many / 몇 / 얼마" questions: the words the figure may be about, nearest first
   * (파라미터 in "파라미터 수가 몇 개야"). Names are left out: they are whose figure, not what is counted.
   */
  focus: QueryGroup[];
  /** Every name of every glossary entry the question mentions (the answer should add others). */
  names: Set<string>;
  /** Words of a question asked across scripts that reach the documents in no spelling (left out of the answer check). */
  unreached?: string[];
}

const WORD_RE = /[\p{L}\p{N}]+(?:[.\-'’][\p{L}\p{N}]+)*%?/gu;
const HANGUL = /[\uac00-\ud7a3]/;
const HOW_WORDS = new Set(['big', 'much', 'many', 'old', 'long', 'large', 'far', 'often', 'soon', 'high', 'early', 'late', 'small']);

export function analyzeQuery(text: string, glossary: Glossary, history: Turn[] = []): AnalyzedQuery {
  const words = [...text.normalize('NFKC').matchAll(WORD_RE)].map((m) => ({ raw: m[0], at: m.index ?? 0 }));
  let groups: QueryGroup[] = [];
  words.forEach((w, i) => {
    // "How big / how many / how old": the adjective asks for a figure, it names nothing.
    if (i > 0 && /^how$/i.test(words[i - 1].raw) && HOW_WORDS.has(w.raw.toLowerCase())) return;
    const terms = analyze(w.raw);
    if (!terms.length) return;
    groups.push({ label: w.raw, kind: kindOf(w.raw, i, words.length, text), terms, alternatives: [], alternativeNames: [], at: i });
  });

  // Attach glossary alternatives; a name spanning several words ("Mistral AI") becomes one group.
  const matches = glossary.match(text);
  for (const m of matches) {
    const nameKeys = new Set(keywords(m.matched));
    const nameSquashed = normalize(m.matched).replace(/\s+/g, '');
    const idx = groups
      .map((g, i) => ({ g, i }))
      .filter(({ g }) =>
        HANGUL.test(m.matched)
          ? normalize(g.label).includes(nameSquashed) || nameSquashed.includes(normalize(g.label).replace(/[은는이가을를의에와과도로만야]$/, ''))
          : g.terms.some((t) => nameKeys.has(t)),
      )
      .map(({ i }) => i);
    if (!idx.length) continue;
    const first = groups[idx[0]];
    for (const j of idx.slice(1)) {
      const g = groups[j];
      first.label += ' ' + g.label;
      first.terms.push(...g.terms);
      first.alternatives.push(...g.alternatives);
      first.alternativeNames.push(...g.alternativeNames);
      if (g.kind === 'entity' || g.kind === 'number') first.kind = g.kind;
    }
    groups = groups.filter((_, i) => !idx.slice(1).includes(i));
    // Every name of the entry, the matched one too: "설립" is what 설립됐어 means, though its bigrams differ.
    for (const name of m.entry.names) {
      if (name === first.label) continue;
      const t = analyze(name);
      if (t.length) {
        first.alternatives.push(t);
        first.alternativeNames.push(name);
      } else {
        // A one-syllable name (위 in "2위", 명 in "7명") has no index term: its absence proves nothing.
        first.unverifiable = true;
      }
    }
    // A glossary person, organisation, product or place is a name (알레프 알파 = Aleph Alpha), not a plain word.
    if (first.kind !== 'number' && m.entry.kind !== 'term') first.kind = 'entity';
    first.entryKind ??= m.entry.kind;
    // A Latin name a Korean document gave in parentheses (미스터 허드슨(Mr Hudson)): the English
    // question is answered from Korean text, as when the name is found by sound.
    if (m.entry.minedFrom && !HANGUL.test(m.matched)) first.soundsLike = m.entry.names.filter((n) => HANGUL.test(n));
  }

  const sounds = glossary.sounds;
  if (sounds) {
    // 64 GB written 64GB, the 20th century written 20세기: before the sound step, which would take GB for a name.
    groups = addFigureSpellings(text, groups, sounds.df);
    // Names no glossary knows, in a script the documents spell otherwise: matched by sound.
    groups = addSoundAlternatives(groups, sounds);
    // Chinese names Korean reads by character (Zheng Zhilong → 정지룡), which sound cannot find.
    groups = addHanjaSpellings(groups, sounds);
    // Latin names the Korean documents write as they are (NTSC, Galaxy S8): the question crosses too.
    groups = markKeptNames(text, groups, sounds);
    // Their other words, in the documents' language (born → 태어나, 출생).
    groups = addTranslations(text, groups, sounds.df, (w) => loanwordSpellings(w, sounds), sounds.mostlyHangul);
    // Words asking for a counted fact (how old, what rank): a figure with its counter answers them (39세, 48위).
    groups = addCounters(text, groups, sounds);
  }

  const weighted: WeightedTerm[] = [];
  for (const g of groups) {
    for (const t of g.terms) weighted.push({ term: t, weight: isBigram(t) ? 0.5 : 1 });
    // A dictionary sense is a guess among several; a name's spelling is not.
    const altWeight = g.translated ? 0.5 : 0.7;
    const searched = g.counted ? g.alternatives.slice(0, -g.counted) : g.alternatives;
    for (const alt of searched) for (const t of alt) weighted.push({ term: t, weight: isBigram(t) ? altWeight / 2 : altWeight });
    for (const s of g.searchAlso ?? []) weighted.push({ term: s, weight: 0.35 });
  }
  const checkable = withoutUncheckableWords(text, groups);
  const unreached = groups.filter((g) => !checkable.includes(g)).map((g) => g.label);
  groups = checkable;
  // A short follow-up ("그럼 구글은 얼마 넣었어?") borrows the previous question's concepts, lightly:
  // what the user names now outweighs them.
  const lastUser = [...history].reverse().find((t) => t.role === 'user');
  if (lastUser && groups.length <= 4) {
    for (const g of analyzeQuery(lastUser.text, glossary).groups) {
      groups.push({ ...g, context: true });
      for (const t of g.terms) weighted.push({ term: t, weight: isBigram(t) ? 0.15 : 0.3 });
      for (const alt of g.alternatives) for (const t of alt) weighted.push({ term: t, weight: isBigram(t) ? 0.1 : 0.2 });
    }
  }
  const names = new Set(matches.flatMap((m) => m.entry.names));
  return { text, groups, terms: weighted, focus: focusOf(words.map((w) => w.raw), groups), names, ...(unreached.length ? { unreached } : {}) };
}

function kindOf(raw: string, index: number, count: number, text: string): GroupKind {
  if (/\d/.test(raw)) return 'number';
  if (HANGUL.test(raw)) {
    // The last word of a Korean question is usually its verb (설립됐어, 불렀어): asked about, not named.
    return index === count - 1 && /[?？]?\s*$/.test(text) ? 'predicate' : 'word';
  }
  // A capitalised word after the first, or an acronym, names something (Opus, GPUs, Nvidia).
  if (/^[A-Z]{2,}s?$/.test(raw) || (index > 0 && /^[A-Z][a-z]/.test(raw))) return 'entity';
  return 'word';
}

/** Plain words around the figure question word: before it first in Korean, after "how many" in English. */
function focusOf(words: string[], groups: QueryGroup[]): QueryGroup[] {
  const q = words.findIndex((w, i) => /^(몇|얼마)/.test(w) || (/^how$/i.test(w) && /^(many|much)$/i.test(words[i + 1] ?? '')));
  if (q < 0) return [];
  const plain = groups.filter((g) => !g.context && g.at !== undefined && g.kind === 'word');
  const before = plain.filter((g) => g.at! < q).reverse();
  const after = plain.filter((g) => g.at! > q);
  return /^how$/i.test(words[q]) ? [...after, ...before] : [...before, ...after];
}

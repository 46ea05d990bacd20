// "How old was Nixon", "what rank did the single reach": the Korean answer is a figure with a
// one-syllable counter (39세, 48위), which has no index term and which no translation of "old" or
// "rank" (나이, 순위) appears beside. In an English question answered from Korean text, such a word
// becomes a concept that a figure with its counter satisfies: its alternatives are the corpus's
// own figure terms (48위, 22세), checked in the answer but not searched for (there are hundreds,
// and the name and the other words find the passage). The translation, when the corpus has it,
// stays as one more way to say it.
import data from './counter-words.json' with { type: 'json' };
import { analyze } from '../../text/analyzer';
import { crossesScripts, type SoundGroup } from '../transliteration/expand';
import type { SoundIndex } from '../transliteration/sound-index';

export interface CounterGroup extends SoundGroup {
  /** The last this-many alternatives are figures with a counter (48위): checked in the answer, not searched for. */
  counted?: number;
}

interface Counter {
  asked: RegExp;
  words: string[];
  units: string[];
  upTo: number;
}

const COUNTERS: Counter[] = data.counters.map((c) => ({ ...c, asked: new RegExp(c.asked, 'i') }));
/** Figures kept per concept: enough for any question, few enough to check each sentence quickly. */
const MAX_FIGURES = 150;

/**
 * Returns the groups with counting words given their figures. "How old" has no group (the
 * question analysis drops the adjective of "how old"), so it gains one.
 */
export function addCounters<G extends CounterGroup>(text: string, groups: G[], index: Pick<SoundIndex, 'df' | 'mostlyHangul'>): G[] {
  // English questions answered from Korean text: a name found in Hangul, or documents mostly in
  // Korean (Boney M. keeps its Latin spelling there, and its chart rank is still 48위).
  if (/[\uac00-\ud7a3]/.test(text) || !(crossesScripts(text, groups) || index.mostlyHangul)) return groups;
  const df = index.df;
  // Only how the question asks: "take place" and "the ocean floor" ask for no figure.
  const asked = COUNTERS.filter((c) => c.asked.test(text));
  if (!asked.length) return groups;
  const counterOf = (g: G) => (!g.context && g.kind === 'word' ? asked.find((c) => c.words.includes(g.label.toLowerCase())) : undefined);
  const out = groups.map((g) => {
    const c = counterOf(g);
    return c ? withFigures(g, c, df) : g;
  });
  const old = asked.find((c) => c.words.includes('old'));
  if (old && /\bhow old\b/i.test(text) && !out.some((g) => g.label.toLowerCase() === 'old')) {
    const g = { label: 'old', kind: 'word', terms: [], alternatives: [], alternativeNames: [] } as unknown as G;
    const made = withFigures(g, old, df);
    if (made.counted) out.push(made);
  }
  return out;
}

function withFigures<G extends CounterGroup>(g: G, c: Counter, df: (term: string) => number): G {
  const figures: string[] = [];
  for (let n = 1; n <= c.upTo && figures.length < MAX_FIGURES; n++) {
    for (const unit of c.units) if (df(`${n}${unit}`) > 0) figures.push(`${n}${unit}`);
  }
  if (!figures.length) return g;
  return {
    ...g,
    // A figure is never in a question's own words: the English word cannot be checked in Korean text.
    terms: [],
    searchAlso: [...(g.searchAlso ?? []), ...g.terms],
    alternatives: [...g.alternatives, ...figures.map((f) => analyze(f))],
    alternativeNames: [...g.alternativeNames, ...figures],
    counted: figures.length,
  };
}

// How much of a question a passage answers. Each concept the user named (a query group) weighs
// its rarity in the knowledge base (idf); a passage covers a concept when it contains the word, a
// glossary alternative, or (Korean) most of its syllable bigrams.
import { isBigram } from '../text/analyzer';
import type { QueryGroup } from '../retrieval/query';

export interface TermStats {
  df(term: string): number;
  idf(term: string): number;
}

export interface WeightedGroup {
  group: QueryGroup;
  /** 0 when the knowledge base never mentions the concept. */
  weight: number;
  present: boolean;
  /** Ways to name the concept that exist in the corpus: all `terms` must appear; idf is the rarest's. */
  keys: { terms: string[]; idf: number }[];
  /** Bigram lists: the typed word's and each alternative's. */
  bigramSets: string[][];
  /** idf that counts as a full match: the rarest of the typed word's own terms. */
  scale: number;
}

// What a question asks about (its verb: 창업했어, founded) matters as much as a plain word.
const KIND_WEIGHT = { entity: 1.5, number: 1.5, word: 1, predicate: 1 } as const;

export function weighGroups(groups: QueryGroup[], stats: TermStats): WeightedGroup[] {
  return groups.map((group) => {
    const inCorpus = (ts: string[]) => [...new Set(ts.filter((t) => !isBigram(t)))].filter((t) => stats.df(t) > 0);
    // Each typed term is an option on its own (its idf says how much it names the concept); a
    // glossary alternative counts only whole: "European Commission" is not matched by "European".
    // A name typed as several words ("Mistral Large", "알레프 알파") is matched whole, not by its commonest word.
    const phrase = /\s/.test(group.label.trim());
    const ownTerms = inCorpus(group.terms);
    const own = phrase
      ? ownTerms.length && ownTerms.length === new Set(group.terms.filter((t) => !isBigram(t))).size
        ? [{ terms: ownTerms, idf: Math.max(...ownTerms.map((t) => stats.idf(t))) }]
        : []
      : ownTerms.map((t) => ({ terms: [t], idf: stats.idf(t) }));
    const alt = group.alternatives
      .map((a) => [...new Set(a.filter((t) => !isBigram(t)))])
      .filter((ts) => ts.length > 0 && ts.every((t) => stats.df(t) > 0))
      .map((ts) => ({ terms: ts, idf: Math.max(...ts.map((t) => stats.idf(t))) }));
    const keys = [...own, ...alt];
    const bigramSets = [group.terms, ...group.alternatives].map((ts) => ts.filter(isBigram)).filter((b) => b.length > 0);
    const bigramIdf = bigramSets
      .map((bs) => {
        const found = bs.filter((b) => stats.df(b) > 0);
        // Conjugated verbs share a stem, not their endings (받았어 / 받고): half the bigrams prove little.
        return found.length * 3 >= bs.length * 2 ? found.reduce((sum, b) => sum + stats.idf(b), 0) / found.length : 0;
      })
      .reduce((a, b) => Math.max(a, b), 0);
    // The words the user typed set the scale when the corpus has them; a rare glossary spelling
    // (마이크로소프트 for MS) must not make the common one look like a partial match.
    const scale = own.length ? Math.max(...own.map((k) => k.idf)) : alt.reduce((a, k) => Math.max(a, k.idf), 0);
    const base = scale > 0 ? scale : bigramIdf;
    return { group, weight: base * KIND_WEIGHT[group.kind] * (group.context ? 0.4 : 1), present: base > 0, keys, bigramSets, scale };
  });
}

/** 0..1: how far the passage's terms cover one concept. */
export function degree(g: WeightedGroup, terms: { has(term: string): boolean }): number {
  // Loops, not every/filter with closures: this runs for every sentence of the passages read, per question.
  let best = 0;
  if (g.scale > 0) {
    for (const k of g.keys) {
      let all = true;
      for (const t of k.terms) {
        if (!terms.has(t)) {
          all = false;
          break;
        }
      }
      if (all) best = Math.max(best, Math.min(1, k.idf / g.scale));
    }
  }
  for (const bs of g.bigramSets) {
    let found = 0;
    for (const b of bs) if (terms.has(b)) found++;
    const hit = found / bs.length;
    if (hit >= 0.5) best = Math.max(best, hit);
  }
  return best;
}

/** Coverage from precomputed degrees (one per group), for windows of several sentences. */
export function coverageOf(groups: WeightedGroup[], degrees: number[]): { value: number; covered: boolean[] } {
  return { value: coverageValue(groups, degrees), covered: groups.map((g, i) => g.present && degrees[i] >= 0.5) };
}

/** coverageOf's value alone (no array): the selector reads it for every candidate. */
export function coverageValue(groups: WeightedGroup[], degrees: number[]): number {
  let total = 0;
  let got = 0;
  for (let i = 0; i < groups.length; i++) {
    if (!groups[i].present) continue;
    total += groups[i].weight;
    got += groups[i].weight * degrees[i];
  }
  return total > 0 ? got / total : 0;
}

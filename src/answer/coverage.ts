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
  /** Full-word terms (typed or alternatives) that exist in the corpus, with their idf. */
  keys: { term: string; idf: number }[];
  /** Bigram lists: the typed word's and each alternative's. */
  bigramSets: string[][];
}

// What a question asks about (its verb: 창업했어, founded) matters as much as a plain word.
const KIND_WEIGHT = { entity: 1.5, number: 1.5, word: 1, predicate: 1 } as const;

export function weighGroups(groups: QueryGroup[], stats: TermStats): WeightedGroup[] {
  return groups.map((group) => {
    const all = [group.terms, ...group.alternatives];
    const keys = [...new Set(all.flat().filter((t) => !isBigram(t)))]
      .filter((t) => stats.df(t) > 0)
      .map((t) => ({ term: t, idf: stats.idf(t) }));
    const bigramSets = all.map((ts) => ts.filter(isBigram)).filter((b) => b.length > 0);
    const bigramIdf = bigramSets
      .map((bs) => {
        const present = bs.filter((b) => stats.df(b) > 0);
        return present.length * 2 >= bs.length ? present.reduce((s, b) => s + stats.idf(b), 0) / present.length : 0;
      })
      .reduce((a, b) => Math.max(a, b), 0);
    const keyIdf = keys.reduce((a, k) => Math.max(a, k.idf), 0);
    const base = Math.max(keyIdf, bigramIdf);
    return { group, weight: base * KIND_WEIGHT[group.kind], present: base > 0, keys, bigramSets };
  });
}

/** 0..1: how far the passage's terms cover one concept. */
export function degree(g: WeightedGroup, terms: Set<string>): number {
  let best = 0;
  const top = g.keys.reduce((a, k) => Math.max(a, k.idf), 0);
  for (const k of g.keys) if (terms.has(k.term) && top > 0) best = Math.max(best, Math.min(1, k.idf / top));
  for (const bs of g.bigramSets) {
    const hit = bs.filter((b) => terms.has(b)).length / bs.length;
    if (hit >= 0.5) best = Math.max(best, hit);
  }
  return best;
}

export function coverage(groups: WeightedGroup[], terms: Set<string>): { value: number; covered: boolean[] } {
  let total = 0;
  let got = 0;
  const covered = groups.map((g) => {
    if (!g.present) return false;
    const d = degree(g, terms);
    total += g.weight;
    got += g.weight * d;
    return d >= 0.5;
  });
  return { value: total > 0 ? got / total : 0, covered };
}

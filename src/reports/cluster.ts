// Groups phrasings of one need: each distinct term set joins the group whose first (most asked)
// term set it overlaps most, when the overlap, weighted by how rare each term is among the
// questions, reaches SIMILARITY (weighted Dice); otherwise it starts a group. Rare shared terms
// ("office", "Korea") tie phrasings together; a common one alone ("Mistral AI") does not.

/** Weighted Dice from which two term sets are one need; 0.5 = the shared terms carry half the weight. */
export const SIMILARITY = 0.5;
/** Terms in more groups than this are too common to find candidates by (their weight is low anyway). */
const MAX_POSTINGS = 400;

export interface TermSet {
  terms: string[];
  /** How many questions have exactly this term set; the most asked seed groups first. */
  count: number;
}

/** Indices of `sets`, one array per group, in the order groups were founded. */
export function clusterTermSets(sets: TermSet[]): number[][] {
  const df = new Map<string, number>();
  for (const s of sets) for (const t of s.terms) df.set(t, (df.get(t) ?? 0) + s.count);
  const total = sets.reduce((n, s) => n + s.count, 0);
  const weight = (t: string) => Math.log(1 + total / (df.get(t) ?? 1));

  const order = sets.map((_, i) => i).sort((a, b) => sets[b].count - sets[a].count || (sets[a].terms.join(' ') < sets[b].terms.join(' ') ? -1 : 1));
  const seeds: { weights: Map<string, number>; sum: number }[] = [];
  const groups: number[][] = [];
  const postings = new Map<string, number[]>();

  for (const i of order) {
    const terms = sets[i].terms;
    const mine = new Map(terms.map((t) => [t, weight(t)]));
    const sum = [...mine.values()].reduce((a, b) => a + b, 0);
    let best = -1;
    let bestSim = 0;
    if (terms.length) {
      const seen = new Set<number>();
      for (const t of terms) {
        for (const g of postings.get(t) ?? []) {
          if (seen.has(g)) continue;
          seen.add(g);
          let shared = 0;
          for (const [term, w] of mine) if (seeds[g].weights.has(term)) shared += w;
          const sim = (2 * shared) / (sum + seeds[g].sum);
          if (sim > bestSim) [best, bestSim] = [g, sim];
        }
      }
    }
    if (best >= 0 && bestSim >= SIMILARITY) {
      groups[best].push(i);
      continue;
    }
    const g = groups.length;
    groups.push([i]);
    seeds.push({ weights: mine, sum });
    for (const t of terms) {
      const list = postings.get(t) ?? [];
      if (list.length < MAX_POSTINGS) list.push(g);
      postings.set(t, list);
    }
  }
  return groups;
}

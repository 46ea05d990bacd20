// Reciprocal rank fusion: ranks, not raw scores, so BM25's unbounded scores and cosine
// similarities combine without calibration. k=60 is the value from Cormack et al. (2009).

export interface Ranked {
  index: number;
}

export function reciprocalRankFusion(lists: Ranked[][], k = 60, weights: number[] = []): { index: number; score: number }[] {
  const scores = new Map<number, number>();
  lists.forEach((list, l) => {
    const w = weights[l] ?? 1;
    list.forEach((hit, rank) => scores.set(hit.index, (scores.get(hit.index) ?? 0) + w / (k + rank + 1)));
  });
  return [...scores].map(([index, score]) => ({ index, score })).sort((a, b) => b.score - a.score);
}

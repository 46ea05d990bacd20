// Reciprocal rank fusion: ranks, not raw scores, so BM25's unbounded scores and cosine
// similarities combine without calibration. k=60 is the value from Cormack et al. (2009).

export interface Ranked {
  index: number;
}

export function reciprocalRankFusion(lists: Ranked[][], k = 60): { index: number; score: number }[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.forEach((hit, rank) => scores.set(hit.index, (scores.get(hit.index) ?? 0) + 1 / (k + rank + 1)));
  }
  return [...scores].map(([index, score]) => ({ index, score })).sort((a, b) => b.score - a.score);
}

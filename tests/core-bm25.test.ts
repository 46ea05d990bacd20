// BM25 at scale takes shortcuts (rarest terms first; common terms only re-score the candidates the
// rare ones found). They must not change which chunk wins, and must survive a save/restore.
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25';

/** 3,000 chunks: "filler" everywhere, "common" in every 3rd, "rare" in chunks 10 and 20, "rare" twice in 20. */
function corpus(): string[][] {
  return Array.from({ length: 3000 }, (_, d) => {
    const terms = ['filler', `own${d}`];
    if (d % 3 === 0) terms.push('common');
    if (d === 10) terms.push('rare');
    if (d === 20) terms.push('rare', 'rare');
    return terms;
  });
}

describe('BM25 search', () => {
  const index = Bm25Index.build(corpus());

  it('the chunk with the rare term twice wins, and a common term it lacks adds nothing (a shortcut that miscounts)', () => {
    const hits = index.search([{ term: 'rare', weight: 1 }, { term: 'common', weight: 1 }], 5);
    expect(hits.map((h) => h.index)).toEqual([20, 10]);
    // Neither 10 nor 20 has the common term, so their scores are exactly the rare-only ones.
    const rareOnly = index.search([{ term: 'rare', weight: 1 }], 5);
    expect(hits.map((h) => h.score)).toEqual(rareOnly.map((h) => h.score));
  });

  it('a common term still re-scores the candidates it shares (binary search in its postings misses)', () => {
    const idx = Bm25Index.build(corpus().map((t, d) => (d === 30 ? [...t, 'rare'] : t)));
    const hits = idx.search([{ term: 'rare', weight: 1 }, { term: 'common', weight: 1 }], 5);
    // 30 has rare + common; 20 has rare twice; both beat 10, which has rare once and no common.
    expect(hits[hits.length - 1].index).toBe(10);
    const s30 = hits.find((h) => h.index === 30)!.score;
    const s10 = hits.find((h) => h.index === 10)!.score;
    expect(s30).toBeGreaterThan(s10);
  });

  it('a query of only common terms still finds chunks (the shortcut needs candidates first)', () => {
    const hits = index.search([{ term: 'common', weight: 1 }], 3);
    expect(hits).toHaveLength(3);
    for (const h of hits) expect(h.index % 3).toBe(0);
  });

  it('repeated searches give the same scores (the reused score buffer is cleared)', () => {
    const q = [{ term: 'rare', weight: 1 }, { term: 'common', weight: 1 }];
    expect(index.search(q, 5)).toEqual(index.search(q, 5));
  });

  it('toParts → fromParts answers exactly like the original (a persisted index drifts)', () => {
    const restored = Bm25Index.fromParts(index.toParts());
    const q = [{ term: 'rare', weight: 1 }, { term: 'own7', weight: 0.5 }];
    expect(restored.search(q, 5)).toEqual(index.search(q, 5));
    expect(restored.df('common')).toBe(1000);
  });
});

// What `kb status` says about cross-lingual names: how much of the vocabulary can be matched by
// sound, and which documents gave name pairs.
import type { NameStatus } from '../../types';
import type { Glossary } from '../glossary';

export function nameStatus(glossary: Glossary): NameStatus {
  const perDoc = new Map<string, number>();
  let minedPairs = 0;
  for (const e of glossary.entries) {
    if (!e.minedFrom) continue;
    minedPairs++;
    for (const d of e.minedFrom) perDoc.set(d, (perDoc.get(d) ?? 0) + 1);
  }
  return {
    hangulTerms: glossary.sounds?.hangulTerms ?? 0,
    romanized: glossary.sounds?.romanized ?? 0,
    minedPairs,
    minedFrom: [...perDoc].map(([doc, pairs]) => ({ doc, pairs })).sort((a, b) => b.pairs - a.pairs || a.doc.localeCompare(b.doc)),
  };
}

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
    hanjaReadable: glossary.sounds?.hanjaReadable,
    minedPairs,
    minedFrom: [...perDoc].map(([doc, pairs]) => ({ doc, pairs })).sort((a, b) => b.pairs - a.pairs || a.doc.localeCompare(b.doc)),
  };
}

/**
 * The two sentences every status view shows (kb status, Slack, Discord, console), each surface
 * adding its own label and markup: how much of the vocabulary an English name can be matched
 * against by sound, and which documents gave "한글(Latin)" pairs, most first.
 */
export function nameStatusLines(n: NameStatus, maxDocs = 10): { romanized: string; pairs: string } {
  const docs = n.minedFrom.slice(0, maxDocs).map((d) => `${d.doc} (${d.pairs})`).join(', ');
  const more = n.minedFrom.length > maxDocs ? ', …' : '';
  return {
    romanized: `${n.romanized} of ${n.hangulTerms} Hangul terms have a romanized form (sound matching of Latin names)${n.hanjaReadable !== undefined ? `; ${n.hanjaReadable} can be read as Chinese characters (pinyin names)` : ''}`,
    pairs: `${n.minedPairs} name pairs mined from ${n.minedFrom.length} documents${docs ? `: ${docs}${more}` : ''}`,
  };
}

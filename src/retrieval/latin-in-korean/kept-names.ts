// Korean articles keep many names in Latin letters (JTBC, NTSC, UEFA, Pussycat Dolls, Galaxy S8).
// An English question naming one finds the passage by that name, but its other words (colours,
// lead singer, debut) are English and the passage is Korean: unless the question counts as crossing
// scripts, they are never translated, and the answer is checked against words the text cannot have.
// A name counts as kept when most chunks holding it are Korean text (read once per name from its
// postings, see ../transliteration/for-index.ts), so the same name in an English document changes
// nothing.
import { isBigram } from '../../text/analyzer';
import type { SoundGroup } from '../transliteration/expand';
import type { SoundIndex } from '../transliteration/sound-index';

const LATIN_NAME = /^[A-Za-z][A-Za-z0-9.'’\-]*$/;

interface KeptGroup extends SoundGroup {
  /** A glossary entry's name: the shipped glossary decides what it crosses to. */
  entryKind?: string;
}

/** Returns the groups with the Latin names Korean text keeps marked `keptInKorean`. */
export function markKeptNames<G extends KeptGroup>(text: string, groups: G[], index: Pick<SoundIndex, 'df' | 'inHangulText'>): G[] {
  const kept = index.inHangulText;
  if (!kept || /[\uac00-\ud7a3]/.test(text)) return groups;
  return groups.map((g) => (keptName(g, index.df, kept) ? { ...g, keptInKorean: true } : g));
}

function keptName(g: KeptGroup, df: (t: string) => number, kept: (t: string) => boolean): boolean {
  // A name (capitalised, an acronym, a model number like S8), not a plain word that English quotes share.
  if (g.context || g.entryKind !== undefined || g.alternatives.length || g.kind === 'predicate' || g.kind === 'word') return false;
  if (!LATIN_NAME.test(g.label) || !/[A-Za-z]/.test(g.label)) return false;
  const words = g.terms.filter((t) => !isBigram(t));
  // The whole name as typed is in the corpus; its first term is where the postings are read.
  return words.length > 0 && words.every((t) => df(t) > 0) && kept(words[0]);
}

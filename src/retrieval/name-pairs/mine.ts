// Names the documents give in both scripts — "존 맥도날드(John A. Macdonald)", "Mistral AI
// (미스트랄)" — mined at reload, so an English question finds a Korean passage that spells the
// name both ways without anyone writing a glossary entry.
import { stripParticle } from '../../text/analyzer';
import { hangulSoundKey, latinSoundKeys, soundSimilarity } from '../../text/romanize';
import { SOUND_THRESHOLD } from '../transliteration/sound-index';

export interface MinedPair {
  hangul: string;
  latin: string;
  /** Documents that give the pair. */
  docs: string[];
}

export interface MinableDocument {
  id: string;
  text: string;
  /** Unchanged text (same hash) is not mined again. */
  hash?: string;
  /** Pairs already mined from this document (pairsOf): a streamed load keeps these, not the text. */
  pairs?: [string, string][];
}

const MAX_WORDS = 4;
const INSIDE = /^\(\s*([^()\n]{1,60}?)\s*[,;)]/;
const LATIN_INSIDE = /^[A-Za-z][A-Za-z0-9 .&'’\-]*$/;
const HANGUL_INSIDE = /^[\uac00-\ud7a3][\uac00-\ud7a3 ]*$/;
const HANGUL = /[\uac00-\ud7a3]/;
const HANGUL_WORD = /^[\uac00-\ud7a3A-Za-z0-9·&\-]*[\uac00-\ud7a3][\uac00-\ud7a3A-Za-z0-9·&\-]*$/;
const LATIN_WORD = /^[A-Za-z0-9][A-Za-z0-9.&'’\-]*$/;
// A word that ends in a particle opens the clause, not the name (…는 조이 조셉(Joy Joseph)).
const PARTICLE_END = /(은|는|이|가|을|를|의|에|와|과|로|으로|에서|에게|도|만)$/;

const cache = new Map<string, [string, string][]>();
const CACHE_LIMIT = 100_000;

/** This process has mined the text with this hash (an unchanged file need not be read again for it). */
export function hasMinedPairs(hash: string): boolean {
  return cache.has(hash);
}

/** Pairs of every document, merged by spelling, with the documents that give each. */
export function mineNamePairs(docs: MinableDocument[]): MinedPair[] {
  const byKey = new Map<string, MinedPair>();
  for (const doc of docs) {
    for (const [hangul, latin] of doc.pairs ?? pairsOf(doc)) {
      const k = `${hangul}\u0000${latin.toLowerCase()}`;
      const p = byKey.get(k);
      if (!p) byKey.set(k, { hangul, latin, docs: [doc.id] });
      else if (!p.docs.includes(doc.id)) p.docs.push(doc.id);
    }
  }
  return [...byKey.values()];
}

/** The pairs of one document, remembered by its hash. */
export function pairsOf(doc: MinableDocument): [string, string][] {
  const key = doc.hash ? `${doc.hash}` : undefined;
  let pairs = key ? cache.get(key) : undefined;
  if (!pairs) {
    pairs = pairsIn(doc.text);
    if (key) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, pairs);
    }
  }
  return pairs;
}

/** The pairs of one text, in order. */
export function pairsIn(text: string): [string, string][] {
  const out: [string, string][] = [];
  // From each "(" look back a few words and into the parenthesis: no regex runs over the whole text.
  for (let at = text.indexOf('('); at >= 0; at = text.indexOf('(', at + 1)) {
    const inside = INSIDE.exec(text.slice(at, at + 64))?.[1];
    if (!inside) continue;
    const before = text.slice(Math.max(0, at - 80), at).split(/\s+/).filter(Boolean);
    // The word right before may be cut at the slice start: drop it unless the slice began the text.
    if (at > 80) before.shift();
    if (!before.length) continue;
    if (LATIN_INSIDE.test(inside) && HANGUL.test(before[before.length - 1])) {
      const latin = cleanLatin(inside);
      const hangul = latin && pickSpan(before, latin, 'hangul');
      if (latin && hangul) out.push([hangul, latin]);
    } else if (HANGUL_INSIDE.test(inside) && /^[A-Za-z0-9]/.test(before[before.length - 1])) {
      const hangul = stripParticle(inside.trim());
      if ([...hangul.replace(/\s/g, '')].length < 2) continue;
      const latin = pickSpan(before.map((w) => w.replace(/^[^A-Za-z0-9]+/, '')), hangul, 'latin');
      if (latin) out.push([hangul, latin]);
    }
  }
  return out;
}

function cleanLatin(s: string): string | undefined {
  const t = s.trim().replace(/[.\s]+$/, '');
  const words = t.split(/\s+/);
  // A name or a term, not a sentence, a year or a unit.
  if (!/[A-Za-z]{2,}/.test(t) || words.length > 6 || words.filter((w) => /\d/.test(w)).length * 2 > words.length) return undefined;
  if (/^(i\.e|e\.g|cf|see|ibid|et al)\b/i.test(t)) return undefined;
  return t;
}

/**
 * Which words before the parenthesis are the name: the last few whose sound matches the other
 * spelling best (아인 랜드 for Ayn Rand); failing that, as many words as the other spelling has
 * (a translation: 미국 텔레비전 시스템 위원회 = National Television System Committee), never a
 * word that ends in a particle.
 */
function pickSpan(words: string[], other: string, side: 'hangul' | 'latin'): string | undefined {
  const usable: string[] = [];
  for (let i = words.length - 1; i >= 0 && usable.length < MAX_WORDS; i--) {
    const w = words[i];
    // Plain words only: a quote mark or bracket ends the name (…“매혹적인 부활”(charming retro feel)).
    if (side === 'hangul' && (!HANGUL_WORD.test(w) || (usable.length > 0 && PARTICLE_END.test(w)))) break;
    if (side === 'latin' && !LATIN_WORD.test(w)) break;
    usable.unshift(w);
  }
  if (!usable.length || (side === 'latin' && !/[A-Za-z]{2,}/.test(usable.join(' ')))) return undefined;
  let best: string | undefined;
  let bestSim = SOUND_THRESHOLD;
  for (let k = 1; k <= usable.length; k++) {
    const cand = usable.slice(-k).join(' ');
    const sim = side === 'hangul' ? similarity(other, cand) : similarity(cand, other);
    if (sim >= bestSim) {
      best = cand;
      bestSim = sim;
    }
  }
  if (best) return best;
  // No spelling sounds like the other: a translation (대뇌피질 = cerebral cortex, 국제검찰국 = IPS),
  // as many words as the other side has. A single capitalised name that sounds like nothing
  // before it (…쿠마 문화(Kush)) is left out: the words before are rarely its spelling.
  const latin = side === 'hangul' ? other : usable.slice(-1)[0];
  // An acronym, a term of up to three lowercase words, or a title-case name of several words.
  const translated = (/^[A-Z0-9&.]{2,}$/.test(latin) && /[A-Z]/.test(latin)) || /^[a-z]+(?: [a-z]+){0,2}$/.test(latin) || /^[A-Z][\w.'’&-]*(?: (?:[A-Z][\w.'’&-]*|of|and|for|the|de|du|von|van)){1,5}$/.test(latin);
  if (!translated) return undefined;
  const n = Math.min(usable.length, other.split(/\s+/).length);
  return usable.slice(-n).join(' ');
}

function similarity(latin: string, hangul: string): number {
  const hk = hangulSoundKey(hangul);
  return Math.max(0, ...latinSoundKeys(latin).map((k) => soundSimilarity(k, hk)));
}

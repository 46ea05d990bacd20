// English and romanized spellings as a sound key (see sound-key.ts): what the letters would
// sound like to a Korean transcriber, not how a dictionary would say them.
import { collapse } from './hangul';

const VOWEL = /[aeiou]/;

/** Sound keys of a Latin word or name (several when a rule is ambiguous); none for no letters. */
export function latinSoundKeys(text: string): string[] {
  // Each part on its own: the h of Ji-hyun starts a syllable, the h of Ahn ends one.
  const partsOf = text.toLowerCase().replace(/['’]s\b/g, '').split(/[^a-z]+/).filter(Boolean);
  if (!partsOf.length) return [];
  const key = collapse(partsOf.map(latinKey).join(''));
  const out = [key];
  // Korean drops an initial r/l before i or y (이 for Lee and Rhee, 유 for Ryu, 임 for Lim).
  if (/^L[ie]/.test(key)) out.push(key.slice(1));
  // A final s is often sounded z (크로니클즈 = Chronicles).
  if (/S$/.test(key) && key.length > 3) out.push(key.slice(0, -1) + 'C');
  return [...new Set(out.filter(Boolean))];
}

function latinKey(w: string): string {
  let out = '';
  let i = 0;
  const at = (k: number) => w[k] ?? '';
  while (i < w.length) {
    const c = w[i];
    const n = at(i + 1);
    const rest = w.slice(i);
    // Revised Romanization's vowel pairs: eo is ㅓ (Cheonan), ae ㅐ, eu ㅡ (no vowel in the key).
    if (c === 'e' && n === 'o') { out += 'o'; i += 2; continue; }
    if (c === 'a' && n === 'e') { out += 'e'; i += 2; continue; }
    if (c === 'e' && n === 'u') { out += i === 0 ? 'iu' : 'x'; i += 2; continue; } // Euro 유로; RR eu 으
    // English double vowels: ee is i (Lee 이, Kun-hee 건희), oo is u (Moon 문, Joon-ho 준호).
    if (c === 'e' && n === 'e') { out += 'i'; i += 2; continue; }
    if (c === 'o' && n === 'o') { out += 'u'; i += 2; continue; }
    if (VOWEL.test(c)) {
      // A silent final e (Rande, Mike): nothing.
      if (c === 'e' && i === w.length - 1 && i > 1 && !VOWEL.test(at(i - 1))) { i++; continue; }
      out += c;
      i++;
      continue;
    }
    if (rest.startsWith('tch')) { out += 'C'; i += 3; continue; }
    if (rest.startsWith('sch')) { out += 'S'; i += 3; continue; }
    if (c === 'c' && n === 'h') { out += /[rl]/.test(at(i + 2)) ? 'K' : 'C'; i += 2; continue; } // Chronicle, Christ
    if (c === 's' && n === 'h') { out += 'Si'; i += 2; continue; }
    if (c === 't' && n === 'h') { out += 'S'; i += 2; continue; }
    if (c === 'p' && n === 'h') { out += 'P'; i += 2; continue; }
    if (c === 'g' && n === 'h') { i += 2; continue; } // Hugh, Knight
    if (c === 'c' && n === 'k') { out += 'K'; i += 2; continue; }
    if (c === 'q') { out += 'K'; i++; continue; }
    if (c === 'n' && n === 'g' && !VOWEL.test(at(i + 2))) { out += 'G'; i += 2; continue; }
    if (c === 'n' && n === 'k') { out += 'G'; i += 1; continue; } // sinking = 싱킹
    if (c === 'c') { out += /[eiy]/.test(n) ? 'S' : 'K'; i++; continue; }
    // g before e/i sounds j in English names (George 조지, Fitzgerald 피츠제럴드).
    if (c === 'g' && /[eiy]/.test(n) && i > 0) { out += 'C'; i++; continue; }
    if (c === 'r') {
      // Korean spellings of English drop an r that no vowel follows (Richard → 리처드, Stuart → 스튜어트).
      if (i > 0 && VOWEL.test(at(i - 1)) && !VOWEL.test(n) && n !== 'y') { i++; continue; }
      out += 'L';
      i++;
      continue;
    }
    if (c === 'w') { out += VOWEL.test(n) ? 'u' : ''; i++; continue; }
    if (c === 'y') { out += 'i'; i++; continue; }
    if (c === 'h') {
      // Sounded only opening a syllable (Hokkaido, Johanna, Ji-hyun); silent in Ahn, John, Rhee.
      if ((i === 0 && /[aeiouyw]/.test(n)) || (VOWEL.test(at(i - 1)) && VOWEL.test(n))) out += 'H';
      i++;
      continue;
    }
    out += CONSONANT[c] ?? '';
    i++;
  }
  return out;
}

const CONSONANT: Record<string, string> = {
  b: 'P', p: 'P', f: 'P', v: 'P',
  d: 'T', t: 'T',
  g: 'K', k: 'K',
  j: 'C', z: 'C',
  x: 'KS',
  s: 'S',
  l: 'L',
  m: 'M',
  n: 'N',
};

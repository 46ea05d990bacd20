// Hangul as Latin letters: Revised Romanization for people to read (kb status, answers), and a
// sound key that meets English spellings halfway (see sound-key.ts for the alphabet).

const INITIAL_RR = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const MEDIAL_RR = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
const FINAL_RR = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];

// Sound key symbols: consonant classes in capitals, vowels in lower case (see sound-key.ts).
// Tense and aspirated stops share a class: English has no such contrast (카/까/가 all stand for k or g).
const INITIAL_KEY = ['K', 'K', 'N', 'T', 'T', 'L', 'M', 'P', 'P', 'S', 'S', '', 'C', 'C', 'C', 'K', 'T', 'P', 'H'];
// 으 is mostly the vowel loanword spelling adds after a bare consonant (스튜어트 = Stuart): the
// schwa x, which costs little to drop or to read as any vowel (닉슨 = Nixon, not 낙선).
const MEDIAL_KEY = ['a', 'e', 'ia', 'ie', 'o', 'e', 'io', 'ie', 'o', 'ua', 'ue', 'oe', 'io', 'u', 'uo', 'ue', 'ui', 'iu', 'x', 'ui', 'i'];
const FINAL_KEY = ['', 'K', 'K', 'K', 'N', 'N', 'N', 'T', 'L', 'K', 'M', 'L', 'L', 'L', 'P', 'L', 'M', 'P', 'P', 'T', 'T', 'G', 'T', 'T', 'K', 'T', 'P', 'T'];
const FINAL_S = 19;

const BASE = 0xac00;
const LAST = 0xd7a3;

function parts(ch: string): [number, number, number] | undefined {
  const c = ch.charCodeAt(0);
  if (c < BASE || c > LAST) return undefined;
  const s = c - BASE;
  return [Math.floor(s / 588), Math.floor((s % 588) / 28), s % 28];
}

/** Revised Romanization, syllable by syllable (no sound-change rules: 신라 → sinra, not silla). */
export function romanizeHangul(text: string): string {
  let out = '';
  for (const ch of text) {
    const p = parts(ch);
    out += p ? INITIAL_RR[p[0]] + MEDIAL_RR[p[1]] + FINAL_RR[p[2]] : ch;
  }
  return out;
}

/** The sound key of a Hangul word; other characters are skipped. */
export function hangulSoundKey(word: string): string {
  // By character code, with no intermediate arrays: every Hangul term of the index gets a key at reload.
  let out = '';
  let last = '';
  const push = (sym: string) => {
    for (let k = 0; k < sym.length; k++) {
      const c = sym[k];
      // Doubled symbols sound as one (ㄹㄹ in 엄브렐러); 에이 is how Korean spells a long a (게이츠 = Gates).
      if (c === last) continue;
      if (c === 'i' && last === 'e' && out.endsWith('e')) {
        last = 'e';
        continue;
      }
      out += c;
      last = c;
    }
  };
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < BASE || code > LAST) continue;
    const s = code - BASE;
    const ini = (s / 588) | 0;
    const med = ((s % 588) / 28) | 0;
    const fin = s % 28;
    push(INITIAL_KEY[ini]);
    push(MEDIAL_KEY[med]);
    if (!fin) continue;
    const next = i + 1 < word.length ? word.charCodeAt(i + 1) - BASE : -1;
    // A final ㅅ before a consonant only doubles it (훗카이도 = Hokkaido, 핫도그 = hot dog).
    if (fin === FINAL_S && next >= 0 && next <= LAST - BASE && ((next / 588) | 0) !== 11) continue;
    push(FINAL_KEY[fin]);
  }
  return out;
}

/** Doubled symbols sound as one (ㄹㄹ in 엄브렐러, kk in Hokkaido). */
export function collapse(key: string): string {
  return key.replace(/([A-Z])\1+/g, '$1').replace(/([a-z])\1+/g, '$1');
}

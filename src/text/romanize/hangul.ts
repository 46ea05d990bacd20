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
  let out = '';
  const chars = [...word];
  chars.forEach((ch, i) => {
    const p = parts(ch);
    if (!p) return;
    out += INITIAL_KEY[p[0]] + MEDIAL_KEY[p[1]];
    const next = i + 1 < chars.length ? parts(chars[i + 1]) : undefined;
    // A final ㅅ before a consonant only doubles it (훗카이도 = Hokkaido, 핫도그 = hot dog).
    if (p[2] === FINAL_S && next && next[0] !== 11) return;
    out += FINAL_KEY[p[2]];
  });
  // 에이 is how Korean spells the English long a (게이츠 = Gates, 데이터 = data).
  return collapse(out.replace(/ei/g, 'e'));
}

/** Doubled symbols sound as one (ㄹㄹ in 엄브렐러, kk in Hokkaido). */
export function collapse(key: string): string {
  return key.replace(/([A-Z])\1+/g, '$1').replace(/([a-z])\1+/g, '$1');
}

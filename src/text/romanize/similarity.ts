// How alike two sound keys sound, 0..1. A sound key spells a word in a small alphabet both scripts
// map onto: consonant classes in capitals (K, T, P, S, C = j/ch/z, H, L = l/r, M, N, G = ng) and
// vowels in lower case (x the schwa). Vowels are cheap to change, drop or add (English spelling and Korean
// transcription disagree about them most: Richard/리처드 = LiCaT/LiCoT); consonants are not.

const VOWEL_EDIT = 0.3;
const VOWEL_INDEL = 0.35;
const CONSONANT_INDEL = 1;
const MIXED = 1.2;
// Consonants Korean spelling confuses with each other: s/z (즈), d/j.
const NEAR: Record<string, number> = { SC: 0.5, TC: 0.7, HK: 0.7 };

/** The schwa: Korean's 으, written where English has no vowel at all. */
const SCHWA = 'x';
const SCHWA_COST = 0.1;
const SCHWA_EDIT = 0.2;
// Vowels English spelling and Korean transcription trade most: a as ㅐ or ㅓ (Galaxy 갤럭시), u as ㅓ (bus 버스).
const NEAR_VOWEL: Record<string, number> = { ae: 0.15, ao: 0.2, ei: 0.2, eo: 0.2, ou: 0.2 };
const isVowel = (c: string) => c >= 'a' && c <= 'z';
const weight = (c: string) => (c === SCHWA ? SCHWA_COST : isVowel(c) ? VOWEL_INDEL : c === 'H' ? 0.5 : CONSONANT_INDEL);

function subCost(a: string, b: string): number {
  if (a === b) return 0;
  const va = isVowel(a);
  const vb = isVowel(b);
  if (va && vb) return a === SCHWA || b === SCHWA ? SCHWA_EDIT : NEAR_VOWEL[a + b] ?? NEAR_VOWEL[b + a] ?? VOWEL_EDIT;
  if (va !== vb) return MIXED;
  return NEAR[a + b] ?? NEAR[b + a] ?? 1;
}

// Costs by character code, computed once: the edit distance runs per candidate of every lookup.
const SUB = new Float64Array(128 * 128);
const WEIGHT = new Float64Array(128);
{
  const symbols = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of symbols) {
    WEIGHT[a.charCodeAt(0)] = weight(a);
    for (const b of symbols) SUB[a.charCodeAt(0) * 128 + b.charCodeAt(0)] = subCost(a, b);
  }
}

/** The consonants of a key: what candidate lookup indexes (vowels vary too much to index). */
export function skeleton(key: string): string {
  return key.replace(/[a-z]/g, '');
}

/** The cost of writing a key from nothing: what similarity divides distances by. */
export function keyWeight(key: string): number {
  let w = 0;
  for (let i = 0; i < key.length; i++) w += WEIGHT[key.charCodeAt(i) & 127];
  return w;
}

// Two rows reused across calls: lookups run synchronously, one at a time.
let prev = new Float64Array(64);
let cur = new Float64Array(64);

export function soundSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  if (b.length + 1 > prev.length) {
    prev = new Float64Array(b.length * 2 + 2);
    cur = new Float64Array(b.length * 2 + 2);
  }
  prev[0] = 0;
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1] + WEIGHT[b.charCodeAt(j - 1) & 127];
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1) & 127;
    const wa = WEIGHT[ca];
    cur[0] = prev[0] + wa;
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1) & 127;
      const del = prev[j] + wa;
      const ins = cur[j - 1] + WEIGHT[cb];
      const sub = prev[j - 1] + SUB[ca * 128 + cb];
      cur[j] = del < ins ? (del < sub ? del : sub) : ins < sub ? ins : sub;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return Math.max(0, 1 - prev[b.length] / Math.max(keyWeight(a), keyWeight(b)));
}

// Chinese names and places as Korean reads their characters: 鄭芝龍 is Zheng Zhilong in pinyin and
// 정지룡 in Korean, 北京 Beijing and 북경. Sound matching cannot join these (정 does not sound like
// zheng), so a pinyin syllable is turned into the Hangul syllables its characters are read as
// (pinyin-hangul.json, derived from Unihan), each with the share of characters giving it.
import data from './pinyin-hangul.json' with { type: 'json' };

const READINGS = data.readings as unknown as Record<string, [string, number][]>;
/** Every Hangul syllable some Chinese character is read as: a term made only of these may be a Hanja word. */
const SINO_KOREAN = new Set(Object.values(READINGS).flatMap((row) => row.map(([h]) => h)));
const LONGEST = Math.max(...Object.keys(READINGS).map((s) => s.length));
/** Parses tried per word: "xian" is xian or xi'an, a few words have a handful. */
const MAX_PARSES = 8;

/** The Hangul readings of a toneless pinyin syllable with their shares, commonest first; [] when it is not one. */
export function readingsOf(syllable: string): [string, number][] {
  const own = READINGS[syllable] ?? [];
  // English writes ü as u (Lü Bu = Lu Bu): lu and nu may be either.
  const umlaut = /^[ln]ue?$/.test(syllable) ? READINGS[syllable.replace('u', 'v')] ?? [] : [];
  if (!umlaut.length) return own;
  const merged = new Map(own);
  for (const [h, share] of umlaut) merged.set(h, Math.max(merged.get(h) ?? 0, share));
  return [...merged].sort((a, b) => b[1] - a[1]);
}

/**
 * The ways a Latin word splits into pinyin syllables (zhilong → zhi long; xian → xian or xi an),
 * longest syllables first; [] when it does not. An apostrophe or hyphen always splits (Xi'an).
 */
export function pinyinParses(word: string): string[][] {
  const parts = word.toLowerCase().split(/['’\-]/).filter(Boolean);
  let out: string[][] = [[]];
  for (const part of parts) {
    if (!/^[a-z]+$/.test(part)) return [];
    const mine = splits(part);
    out = out.flatMap((p) => mine.map((m) => [...p, ...m])).slice(0, MAX_PARSES);
    if (!out.length) return [];
  }
  return out;
}

function splits(s: string): string[][] {
  if (!s) return [[]];
  const out: string[][] = [];
  for (let n = Math.min(LONGEST, s.length); n >= 1 && out.length < MAX_PARSES; n--) {
    const head = s.slice(0, n);
    if (!READINGS[head] && !readingsOf(head).length) continue;
    // A syllable never starts with a vowel after another syllable unless written with an apostrophe
    // (Xi'an): "xian" is one syllable here, and "lian" not li + an.
    const rest = s.slice(n);
    if (rest && /^[aeo]/.test(rest)) continue;
    for (const tail of splits(rest)) out.push([head, ...tail]);
  }
  return out;
}

/** Every syllable of a Hangul word is some character's reading (정지룡, 북경; not 베이징). */
export function readableAsHanja(term: string): boolean {
  for (const ch of term) if (!SINO_KOREAN.has(ch)) return false;
  return true;
}

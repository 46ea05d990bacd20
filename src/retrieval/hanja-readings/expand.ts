// Gives a question's Chinese names their Korean spelling by character reading: "Zheng Zhilong"
// gains 정지룡, which no sound match finds. Runs after sound matching on the same groups: a run of
// capitalised words that reads as pinyin and names something the corpus lacks becomes one group
// whose alternatives are the readings the corpus holds, plus any sound spelling that was a close
// match (Mao Zedong is 마오쩌둥 by sound and 모택동 by reading; both count).
import { analyze, isBigram } from '../../text/analyzer';
import type { SoundGroup } from '../transliteration/expand';
import { SOUND_THRESHOLD, type SoundIndex } from '../transliteration/sound-index';
import { koreanFor } from '../translation/lexicon';
import { hanjaSpellings } from './match';

/** A name of up to three words (Zheng Zhilong, Sima Qian, Zhuge Liang). */
const MAX_WORDS = 3;
const NAME_WORD = /^[A-Z][a-z]*(?:['’\-][A-Za-z]+)*$/;
/**
 * Spellings kept: the best, and others at least this share of its score. Readings are all valid
 * (Beijing is 북경, and its syllables also read 배경, background), so a rarer reading stays.
 */
const RUNNER_UP = 0.1;
const MAX_SPELLINGS = 3;
/** A sound spelling this close stays beside the reading; a weaker one was a guess the reading replaces. */
const CLOSE_SOUND = Math.max(0.85, SOUND_THRESHOLD);

interface HanjaGroup extends SoundGroup {
  entryKind?: string;
}

export function addHanjaSpellings<G extends HanjaGroup>(groups: G[], index: SoundIndex): G[] {
  const out: G[] = [];
  for (let i = 0; i < groups.length; i++) {
    const found = matchRun(groups, i, index);
    if (!found) {
      out.push(groups[i]);
      continue;
    }
    out.push(found.group);
    i += found.used - 1;
  }
  return out;
}

function matchRun<G extends HanjaGroup>(groups: G[], i: number, index: SoundIndex): { group: G; used: number } | undefined {
  const words = (g: G) => g.label.split(' ');
  // The glossary wins where it has an entry; numbers and carried-over context are not names.
  const candidate = (g: G) => !g.context && g.kind !== 'number' && g.entryKind === undefined && words(g).every((w) => NAME_WORD.test(w));
  if (!candidate(groups[i])) return undefined;
  let run = 1;
  let count = words(groups[i]).length;
  while (i + run < groups.length) {
    const prev = groups[i + run - 1];
    const next = groups[i + run];
    if (!candidate(next) || next.at !== prev.at! + words(prev).length || count + words(next).length > MAX_WORDS) break;
    count += words(next).length;
    run++;
  }
  for (let len = run; len >= 1; len--) {
    const span = groups.slice(i, i + len);
    // Something of it must be missing from the corpus as typed: a known English word is not a name to read.
    if (!span.some((g) => g.soundsLike?.length || g.terms.every((t) => isBigram(t) || index.df(t) === 0))) continue;
    const latin = span.flatMap(words).map((w) => w.replace(/['’]s$/, ''));
    // A lone English word that happens to spell pinyin (Change = chang e, Hangman = hang man) is English.
    if (latin.length === 1 && koreanFor(latin[0]).length) continue;
    const found = hanjaSpellings(latin, index.df);
    if (!found.length) continue;
    const kept = found.filter((f) => f.score >= found[0].score * RUNNER_UP).slice(0, MAX_SPELLINGS).map((f) => f.term);
    return { group: merged(span, kept, index), used: len };
  }
  return undefined;
}

function merged<G extends HanjaGroup>(span: G[], readings: string[], index: SoundIndex): G {
  // Only a sound spelling of the whole name: one word's look-alike (Chenggong → 채용) names a part.
  const whole = span.length === 1 ? span[0] : undefined;
  const sims = new Map(whole ? index.hangulFor(whole.label).map((m) => [m.term, m.similarity]) : []);
  const close = (whole?.soundsLike ?? []).filter((s) => (sims.get(s) ?? 0) >= CLOSE_SOUND);
  const spellings = [...new Set([...readings, ...close])];
  return {
    ...span[0],
    label: span.map((g) => g.label).join(' '),
    kind: 'entity',
    terms: span.flatMap((g) => g.terms),
    alternatives: spellings.map((s) => analyze(s)),
    alternativeNames: spellings,
    soundsLike: spellings,
    searchAlso: undefined,
    unverifiable: undefined,
  };
}

// English words → the Korean stems encyclopedic text writes them with (born → 태어나, 출생), for
// English questions answered from Korean passages. Two sources: fact-words.json, written for this
// project (the words questions about people, works, events and sport use most), checked first;
// then en-ko.json, derived from the Kengdic 6,000-word list (MPL-2.0; scripts/derive-en-ko-lexicon.ts).
import derived from './en-ko.json' with { type: 'json' };
import written from './fact-words.json' with { type: 'json' };
import { analyze, stemEnglish } from '../../text/analyzer';

const DERIVED = derived.words as Record<string, string[]>;
const WRITTEN = written.words as Record<string, string[]>;
const PLACES = written.places as Record<string, string[]>;
/** Spellings per word: the first few senses are the common ones; more would match anything. */
export const MAX_TRANSLATIONS = 4;

// Past forms the stemmer leaves alone (died, won): the dictionary knows the base form.
const IRREGULAR: Record<string, string> = {
  died: 'die', won: 'win', wrote: 'write', written: 'write', began: 'begin', begun: 'begin', became: 'become', made: 'make', took: 'take',
  led: 'lead', held: 'hold', sold: 'sell', built: 'build', lost: 'lose', left: 'leave', gave: 'give', went: 'go', sang: 'sing', sung: 'sing',
  fought: 'fight', taught: 'teach', bought: 'buy', brought: 'bring', thought: 'think', found: 'found', chose: 'choose', chosen: 'choose',
  drew: 'draw', drawn: 'draw', grew: 'grow', grown: 'grow', knew: 'know', ran: 'run', rose: 'rise', fell: 'fall', met: 'meet', paid: 'pay',
  spoke: 'speak', spoken: 'speak', stood: 'stand', struck: 'strike', wore: 'wear', flew: 'fly', shot: 'shoot', sent: 'send', spent: 'spend',
};

const cache = new Map<string, string[]>();

/** Korean stems for an English word as typed (Founded, films, died), commonest sense first; [] when unknown. */
export function koreanFor(word: string): string[] {
  const w = word.toLowerCase();
  let out = cache.get(w);
  if (out) return out;
  const base = IRREGULAR[w] ?? w;
  const stem = stemEnglish(base);
  const found = WRITTEN[w] ?? WRITTEN[base] ?? WRITTEN[stem] ?? DERIVED[stem] ?? DERIVED[base] ?? [];
  // A stem with no index term (one syllable: 년, 달) can be neither searched for nor checked.
  out = found.filter((k) => analyze(k).length > 0).slice(0, MAX_TRANSLATIONS);
  cache.set(w, out);
  return out;
}

/** Korean names of a people or country Korean translates rather than spells (German → 독일); [] for others. */
export function koreanPlaceFor(word: string): string[] {
  return PLACES[word.toLowerCase()] ?? [];
}

/** Only the project-written senses of a word (the derived dictionary's first sense may not be a name's). */
export function writtenKoreanFor(word: string): string[] {
  const w = word.toLowerCase();
  return (WRITTEN[w] ?? WRITTEN[stemEnglish(w)] ?? []).filter((k) => analyze(k).length > 0).slice(0, MAX_TRANSLATIONS);
}

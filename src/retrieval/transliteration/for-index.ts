// One sound index per BM25 index: a reload that changes nothing reuses the BM25 index, and so this.
import type { Bm25Index } from '../bm25';
import { SoundIndex } from './sound-index';

const built = new WeakMap<Bm25Index, SoundIndex>();

/** Chunks read to find a given name written beside its surname (a question's names are few). */
const CHUNKS_CHECKED = 50;

/**
 * The given name's spelling right before the surname's (아이작 뉴턴, 우드로 윌슨: the index term may
 * have lost a final syllable the analyzer took for a particle, 우드로 → 우드). Appearing in the
 * same article proves nothing: 들어 is in every long Korean text about Wilson.
 */
export function writtenBeside(text: string, given: string, surname: string): boolean {
  for (let at = text.indexOf(given); at >= 0; at = text.indexOf(given, at + 1)) {
    const rest = text.slice(at + given.length, at + given.length + surname.length + 2);
    for (const gap of [/^[\s·・]?/, /^[\uac00-\ud7a3][\s·・]?/]) {
      const skip = gap.exec(rest)?.[0].length;
      if (skip !== undefined && rest.slice(skip).startsWith(surname)) return true;
    }
  }
  return false;
}

/** Chunks read to tell whether a Latin term stands in Korean text (its first few are enough). */
const CHUNKS_FOR_SCRIPT = 8;

const SEEN_LIMIT = 10_000;

/** More Hangul than Latin in a chunk, counting a syllable as about two letters. */
export function mostlyHangulText(text: string): boolean {
  const hangul = text.match(/[\uac00-\ud7a3]/g)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return hangul * 2 > latin;
}

/** Terms filed per turn of the event loop while the index fills in the background. */
const SLICE = 5000;

/**
 * The sound index of a BM25 index. It fills in the background, a slice per turn of the event loop,
 * so a reload does not wait for it and questions are answered meanwhile; a question that needs it
 * before it is full completes it at once.
 */
export function soundIndexOf(bm25: Bm25Index, textOf?: (chunk: number) => string): SoundIndex {
  let s = built.get(bm25);
  if (!s) {
    const beside = textOf ? (a: string, b: string) => bm25.together(a, b, CHUNKS_CHECKED).some((i) => writtenBeside(textOf(i), a, b)) : undefined;
    // Most chunks holding the term are Korean text: read from its postings, a few chunks a name,
    // once per name (the same names come back in a thread).
    const seen = new Map<string, boolean>();
    const inHangulText = textOf
      ? (t: string) => {
          let kept = seen.get(t);
          if (kept === undefined) {
            const chunks = bm25.together(t, t, CHUNKS_FOR_SCRIPT);
            kept = chunks.length > 0 && chunks.filter((i) => mostlyHangulText(textOf(i))).length * 2 > chunks.length;
            if (seen.size >= SEEN_LIMIT) seen.clear();
            seen.set(t, kept);
          }
          return kept;
        }
      : undefined;
    const index = SoundIndex.deferred(bm25.toParts().terms, (t) => bm25.df(t), beside, inHangulText);
    const tick = () => {
      if (index.step(SLICE)) setImmediate(tick).unref();
    };
    setImmediate(tick).unref();
    built.set(bm25, (s = index));
  }
  return s;
}

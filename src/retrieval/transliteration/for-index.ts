// One sound index per BM25 index: a reload that changes nothing reuses the BM25 index, and so this.
import type { Bm25Index } from '../bm25';
import { SoundIndex } from './sound-index';

const built = new WeakMap<Bm25Index, SoundIndex>();

/** Terms filed per turn of the event loop while the index fills in the background. */
const SLICE = 5000;

/**
 * The sound index of a BM25 index. It fills in the background, a slice per turn of the event loop,
 * so a reload does not wait for it and questions are answered meanwhile; a question that needs it
 * before it is full completes it at once.
 */
export function soundIndexOf(bm25: Bm25Index): SoundIndex {
  let s = built.get(bm25);
  if (!s) {
    const index = SoundIndex.deferred(bm25.toParts().terms, (t) => bm25.df(t), (a, b) => bm25.together(a, b) > 0);
    const tick = () => {
      if (index.step(SLICE)) setImmediate(tick).unref();
    };
    setImmediate(tick).unref();
    built.set(bm25, (s = index));
  }
  return s;
}

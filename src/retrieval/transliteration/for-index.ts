// One sound index per BM25 index: a reload that changes nothing reuses the BM25 index, and so this.
import type { Bm25Index } from '../bm25';
import { SoundIndex } from './sound-index';

const built = new WeakMap<Bm25Index, SoundIndex>();

export function soundIndexOf(bm25: Bm25Index): SoundIndex {
  let s = built.get(bm25);
  if (!s) {
    s = SoundIndex.build(bm25.toParts().terms, (t) => bm25.df(t));
    built.set(bm25, s);
  }
  return s;
}

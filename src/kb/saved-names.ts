// The name pairs of an index this process did not build: the saved index keeps no mined pairs, so
// a replica serving another one's snapshot mines them from the chunks. Decoding every chunk's text
// takes about a second at 100k chunks, on the thread that answers questions from the old index
// meanwhile, so it gives the event loop back every slice (bench/serve-saved-stall.ts).
import { mineNamePairs, pairsIn, type MinableDocument, type MinedPair } from '../retrieval/name-pairs/mine';
import type { IndexSnapshot } from './snapshot';
import { timeSlicer, type TimeSlicer } from './time-slice';

export async function minePairsFromChunks(snap: IndexSnapshot, slicer: TimeSlicer = timeSlicer()): Promise<MinedPair[]> {
  const docs: MinableDocument[] = [];
  let at = 0;
  for (const d of snap.docs) {
    const texts: string[] = [];
    for (let i = 0; i < d.chunks; i++) {
      texts.push(snap.chunkAt(at++).text);
      await slicer.tick();
    }
    docs.push({ id: d.id, text: '', pairs: pairsIn(texts.join('\n')) });
  }
  return mineNamePairs(docs);
}

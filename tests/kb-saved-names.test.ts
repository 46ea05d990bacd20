// A replica serving another one's saved index mines its name pairs from the chunks, on the thread
// that answers questions: it must give the event loop back as it goes (at 100k chunks one pass
// stalled answers for about a second), and find the same pairs the builder mined from the files.
import { afterAll, expect, it } from 'vitest';
import { minePairsFromChunks } from '../src/kb/saved-names';
import { timeSlicer } from '../src/kb/time-slice';
import { nameStatus } from '../src/retrieval/name-pairs/status';
import { cleanup, makeBot, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);

it('mining a saved index\'s chunks lets the event loop run between chunks (one synchronous pass stalled answers ~1 s at 100k chunks), and finds the pairs the builder mined from the files', async () => {
  const bot = makeBot(writeSmallKb({ ...SMALL_KB, 'kakao.md': '# 카카오브레인\n\n카카오브레인(Kakao Brain)은 서울의 인공지능 연구소다.\n' }), { inMemory: true });
  await bot.ready;
  const snap = bot.kb.snapshot!;

  // Counts the turns of the event loop while mining runs; a slice of 0 ms is used up after every chunk.
  let done = false;
  let turns = 0;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const mined = await minePairsFromChunks(snap, timeSlicer(0)).finally(() => (done = true));

  expect(turns).toBeGreaterThanOrEqual(snap.size - 1);
  expect(mined.map((p) => [p.hangul, p.latin, p.docs])).toContainEqual(['카카오브레인', 'Kakao Brain', ['kakao.md']]);
  expect(mined.length).toBe(nameStatus(snap.glossary).minedPairs);
});

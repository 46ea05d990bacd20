// How long a replica's event loop stalls while it swaps in an index another replica saved
// (KnowledgeBase.serveSaved: read the saved files, mine the name pairs, swap). Builds a synthetic
// corpus once, saves it (replica A's data folder), then has replica B serve that folder while a
// timer measures the event loop's delay; also times the name mining alone over the same chunks.
//   npx tsx bench/serve-saved-stall.ts [--chunks 100000] [--runs 3]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createKnowledgeBot } from '../src/bot';
import { OFFLINE_HASH_ID, OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { silentLogger } from '../src/logger';
import { mineNamePairs } from '../src/retrieval/name-pairs/mine';
import { writeSyntheticCorpus } from './lib/synth';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opt = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const chunks = opt('--chunks', 100_000);
const runs = opt('--runs', 3);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-saved-'));
const make = (knowledgeDir: string, dataDir: string) =>
  createKnowledgeBot({ knowledgeDir, dataDir, embeddings: new OfflineHashEmbeddings(), embeddingsId: OFFLINE_HASH_ID, chunkSize: 700, chunkOverlap: 120, maxQuestionChars: 1000, logger: silentLogger });
try {
  const knowledge = path.join(work, 'knowledge');
  writeSyntheticCorpus(knowledge, { chunks, questionCount: 1, glossaryFile: path.join(REPO, 'knowledge/_glossary.yml') });
  process.stderr.write(`building ${chunks} chunks…\n`);
  const a = make(knowledge, path.join(work, 'data-a'));
  await a.ready;
  const small = path.join(work, 'small');
  fs.mkdirSync(small);
  fs.writeFileSync(path.join(small, 'one.md'), '# One\n\nA single small document.\n');
  const b = make(small, path.join(work, 'data-b'));
  await b.ready;

  const rows: string[] = [];
  for (let run = 1; run <= runs; run++) {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    await b.kb.serveSaved(path.join(work, 'data-a'));
    const total = performance.now() - t0;
    // A stall at the very end shows only once the loop turns again (the await resumes in the same tick).
    await new Promise((r) => setTimeout(r, 20));
    h.disable();
    // Decoding every chunk's text and mining it in one synchronous pass: what serveSaved did before it yielded.
    const snap = b.kb.snapshot!;
    const m0 = performance.now();
    let at = 0;
    const docs = snap.docs.map((d) => ({ id: d.id, text: Array.from({ length: d.chunks }, () => snap.chunkAt(at++).text).join('\n') }));
    const pairs = mineNamePairs(docs).length;
    const mineMs = performance.now() - m0;
    rows.push(`run ${run}: ${snap.size} chunks, serveSaved ${total.toFixed(0)} ms, longest event-loop stall ${(h.max / 1e6).toFixed(0)} ms (p99 ${(h.percentile(99) / 1e6).toFixed(0)} ms); decode + mine in one pass ${mineMs.toFixed(0)} ms (${pairs} pairs)`);
    process.stderr.write(rows.at(-1) + '\n');
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n${rows.join('\n')}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

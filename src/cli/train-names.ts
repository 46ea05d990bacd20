// npm run train:names [-- --check <folder of documents>]
// Learns the sound-match threshold from name pairs: the project's own list
// (src/retrieval/transliteration/name-pairs.tsv: people, places, romanized Korean names, products,
// loanwords, near misses) and the Latin/Hangul pairs of knowledge/_glossary.yml; negatives are the
// near misses plus every positive's Latin spelling against other positives' Hangul ones. Writes
// src/retrieval/transliteration/sound-threshold.json. With --check, also reports how many pairs
// mined from that folder's "한글(Latin)" spellings match at the learned threshold (a held-out check,
// not used for training).
import fs from 'node:fs';
import { readNamePairs } from './name-pairs-file';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Glossary } from '../retrieval/glossary';
import { mineNamePairs } from '../retrieval/name-pairs/mine';
import { hangulSoundKey, latinSoundKeys, soundSimilarity } from '../text/romanize';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAIRS = path.join(ROOT, 'src/retrieval/transliteration/name-pairs.tsv');
const OUT = path.join(ROOT, 'src/retrieval/transliteration/sound-threshold.json');
/** A false match (an answer about the wrong name) costs this many missed matches (a decline). */
const FALSE_MATCH_COST = 3;
const LOWERCASE_MARGIN = 0.1;
const HANGUL = /[\uac00-\ud7a3]/;

const sim = (latin: string, hangul: string) => Math.max(0, ...latinSoundKeys(latin).map((k) => soundSimilarity(k, hangulSoundKey(hangul))));

const ownPairs = () => readNamePairs(PAIRS);

/** Each Latin name of a glossary entry with the entry's Hangul name that sounds most like it. */
function glossaryPairs(): { latin: string; hangul: string }[] {
  const g = Glossary.load(path.join(ROOT, 'knowledge'));
  const out: { latin: string; hangul: string }[] = [];
  for (const e of g.entries) {
    if (e.kind === 'term') continue; // terms are translated (매출 = revenue), not spelled by sound
    const hangul = e.names.filter((n) => HANGUL.test(n));
    for (const latin of e.names.filter((n) => /^[A-Za-z]/.test(n) && !/^[A-Z0-9]{2,4}$/.test(n))) {
      const best = hangul.sort((a, b) => sim(latin, b) - sim(latin, a))[0];
      if (best) out.push({ latin, hangul: best });
    }
  }
  return out;
}

function main(): void {
  const own = ownPairs();
  const positives = [...own.filter((p) => p.match), ...glossaryPairs()];
  const near = own.filter((p) => !p.match);
  const random: number[] = [];
  positives.forEach((p, i) => positives.forEach((q, j) => i !== j && random.push(sim(p.latin, q.hangul))));
  const pos = positives.map((p) => sim(p.latin, p.hangul));
  const nearSims = near.map((p) => sim(p.latin, p.hangul));
  // Random pairs are weighed as many as the positives: a question has a few names, the corpus many terms.
  const randomWeight = positives.length / random.length;
  let best = { t: 0, cost: Infinity };
  for (let t = 0.5; t <= 0.95; t += 0.01) {
    const misses = pos.filter((s) => s < t).length;
    const falses = nearSims.filter((s) => s >= t).length + random.filter((s) => s >= t).length * randomWeight;
    const cost = misses + FALSE_MATCH_COST * falses;
    if (cost < best.cost - 1e-9) best = { t: Number(t.toFixed(2)), cost };
  }
  const t = best.t;
  const report = {
    threshold: t,
    lowercaseMargin: LOWERCASE_MARGIN,
    trainedOn: { positives: positives.length, nearMisses: near.length, randomPairs: random.length },
    recall: Number((pos.filter((s) => s >= t).length / pos.length).toFixed(3)),
    nearMissMatched: Number((nearSims.filter((s) => s >= t).length / near.length).toFixed(3)),
    randomMatched: Number((random.filter((s) => s >= t).length / random.length).toFixed(5)),
  };
  fs.writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');
  console.log(JSON.stringify(report, null, 2));

  const i = process.argv.indexOf('--check');
  if (i > 0 && process.argv[i + 1]) {
    const dir = process.argv[i + 1];
    const docs = fs.readdirSync(dir).filter((f) => /\.(md|txt)$/.test(f)).map((f) => ({ id: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
    // Only names spelled by sound can be checked: several capitalised words on one side.
    const mined = mineNamePairs(docs).filter((p) => /^[A-Z][a-z]+(?: [A-Z][a-z]+)+$/.test(p.latin));
    const ok = mined.filter((p) => sim(p.latin, p.hangul.replace(/\s+/g, '')) >= t).length;
    console.log(`held-out check: ${ok}/${mined.length} mined multi-word names from ${dir} match at ${t}`);
  }
}

main();

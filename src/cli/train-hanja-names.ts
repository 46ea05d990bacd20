// npm run train:hanja
// Learns the smallest share a character reading must have to be tried when a pinyin name is read
// as Hanja (src/retrieval/hanja-readings): from the project's own pairs (name-pairs.tsv there:
// Chinese people and places with their Korean readings, and near misses that must not match) and
// every positive's pinyin against the other positives' readings of as many syllables (random
// pairs). A lower share finds names spelled with rarer characters and lets more wrong readings
// through. Writes src/retrieval/hanja-readings/hanja-threshold.json.
import fs from 'node:fs';
import { readNamePairs, type NamePair } from './name-pairs-file';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hanjaSpellings } from '../retrieval/hanja-readings/match';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAIRS = path.join(ROOT, 'src/retrieval/hanja-readings/name-pairs.tsv');
const OUT = path.join(ROOT, 'src/retrieval/hanja-readings/hanja-threshold.json');
/** A false match (an answer about the wrong name) costs this many missed matches (a decline). */
const FALSE_MATCH_COST = 3;
const SHARES = [0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1, 0.15];

type Pair = NamePair;
const pairs = () => readNamePairs(PAIRS);

/** Whether the pinyin reads as this Hangul word, at a given share, in a corpus holding only that word. */
export function reads(latin: string, hangul: string, minShare: number): boolean {
  const terms = new Set([hangul]);
  for (let i = 0; i + 2 <= hangul.length; i++) terms.add('§' + hangul.slice(i, i + 2));
  return hanjaSpellings(latin.split(' '), (t) => (terms.has(t) ? 1 : 0), minShare).some((m) => m.term === hangul);
}

function main(): void {
  const all = pairs();
  const pos = all.filter((p) => p.match);
  const near = all.filter((p) => !p.match);
  const random: Pair[] = [];
  for (const p of pos) for (const q of pos) if (p !== q && p.hangul.length === q.hangul.length) random.push({ latin: p.latin, hangul: q.hangul, match: false });
  // Random pairs are weighed as many as the positives: a question has a few names, the corpus many words.
  const randomWeight = pos.length / random.length;
  const rows = SHARES.map((share) => {
    const recall = pos.filter((p) => reads(p.latin, p.hangul, share)).length;
    const nearMatched = near.filter((p) => reads(p.latin, p.hangul, share)).length;
    const randomMatched = random.filter((p) => reads(p.latin, p.hangul, share)).length;
    const cost = pos.length - recall + FALSE_MATCH_COST * (nearMatched + randomMatched * randomWeight);
    return { share, recall, nearMatched, randomMatched, cost };
  });
  for (const r of rows) console.log(`share ${r.share}: ${r.recall}/${pos.length} names read, ${r.nearMatched}/${near.length} near misses and ${r.randomMatched}/${random.length} random pairs matched`);
  // On a tie the larger share: fewer readings tried, fewer wrong ones found.
  const best = rows.reduce((a, b) => (b.cost <= a.cost + 1e-9 ? b : a));
  const report = {
    minShare: best.share,
    trainedOn: { positives: pos.length, nearMisses: near.length, randomPairs: random.length },
    recall: Number((best.recall / pos.length).toFixed(3)),
    nearMissMatched: Number((best.nearMatched / near.length).toFixed(3)),
    randomMatched: Number((best.randomMatched / random.length).toFixed(5)),
  };
  fs.writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');
  console.log(JSON.stringify(report, null, 2));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();

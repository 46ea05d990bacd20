// Derives src/retrieval/translation/en-ko.json from the ezcorean 6,000-word list of Kengdic
// (https://github.com/garfieldnate/kengdic, file ezcorean_6000.sql at commit 4b98ae9; MPL 2.0 or
// LGPL 2.0+, used here under MPL 2.0). Only the data is used: each Korean headword and its English
// gloss, reversed into English word → Korean stems.
//
//   npx tsx scripts/derive-en-ko-lexicon.ts path/to/ezcorean_6000.sql
//
// Kept: one-word glosses ("To be born" → born, "A movie" → movie, "writer,author" → writer and
// author), keyed by the analyzer's English stem so a question's word finds them as it is typed
// (founded, films). Korean verbs lose 다/하다 (태어나다 → 태어나, 결혼하다 → 결혼) so their
// syllable bigrams meet the conjugated forms in text; a headword that leaves no index term (죽, 년)
// is dropped. At most MAX_PER_WORD stems a word, commonest level first.
import fs from 'node:fs';
import path from 'node:path';
import { analyze, stemEnglish } from '../src/text/analyzer';

const MAX_PER_WORD = 4;
const LEVELS = 'ABCD';
const OUT = path.resolve(import.meta.dirname, '../src/retrieval/translation/en-ko.json');

const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx scripts/derive-en-ko-lexicon.ts ezcorean_6000.sql');
const rows = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.split('\t')).filter((c) => c.length > 9 && /^\d+$/.test(c[0]));

const byWord = new Map<string, { ko: string; level: number }[]>();
for (const c of rows) {
  const headword = c[1].trim();
  const gloss = c[3];
  const level = LEVELS.indexOf(c[8]) < 0 ? LEVELS.length : LEVELS.indexOf(c[8]);
  const ko = stemOf(headword);
  if (!ko || !analyze(ko).length) continue;
  for (const piece of gloss.split(/[,;/]|\bor\b/)) {
    const word = piece
      .replace(/\([^)]*\)/g, ' ')
      .trim()
      .toLowerCase()
      .replace(/^(to be |to get |to |be |get |a |an |the )+/, '')
      .trim();
    if (!/^[a-z]{3,}$/.test(word)) continue;
    const key = stemEnglish(word);
    const list = byWord.get(key) ?? [];
    if (!list.some((e) => e.ko === ko)) list.push({ ko, level });
    byWord.set(key, list);
  }
}

const words: Record<string, string[]> = {};
for (const key of [...byWord.keys()].sort()) {
  words[key] = byWord.get(key)!.sort((a, b) => a.level - b.level).slice(0, MAX_PER_WORD).map((e) => e.ko);
}
const out = {
  source: 'Kengdic ezcorean_6000.sql (github.com/garfieldnate/kengdic, commit 4b98ae9), reversed to English stem → Korean stems by scripts/derive-en-ko-lexicon.ts',
  license: 'MPL-2.0 (Kengdic data is dual-licensed MPL 2.0 / LGPL 2.0+; this derived file is under MPL 2.0: https://mozilla.org/MPL/2.0/)',
  words,
};
fs.writeFileSync(OUT, JSON.stringify(out, null, 0).replace(/\],"/g, '],\n"') + '\n');
console.log(`${Object.keys(words).length} English stems → ${OUT}`);

/** The part of a headword that conjugated text keeps: 결혼하다 → 결혼, 태어나다 → 태어나. */
function stemOf(headword: string): string {
  const w = headword.replace(/[~\s\d]+/g, '');
  if (!/^[\uac00-\ud7a3]+$/.test(w)) return '';
  for (const end of ['하다', '되다', '시키다']) if (w.endsWith(end) && w.length > end.length + 1) return w.slice(0, -end.length);
  if (w.endsWith('다') && w.length >= 3) return w.slice(0, -1);
  return w;
}

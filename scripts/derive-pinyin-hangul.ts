// Derives src/text/hanja/pinyin-hangul.json from the Unicode Han Database (Unihan):
// for each toneless pinyin syllable, the Sino-Korean readings (Hangul syllables) of the characters
// Mandarin reads that way, each with its share of those characters. Chinese names and places are
// written in Korean by these readings (鄭芝龍 Zheng Zhilong = 정지룡, 北京 Beijing = 북경).
//
//   npx tsx scripts/derive-pinyin-hangul.ts path/to/kMandarin.txt path/to/kHangul.txt path/to/kHanyuPinlu.txt
//   npx tsx scripts/derive-pinyin-hangul.ts path/to/Unihan_Readings.txt
//
// Input: Unihan_Readings.txt ("U+9F8D<TAB>kMandarin<TAB>lóng") or the per-field files of
// github.com/unicode-org/unicodetools, unicodetools/data/ucd/17.0.0/Unihan/ ("9F8D<TAB>lóng", the
// field named by the file), commit 48afe632bf194a20bcd27c3488b49dc23274b684. Unicode License v3.
// Only kMandarin (the customary reading), kHangul (modern Korean readings with their sources) and
// kHanyuPinlu (how often each character occurs in a Mandarin frequency count) are used.
//
// A character's weight says how likely it is to be the one a name uses: kHangul marks readings of
// the 1,800 basic educational Hanja (E), of the Hanja allowed in Korean personal names (N) and of
// the KS X 1001 set (0); a reading with none of them belongs to a rare character. It is multiplied
// by 1 + log10(1 + the character's kHanyuPinlu count), so 世 (shì, common) outweighs 貰.
import fs from 'node:fs';
import path from 'node:path';

const OUT = path.resolve(import.meta.dirname, '../src/text/hanja/pinyin-hangul.json');
/** Readings below this share of their syllable's weight are rare characters' readings: dropped. */
const MIN_SHARE = 0.01;

// The notice the Unicode License asks to accompany copies of the data (from the LICENSE file of
// unicode-org/unicodetools at that commit).
const NOTICE: string[] = [
  "UNICODE LICENSE V3",
  "COPYRIGHT AND PERMISSION NOTICE",
  "Copyright © 2001-2024 Unicode, Inc.",
  "NOTICE TO USER: Carefully read the following legal agreement. BY DOWNLOADING, INSTALLING, COPYING OR OTHERWISE USING DATA FILES, AND/OR SOFTWARE, YOU UNEQUIVOCALLY ACCEPT, AND AGREE TO BE BOUND BY, ALL OF THE TERMS AND CONDITIONS OF THIS AGREEMENT. IF YOU DO NOT AGREE, DO NOT DOWNLOAD, INSTALL, COPY, DISTRIBUTE OR USE THE DATA FILES OR SOFTWARE.",
  "Permission is hereby granted, free of charge, to any person obtaining a copy of data files and any associated documentation (the \"Data Files\") or software and any associated documentation (the \"Software\") to deal in the Data Files or Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, and/or sell copies of the Data Files or Software, and to permit persons to whom the Data Files or Software are furnished to do so, provided that either (a) this copyright and permission notice appear with all copies of the Data Files or Software, or (b) this copyright and permission notice appear in associated Documentation.",
  "THE DATA FILES AND SOFTWARE ARE PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF THIRD PARTY RIGHTS.",
  "IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS NOTICE BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR CONSEQUENTIAL DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THE DATA FILES OR SOFTWARE.",
  "Except as contained in this notice, the name of a copyright holder shall not be used in advertising or otherwise to promote the sale, use or other dealings in these Data Files or Software without prior written authorization of the copyright holder.",
  "SPDX-License-Identifier: Unicode-3.0"
];

const files = process.argv.slice(2);
if (!files.length) throw new Error('usage: npx tsx scripts/derive-pinyin-hangul.ts kMandarin.txt kHangul.txt (or Unihan_Readings.txt)');

const fields = { kMandarin: new Map<string, string>(), kHangul: new Map<string, string>(), kHanyuPinlu: new Map<string, string>() };
for (const file of files) {
  const fromName = path.basename(file).replace(/\.txt$/, '');
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cols = line.split('\t');
    const [cp, field, value] = cols.length >= 3 ? [cols[0].replace(/^U\+/, ''), cols[1], cols[2]] : [cols[0], fromName, cols[1]];
    if (field === 'kMandarin' || field === 'kHangul' || field === 'kHanyuPinlu') fields[field].set(cp, value);
  }
}

/** lóng → long, lǜ → lv (the usual keyboard spelling of ü). */
function toneless(reading: string): string {
  return reading
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function weight(sources: string): number {
  return 1 + (sources.includes('E') ? 2 : 0) + (sources.includes('N') ? 1 : 0) + (sources.includes('0') ? 1 : 0);
}

/** How common the character is in Mandarin text (kHanyuPinlu counts, "shì(3125)"): 1 for a rare one, up to about 5. */
function frequency(cp: string): number {
  const counts = [...(fields.kHanyuPinlu.get(cp) ?? '').matchAll(/\((\d+)\)/g)].map((m) => Number(m[1]));
  return 1 + Math.log10(1 + counts.reduce((a, b) => a + b, 0));
}

const table = new Map<string, Map<string, number>>();
let characters = 0;
for (const [cp, mandarin] of fields.kMandarin) {
  const hangul = fields.kHangul.get(cp);
  if (!hangul) continue;
  characters++;
  const syllables = new Set(mandarin.split(/\s+/).filter(Boolean).map(toneless));
  for (const entry of hangul.split(/\s+/).filter(Boolean)) {
    const [reading, sources = ''] = entry.split(':');
    if (!/^[\uac00-\ud7a3]$/.test(reading)) continue;
    for (const s of syllables) {
      const row = table.get(s) ?? new Map<string, number>();
      row.set(reading, (row.get(reading) ?? 0) + weight(sources) * frequency(cp));
      table.set(s, row);
    }
  }
}

const readings: Record<string, [string, number][]> = {};
for (const s of [...table.keys()].sort()) {
  const row = table.get(s)!;
  const total = [...row.values()].reduce((a, b) => a + b, 0);
  const kept = [...row]
    .map(([h, w]) => [h, Number((w / total).toFixed(3))] as [string, number])
    .filter(([, share]) => share >= MIN_SHARE)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (kept.length) readings[s] = kept;
}

const out = {
  source:
    'Unihan (Unicode Character Database 17.0.0), fields kMandarin, kHangul and kHanyuPinlu: github.com/unicode-org/unicodetools, unicodetools/data/ucd/17.0.0/Unihan/, commit 48afe632bf194a20bcd27c3488b49dc23274b684; derived by scripts/derive-pinyin-hangul.ts',
  license: 'Unicode License v3 (https://www.unicode.org/license.txt); its notice follows',
  notice: NOTICE,
  about: `Toneless pinyin syllable → Sino-Korean readings with their share of the weight of the ${characters} characters that have both fields (each reading weighs 1, plus 2 if kHangul marks it basic educational Hanja, 1 if name Hanja, 1 if KS X 1001, times 1 + log10(1 + kHanyuPinlu count)); readings under ${MIN_SHARE} dropped.`,
  readings,
};
fs.writeFileSync(OUT, JSON.stringify(out, null, 0).replace(/\]\],"/g, ']],\n"') + '\n');
console.log(`${Object.keys(readings).length} pinyin syllables from ${characters} characters → ${OUT}`);

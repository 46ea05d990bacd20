// Derives src/answer/selector/contrast-words.json from WordNet 3.0 (Debian package wordnet-base:
// `apt-get install wordnet-base`, files in /usr/share/wordnet): every antonym pair ("!" pointer)
// of two single words in the same part of speech. Only the derived word pairs are committed.
// Usage: node scripts/contrast-words-from-wordnet.mjs [/usr/share/wordnet] > src/answer/selector/contrast-words.json
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '/usr/share/wordnet';
const POS = { a: 'adj', s: 'adj', n: 'noun', v: 'verb', r: 'adv' };
const pairs = new Set();
for (const pos of ['adj', 'adv', 'noun', 'verb']) {
  const synsets = new Map();
  for (const line of fs.readFileSync(path.join(dir, `data.${pos}`), 'latin1').split('\n')) {
    if (!line || line.startsWith('  ')) continue;
    const parts = line.split(' | ')[0].split(' ');
    const count = parseInt(parts[3], 16);
    synsets.set(parts[0], { words: Array.from({ length: count }, (_, i) => parts[4 + 2 * i]), parts });
  }
  for (const { words, parts } of synsets.values()) {
    let i = 4 + 2 * words.length;
    const pointers = Number(parts[i++]);
    for (let k = 0; k < pointers; k++, i += 4) {
      const [symbol, offset, targetPos, st] = parts.slice(i, i + 4);
      if (symbol !== '!' || POS[targetPos] !== pos) continue;
      const target = synsets.get(offset);
      if (!target) continue;
      const clean = (w) => (w ?? '').replace(/\(.*\)$/, '').toLowerCase();
      const a = clean(words[parseInt(st.slice(0, 2), 16) - 1]);
      const b = clean(target.words[parseInt(st.slice(2), 16) - 1]);
      if (/^[a-z]+$/.test(a) && /^[a-z]+$/.test(b)) pairs.add([a, b].sort().join(' '));
    }
  }
}
process.stdout.write(
  JSON.stringify(
    {
      source: 'WordNet 3.0 antonym pairs (single words), derived by scripts/contrast-words-from-wordnet.mjs from the Debian package wordnet-base 1:3.0',
      license: 'WordNet 3.0 license: WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use, copy, modify and distribute this database for any purpose and without fee or royalty is granted, provided this notice appears on all copies. THE DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED.',
      pairs: [...pairs].sort(),
    },
    null,
    0,
  ) + '\n',
);

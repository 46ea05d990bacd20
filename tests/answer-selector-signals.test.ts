// The selector's signals against look-alike answers (issue 8): a question that swaps one word of the
// text for its opposite or changes its figure, and a quoted sentence pair that joins the asked
// company's name to a neighbour's fact. Small fixtures of our own; the weights are the shipped ones.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contrastedWord, lemmas } from '../src/answer/selector/contrast';
import { numberMismatch } from '../src/answer/selector/confidence';
import { candidates } from '../src/answer/selector/features';
import { weighGroups } from '../src/answer/coverage';
import { analyzeQuery } from '../src/retrieval/query';
import { cleanup, makeBot, q, tmpDir } from './fixtures/core/small-kb';

afterAll(cleanup);

const words = (t: string) => new Set(t.toLowerCase().match(/[a-z]+/g) ?? []);

describe('contrastedWord (WordNet opposites)', () => {
  it.each([
    ['an antonym swap is missed (most → least)', 'Which is the least populated city?', 'Paris is the most populated city of France.', 'least'],
    ['a function word WordNet lacks is missed (before → after)', 'What happened after the war?', 'Before the war, the port grew quickly.', 'after'],
    ['an inflected adjective is not reduced to its lemma (largest → smallest)', 'Which is the largest island?', 'Malta is the smallest island.', 'largest'],
    ['an inflected verb is not reduced to its lemma (increased → decrease)', 'Which taxes increased in 1990?', 'The government decreased taxes in 1990.', 'increased'],
  ])('flags the swapped word: %s', (_bug, question, sentence, word) => {
    expect(contrastedWord(words(question), words(sentence))).toBe(word);
  });

  it.each([
    ['a paraphrase counted as a swap', 'Which is the most populated city?', 'Paris is the most populated city of France.'],
    ['a question that uses both words counted as a swap', 'Is the least or the most populated city the capital?', 'Paris, the most populated city, is the capital.'],
    ['unrelated words counted as a swap', 'Who built the bridge?', 'The bridge was built by Roman engineers.'],
  ])('stays quiet on %s', (_bug, question, sentence) => {
    expect(contrastedWord(words(question), words(sentence))).toBeUndefined();
  });

  it('reduces comparatives and plurals to the forms the word list holds', () => {
    expect(lemmas('bigger')).toContain('big');
    expect(lemmas('cities')).toContain('city');
    expect(lemmas('highest')).toContain('high');
  });

  it('ships the derived list with its source and license', () => {
    const file = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../src/answer/selector/contrast-words.json'), 'utf8'));
    expect(file.source).toMatch(/WordNet 3\.0/);
    expect(file.license).toMatch(/Princeton University/);
    expect(file.pairs.length).toBeGreaterThan(1000);
  });
});

describe('numberMismatch', () => {
  it.each([
    ['a changed count of the same thing is missed', 'How many ships sank in the three storms?', 'Two storms sank ten ships.', { absent: true, inSlot: true }],
    ['a changed year is missed', 'What was built in 1851?', 'The hall was built in 1850.', { absent: true, inSlot: false }],
    ['a number word is not read as its figure', 'Who led the 3 armies?', 'The three armies were led by Ney.', { absent: false, inSlot: false }],
    ['a question without a figure is flagged', 'Who led the armies?', 'The 3 armies were led by Ney.', { absent: false, inSlot: false }],
    ['a sentence without any figure counts as a different figure', 'What was built in 1851?', 'The hall was built by Paxton.', { absent: false, inSlot: false }],
  ])('%s', (_bug, question, sentence, expected) => {
    expect(numberMismatch(question, sentence)).toEqual(expected);
  });
});

describe('whose fact is this: sentence pairs', () => {
  // One paragraph puts the asked company's funding next to another company's head count; the
  // asked company's own head count is in another document.
  const kb = {
    'zarkonix.md': `---\ntitle: Zarkonix\n---\n\n# Zarkonix\n\nZarkonix raised $5 million from Northgate in its latest round. Halvorsen has 3000 employees across its offices.\n`,
    'people.md': `---\ntitle: Staff\n---\n\n# Staff\n\nThe weather was mild that year in the north. Zarkonix has 120 employees across its offices. The canteen opened late.\n`,
    'onruse.md': `---\ntitle: 온루세\n---\n\n# 온루세\n\n온루세는 2021년 'Halsol-30'라는 대형언어모델을 출시했다. 허깅페이스는 2001년 리스본에서 설립된 스타트업이다.\n\n# 설립\n\n온루세는 2019년 판교에서 설립된 AI 스타트업이다. 온루세의 직원 수는 1876명이다.\n`,
  };

  // Threshold 0: which sentence is quoted is the point here, not whether a 3-document folder is sure of it.
  async function setUp() {
    const dir = tmpDir('selector-pairs-');
    for (const [name, text] of Object.entries(kb)) fs.writeFileSync(path.join(dir, name), text);
    const bot = makeBot(dir, { minConfidence: 0 });
    await bot.ready;
    return bot;
  }

  it.each([
    ['English: the funding sentence of Zarkonix quoted with Halvorsen’s head count', 'How many employees does Zarkonix have?', 'Halvorsen has 3000'],
    ['Korean: 온루세’s model quoted with 허깅페이스’s founding city', '온루세가 설립된 도시는 어디야?', '허깅페이스는'],
  ])('no candidate joins the asked name to another subject’s fact (%s)', async (_bug, question, foreign) => {
    const bot = await setUp();
    const snap = bot.kb.snapshot!;
    const query = analyzeQuery(question, snap.glossary);
    const hits = await snap.search(query, 8);
    const cands = candidates(query, weighGroups(query.groups, snap.bm25), hits, snap.bm25);
    expect(cands.length).toBeGreaterThan(0);
    // The foreign sentence may still be a candidate alone; never glued to the asked name's sentence.
    const glued = cands.filter((c) => c.text.includes(foreign) && /Zarkonix raised|온루세는 2021년/.test(c.text));
    expect(glued.map((c) => c.text)).toEqual([]);
  });

  // At the default threshold: with the "asked figure" signal the ranker now prefers a sentence with
  // a head count, and the best one here is the neighbour's, named as such; the confidence model
  // (the question's name is missing from it) declines it rather than give it as Zarkonix's.
  it('the answer never gives the neighbour’s head count as the asked company’s', async () => {
    const dir = tmpDir('selector-pairs-default-');
    for (const [name, text] of Object.entries(kb)) fs.writeFileSync(path.join(dir, name), text);
    const bot = makeBot(dir);
    await bot.ready;
    const a = await bot.ask(q('How many employees does Zarkonix have?'));
    expect(a.text).not.toContain('3000');
  });

  it('a pair whose second sentence names nobody else stays a candidate (the fact often follows the sentence that names the subject)', async () => {
    const bot = await setUp();
    const snap = bot.kb.snapshot!;
    const query = analyzeQuery('온루세의 직원은 몇 명이야?', snap.glossary);
    const hits = await snap.search(query, 8);
    const cands = candidates(query, weighGroups(query.groups, snap.bm25), hits, snap.bm25);
    expect(cands.some((c) => c.text.includes('판교에서 설립된') && c.text.includes('1876명'))).toBe(true);
  });
});

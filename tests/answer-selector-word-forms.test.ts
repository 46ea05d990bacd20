// The question's words met in other forms than the index stems to (issue 8, English answer hit):
// "summing" for "sum", "classification" for "classifies". Small English documents of our own where
// the sentence that holds the fact is obvious; each row names the bug it would catch.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { familiesOf, familyShare, questionFamilies, wordFamily } from '../src/answer/selector/word-forms';
import { weighGroups } from '../src/answer/coverage';
import { candidates, FEATURES, type Candidate } from '../src/answer/selector/features';
import { CONFIDENCE_FEATURES, confidenceFeatures } from '../src/answer/selector/confidence';
import { analyzeQuery } from '../src/retrieval/query';
import { cleanup, makeBot, SMALL_KB, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { candidatesFor } from './helpers/candidates';

afterAll(cleanup);

const flat = { df: () => 1, idf: () => 1 };

describe('wordFamily: one family for the forms of a word', () => {
  it.each([
    ['a doubled consonant left by the stemmer (summing ≠ sum)', 'summing', 'sum'],
    ['a derived noun missed (classifies ≠ classification)', 'classifies', 'classification'],
    ['a plural missed (enrollments ≠ enrollment)', 'enrollments', 'enrollment'],
    ['a past participle missed (designated ≠ designation)', 'designated', 'designation'],
    ['a possessive kept on the word (Savery’s ≠ Savery)', 'Savery’s', 'savery'],
    ['the bare verb’s e kept against its past (raise ≠ raised)', 'raise', 'raised'],
  ])('%s', (_bug, a, b) => {
    expect(wordFamily(a)).toBe(wordFamily(b));
  });

  it.each([
    ['different short words joined (steam = state)', 'steam', 'state'],
    ['numbers cut to a prefix (1804 = 18045)', '1804', '18045'],
  ])('kept apart: %s', (_bug, a, b) => {
    expect(wordFamily(a)).not.toBe(wordFamily(b));
  });
});

describe('familyShare: how much of the question a text holds in any form', () => {
  it.each([
    ['a paraphrase in other forms scored as missing words', 'What does a sum of forces with vector addition yield?', 'Summing these forces using vector addition yields the original force.', 1],
    ['stop words counted as the question’s words', 'What is the enrollment?', 'Enrollments grew.', 1],
    ['a word the text lacks counted as held', 'Who designed the pump?', 'The pump was improved by Savery.', 0.5],
  ])('%s', (_bug, question, text, share) => {
    const q = questionFamilies(question, flat);
    const has = familiesOf(text);
    expect(familyShare(q, (f) => has.has(f))).toBeCloseTo(share, 5);
  });

  it('the rarest word is the one the knowledge base has least', () => {
    const idf = (t: string) => (t.startsWith('stator') ? 5 : 1);
    expect(questionFamilies('What is another way of referring to stators?', { df: () => 1, idf }).rarest).toBe(wordFamily('stators'));
  });
});

// The features as the selector computes them over a real index of a small document.
describe('candidate features over a small English document', () => {
  const doc = `---\ntitle: Engines\n---\n\n# Engines\n\nThe forces on a beam can be added in many ways, and engineers add forces every day. Summing the component forces using vector addition yields the original force.\n\nStators are static discs fixed to the casing of a turbine. The casing of a turbine holds the rotors, which turn the shaft and the casing.\n`;

  async function featuresFor(question: string, text = doc) {
    const dir = tmpDir('word-forms-kb-');
    fs.writeFileSync(path.join(dir, 'doc.md'), text);
    const bot = makeBot(dir, { minConfidence: 0 });
    await bot.ready;
    const { query, groups, cands } = await candidatesFor(bot, question);
    const single = (start: string) => {
      const c = cands.find((x) => x.text.startsWith(start) && x.x[FEATURES.indexOf('pair')] === 0);
      expect(c, start).toBeDefined();
      return c!;
    };
    const f = (c: Candidate, name: (typeof FEATURES)[number]) => c.x[FEATURES.indexOf(name)];
    const z = (c: Candidate) => {
      const v = confidenceFeatures(query, groups, [c], [1]);
      return (name: (typeof CONFIDENCE_FEATURES)[number]) => v[CONFIDENCE_FEATURES.indexOf(name)];
    };
    return { single, f, z };
  }

  it('family_share / family_rel: the sentence that says "summing" lost to one that only repeats "forces"', async () => {
    const { single, f } = await featuresFor('What does a sum of forces with vector addition yield?');
    const answer = single('Summing');
    const echo = single('The forces on a beam');
    expect(f(answer, 'family_share')).toBeGreaterThan(f(echo, 'family_share'));
    expect(f(answer, 'family_rel')).toBe(1);
    expect(f(echo, 'family_rel')).toBeLessThan(1);
  });

  it('rarest_held: the sentence with the question’s rarest word not told apart from one with its common words', async () => {
    const { single, f } = await featuresFor('What are the stators of a turbine?');
    expect(f(single('Stators are'), 'rarest_held')).toBe(1);
    expect(f(single('The casing of a turbine holds'), 'rarest_held')).toBe(0);
  });

  it('sent_bm25_rel: a long sentence that repeats a common word ranked above a short one with the rare word', async () => {
    const { single, f } = await featuresFor('What are the stators of a turbine?');
    expect(f(single('Stators are'), 'sent_bm25_rel')).toBe(1);
    expect(f(single('The casing of a turbine holds'), 'sent_bm25_rel')).toBeLessThan(1);
  });

  it.each([
    ['a paraphrase in other forms counted as missing words', 'What does a sum of forces with vector addition yield?', 'Summing', 0, 0],
    ['an altered word (heating for summing) not counted as missing', 'What does a heating of forces with vector addition yield?', 'Summing', 0.1, 1],
    ['a missing rarest word not noticed', 'What do engineers weld every day?', 'The forces on a beam', 0.1, 1],
  ])('family_missing / rarest_family_missing: %s', async (_bug, question, start, minMissing, rarestMissing) => {
    const { single, z } = await featuresFor(question);
    const at = z(single(start));
    if (minMissing === 0) expect(at('family_missing')).toBeCloseTo(0, 5);
    else expect(at('family_missing')).toBeGreaterThan(minMissing);
    expect(at('rarest_family_missing')).toBe(rarestMissing);
  });

  it.each([
    ['a Korean question read as holding none of its words (family_share 0)', '블루웨이브는 어디에서 설립됐어?', '블루웨이브는 2019년'],
  ])('Korean questions: %s', async (_bug, question, start) => {
    const korean = `---\ntitle: 블루웨이브\n---\n\n# 블루웨이브\n\n블루웨이브는 2019년 부산에서 설립된 해양 로봇 스타트업이다. 날씨는 맑았다.\n`;
    const { single, f, z } = await featuresFor(question, korean);
    const c = single(start);
    expect(f(c, 'family_share')).toBeGreaterThan(0.5);
    expect(f(c, 'family_share')).toBe(f(c, 'idf_share'));
    expect(f(c, 'rarest_held')).toBe(1);
    expect(z(c)('family_missing')).toBeLessThan(0.5);
    expect(z(single('날씨는'))('rarest_family_missing')).toBe(1);
  });

  const pronouns = `---\ntitle: Energiprojekt\n---\n\n# Energiprojekt\n\nEnergiprojekt built a new steam engine in Sweden. It is a single-step design with five cylinders and superheated steam. Mild weather came with five cylinders of rain.\n\n# 블루웨이브\n\n블루웨이브는 부산의 해양 로봇 회사이다. 이 회사는 직원이 40명이다. 날씨는 직원이 말하길 40명이 좋아한다.\n`;
  it.each([
    ['a sentence that goes on about the subject with "It" read as about nothing asked', 'How many cylinders does the Energiprojekt engine have?', 'It is a single-step', true],
    ['a sentence with no pointing-back opening credited with its neighbour’s subject', 'How many cylinders does the Energiprojekt engine have?', 'Mild weather', false],
    ['a Korean sentence that opens with 이 회사는 read as about nothing asked', '블루웨이브 직원은 몇 명이야?', '이 회사는', true],
  ])('refers_back_gain: %s', async (_bug, question, start, gains) => {
    const { single, f } = await featuresFor(question, pronouns);
    if (gains) expect(f(single(start), 'refers_back_gain')).toBeGreaterThan(0.1);
    else expect(f(single(start), 'refers_back_gain')).toBe(0);
  });

  it('an English question over a Korean sentence read as missing every word (family_share 0, a cross-script quote judged by English word forms)', async () => {
    const bot = makeBot(writeSmallKb(SMALL_KB), { minConfidence: 0 });
    await bot.ready;
    const snap = bot.kb.snapshot!;
    const query = analyzeQuery('When was Bluewave founded?', snap.glossary);
    const groups = weighGroups(query.groups, snap.bm25);
    const cands = candidates(query, groups, await snap.search(query, 8), snap.bm25);
    const c = cands.find((x) => x.text.startsWith('블루웨이브는 2019년') && x.x[FEATURES.indexOf('pair')] === 0);
    expect(c).toBeDefined();
    expect(c!.x[FEATURES.indexOf('family_share')]).toBeGreaterThan(0.5);
    expect(c!.x[FEATURES.indexOf('family_share')]).toBe(c!.x[FEATURES.indexOf('idf_share')]);
    expect(c!.x[FEATURES.indexOf('rarest_held')]).toBe(1);
  });
});

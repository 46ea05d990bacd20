// English questions over Korean documents: the question's other words (born, film, German) reach
// the Korean text through a lexicon, so the sentence that holds the fact asked beats the ones that
// only name the person. Fixture documents and pairs are our own.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Glossary } from '../src/retrieval/glossary';
import { analyzeQuery } from '../src/retrieval/query';
import { koreanFor } from '../src/retrieval/translation/lexicon';
import { SoundIndex } from '../src/retrieval/transliteration/sound-index';
import { analyze } from '../src/text/analyzer';
import { offlineBotOver } from './helpers/shipped-bot';

describe('the English→Korean lexicon', () => {
  it.each([
    ['born', '태어나'],
    ['died (a past form the stemmer leaves alone)', '사망'],
    ['films (a plural)', '영화'],
    ['Founded (capitalised, past)', '설립'],
    ['married', '결혼'],
    ['president', '대통령'],
    ['album (from the derived dictionary)', '앨범'],
  ])('%s', (word, korean) => {
    expect(koreanFor(word.split(' ')[0])).toContain(korean);
  });

  it('knows nothing of a made-up word, and keeps no stem without an index term (one syllable: 년)', () => {
    expect(koreanFor('zorblax')).toEqual([]);
    for (const w of ['year', 'born', 'film', 'month', 'city']) for (const k of koreanFor(w)) expect(analyze(k).length).toBeGreaterThan(0);
  });
});

describe('translated words in the query', () => {
  const terms = ['스코세이지', '마틴', '태어났다', '영화', '독일', '것만', '황제', '§태어', '§어났', '§영화', '§독일', '§황제'];
  const df = (t: string) => (terms.includes(t) ? 1 : 0);
  const glossary = Glossary.parse('').withSounds(SoundIndex.build(terms, df));
  const group = (q: string, label: string) => analyzeQuery(q, glossary).groups.find((g) => g.label === label);

  it('an English question naming a Hangul-spelled person: its plain word becomes a Korean concept (born → 태어나)', () => {
    const born = group('Where was Martin Scorsese born?', 'born');
    expect(born?.alternativeNames).toContain('태어나');
    expect(born?.translated).toBe(true);
  });

  it('a word whose translations the corpus never uses is left out of the answer check, as before', () => {
    expect(group('Where was Martin Scorsese married?', 'married')).toBeUndefined();
  });

  it('German is 독일 (a translation), not the sound look-alike 것만', () => {
    const german = group('Which German city showed Martin Scorsese films?', 'German')?.alternativeNames;
    expect(german).toContain('독일');
    expect(german).not.toContain('것만');
  });

  it('a capitalised common noun in a name counts as spelled or translated (Emperor: 황제)', () => {
    expect(group('Which temple did Emperor Scorsese build?', 'Emperor')?.alternativeNames).toContain('황제');
  });

  it('leaves a Korean question alone', () => {
    expect(group('스코세이지는 어디서 태어났어?', '태어났어')?.translated).toBeUndefined();
  });

  it('an English question with no name spelled in Hangul gains the translation but keeps its English word (an English document may answer it)', () => {
    const born = group('Where was the author born?', 'born');
    expect(born?.terms).toContain('born');
    expect(born?.alternativeNames).toContain('태어나');
  });
});

describe('the bot over a Korean article that names the person in every sentence', () => {
  // Which sentence is quoted, at a fixed threshold (how sure an answer from names found only by
  // sound must be is the cross-language models'; see answer-cross-lingual.test.ts).
  const bot = offlineBotOver(path.resolve(__dirname, 'fixtures/names/facts-kb'), { minConfidence: 0.3 });
  it.each([
    ['born: the birth sentence, not the first one naming him', 'Where was Martin Scorsese born?', '퀸스'],
    ['study, directing: the school sentence', 'Where did Martin Scorsese study directing?', '뉴욕 대학교'],
    ['German: the Berlin sentence', 'In which German city was the Martin Scorsese retrospective held?', '베를린'],
  ])('%s', async (_what, question, expected) => {
    await bot.ready;
    const a = await bot.ask({ text: question, user: 'u1', channel: 'c1' } as never);
    expect(a.abstained).toBe(false);
    expect(a.citations?.[0]?.quote).toContain(expected);
  });
});

describe('romanized Korean names and their surname', () => {
  it.each([
    ['Kim Min-hee', ['기민해', '김민희'], '김민희'],
  ])('%s is the word that starts with the surname, not a look-alike that sounds closer', (name, terms, expected) => {
    const glossary = Glossary.parse('').withSounds(SoundIndex.build(terms, (t) => (terms.includes(t) ? 1 : 0)));
    const g = analyzeQuery(`Who is ${name}?`, glossary).groups.find((x) => x.label === name);
    expect(g?.alternativeNames).toEqual([expected]);
  });
});

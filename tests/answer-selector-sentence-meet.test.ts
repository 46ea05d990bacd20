// The selector reads each sentence once per question (sentence-meet.ts) and makes a pair's
// features from its two sentences'. Those features must be the very numbers the straightforward
// reading of the joined text gives (the weights were fitted on them, and speed work must not change
// an answer): each row compares them bit for bit with a reference written the plain way.
import { describe, expect, it } from 'vitest';
import { analyze, isBigram } from '../src/text/analyzer';
import { familiesOf, familyShare as familyShareOf, questionFamilies } from '../src/answer/selector/word-forms';
import { bm25Of, familyShare, held, idfShare, meet, proximity, questionTerms, type MeetSource } from '../src/answer/selector/sentence-meet';

const stats = { df: () => 1, idf: (t: string) => 1 + (t.length % 7) / 3 };
const wordsOf = (text: string) => text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function source(text: string): MeetSource {
  const terms = analyze(text);
  return { terms, set: new Set(terms), content: terms.filter((t) => !isBigram(t)), words: wordsOf(text), families: familiesOf(text) };
}

function question(text: string) {
  const q = new Map<string, number>();
  analyze(text).forEach((t, i) => q.set(t, Math.max(q.get(t) ?? 0, (i % 3 === 0 ? 1 : 0.4) * stats.idf(t))));
  const total = [...q.values()].reduce((a, b) => a + b, 0) || 1;
  const typed = analyze(text);
  const words = [...new Set(typed.filter((t) => !isBigram(t)))];
  const bigrams = [...new Set(typed.filter(isBigram))];
  const qWords = wordsOf(text);
  const pairs = [...new Set(qWords.slice(1).map((w, i) => `${qWords[i]} ${w}`))];
  const families = questionFamilies(text, stats);
  return { q, total, words, bigrams, qWords, pairs, families, qt: questionTerms(q, total, words, bigrams, pairs, qWords, families) };
}

// The plain readings, over the joined terms of the pair.
const reference = {
  share: (q: Map<string, number>, total: number, has: (t: string) => boolean) => {
    let got = 0;
    for (const [t, w] of q) if (has(t)) got += w;
    return got / total;
  },
  proximity: (terms: string[], q: Map<string, number>) => {
    let first = -1;
    let last = -1;
    const hit = new Set<string>();
    terms.forEach((t, i) => {
      if (isBigram(t) || !q.has(t)) return;
      if (first < 0) first = i;
      last = i;
      hit.add(t);
    });
    return hit.size >= 2 ? hit.size / (last - first + 1) : 0;
  },
  bm25: (terms: string[], q: Map<string, number>) => {
    let s = 0;
    for (const [t, w] of q) {
      let tf = 0;
      for (const u of terms) if (u === t) tf++;
      if (tf) s += (w * tf * (1.2 + 1)) / (tf + 1.2 * (1 - 0.75 + (0.75 * terms.length) / 24));
    }
    return s;
  },
  run: (words: string[], qWords: string[]) => {
    let best = 0;
    const prev = new Array<number>(qWords.length + 1).fill(0);
    for (const w of words) {
      for (let j = qWords.length; j >= 1; j--) {
        prev[j] = qWords[j - 1] === w ? prev[j - 1] + 1 : 0;
        if (prev[j] > best) best = prev[j];
      }
    }
    return qWords.length ? best / qWords.length : 0;
  },
};

const CASES = [
  {
    bug: 'a pair whose matched terms are all in its second sentence (proximity offset by the first sentence’s terms)',
    q: 'How much did Velzentor raise from investors?',
    a: 'The market was slow that year.',
    b: 'Velzentor raised $43 million from investors in March, and Velzentor raised more later.',
  },
  {
    bug: 'terms repeated across the two sentences (counts and lengths of both in BM25, not the best one)',
    q: '렌쿠쿠가 투자받은 금액은 얼마야?',
    a: '렌쿠쿠는 오픈AI로부터 투자받았다.',
    b: '렌쿠쿠의 투자 금액은 43억 달러로, 투자받은 금액 가운데 가장 크다.',
  },
  {
    bug: 'a question repeating a word ("the big big cat": a run must follow the positions, not the first match)',
    q: 'Which big big cat ate the big cat food?',
    a: 'A big cat ate the big big cat food on Sunday.',
    b: 'Nobody saw the big big cat.',
  },
  {
    bug: 'word forms met in either sentence (family share over both)',
    q: 'Who classified the summing machines?',
    a: 'The classification of machines began early.',
    b: 'Ada summed the numbers by machine.',
  },
  {
    bug: 'a first sentence without any question term and a second with one (no proximity, no run)',
    q: 'Where was Dravsyn founded?',
    a: 'Revenue grew.',
    b: 'Dravsyn opened an office.',
  },
];

describe('a pair’s features made from its two sentences equal those of the joined text', () => {
  it.each(CASES)('$bug', ({ q: text, a: ta, b: tb }) => {
    const { q, total, words, bigrams, qWords, pairs, families, qt } = question(text);
    const a = source(ta);
    const b = source(tb);
    const ma = meet(a, qt);
    const mb = meet(b, qt);
    const terms = a.terms.concat(b.terms);
    const has = (t: string) => a.set.has(t) || b.set.has(t);
    const got = {
      share: idfShare(qt, ma, mb),
      words: held(ma.words, mb.words),
      bigrams: held(ma.bigrams, mb.bigrams),
      pairs: held(ma.pairs, mb.pairs),
      proximity: proximity(qt, ma, mb),
      bm25: bm25Of(qt, ma, mb),
      run: Math.max(ma.run, mb.run),
      novel: ma.novel + mb.novel,
      family: familyShare(qt, ma, mb),
      singleBm25: bm25Of(qt, ma),
      singleProximity: proximity(qt, mb),
    };
    const pairsOf = (w: string[]) => new Set(w.slice(1).map((x, i) => `${w[i]} ${x}`));
    const want = {
      share: reference.share(q, total, has),
      words: words.filter(has).length,
      bigrams: bigrams.filter(has).length,
      pairs: pairs.filter((p) => pairsOf(a.words).has(p) || pairsOf(b.words).has(p)).length,
      proximity: reference.proximity(terms, q),
      bm25: reference.bm25(terms, q),
      run: Math.max(reference.run(a.words, qWords), reference.run(b.words, qWords)),
      novel: a.content.filter((t) => !q.has(t)).length + b.content.filter((t) => !q.has(t)).length,
      family: familyShareOf(families, (f) => a.families.has(f) || b.families.has(f)),
      singleBm25: reference.bm25(a.terms, q),
      singleProximity: reference.proximity(b.terms, q),
    };
    expect(got).toStrictEqual(want);
  });
});

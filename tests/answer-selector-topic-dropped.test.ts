// Korean drops a subject it has already named: "누리솔은 울산의 … 회사이다. 전직 조선소 연구원인
// 한바다가 설립했으며 …" goes on about 누리솔 without naming it again (issue 8, the shipped "코히어가
// 아야를 왜 내놓은 거예요?" answered from the wrong sentence). topic_dropped_gain gives such a
// sentence what the sentence before adds to its coverage, as refers_back_gain does for 이 회사는; it
// is read from Korean particles only, zero for English sentences, and left out of the models used
// across languages. Small sentences and a small folder of our own.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropsTopic } from '../src/answer/selector/roles';
import { FEATURES, type Candidate } from '../src/answer/selector/features';
import { crossRankerInput, withoutSurface } from '../src/answer/selector/cross-lingual';
import { fitAddedWeights, fitRanker } from '../src/answer/selector/fit';
import { linear } from '../src/answer/selector/linear';
import { cleanup, makeBot, tmpDir } from './fixtures/core/small-kb';
import { candidatesFor } from './helpers/candidates';

afterAll(cleanup);

describe('dropsTopic: a Korean sentence with no topic of its own', () => {
  it.each([
    ['a clause subject (…한바다가 설립했으며) read as a topic of its own', '전직 조선소 연구원인 한바다가 설립했으며 3억 달러 규모의 투자를 받았다.', true],
    ['a time 는 (최근에는) read as a topic of its own', '최근에는 열 개 언어로 된 모델 ‘파도’를 출시한 바 있다.', true],
    ['a place 는 (부산에서는) read as a topic of its own', '부산에서는 해양 드론 공장을 운영한다.', true],
    ['a sentence naming its own topic (한바다는) read as going on about the one before', '한바다는 조선소에서 20년 일한 연구원이다.', false],
    ['a topic after a connective (하지만 바람솔은) missed', '하지만 바람솔은 설립된 지 1년 만에 흑자를 냈다.', false],
    ['an English fragment without a subject (founded by …) given the Korean reading', 'founded by a former shipyard researcher in 2019.', false],
  ])('%s', (_bug, sentence, drops) => {
    expect(dropsTopic(sentence)).toBe(drops);
  });
});

const DOC = [
  '---',
  'title: 울산의 조선 소프트웨어',
  '---',
  '',
  '# 울산의 조선 소프트웨어',
  '',
  '누리솔은 울산의 조선 소프트웨어 회사이다. 전직 조선소 연구원인 한바다가 설립했으며 3억 달러 규모의 투자를 받았다.',
  '',
  '하늘솔은 포항의 선박 회사이다. 최근에는 열 개 언어로 된 선박 모델 ‘파도’를 출시한 바 있다.',
  '',
  '바람솔은 부산의 해양 드론 회사이다. 한바다는 조선소에서 20년 일한 연구원으로 설립 자문을 맡았다.',
  '',
  '솔빛은 거제의 조선 로봇 회사이다. 이 회사에 직원 40명이 있다.',
  '',
  '# Tidewell',
  '',
  'Tidewell is a shipyard software firm in Ulsan. A former shipyard researcher founded it with a grant of 3 million dollars. It released a ship model called Wave.',
  '',
].join('\n');

async function featuresFor(question: string) {
  const dir = tmpDir('topic-dropped-kb-');
  fs.writeFileSync(path.join(dir, 'ulsan.md'), DOC);
  const bot = makeBot(dir, { minConfidence: 0 });
  await bot.ready;
  const { groups, cands } = await candidatesFor(bot, question);
  const single = (start: string) => {
    const c = cands.find((x) => x.text.startsWith(start) && x.x[FEATURES.indexOf('pair')] === 0);
    expect(c, start).toBeDefined();
    return c!;
  };
  const gain = (c: Candidate) => c.x[FEATURES.indexOf('topic_dropped_gain')];
  return { groups, single, gain };
}

describe('topic_dropped_gain: credit for the topic named in the sentence before', () => {
  it.each([
    ['a sentence that goes on about 누리솔 without naming it read as about nothing asked', '누리솔은 누가 설립했어?', '전직 조선소 연구원인', true],
    ['a sentence opening with a time 는 (최근에는) denied its neighbour’s subject', '하늘솔은 파도를 왜 출시했어?', '최근에는 열 개', true],
    ['a sentence with a topic of its own (한바다는) credited with its neighbour’s subject', '바람솔은 누가 설립했어?', '한바다는 조선소에서', false],
    ['an English sentence without a subject of its own given the Korean reading', 'Who founded Tidewell?', 'A former shipyard researcher', false],
  ])('%s', async (_bug, question, start, gains) => {
    const { single, gain } = await featuresFor(question);
    if (gains) expect(gain(single(start))).toBeGreaterThan(0.1);
    else expect(gain(single(start))).toBe(0);
  });

  it('a sentence that points back (이 회사에) credited twice, in refers_back_gain and here', async () => {
    const { single, gain } = await featuresFor('솔빛 직원은 몇 명이야?');
    const c = single('이 회사에');
    expect(c.x[FEATURES.indexOf('refers_back_gain')]).toBeGreaterThan(0.1);
    expect(gain(c)).toBe(0);
  });

  it('the models used across languages read the feature, though they were fitted without it (xl answers move)', async () => {
    const { groups, single } = await featuresFor('누리솔은 누가 설립했어?');
    const c = single('전직 조선소 연구원인');
    const at = FEATURES.indexOf('topic_dropped_gain');
    expect(c.x[at]).toBeGreaterThan(0.1);
    expect(withoutSurface(c.x)[at]).toBe(0);
    expect(crossRankerInput(groups, c)[at]).toBe(0);
  });
});

describe('fitAddedWeights: a Korean-only feature fitted on top of the shared ranker', () => {
  // Two "English" questions (feature column 2 always 0) where the first feature finds the gold, and
  // two "Korean" ones where only the added feature (column 2) does.
  const groups = [
    { x: [[1, 0.9, 0], [1, 0.1, 0], [1, 0.2, 0]], y: [true, false, false] },
    { x: [[1, 0.2, 0], [1, 0.8, 0], [1, 0.1, 0]], y: [false, true, false] },
    { x: [[1, 0.5, 0], [1, 0.5, 0.6], [1, 0.4, 0]], y: [false, true, false] },
    { x: [[1, 0.3, 0.7], [1, 0.3, 0], [1, 0.6, 0]], y: [true, false, false] },
  ];
  const base = fitRanker(groups.map((g) => ({ x: g.x.map((r) => [r[0], r[1], 0]), y: g.y })));
  const fitted = fitAddedWeights(groups, (x) => linear(base, x), base, [2]);

  it('a candidate without the feature (every English sentence) scored differently than before (English answers moved)', () => {
    for (const g of groups) for (const r of g.x) if (r[2] === 0) expect(linear(fitted, r)).toBe(linear(base, r));
    expect(fitted.w.slice(0, 2)).toEqual(base.w.slice(0, 2));
  });

  it('the added feature left without weight when it marks the gold (the Korean gain lost)', () => {
    expect(fitted.w[2]).toBeGreaterThan(0.1);
    const korean = groups[2].x;
    expect(linear(fitted, korean[1])).toBeGreaterThan(linear(fitted, korean[0]));
  });
});

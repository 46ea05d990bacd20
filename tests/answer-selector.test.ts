// The learned answer selector: its fitting code on data whose right answer is obvious, its
// calibration, the quote it cuts from a long sentence, the check that shipped weights match the
// features, and what a user sees through the real core (one sentence quoted, a confidence, the
// ANSWER_MIN_CONFIDENCE trade-off).
import { afterAll, describe, expect, it } from 'vitest';
import { fitLogistic, fitRanker } from '../src/answer/selector/fit';
import { answerSpan, MAX_SPAN } from '../src/answer/selector/span';
import { checkedWeights, linear, score, shippedWeights, sigmoid } from '../src/answer/selector/model';
import { isBotError } from '../src/errors';
import { FEATURES } from '../src/answer/selector/features';
import { KOREAN_ONLY_FEATURES, SURFACE_FEATURES, withoutSurface } from '../src/answer/selector/cross-lingual';
import { loadConfig } from '../src/config';
import { cleanup, makeBot, q, writeSmallKb } from './fixtures/core/small-kb';
import { rng } from './helpers/rng';

afterAll(cleanup);


describe('fitRanker (softmax over a question’s candidates)', () => {
  // Candidates: [bias, signal, noise]. The gold one has the highest signal; noise is a decoy.
  function questions(n: number, seed: number) {
    const r = rng(seed);
    return Array.from({ length: n }, () => {
      const k = 3 + Math.floor(r() * 5);
      const gold = Math.floor(r() * k);
      const x = Array.from({ length: k }, (_, i) => [1, i === gold ? 0.6 + r() * 0.4 : r() * 0.55, r()]);
      return { x, y: x.map((_, i) => i === gold) };
    });
  }

  it('learns to put the candidate with the signal first (a sign error or a missing gradient term ranks at chance)', () => {
    const model = fitRanker(questions(200, 1), { epochs: 150 });
    const held = questions(100, 2);
    const right = held.filter((g) => {
      const s = g.x.map((x) => linear(model, x));
      return g.y[s.indexOf(Math.max(...s))];
    }).length;
    expect(right).toBeGreaterThanOrEqual(95);
    // The decoy feature gets far less weight than the signal.
    expect(Math.abs(model.w[2])).toBeLessThan(Math.abs(model.w[1]) / 3);
  });

  it('skips questions none of whose candidates hold the answer instead of learning from them', () => {
    const data = questions(50, 3);
    const noisy = [...data, ...questions(50, 4).map((g) => ({ ...g, y: g.y.map(() => false) }))];
    const a = fitRanker(data, { epochs: 60 });
    const b = fitRanker(noisy, { epochs: 60 });
    expect(b.w).toEqual(a.w);
  });
});

describe('fitLogistic (the confidence)', () => {
  it('is calibrated: in every fifth of the range, predicted and observed rates agree within 0.06', () => {
    const r = rng(7);
    const make = (n: number) =>
      Array.from({ length: n }, () => {
        const v = r() * 4 - 2;
        return { x: [1, v], y: r() < sigmoid(1.5 * v) };
      });
    const train = make(4000);
    const model = fitLogistic(train.map((t) => t.x), train.map((t) => t.y), { epochs: 300 });
    const test = make(4000);
    const bins = Array.from({ length: 5 }, () => ({ n: 0, p: 0, o: 0 }));
    for (const t of test) {
      const p = sigmoid(linear(model, t.x));
      const b = bins[Math.min(4, Math.floor(p * 5))];
      b.n++;
      b.p += p;
      b.o += t.y ? 1 : 0;
    }
    for (const b of bins.filter((b) => b.n >= 100)) expect(Math.abs(b.p / b.n - b.o / b.n)).toBeLessThan(0.06);
  });
});

describe('answerSpan', () => {
  const filler = 'Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore. ';
  const long = `${filler.repeat(3)}In 1969 the Apollo 11 mission landed the first humans on the Moon at Tranquility Base. ${filler.repeat(3)}`;
  const isQ = (t: string) => ['apollo', '11', 'moon', 'landed'].includes(t) || t.startsWith('land');

  it.each([
    ['a long sentence quoted from its start, missing the matched words', long, true],
    ['a short sentence cut although it fits', 'Apollo 11 landed on the Moon in 1969.', false],
  ])('%s', (_bug, sentence, cut) => {
    const s = answerSpan(sentence, isQ);
    expect(s.text.length).toBeLessThanOrEqual(MAX_SPAN);
    expect(sentence.slice(s.offset, s.offset + s.text.length)).toBe(s.text);
    expect(s.text).toContain('Apollo 11');
    expect(s.text !== sentence).toBe(cut);
  });
});

describe('weights', () => {
  it('the shipped weights match the features this code computes and choose a threshold in [0, 1]', () => {
    const w = shippedWeights();
    expect(w.minConfidence).toBeGreaterThanOrEqual(0);
    expect(w.minConfidence).toBeLessThanOrEqual(1);
    expect(() => checkedWeights(w)).not.toThrow();
  });

  it('weights fitted on other features are refused with SELECTOR_WEIGHTS_STALE and the command that fixes it', () => {
    const w = shippedWeights();
    let err: unknown;
    try {
      checkedWeights({ ...w, features: w.features.slice(1) });
    } catch (e) {
      err = e;
    }
    expect(isBotError(err, 'SELECTOR_WEIGHTS_STALE')).toBe(true);
    expect((err as Error).message).toContain('npm run train');
  });
});

describe('across languages', () => {
  it('the features a question cannot share with a text in another language are left out, the rest kept', () => {
    const x = FEATURES.map((_, i) => i + 1);
    const out = withoutSurface(x);
    FEATURES.forEach((name, i) => expect(out[i]).toBe(SURFACE_FEATURES.includes(name) || KOREAN_ONLY_FEATURES.includes(name) ? 0 : i + 1));
    expect(SURFACE_FEATURES.every((n) => (FEATURES as readonly string[]).includes(n))).toBe(true);
  });

  it('the shipped weights carry models fitted without them, with their own threshold', () => {
    const w = shippedWeights();
    expect(w.crossLingual).toBeDefined();
    // Zeroed features are never split on, and a linear model (or the one trees start from) gives them no weight.
    const x = FEATURES.map(() => 0.5);
    const surface = withoutSurface(FEATURES.map(() => 1)).map((v) => v === 0);
    const ranker = w.crossLingual!.ranker;
    const other = x.map((v, i) => (surface[i] ? 0.9 : v));
    expect(score(ranker, other)).toBe(score(ranker, x));
    expect(w.crossLingual!.minConfidence).toBeGreaterThanOrEqual(0);
  });
});

describe('through the core', () => {
  const dir = writeSmallKb();

  it('quotes the one sentence that holds the fact, not the paragraph around it', async () => {
    const bot = makeBot(dir);
    await bot.ready;
    const a = await bot.ask(q('Who led Redfern’s Series B round?'));
    expect(a.abstained).toBe(false);
    expect(a.text).toContain('Northgate Capital');
    // The paragraph's other sentence (what the money pays for) is not quoted.
    expect(a.text).not.toContain('Leeds');
    const c = a.citations[0];
    expect(c.inAnswer).toBe(true);
    expect(a.text).toContain(c.quote);
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
  });

  it.each([
    [1, true],
    [0, false],
  ])('ANSWER_MIN_CONFIDENCE=%s: declined=%s, and the confidence is reported either way', async (min, declined) => {
    const bot = makeBot(dir, { minConfidence: min });
    await bot.ready;
    const a = await bot.ask(q('How much did Redfern Labs raise?'));
    expect(a.abstained).toBe(declined);
    expect(a.citations.length).toBe(declined ? 0 : 1);
    expect(typeof a.confidence).toBe('number');
  });

  it('a name the documents never mention is declined whatever the threshold (the rule that holds on any documents)', async () => {
    const bot = makeBot(dir, { minConfidence: 0 });
    await bot.ready;
    const a = await bot.ask(q('Who founded Greenfield AI?'));
    expect(a.abstained).toBe(true);
    expect(a.text).toContain('Greenfield');
  });
});

describe('ANSWER_MIN_CONFIDENCE in the config', () => {
  it.each([
    ['abc', false],
    ['1.5', false],
    ['-0.1', false],
    ['0.5', true],
  ])('%s accepted=%s (a bad value must name the variable, not fall back silently)', (value, ok) => {
    if (ok) {
      expect(loadConfig({ ANSWER_MIN_CONFIDENCE: value }, '/srv').answerMinConfidence).toBe(Number(value));
      return;
    }
    let err: unknown;
    try {
      loadConfig({ ANSWER_MIN_CONFIDENCE: value }, '/srv');
    } catch (e) {
      err = e;
    }
    expect(isBotError(err, 'CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toContain(`ANSWER_MIN_CONFIDENCE="${value}"`);
  });

  it('unset means the trained default', () => {
    expect(loadConfig({}, '/srv').answerMinConfidence).toBeUndefined();
  });
});

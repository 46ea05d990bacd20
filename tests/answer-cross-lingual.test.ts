// The cross-language selector: English-like training rows made from Korean questions, the ranker's
// cross-language features (a sentence that names the person but says nothing asked is not the
// answer), and the stricter threshold for names found only by sound. Fixture text is our own.
import { describe, expect, it } from 'vitest';
import { englishLike } from '../src/cli/train/cross-lingual-rows';
import { articleTitles, crossFeatures, crossRankerInput, CROSS_FEATURES } from '../src/answer/selector/cross-lingual';
import { shippedWeights } from '../src/answer/selector/model';
import type { WeightedGroup } from '../src/answer/coverage';
import { FEATURES, type Candidate } from '../src/answer/selector/features';

describe('English-like training rows from Korean questions', () => {
  it.each([
    ['the title name romanized as a name, the asked word in English', '차범근이 졸업한 대학교는?', '차범근', /Chabeomgeun/, /university/],
    ['a conjugated verb found by its stem (태어난 → born)', '정도전이 태어난 해는 언제인가?', '정도전', /^When /, /born/],
    ['a figure kept as written', '김희선이 2000년에 찍은 영화 이름은?', '김희선', /2000/, /film/],
  ])('%s', (_what, question, title, a, b) => {
    const q = englishLike(question, title);
    expect(q).toMatch(a);
    expect(q).toMatch(b);
    expect(q).not.toMatch(/[\uac00-\ud7a3]/);
  });

  it('drops a question with no name to find by sound (nothing would cross scripts)', () => {
    expect(englishLike('그는 어디에서 태어났는가?', '정도전')).toBeUndefined();
  });
});

describe('cross-language ranker features', () => {
  const group = (label: string, kind: 'entity' | 'word', extra: object = {}): WeightedGroup =>
    ({ group: { label, kind, terms: [], alternatives: [], alternativeNames: [], ...extra }, weight: kind === 'entity' ? 8 : 3, present: true }) as unknown as WeightedGroup;
  const groups = [group('Wilson', 'entity', { soundsLike: ['윌슨'] }), group('born', 'word', { translated: true })];
  const cand = (degrees: number[], chunkDegrees: number[], set: Record<string, number> = {}, docId = 'd') =>
    ({ degrees, chunkDegrees, chunk: { docId }, x: FEATURES.map((f) => set[f] ?? 0) }) as unknown as Candidate;
  const at = (f: number[], n: (typeof CROSS_FEATURES)[number]) => f[CROSS_FEATURES.indexOf(n)];

  it('weighs the name and the asked words apart: the sentence with the fact wins on fact_cover though it drops the name', () => {
    const namesOnly = crossFeatures(groups, cand([1, 0], [1, 1]));
    const factOnly = crossFeatures(groups, cand([0, 1], [1, 1]));
    expect(at(factOnly, 'fact_cover')).toBe(1);
    expect(at(namesOnly, 'fact_cover')).toBe(0);
    expect(at(factOnly, 'translated_cover')).toBe(1);
    expect(at(namesOnly, 'name_cover')).toBe(1);
    // Korean drops a subject named earlier in the passage: the name still counts there.
    expect(at(factOnly, 'name_in_passage')).toBe(1);
  });

  it('bug caught: a later section of a document (# 가족) loses the title match its first heading (# 리처드 닉슨) gives the article', () => {
    const title = FEATURES.indexOf('title_idf');
    const first = cand([1, 1], [1, 1], { title_idf: 0.8 }, 'nixon.md');
    const family = cand([1, 1], [1, 1], { title_idf: 0 }, 'nixon.md');
    const other = cand([1, 1], [1, 1], { title_idf: 0.1 }, 'kang.md');
    const titles = articleTitles([first, family, other]);
    expect(crossRankerInput(groups, family, titles)[title]).toBe(0.8);
    expect(crossRankerInput(groups, other, titles)[title]).toBe(0.1);
  });

  it('the shipped weights have models for names found only by sound that read these features, with a threshold no laxer than the glossary one', () => {
    const cross = shippedWeights().crossLingual!;
    expect(cross.bySound?.features).toEqual([...CROSS_FEATURES]);
    // The ranker reads the shared features and then CROSS_FEATURES (trees start from a linear model that does).
    const ranker = cross.bySound!.ranker;
    const linearPart = ranker.kind === 'linear' ? ranker : ranker.start;
    expect(linearPart?.w.length).toBe(shippedWeights().features.length + CROSS_FEATURES.length);
    expect(cross.bySound!.minConfidence).toBeGreaterThanOrEqual(cross.minConfidence);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OfflineHashEmbeddings, describe as describeEmbedder } from '../src/embeddings/offline-hash';
import { analyze } from '../src/text/analyzer';

const KNOWLEDGE = path.join(__dirname, '..', 'knowledge');
const knowledgeTexts = readdirSync(KNOWLEDGE)
  .filter((f) => /\.(md|txt|ya?ml)$/.test(f))
  .map((f) => [f, readFileSync(path.join(KNOWLEDGE, f), 'utf8')]);

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));

describe('OfflineHashEmbeddings (local:hash-v1)', () => {
  const emb = new OfflineHashEmbeddings();

  it.each([
    ['English', 'Mistral AI raised 1.7 billion euros in a Series C led by ASML.'],
    ['Korean', '미스트랄AI는 ASML이 주도한 시리즈 C에서 17억 유로를 유치했다.'],
    ['mixed with numbers', 'GPT-4o 가격은 20% 인하되었고 Claude 3.5 Sonnet과 경쟁한다.'],
  ])('is deterministic across calls and instances (%s) — catches per-process random seeds', async (_name, text) => {
    const a = await emb.embedQuery(text);
    const b = await emb.embedQuery(text);
    const c = await new OfflineHashEmbeddings().embedQuery(text);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it.each([
    ['one word', 'anthropic'],
    ['a long passage', 'OpenAI '.repeat(50) + 'model pricing and revenue in 2024'],
    ['Korean', '네이버의 하이퍼클로바X는 한국어에 특화된 거대 언어 모델이다'],
  ])('returns unit-length vectors (%s) — catches a missing L2 normalisation', async (_name, text) => {
    expect(norm(await emb.embedQuery(text))).toBeCloseTo(1, 6);
  });

  it.each([
    ['empty', ''],
    ['punctuation only', '?!... ---'],
    ['stop words only', 'the of and'],
  ])('gives the zero vector, not NaN, for text without terms (%s)', async (_name, text) => {
    const v = await emb.embedQuery(text);
    expect(v).toHaveLength(128);
    expect(v.every((x) => x === 0)).toBe(true);
  });

  it('embedDocuments gives the same vectors as embedQuery, in order — catches state leaking between texts', async () => {
    const texts = ['OpenAI revenue', '앤트로픽 클로드', 'OpenAI revenue', 'Nvidia H100 supply'];
    const docs = await emb.embedDocuments(texts);
    expect(docs).toHaveLength(4);
    for (let i = 0; i < texts.length; i++) expect(docs[i]).toEqual(await emb.embedQuery(texts[i]));
  });

  it.each([
    ['particle 는 vs 의', '미스트랄AI는 프랑스 회사다', '미스트랄AI의 프랑스 회사', '엔비디아 GPU 공급 부족이 심각하다'],
    ['particle 은 vs 에서', '삼성전자는 메모리 반도체를 만든다', '삼성전자에서 메모리 반도체를 만든다', '오픈AI가 새로운 챗봇을 출시했다'],
    ['inflected stem via bigrams', '업스테이지가 투자를 유치했다', '업스테이지 투자 유치', '구글 딥마인드 연구 논문'],
  ])('Korean variants (%s) are closer than unrelated text — catches particles splitting the word', async (_name, q, variant, unrelated) => {
    const [vq, vv, vu] = await emb.embedDocuments([q, variant, unrelated]);
    expect(cosine(vq, vv)).toBeGreaterThan(0.5);
    expect(cosine(vq, vv)).toBeGreaterThan(cosine(vq, vu) + 0.3);
  });

  it.each([
    ['missing letter', 'antropic claude', 'Anthropic released Claude', 'Nvidia ships GPUs'],
    ['swapped letters', 'mistarl funding', 'Mistral funding round', 'Samsung memory chips'],
  ])('tolerates typos via character trigrams (%s)', async (_name, q, target, unrelated) => {
    const [vq, vt, vu] = await emb.embedDocuments([q, target, unrelated]);
    expect(cosine(vq, vt)).toBeGreaterThan(cosine(vq, vu) + 0.2);
  });

  it('knows no synonyms: words that share no letters do not meet (documented limitation)', async () => {
    const [a, b] = await emb.embedDocuments(['automobile', 'car']);
    expect(Math.abs(cosine(a, b))).toBeLessThan(0.2);
    expect(describeEmbedder()).toMatch(/no synonyms/i);
  });

  it.each([64, 256, 1024])('honours the configured dimension %i', async (dimensions) => {
    const e = new OfflineHashEmbeddings({ dimensions });
    const [v] = await e.embedDocuments(['OpenAI and Anthropic compete on enterprise contracts']);
    expect(v).toHaveLength(dimensions);
    expect(norm(v)).toBeCloseTo(1, 6);
    expect(e.fingerprint).toContain(`d${dimensions}`);
  });

  it.each([0, 7, 1.5, 100_000])('rejects an unusable dimension %s with a clear message', (dimensions) => {
    expect(() => new OfflineHashEmbeddings({ dimensions })).toThrow(/dimensions must be a whole number from 8 to 65536/);
  });

  it('signed hashing spreads features over both signs — catches an unsigned (biased) hash', async () => {
    const v = await emb.embedQuery('OpenAI Anthropic Mistral Cohere Nvidia Google DeepMind Meta Samsung Naver Kakao Upstage');
    expect(v.some((x) => x > 0)).toBe(true);
    expect(v.some((x) => x < 0)).toBe(true);
  });

  // The embedder memoises per whitespace piece; that is only right while analyze() never looks
  // across whitespace. If the analyzer starts to (phrases, cross-word rules), these fail.
  it.each([
    ...knowledgeTexts,
    ['odd whitespace', 'OpenAI\u00a0GPT-4\u3000미스트랄AI는\t20%\n\n1억1300만  달러'],
    ['punctuation glued to words', '(Anthropic), "Claude"… 오픈AI의/MS의 it\'s founders\' investors.'],
    ['case and compatibility forms', 'ＧＰＴ－４ ΣΟΦΊΑΣ naïve Café ﬁnance ¨umlaut'],
  ])('memoised embedding equals embedding analyze(text) directly (%s)', (_name, text) => {
    const fresh = new OfflineHashEmbeddings();
    const cold = fresh.embedSync(text);
    const direct = new OfflineHashEmbeddings().embedTerms(analyze(text));
    // Same features; only the order of float additions differs.
    expect(Math.max(...cold.map((x, i) => Math.abs(x - direct[i])))).toBeLessThan(1e-12);
    expect(cold.some((x) => x !== 0)).toBe(true);
    expect(fresh.embedSync(text)).toEqual(cold); // warm memo, bit-identical
  });

  it('keeps its memo bounded and still answers the same — catches unbounded memory on odd corpora', () => {
    const small = new OfflineHashEmbeddings({ memoLimit: 10 });
    const text = Array.from({ length: 50 }, (_, i) => `id${i}x${i * 7919}`).join(' ');
    const first = small.embedSync(text);
    expect(small.memoSize).toBeLessThanOrEqual(10);
    expect(small.embedSync(text)).toEqual(first);
    expect(first).toEqual(new OfflineHashEmbeddings().embedSync(text));
  });
});

// Answer → embeds: Discord's size limits hold for any answer, and nothing the user should read is lost.
import { describe, expect, it } from 'vitest';
import { answerMessages, embedLength, LIMITS, splitText } from '../adapters/discord/embeds';
import type { Answer } from '../src/types';
import { fakeAnswer } from './helpers/fake-bot';

function withinLimits(answer: Answer): void {
  const messages = answerMessages(answer);
  for (const m of messages) {
    expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
    expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.total);
    for (const e of m.embeds) {
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
        expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
  }
}

const cite = (n: number, over: Partial<Answer['citations'][0]> = {}) => ({ ...fakeAnswer().citations[0], n, ...over });

describe('answerMessages', () => {
  it.each([
    ['a short answer', fakeAnswer(), 'one'],
    ['a 20,000-character answer (description limit 4,096)', fakeAnswer({ text: 'word '.repeat(4000) }), 'several'],
    ['60 citations (25 fields per embed)', fakeAnswer({ citations: Array.from({ length: 60 }, (_, k) => cite(k + 1)) }), 'one'],
    ['huge titles and quotes (field name 256, value 1,024, total 6,000)', fakeAnswer({ citations: Array.from({ length: 30 }, (_, k) => cite(k + 1, { title: 'T'.repeat(900), section: 'S'.repeat(900), quote: 'Q'.repeat(5000) })) }), 'several'],
    ['a 60,000-character answer (10 embeds per message)', fakeAnswer({ text: 'x'.repeat(60_000) }), 'several'],
  ])('keeps %s within every limit', (_name, answer, count) => {
    withinLimits(answer);
    const n = answerMessages(answer).length;
    if (count === 'one') expect(n).toBe(1);
    else expect(n).toBeGreaterThan(1);
  });

  it('keeps the common case to a single embed with the sources as fields and the footer', () => {
    const [m, ...rest] = answerMessages(fakeAnswer());
    expect(rest).toEqual([]);
    expect(m.embeds).toHaveLength(1);
    expect(m.embeds[0].fields).toHaveLength(1);
    expect(m.embeds[0].footer?.text).toBeTruthy();
  });

  it('loses no answer text when splitting', () => {
    const text = Array.from({ length: 400 }, (_, k) => `Sentence ${k} about the AI market.`).join(' ');
    const shown = answerMessages(fakeAnswer({ text })).flatMap((m) => m.embeds.map((e) => e.description ?? '')).join(' ');
    expect(shown.replace(/\s+/g, ' ')).toBe(text);
  });

  it('puts the degraded-mode notice above the answer and the mode in the footer', () => {
    const [m] = answerMessages(fakeAnswer({ notice: 'The model did not respond; this is the offline answer.', mode: { kind: 'offline' } }));
    expect(m.embeds[0].description).toMatch(/^\*The model did not respond; this is the offline answer\.\*\n\nMistral/);
    expect(m.embeds[0].footer?.text).toMatch(/Offline/);
  });

  it('labels Korean answers in Korean', () => {
    const [m] = answerMessages(fakeAnswer({ lang: 'ko', text: '2023년 4월에 설립되었습니다 [1].' }));
    expect(m.embeds[0].footer?.text).toContain('오프라인');
  });

  it('shortens a long quote to a readable excerpt', () => {
    const [m] = answerMessages(fakeAnswer({ citations: [cite(1, { quote: 'long passage '.repeat(100) })] }));
    expect(m.embeds[0].fields![0].value.length).toBeLessThan(400);
    expect(m.embeds[0].fields![0].value).toContain('…');
  });
});

describe('splitText', () => {
  it.each([
    ['short text is one piece', 'hello', 10, ['hello']],
    ['prefers a paragraph break (keeps paragraphs whole)', 'aaaa aaaa\n\nbbbb', 12, ['aaaa aaaa', 'bbbb']],
    ['falls back to a word break (no words cut in half)', 'alpha beta gamma', 11, ['alpha beta', 'gamma']],
    ['cuts a word with no spaces hard rather than failing', 'x'.repeat(25), 10, ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]],
  ])('%s', (_name, text, max, expected) => {
    expect(splitText(text, max)).toEqual(expected);
  });

  it('never splits an emoji into halves Discord would reject', () => {
    const parts = splitText('😀'.repeat(10), 5);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(5);
      expect(p).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    expect(parts.join('')).toBe('😀'.repeat(10));
  });
});

// The sound index fills in the background after a reload. Its counts (what `kb status` and the
// saved index's manifest show; whether English questions are answered from Korean text) are read
// right away: saving the manifest used to file every term first, before the swap, which delayed
// the edited document being served. The counts must be those of the full index at any point of the
// fill, and reading them must leave the filing to the background.
import { describe, expect, it } from 'vitest';
import { SoundIndex } from '../src/retrieval/transliteration/sound-index';

// Hangul words (one of vowels alone, which gets no romanized form; one readable as Chinese
// characters), Latin words, and terms neither kind counts (bigrams, short or mixed tokens).
const VOCAB = ['리처드', '닉슨', '김영삼', '아이', '대한', '쇼케이스', 'nixon', 'hamilton', 'company', 'market', '§리처', 'ai', 'gpt-4', '2024'];

const counts = (s: SoundIndex) => ({ hangulTerms: s.hangulTerms, romanized: s.romanized, hanjaReadable: s.hanjaReadable, latinTerms: s.latinTerms, mostlyHangul: s.mostlyHangul });

describe('counts of a sound index still filling', () => {
  const full = counts(SoundIndex.build(VOCAB, () => 1));

  it('the full index counts what it should (the reference below)', () => {
    expect(full.hangulTerms).toBe(6);
    expect(full.romanized).toBe(5); // 아이: vowels alone
    expect(full.latinTerms).toBe(4);
    expect(full.mostlyHangul).toBe(true);
  });

  it.each([0, 1, 3, 7, 13, VOCAB.length])('after %i terms filed, the counts are the full index’s (a count of the filed part only, or twice, would differ)', (filed) => {
    const s = SoundIndex.deferred(VOCAB, () => 1);
    s.step(filed);
    expect(counts(s)).toEqual(full);
  });

  it('reading the counts files nothing: the background fill still has its terms to file (the save used to file them all)', () => {
    const s = SoundIndex.deferred(VOCAB, () => 1);
    s.step(2);
    counts(s);
    expect(s.step(0)).toBe(true);
    // A lookup still completes the index at once, and finds the name.
    expect(s.hangulFor('Richard')[0]?.term).toBe('리처드');
    expect(s.step(0)).toBe(false);
    expect(counts(s)).toEqual(full);
  });
});

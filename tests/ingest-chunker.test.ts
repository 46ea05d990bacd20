import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../src/ingest/chunker';
import { loadDocument } from '../src/ingest/loader';
import { markdownStructure } from '../src/ingest/markdown';
import type { Chunk, KnowledgeDocument } from '../src/ingest/types';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function mdDoc(text: string, id = 'notes.md'): KnowledgeDocument {
  return { id, source: id, title: 'Notes', text, metadata: {}, lang: 'en', sections: markdownStructure(text).sections, hash: sha(text) };
}

function sentences(n: number, prefix: string): string {
  return Array.from({ length: n }, (_, i) => `${prefix} sentence number ${i + 1} is here.`).join(' ');
}

const SECTIONED = `# Title

${sentences(12, 'Intro')}

## Market

${sentences(15, 'Market')}

## Mistral

${sentences(9, 'Mistral')}
`;

function expectExact(doc: KnowledgeDocument, chunks: Chunk[]) {
  for (const c of chunks) {
    expect(doc.text.slice(c.start, c.end)).toBe(c.text);
    expect(c.hash).toBe(sha(c.text));
    expect(c.id).toBe(`${doc.id}#${sha(doc.id + c.start + c.text).slice(0, 16)}`);
  }
}

describe('chunkDocument', () => {
  it.each([
    ['small chunks with overlap', 200, 60],
    ['default-like size', 700, 120],
    ['no overlap', 150, 0],
    ['size smaller than a sentence (forces word-boundary splits)', 25, 5],
  ])('offsets are exact and size is respected: %s', (_case, size, overlap) => {
    const doc = mdDoc(SECTIONED);
    const chunks = chunkDocument(doc, { size, overlap });
    expect(chunks.length).toBeGreaterThan(1);
    expectExact(doc, chunks);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(size);
  });

  it('chunks are whole sentences and the next chunk repeats the previous one\'s last sentence (overlap)', () => {
    const doc = mdDoc(SECTIONED);
    const chunks = chunkDocument(doc, { size: 200, overlap: 60 }).filter((c) => c.section === 'Market');
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks.slice(1)) expect(c.text).toMatch(/^Market sentence number \d+ is here\./);
    for (const c of chunks) expect(c.text).toMatch(/(is here\.|Market)$/);
    for (let i = 1; i < chunks.length; i++) {
      // The next chunk starts before the previous one ends: the shared sentence is the overlap.
      expect(chunks[i].start).toBeLessThan(chunks[i - 1].end);
      expect(chunks[i].start).toBeGreaterThan(chunks[i - 1].start);
    }
  });

  it('without overlap no text is repeated and nothing is lost', () => {
    const doc = mdDoc(SECTIONED);
    const chunks = chunkDocument(doc, { size: 200, overlap: 0 });
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].start).toBeGreaterThanOrEqual(chunks[i - 1].end);
    const words = (s: string) => s.replace(/#/g, '').split(/\s+/).filter(Boolean);
    expect(chunks.flatMap((c) => words(c.text))).toEqual(words(doc.text));
  });

  it('never crosses a section boundary and names the section', () => {
    const doc = mdDoc(SECTIONED);
    const chunks = chunkDocument(doc, { size: 5000, overlap: 100 });
    // Everything would fit in one chunk; sections still cut it into three.
    expect(chunks.map((c) => c.section)).toEqual(['Title', 'Market', 'Mistral']);
    for (const c of chunks) {
      const s = doc.sections.find((x) => x.title === c.section)!;
      expect(c.start).toBeGreaterThanOrEqual(s.start);
      expect(c.end).toBeLessThanOrEqual(s.end);
    }
    expect(chunks[1].text.startsWith('Market\n\nMarket sentence number 1')).toBe(true);
  });

  it('text before the first heading is chunked without a section', () => {
    const doc = mdDoc('Preface text.\n\n## Part\n\nPart text.');
    expect(chunkDocument(doc, { size: 100, overlap: 0 }).map((c) => [c.section, c.text])).toEqual([
      [undefined, 'Preface text.'],
      ['Part', 'Part\n\nPart text.'],
    ]);
  });

  it('a sentence longer than size is split at word boundaries', () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ') + '.';
    const doc = mdDoc(long);
    const chunks = chunkDocument(doc, { size: 50, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(3);
    expectExact(doc, chunks);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(50);
      expect(c.text).toMatch(/^word\d+( word\d+)*\.?$/);
    }
  });

  it.each([
    ['text without spaces is cut hard at size', '가'.repeat(130), 50],
    ['an emoji (surrogate pair) at the cut is never split in half', 'a'.repeat(49) + '😀'.repeat(30), 50],
  ])('%s', (_bug, text, size) => {
    const doc = mdDoc(text);
    const chunks = chunkDocument(doc, { size, overlap: 10 });
    expect(chunks.length).toBeGreaterThan(1);
    expectExact(doc, chunks);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(size);
      expect(c.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
    expect(chunks.map((c) => c.text).join('')).toBe(text);
  });

  it('ids stay the same when an unrelated later part of the document changes', () => {
    const before = mdDoc(SECTIONED);
    const after = mdDoc(SECTIONED.replace('Mistral sentence number 9 is here.', 'Mistral was founded in Paris in 2023.'));
    const a = chunkDocument(before, { size: 200, overlap: 60 });
    const b = chunkDocument(after, { size: 200, overlap: 60 });
    const untouched = a.filter((c) => c.section !== 'Mistral');
    expect(untouched.length).toBeGreaterThan(3);
    expect(b.filter((c) => c.section !== 'Mistral').map((c) => c.id)).toEqual(untouched.map((c) => c.id));
    // The edited chunk gets a new id and hash, so it is re-embedded.
    const changedA = a.filter((c) => c.section === 'Mistral').at(-1)!;
    const changedB = b.filter((c) => c.section === 'Mistral').at(-1)!;
    expect(changedB.id).not.toBe(changedA.id);
    expect(changedB.hash).not.toBe(changedA.hash);
  });

  it('ids differ between documents with the same text', () => {
    const a = chunkDocument(mdDoc('Same text.', 'a.md'), { size: 100, overlap: 0 });
    const b = chunkDocument(mdDoc('Same text.', 'b.md'), { size: 100, overlap: 0 });
    expect(a[0].id).not.toBe(b[0].id);
    expect(a[0].hash).toBe(b[0].hash);
    expect(a[0].id.startsWith('a.md#')).toBe(true);
  });

  it.each([[300, 50], [700, 120], [1200, 200]])('the real article (size %i, overlap %i) gives exact chunks within size, in every section', async (size, overlap) => {
    const doc = await loadDocument(path.resolve(__dirname, '../knowledge'), 'ai-market-sovereign-ai.md');
    const chunks = chunkDocument(doc, { size, overlap });
    expectExact(doc, chunks);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(size);
      expect(c.title).toBe(doc.title);
      expect(c.docId).toBe(doc.id);
    }
    expect(new Set(chunks.map((c) => c.section))).toEqual(new Set(doc.sections.map((s) => s.title)));
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });
});

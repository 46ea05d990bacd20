// Chunks are what retrieval finds and answers quote, so they are made of whole sentences, stay inside
// one section (a chunk that starts in one section and ends in the next would be cited under the wrong
// heading), and point back into the document by exact offsets.
import { createHash } from 'node:crypto';
import { splitSentences } from '../text/sentences';
import type { Chunk, KnowledgeDocument } from './types';

export interface ChunkOptions {
  /** Most characters in a chunk. */
  size: number;
  /** About this many characters of whole trailing sentences are repeated at the start of the next chunk. */
  overlap: number;
}

interface Unit {
  start: number;
  end: number;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function chunkDocument(doc: KnowledgeDocument, opts: ChunkOptions): Chunk[] {
  const size = Math.max(1, Math.floor(opts.size));
  const overlap = Math.max(0, Math.min(Math.floor(opts.overlap), size - 1));
  const chunks: Chunk[] = [];
  for (const region of regions(doc)) {
    const units = splitSentences(doc.text.slice(region.start, region.end)).flatMap((s) =>
      splitLong(doc.text, region.start + s.start, region.start + s.end, size),
    );
    for (const span of pack(units, size, overlap)) {
      const text = doc.text.slice(span.start, span.end);
      chunks.push({
        id: `${doc.id}#${sha256(doc.id + span.start + text).slice(0, 16)}`,
        docId: doc.id,
        source: doc.source,
        title: doc.title,
        ...(region.title !== undefined ? { section: region.title } : {}),
        text,
        start: span.start,
        end: span.end,
        hash: sha256(text),
      });
    }
  }
  return chunks;
}

/** The document cut at every section edge; text outside any section (before the first heading) has no title. */
function regions(doc: KnowledgeDocument): { start: number; end: number; title?: string }[] {
  const len = doc.text.length;
  const cuts = new Set<number>([0, len]);
  for (const s of doc.sections) {
    cuts.add(clamp(s.start, 0, len));
    cuts.add(clamp(s.end, 0, len));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const byStart = [...doc.sections].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; title?: string }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i];
    const end = sorted[i + 1];
    // The innermost (latest-starting) section that covers this piece names it; binary search, since a
    // PDF or a long HTML page can have thousands of sections. The backward scan is capped: loader
    // sections are flat, and only hand-made nested ones need more than one step.
    let lo = 0;
    let hi = byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byStart[mid].start <= start) lo = mid + 1;
      else hi = mid;
    }
    let title: string | undefined;
    for (let k = lo - 1; k >= 0 && k >= lo - 64; k--) {
      if (byStart[k].end >= end) {
        title = byStart[k].title;
        break;
      }
    }
    out.push({ start, end, title });
  }
  return out;
}

/** A sentence longer than a chunk is cut at the last space that fits (or hard, for text without spaces). */
function splitLong(text: string, start: number, end: number, size: number): Unit[] {
  const out: Unit[] = [];
  let s = start;
  while (end - s > size) {
    let cut = s + size;
    let space = cut;
    while (space > s && !/\s/.test(text[space])) space--;
    if (space > s) cut = space;
    // Never cut a surrogate pair in half (emoji, rare CJK): the chunk text must stay valid UTF-16.
    else if (isLowSurrogate(text.charCodeAt(cut)) && cut - 1 > s) cut--;
    let e = cut;
    while (e > s && /\s/.test(text[e - 1])) e--;
    out.push({ start: s, end: e });
    s = cut;
    while (s < end && /\s/.test(text[s])) s++;
  }
  if (end > s) out.push({ start: s, end });
  return out;
}

/** Greedy packing of whole units; the next chunk starts with the trailing units that fit in `overlap`. */
function pack(units: Unit[], size: number, overlap: number): Unit[] {
  const out: Unit[] = [];
  let i = 0;
  while (i < units.length) {
    let j = i + 1;
    while (j < units.length && units[j].end - units[i].start <= size) j++;
    out.push({ start: units[i].start, end: units[j - 1].end });
    if (j >= units.length) break;
    // Carry the shortest-suffix-first run of whole sentences that fits in `overlap`, but only if the
    // next chunk can still take the following sentence — otherwise it would repeat this one forever.
    let k = j;
    while (k - 1 > i && units[j - 1].end - units[k - 1].start <= overlap && units[j].end - units[k - 1].start <= size) k--;
    i = k;
  }
  return out;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

// PDF text, page by page. pdfjs runs in this process (no worker thread, no font or CMap fetching):
// we only need the text layer, and a knowledge base must load without network access.
// Each page is a section titled "p. N" so answers can cite the page.
import type { Section } from './types';

export interface PdfText {
  text: string;
  sections: Section[];
  /** From the PDF's own document info, when it looks like a real title. */
  title?: string;
  metadata: Record<string, unknown>;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    // Registering the worker module on globalThis makes pdfjs use it in-thread instead of resolving
    // "./pdf.worker.mjs" at run time, which breaks under bundlers and test runners.
    // @ts-expect-error the worker bundle ships without type declarations
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

// Titles that PDF writers fill in by themselves and that would be worse than the file name.
const JUNK_TITLE = /^(untitled|microsoft (word|powerpoint) - .*|.*\.(docx?|pptx?|pdf))$/i;

/** Throws when the bytes are not a readable PDF; the loader turns that into a failure for this file. */
export async function pdfToText(bytes: Uint8Array): Promise<PdfText> {
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    // pdfjs transfers (detaches) the buffer it is given; the caller still needs its bytes.
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const metadata: Record<string, unknown> = {};
    let title: string | undefined;
    try {
      const info = (await doc.getMetadata()).info as Record<string, unknown> | undefined;
      const t = typeof info?.Title === 'string' ? info.Title.trim() : '';
      if (t && !JUNK_TITLE.test(t)) title = metadata.title = t;
      if (typeof info?.Author === 'string' && info.Author.trim()) metadata.author = info.Author.trim();
    } catch {
      // Document info is optional; the text is what matters.
    }

    let text = '';
    const sections: Section[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let pageText = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        pageText += item.str + (item.hasEOL ? '\n' : '');
      }
      page.cleanup();
      pageText = pageText.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
      if (!pageText) continue;
      if (text) text += '\n\n';
      sections.push({ title: `p. ${n}`, start: text.length, end: text.length + pageText.length });
      text += pageText;
    }
    return { text, sections, metadata, ...(title ? { title } : {}) };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

// Markdown stays as written: the document text is the body after the front matter, heading lines
// included, so a citation's offsets point straight into what the admin wrote (no Markdown rendering).
// Sections come from ATX headings (`#` to `######`) outside code fences; each runs to the next heading
// of any level, so sections never overlap. Setext headings (underlined with ===) are not sections.
import type { Section } from './types';

export interface MarkdownStructure {
  sections: Section[];
  /** Text of the first level-1 heading, the document's title when front matter has none. */
  h1?: string;
}

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function markdownStructure(text: string): MarkdownStructure {
  const headings: { start: number; title: string; level: number }[] = [];
  let fence: string | undefined;
  let pos = 0;
  while (pos <= text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = text.length;
    const line = text.slice(pos, eol);
    const f = FENCE.exec(line);
    if (f) {
      // A fence closes only with the same character, at least as long as the opener.
      if (!fence) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
    } else if (!fence) {
      const h = ATX.exec(line);
      if (h && h[2].trim()) headings.push({ start: pos, title: h[2].trim(), level: h[1].length });
    }
    pos = eol + 1;
  }
  const sections = headings.map((h, i) => ({
    title: h.title,
    start: h.start,
    end: i + 1 < headings.length ? headings[i + 1].start : text.length,
  }));
  return { sections, h1: headings.find((h) => h.level === 1)?.title };
}

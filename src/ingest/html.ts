// HTML pages are reduced to readable text: scripts, styles and navigation go (they are not knowledge,
// and script text in an answer would be absurd), entities are decoded, block elements become lines and
// every heading starts a section that runs to the next heading.
import { parse, HTMLElement, TextNode, type Node } from 'node-html-parser';
import type { Section } from './types';

export interface HtmlText {
  text: string;
  sections: Section[];
  title?: string;
}

// ASP.NET-style pages wrap everything in <form>, so forms stay; their buttons do not.
const DROP = 'script, style, nav, noscript, template, svg, iframe, object, canvas, head, button, select';
const HEADING = /^h[1-6]$/;
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer',
  'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'caption', 'details', 'summary',
]);
const CELL = new Set(['td', 'th']);

export function htmlToText(html: string): HtmlText {
  const root = parse(html, { comment: false, blockTextElements: { script: true, style: true, noscript: true, pre: true } });
  const titleEl = root.querySelector('title');
  const pageTitle = titleEl ? collapse(titleEl.text) : '';
  for (const el of root.querySelectorAll(DROP)) el.remove();

  const b = new Builder();
  const headings: { start: number; title: string; level: number }[] = [];
  const walk = (node: Node, pre: boolean): void => {
    if (node instanceof TextNode) {
      b.inline(pre ? node.text : collapse(node.text, true), pre);
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = node.tagName?.toLowerCase() ?? '';
    if (HEADING.test(tag)) {
      const title = collapse(node.text);
      if (!title) return;
      b.paragraph();
      headings.push({ start: b.inline(title, false), title, level: Number(tag[1]) });
      b.paragraph();
      return;
    }
    if (tag === 'br') return b.line();
    const block = BLOCK.has(tag);
    if (block) b.paragraph(tag === 'li' || tag === 'tr' || tag === 'dd' || tag === 'dt' ? 1 : 2);
    if (CELL.has(tag)) b.inline(' ', false);
    for (const child of node.childNodes) walk(child, pre || tag === 'pre');
    if (block) b.paragraph(tag === 'li' || tag === 'tr' || tag === 'dd' || tag === 'dt' ? 1 : 2);
  };
  walk(root.querySelector('body') ?? root, false);

  const text = b.text.trimEnd();
  const sections = headings.map((h, i) => ({
    title: h.title,
    start: h.start,
    end: i + 1 < headings.length ? headings[i + 1].start : text.length,
  }));
  const title = pageTitle || headings.find((h) => h.level === 1)?.title;
  return { text, sections, ...(title ? { title } : {}) };
}

function collapse(s: string, keepEdges = false): string {
  const c = s.replace(/\s+/g, ' ');
  return keepEdges ? c : c.trim();
}

/**
 * Appends text while keeping blank lines between blocks and single spaces inside them. Parts are kept
 * in an array: reading the end of one growing string flattens it each time, which made a 1 MB page take a minute.
 */
class Builder {
  private parts: string[] = [];
  private length = 0;
  private pendingBreaks = 0;

  get text(): string {
    return this.parts.join('');
  }

  paragraph(n = 2): void {
    this.pendingBreaks = Math.max(this.pendingBreaks, n);
  }

  line(): void {
    this.pendingBreaks = Math.max(this.pendingBreaks, 1);
  }

  /** Returns where the appended text starts. */
  inline(s: string, pre: boolean): number {
    const last = this.lastChar();
    if (!pre && !s.trim()) {
      if (last && !/\s/.test(last) && !this.pendingBreaks) this.append(' ');
      return this.length;
    }
    if (this.pendingBreaks && this.length) {
      this.trimTrailingSpaces();
      const have = this.trailingNewlines();
      if (this.pendingBreaks > have) this.append('\n'.repeat(this.pendingBreaks - have));
    }
    this.pendingBreaks = 0;
    const end = this.lastChar();
    if (!pre && (end === '' || end === '\n' || end === ' ')) s = s.replace(/^ +/, '');
    const start = this.length;
    this.append(s);
    return start;
  }

  private append(s: string): void {
    if (!s) return;
    this.parts.push(s);
    this.length += s.length;
  }

  private lastChar(): string {
    const p = this.parts[this.parts.length - 1];
    return p ? p[p.length - 1] : '';
  }

  private trimTrailingSpaces(): void {
    while (this.parts.length) {
      const p = this.parts[this.parts.length - 1];
      const t = p.replace(/[ \t]+$/, '');
      this.length -= p.length - t.length;
      if (t) {
        this.parts[this.parts.length - 1] = t;
        return;
      }
      this.parts.pop();
    }
  }

  private trailingNewlines(): number {
    let n = 0;
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const p = this.parts[i];
      let j = p.length - 1;
      while (j >= 0 && p[j] === '\n') j--;
      n += p.length - 1 - j;
      if (j >= 0) break;
    }
    return n;
  }
}

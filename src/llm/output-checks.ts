// Checks on what the model wrote before anyone sees it: citations must point at passages that were
// sent, links must not lead anywhere a cited source does not (a poisoned document could otherwise
// make the bot post an image or link that carries data to an attacker's host), and the abstain
// sentinel is recognised.
import type { Passage } from '../types';
import { SENTINEL } from './prompt';

export interface CheckedOutput {
  text: string;
  cited: number[];
  abstained: boolean;
  /** Citation numbers the model made up (not among the passages sent). */
  unknownCitations: number[];
  /** Link targets that were made inert. */
  neutralisedLinks: string[];
}

export function checkOutput(raw: string, sent: Passage[]): CheckedOutput {
  const abstained = raw.includes(SENTINEL);
  let text = abstained ? raw.split(SENTINEL).join(' ') : raw;
  const valid = new Set(sent.map((p) => p.n));
  const allowed = allowedLinkTargets(sent);
  const links = neutraliseLinks(text, allowed);
  const cites = filterCitations(links.text, valid);
  text = tidy(cites.text);
  // "NOT_IN_DOCUMENTS." leaves a lone full stop behind.
  if (abstained && !/[\p{L}\p{N}]/u.test(text)) text = '';
  return { text, cited: cites.cited, abstained, unknownCitations: cites.unknown, neutralisedLinks: links.neutralised };
}

/**
 * The same checks on a stream prefix, so partial text shown to users is never less safe than the
 * final text. Holds back a prefix of the sentinel and a half-written [n marker.
 */
export function checkPartial(raw: string, sent: Passage[]): string {
  const t = raw.trimStart();
  if (!t || SENTINEL.startsWith(t.slice(0, SENTINEL.length)) || t.startsWith(SENTINEL)) return '';
  // An unfinished "[1", "[label](http…" or "![alt](…" would flicker in an unchecked form.
  const held = raw.replace(/!?\[[^\]\n]*(\]\([^)\n]*)?$/, '');
  return checkOutput(held, sent).text;
}

/** Only exact http(s) URLs that are the `source` of a passage we sent may stay clickable. */
function allowedLinkTargets(sent: Passage[]): Set<string> {
  const out = new Set<string>();
  for (const p of sent) {
    const n = normaliseUrl(p.source);
    if (n) out.add(n);
  }
  return out;
}

function normaliseUrl(raw: string): string | undefined {
  try {
    const u = new URL(raw.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.href.replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

const IMAGE = /!\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+["'][^"'\n]*["'])?\s*\)/g;
const MD_LINK = /\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"'\n]*["'])?\s*\)/g;
const ANGLE_LINK = /<((?:https?|ftp|mailto):[^|>\s]+)(?:\|([^>\n]*))?>/gi;
const BARE_URL = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>()[\]"'`]+/gi;

export function neutraliseLinks(input: string, allowed: Set<string>): { text: string; neutralised: string[] } {
  const neutralised: string[] = [];
  const kept: string[] = [];
  // Allowed links hide behind placeholders so the bare-URL pass below does not defang them.
  const keep = (s: string) => `\u0000${kept.push(s) - 1}\u0000`;
  const isAllowed = (url: string) => {
    const n = normaliseUrl(url);
    return n !== undefined && allowed.has(n);
  };
  // Images are never needed in an answer and render (and fetch) by themselves: keep the alt text.
  let text = input.replace(IMAGE, (_m, alt: string, url: string) => {
    neutralised.push(url);
    return alt.trim();
  });
  text = text.replace(MD_LINK, (m, label: string, url: string) => {
    if (isAllowed(url)) return keep(m);
    neutralised.push(url);
    // "[1](http://…)" is still a citation marker once the link is gone.
    return /^\s*\d+\s*$/.test(label) ? `[${label.trim()}]` : label;
  });
  text = text.replace(ANGLE_LINK, (m, url: string, label?: string) => {
    if (isAllowed(url)) return keep(m);
    neutralised.push(url);
    return label?.trim() ?? defang(url);
  });
  text = text.replace(BARE_URL, (m) => {
    const url = m.replace(/[.,;:!?]+$/, '');
    const tail = m.slice(url.length);
    if (isAllowed(url)) return m;
    neutralised.push(url);
    return defang(url) + tail;
  });
  text = text.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]);
  return { text, neutralised };
}

/** hxxps://evil[.]example/x — readable, but no chat client links or unfurls it. */
export function defang(url: string): string {
  const m = /^([a-z]+:\/\/)?([^/?#]*)(.*)$/is.exec(url)!;
  const scheme = (m[1] ?? '').replace(/^http/i, 'hxxp').replace(/^ftp/i, 'fxp');
  return scheme + m[2].replace(/\./g, '[.]') + m[3];
}

// "[1]", "[1, 3]", "[2-4]"; the leading whitespace goes too when the whole marker is dropped.
const CITATION = /(\s*)\[\s*(\d+(?:\s*[,，\-–]\s*\d+)*)\s*\]/g;

export function filterCitations(input: string, valid: Set<number>): { text: string; cited: number[]; unknown: number[] } {
  const cited: number[] = [];
  const unknown: number[] = [];
  const text = input.replace(CITATION, (m, space: string, body: string) => {
    const nums = expand(body);
    if (!nums) return m;
    const good = nums.filter((n) => valid.has(n));
    for (const n of nums) if (!valid.has(n) && !unknown.includes(n)) unknown.push(n);
    for (const n of good) if (!cited.includes(n)) cited.push(n);
    return good.length ? space + good.map((n) => `[${n}]`).join('') : '';
  });
  return { text, cited, unknown };
}
/** Numbers in a marker body, or null when it is not a citation at all (e.g. "[2010-2024]"). */
function expand(body: string): number[] | null {
  const out: number[] = [];
  for (const part of body.split(/\s*[,，]\s*/)) {
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      // A range longer than a handful is not a citation ("[2010-2024]").
      if (b < a || b - a > 10) return null;
      for (let i = a; i <= b; i++) out.push(i);
    } else out.push(Number(part));
  }
  // Four digits is a year in brackets, not a passage number.
  if (out.some((n) => n > 999)) return null;
  return out.filter((n, i, all) => all.indexOf(n) === i);
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+([.,;:!?。])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// The last check on every answer before an adapter sees it, whoever wrote it (extractive quote,
// fallback or model): a link may only be a plain, visible URL of a cited source. A document can
// hold "[click](https://evil.example/phish)"; quoted as is, Slack and Discord would render a live
// link whose label hides where it leads. Everything else is made inert (label kept, URL defanged),
// with the same rules as the model-output checks. One place, so no adapter has to remember it.
import type { Answer, Citation } from '../types';
import { neutraliseLinks } from '../llm/output-checks';

type Linked = Pick<Answer, 'text' | 'citations'>;

export function withSafeLinks<T extends Linked>(answer: T): T {
  const allowed = citedUrls(answer.citations);
  return {
    ...answer,
    text: visibleLinks(neutraliseLinks(answer.text, allowed).text),
    citations: answer.citations.map((c) => ({ ...c, quote: visibleLinks(neutraliseLinks(c.quote, allowed).text) })),
  };
}

/** http(s) sources of cited documents, normalised the way the link checks compare them. */
function citedUrls(citations: Citation[]): Set<string> {
  const out = new Set<string>();
  for (const c of citations) {
    // No scheme, no URL: a path in the knowledge folder (a thrown error per answer cost more than the rest of this check).
    if (!c.source.includes(':')) continue;
    try {
      const u = new URL(c.source.trim());
      if (u.protocol === 'http:' || u.protocol === 'https:') out.add(u.href.replace(/\/$/, ''));
    } catch {
      // a path in the knowledge folder, not a URL
    }
  }
  return out;
}

// What survived the checks points at a cited source, but a label still hides the URL: show both.
const MASKED = /\[([^\]\n]+)\]\(\s*<?(https?:\/\/[^)\s>]+)>?(?:\s+["'][^"'\n]*["'])?\s*\)/gi;
const ANGLE = /<(https?:\/\/[^|>\s]+)\|([^>\n]*)>/gi;

function visibleLinks(text: string): string {
  return text
    .replace(MASKED, (_m, label: string, url: string) => (label.trim() === url ? url : `${label.trim()} (${url})`))
    .replace(ANGLE, (_m, url: string, label: string) => (label.trim() ? `${label.trim()} (${url})` : url));
}

// Text going to Slack and text coming from Slack. Everything the bot posts is treated as untrusted:
// answers quote documents and models, so a stray "<!channel>" must never reach Slack unescaped.

/** Slack's three control characters; once escaped, no `<!here>`, `<@U…>` or `<!subteam^…>` can form. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes and also breaks plain "@channel"/"@here"/"@everyone": Slack only links those when a
 * message is posted with link_names, but a word joiner keeps them inert even if someone turns that on.
 */
export function safeText(text: string): string {
  return escapeMrkdwn(text).replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** Light Markdown from the core (**bold**, # headings, - lists, [label](url)) to Slack mrkdwn, made safe. */
export function markdownToMrkdwn(text: string): string {
  return safeText(text)
    .split('\n')
    .map((line) => {
      let l = line.replace(/^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/, '*$1*');
      l = l.replace(/^(\s*)[-*+]\s+/, '$1• ');
      l = l.replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '*$1*');
      l = l.replace(/__(?=\S)(.+?)(?<=\S)__/g, '_$1_');
      // Only http(s) links: a javascript: or slack:// target from a document must not become clickable.
      l = l.replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)|]+)\)/g, (_m, label: string, url: string) => `<${url}|${label.replace(/\|/g, '¦')}>`);
      return l;
    })
    .join('\n');
}

/** Markdown stripped for the `text` fallback that notifications show; still escaped, since Slack parses it. */
export function markdownToPlain(text: string, max: number): string {
  const stripped = text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, '$1 ($2)');
  return safeTruncated(stripped, max);
}

/** Escaped text of at most `max` characters; shortened before escaping so no entity is cut in half. */
export function safeTruncated(text: string, max: number): string {
  let n = max;
  let out = safeText(truncate(text, n));
  while (out.length > max && n > 1) {
    n -= out.length - max;
    out = safeText(truncate(text, Math.max(1, n)));
  }
  return out;
}

/** Cuts at a paragraph, line or word boundary, never inside an `&amp;`-style entity. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n\n');
    if (cut < max / 2) cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) {
      cut = max;
      const amp = window.lastIndexOf('&');
      if (amp > max - 6 && !window.slice(amp).includes(';')) cut = amp;
    }
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim() || parts.length === 0) parts.push(rest);
  return parts;
}

/** Shortens to `max` characters of visible text, on a word boundary when one is near. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/**
 * Slack's encoded message text to what the user typed: the bot's own mention removed, links and
 * channel references to their labels, other mentions and broadcasts dropped, entities decoded.
 */
export function slackToPlain(text: string, botUserId?: string): string {
  return text
    // "… cc @alice" at the end addresses people, not the bot; left as "cc" it reads as an unknown name.
    .replace(/(^|\s)(?:cc|fyi)\s*:?\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)+$/gi, ' ')
    .replace(/<([@#!])?([^>|]+)(?:\|([^>]+))?>/g, (_m, kind: string | undefined, target: string, label: string | undefined) => {
      if (kind === '@') return target === botUserId ? ' ' : label ? `@${label}` : '';
      if (kind === '#') return label ? `#${label}` : '';
      if (kind === '!') return label ?? '';
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

// Front matter is the admin's way to give a document its title, author and language. A typo in it must
// never cost the document: bad YAML loads the body without metadata and says why in `warning`.
import { parse as parseYaml } from 'yaml';

export interface FrontMatterResult {
  metadata: Record<string, unknown>;
  /** The text after the closing `---` line (the whole input when there is no front matter). */
  body: string;
  /** Where `body` starts in the input, so offsets can be mapped back to the file. */
  bodyOffset: number;
  /** Set when a front-matter block was found but could not be used. */
  warning?: string;
}

// The block must open on the very first line; the closing fence may also be `...` (YAML end of document).
const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

export function parseFrontMatter(input: string): FrontMatterResult {
  const open = OPEN.exec(input);
  if (!open) return { metadata: {}, body: input, bodyOffset: 0 };

  const rest = input.slice(open[0].length);
  const close = CLOSE.exec(rest);
  // No closing fence: treat the `---` as a Markdown rule, not front matter, and keep everything.
  if (!close) return { metadata: {}, body: input, bodyOffset: 0 };

  const yamlText = rest.slice(0, close.index);
  const bodyOffset = open[0].length + close.index + close[0].length;
  const body = input.slice(bodyOffset);

  let parsed: unknown;
  try {
    parsed = parseYaml(yamlText, { prettyErrors: true, uniqueKeys: false });
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { metadata: {}, body, bodyOffset, warning: `front matter is not valid YAML (${why}); loaded without metadata` };
  }
  if (parsed === null || parsed === undefined) return { metadata: {}, body, bodyOffset };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { metadata: {}, body, bodyOffset, warning: 'front matter is not a list of "key: value" lines; loaded without metadata' };
  }
  return { metadata: parsed as Record<string, unknown>, body, bodyOffset };
}

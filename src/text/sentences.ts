// Sentence spans for chunking and for short citation quotes, in Korean and English text.
//
// Rules (each exists because the naive "split at . ? !" got it wrong on our documents):
// - Every line ends a sentence; a Markdown heading line (`## Title`) is one sentence on its own.
// - Korean: a Hangul syllable + `.`/`?`/`!` ends a sentence even with no space after it, because
//   sources glue sentences together ("양상이다.하지만").
// - English: `.`/`?`/`!` ends a sentence only when whitespace follows and the next word does not start
//   lowercase; never inside numbers (1.5, GPT-4.5), after abbreviations (Mr., e.g., U.S., Inc.) or initials.
// - Nothing inside a quotation splits ("“기다려... 아니”"), unless the quote itself closes the sentence.
//
// Offsets: `text.slice(start, end) === sentence.text` always. A span is trimmed of surrounding whitespace,
// and leading Markdown markers (`#` heading marks, `- `/`* `/`+ ` bullets, `1. ` numbers, `> ` quotes)
// are left outside it, as are a heading's closing `#`s. Lines that are only markup (`---`, code fences) give no sentence.

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

const HANGUL = /[\uac00-\ud7a3\u3131-\u318e]/;
const TERMINATOR = /[.?!…。！？]/;
const CJK_STOP = /[。！？]/;
const CLOSER = /["'”’)\]」』》〉]/;
const GLUED_NEXT = /[\p{L}"“‘'(\[「『]/u;
const LOWER_LATIN = /[a-z]/;
const UPPER_LATIN = /[A-Z]/;
const SPACE = /\s/;

// Never a sentence end when followed by a space: titles, Latin shorthands, company suffixes.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'gen', 'gov', 'sen', 'rep', 'rev', 'hon', 'capt', 'col', 'lt', 'sgt',
  'vs', 'cf', 'al', 'approx', 'fig', 'figs', 'no', 'nos', 'vol', 'pp', 'ca', 'viz', 'incl', 'dept', 'est', 'ed', 'eds',
  'inc', 'ltd', 'co', 'corp', 'llc', 'plc', 'bros', 'e.g', 'i.e',
]);
// Month shorthands only before a day number ("Jan. 5"); "We met in Jan. The ..." still splits.
const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

const HEADING = /^#{1,6}(?=\s|$)/;
const MARKER = /^(?:>[ \t]?|[-*+][ \t]+|\d{1,3}[.)][ \t]+)/;
const MARKUP_ONLY = /^(?:[-*_=]{3,}|`{3,}.*|~{3,}.*)$/;

export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    splitLine(text, lineStart, lineEnd, out);
    lineStart = lineEnd + 1;
  }
  return out;
}

function push(text: string, start: number, end: number, out: SentenceSpan[]): void {
  while (start < end && SPACE.test(text[start])) start++;
  while (end > start && SPACE.test(text[end - 1])) end--;
  if (end > start) out.push({ text: text.slice(start, end), start, end });
}

function splitLine(text: string, lineStart: number, lineEnd: number, out: SentenceSpan[]): void {
  let cs = lineStart;
  while (cs < lineEnd && SPACE.test(text[cs])) cs++;
  const line = text.slice(cs, lineEnd).trimEnd();
  if (!line || MARKUP_ONLY.test(line)) return;

  const heading = HEADING.exec(line);
  if (heading) {
    // A heading is a title, never split; drop the optional closing hashes ("## Title ##").
    const inner = line.slice(heading[0].length).replace(/\s+#+$/, '');
    const offset = cs + heading[0].length;
    push(text, offset, offset + inner.length, out);
    return;
  }
  for (let m = MARKER.exec(text.slice(cs, lineEnd)); m; m = MARKER.exec(text.slice(cs, lineEnd))) cs += m[0].length;

  const segment = text.slice(cs, lineEnd);
  // An unbalanced quote on a line would swallow every later sentence; then quotes are not tracked.
  const trackCurly = count(segment, '“') === count(segment, '”') && count(segment, '「') === count(segment, '」');
  const trackAscii = count(segment, '"') % 2 === 0;

  let depth = 0;
  let asciiOpen = false;
  let sentenceStart = cs;
  let i = cs;
  while (i < lineEnd) {
    const c = text[i];
    if (trackCurly && (c === '“' || c === '「' || c === '『')) depth++;
    else if (trackCurly && (c === '”' || c === '」' || c === '』')) depth = Math.max(0, depth - 1);
    else if (trackAscii && c === '"') asciiOpen = !asciiOpen;
    if (!TERMINATOR.test(c)) {
      i++;
      continue;
    }
    let j = i;
    while (j < lineEnd && TERMINATOR.test(text[j])) j++;
    let k = j;
    while (k < lineEnd && CLOSER.test(text[k])) {
      const q = text[k];
      if (trackCurly && (q === '”' || q === '」' || q === '』')) depth = Math.max(0, depth - 1);
      else if (trackAscii && q === '"') asciiOpen = !asciiOpen;
      k++;
    }
    const quoted = depth > 0 || asciiOpen;
    if (!quoted && k < lineEnd && isBoundary(text, cs, i, j, k, lineEnd)) {
      push(text, sentenceStart, k, out);
      sentenceStart = k;
    }
    i = k;
  }
  push(text, sentenceStart, lineEnd, out);
}

/** Terminators at [i, j), closing quotes/brackets at [j, k); k is inside the line. */
function isBoundary(text: string, lineStart: number, i: number, j: number, k: number, lineEnd: number): boolean {
  const run = text.slice(i, j);
  if (CJK_STOP.test(run)) return true;
  const prev = i > lineStart ? text[i - 1] : '';
  const next = text[k];
  const ellipsis = run.includes('…') || run.includes('..');

  if (!SPACE.test(next)) {
    // Glued sentences only happen in Korean: "양상이다.하지만", "걸까?그런데". "U.S.", "1.5", "GPT-4.5" stay whole.
    return !ellipsis && HANGUL.test(prev) && GLUED_NEXT.test(next);
  }

  let p = k;
  while (p < lineEnd && SPACE.test(text[p])) p++;
  if (p >= lineEnd) return true;
  const after = text[p];
  // "approx. five", "e.g. the", "Yahoo! is": a lowercase word continues the sentence.
  if (LOWER_LATIN.test(after)) return false;
  // "기다려... 그리고" and "well... Then": only a capital after an ellipsis starts a new sentence.
  if (ellipsis) return UPPER_LATIN.test(after);
  if (run !== '.' || k !== j) return true;
  return !isAbbreviation(wordBefore(text, lineStart, i), after);
}

function wordBefore(text: string, lineStart: number, i: number): string {
  let s = i;
  while (s > lineStart && !SPACE.test(text[s - 1]) && !/[("“‘'\[]/.test(text[s - 1])) s--;
  return text.slice(s, i);
}

function isAbbreviation(word: string, after: string): boolean {
  if (!word) return false;
  const lower = word.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return true;
  // Dotted shorthands and initials: U.S, U.K, e.g (the last dot is the terminator), "J. Smith".
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  if (/^[A-Z]$/.test(word)) return true;
  if (MONTHS.has(lower)) return /\d/.test(after);
  return false;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let at = s.indexOf(ch); at !== -1; at = s.indexOf(ch, at + 1)) n++;
  return n;
}

// Turns Korean, English and mixed text into index terms. Used by BM25, the offline embedder and
// the extractive answerer, so a question and a document always meet on the same terms.
//
// Korean: words lose their trailing particles (미스트랄AI는 / 미스트랄AI의 → 미스트랄ai), and every
// Hangul run also yields syllable bigrams, so conjugated or compounded forms still meet.
// English: case folding, a light suffix stemmer and stop words. Mixed tokens (GPT-4, 1억1300만,
// 20%) are kept whole and also split into their parts.

/** Bump when the terms produced change: persisted indexes built with another version are rebuilt. */
export const ANALYZER_VERSION = 'ko-en-5';

// Longest first: the first match wins. Particles and copula endings that follow nouns.
const PARTICLES = [
  '으로부터', '에서부터', '로부터', '에게서', '이라는', '이라고', '이라면', '에서는', '에서도', '에서의', '으로는', '으로서', '으로써',
  '이지만', '에게는', '까지는', '부터는', '보다는', '처럼', '만큼', '까지', '부터', '보다', '에서', '에게', '한테', '으로', '이나',
  '라는', '라고', '이며', '이다', '이고', '에는', '에도', '와의', '과의', '로는', '로서', '로써', '하고', '이랑',
  '은', '는', '이', '가', '을', '를', '의', '에', '와', '과', '도', '로', '만', '나', '랑', '야', '요', '며', '들',
];

const EN_STOP = new Set(
  ('a an the and or but if of to in on at by for with from as is are was were be been being do does did done has have had ' +
    'what which who whom whose when where why how much many it its this that these those there their they them he she his her ' +
    'i me my we our you your can could would should will shall may might about into than then so such any all some more most ' +
    'also just only very not no yes besides mentioned tell say said according please know give per called named name call').split(' '),
);

// Question words and fillers that carry no content in a Korean question.
const KO_STOP = new Set(
  ('누구 누가 누구누구 무엇 뭐 뭐야 뭔가 무슨 어디 어디서 언제 어떻게 어떤 얼마 얼마나 몇 왜 정확히 혹시 그럼 그리고 그러면 ' +
    '이름 명칭 규모 금액 액수 수치 날짜 시기 연도 년도 알려줘 알려 주세요 말해줘 설명해줘 있어 있나 있나요 했어 됐어 이야 인가 인가요 입니까 뭐라고 대해 관해 ' +
    '이런 그런 저런 이 그 저 것 수 등 및 또 더 좀 정도 대한').split(' '),
);

// Question words and requests with whatever ending follows them (얼마라고, 어디어디, 몇이야, 알려주세요).
const KO_QUESTION = /^(얼마|언제|누구|누가|무엇|뭐|뭘|어디|어떻|어떤|어느|몇|왜|알려|말해|설명해|가르쳐)/;

const EN_SUFFIXES: [RegExp, string][] = [
  [/ies$/, 'y'],
  [/(ss)es$/, '$1'],
  [/([^aeiou])ing$/, '$1'],
  [/([^aeiou])ed$/, '$1'],
  [/ers?$/, ''],
  [/(s|x|z|ch|sh)es$/, '$1'],
  [/([^su])s$/, '$1'],
  [/ly$/, ''],
];

/** A light English stemmer: enough to meet founded/founder/founding and investors/investment halfway. */
export function stemEnglish(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  for (const [re, rep] of EN_SUFFIXES) {
    if (re.test(word)) {
      const out = word.replace(re, rep);
      return out.length >= 3 ? out : word;
    }
  }
  return word;
}

// Particles grouped by their last syllable: a word is checked against a handful, not all of them.
const PARTICLES_BY_LAST = new Map<string, string[]>();
for (const p of PARTICLES) {
  const last = p[p.length - 1];
  PARTICLES_BY_LAST.set(last, [...(PARTICLES_BY_LAST.get(last) ?? []), p]);
}

export function stripParticle(word: string): string {
  for (const p of PARTICLES_BY_LAST.get(word[word.length - 1]) ?? []) {
    if (word.length > p.length && word.endsWith(p)) {
      const rest = word.slice(0, -p.length);
      // A one-syllable stem only loses a long particle (건에서 → 건), not a one-syllable one that
      // may be part of the word (나라 ≠ 나 + 라); non-Hangul stems always do (AI는 → ai).
      if (rest.length >= 2 || p.length >= 2 || !/[\uac00-\ud7a3]/.test(rest)) return rest;
    }
  }
  return word;
}

const HANGUL = /[\uac00-\ud7a3]/;
// Words: runs of letters/digits/Hangul with inner joiners that belong to the token (GPT-4, 2.75, 20%).
const WORD_RE = /[\p{L}\p{N}]+(?:[.\-'’][\p{L}\p{N}]+)*%?/gu;
const SCRIPT_RUN_RE = /[\uac00-\ud7a3]+|[a-z]+|[0-9]+(?:[.,][0-9]+)*%?|[^\uac00-\ud7a3a-z0-9]+/g;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export interface AnalyzeOptions {
  /** Hangul syllable bigrams (default true). */
  bigrams?: boolean;
}

/** Terms of a text, in order, with repeats (term frequency matters to BM25). */
// Words repeat: the terms of each distinct word are worth remembering (bounded).
const memo = [new Map<string, string[]>(), new Map<string, string[]>()];
const MEMO_LIMIT = 200_000;

export function analyze(text: string, opts: AnalyzeOptions = {}): string[] {
  const bigrams = opts.bigrams ?? true;
  const cache = memo[bigrams ? 1 : 0];
  const out: string[] = [];
  for (const raw of normalize(text).match(WORD_RE) ?? []) {
    let terms = cache.get(raw);
    if (!terms) {
      terms = [];
      analyzeWord(raw, bigrams, terms);
      if (cache.size >= MEMO_LIMIT) cache.clear();
      cache.set(raw, terms);
    }
    for (const t of terms) out.push(t);
  }
  return out;
}

// Between two words, one of these ends a sentence (roughly: enough to tell which words share one).
const SENTENCE_END_CODES = new Set([...'.?!…。！？\n'].map((c) => c.charCodeAt(0)));

/**
 * Every term of the text (as `analyze` gives them, bigrams included) with the number of the sentence
 * it is in, counting from 0. One pass, no array per sentence: retrieval calls it on 20 chunks a question.
 */
export function visitTermsBySentence(text: string, visit: (term: string, sentence: number) => void): void {
  const cache = memo[1];
  const norm = normalize(text);
  const words = new RegExp(WORD_RE.source, 'gu');
  let sentence = 0;
  let last = 0;
  for (let m = words.exec(norm); m; m = words.exec(norm)) {
    const at = m.index;
    for (let i = last; i < at; i++) {
      if (SENTENCE_END_CODES.has(norm.charCodeAt(i))) {
        sentence++;
        break;
      }
    }
    last = at + m[0].length;
    let terms = cache.get(m[0]);
    if (!terms) {
      terms = [];
      analyzeWord(m[0], true, terms);
      if (cache.size >= MEMO_LIMIT) cache.clear();
      cache.set(m[0], terms);
    }
    for (let i = 0; i < terms.length; i++) visit(terms[i], sentence);
  }
}

function analyzeWord(raw: string, bigrams: boolean, out: string[]): void {
  const word = raw.replace(/’/g, "'").replace(/'s$/, '');
  if (!HANGUL.test(word)) {
    addLatin(word, out);
    return;
  }
  // Korean numbers end in units that look like particles (1억1300만, 3조8000억원): keep them whole.
  const stem = /^[0-9][0-9.,]*[만억조천백원]/.test(word) ? word : stripParticle(word);
  if (KO_STOP.has(stem) || KO_STOP.has(word) || KO_QUESTION.test(stem)) return;
  const runs = stem.match(SCRIPT_RUN_RE) ?? [stem];
  if (runs.length > 1) out.push(stem); // mixed token kept whole: 미스트랄ai, 1억1300만
  for (const run of runs) {
    if (HANGUL.test(run)) {
      // A lone syllable (개, 약, 억) says little on its own; it still counts inside a mixed token.
      if (run.length > 1 && !KO_STOP.has(run)) out.push(run);
      if (bigrams && run.length >= 2) for (let i = 0; i + 2 <= run.length; i++) out.push('§' + run.slice(i, i + 2));
    } else if (/[a-z0-9]/.test(run)) {
      addLatin(run, out);
    }
  }
}

function addLatin(word: string, out: string[]): void {
  if (/^[a-z]+$/.test(word)) {
    if (!EN_STOP.has(word)) out.push(stemEnglish(word));
    return;
  }
  // GPT-4 → gpt-4, gpt, 4 ; 2.75 → 2.75 ; 20% → 20%, 20
  out.push(word);
  const parts = word.split(/[.\-']/).filter(Boolean);
  if (parts.length > 1) for (const p of parts) if (!EN_STOP.has(p)) out.push(/^[a-z]+$/.test(p) ? stemEnglish(p) : p);
  if (word.endsWith('%')) out.push(word.slice(0, -1));
}

/** Terms that stand for whole words (no bigrams): what a person would call the question's keywords. */
export function keywords(text: string): string[] {
  return analyze(text, { bigrams: false });
}

export function isBigram(term: string): boolean {
  return term.startsWith('§');
}

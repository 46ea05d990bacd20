// The offline answer: choose the sentences of the best passages that cover the question, quote
// them with citations, and say plainly when nothing does. No model involved, so it is also what
// users get when an LLM is configured but fails.
import type { Chunk } from '../ingest/types';
import type { Citation, Lang } from '../types';
import { analyze } from '../text/analyzer';
import { splitSentences } from '../text/sentences';
import type { Glossary, GlossaryMatch } from '../retrieval/glossary';
import type { AnalyzedQuery } from '../retrieval/query';
import { answerGlosses } from '../retrieval/transliteration/gloss';
import { answerTypeOf, answerTypeScore, REQUIRED } from './answer-type';
import { coverage, coverageOf, degree, weighGroups, type TermStats, type WeightedGroup } from './coverage';

export interface RankedChunk {
  chunk: Chunk;
  score: number;
}

export interface ExtractiveResult {
  text: string;
  citations: Citation[];
  abstained: boolean;
  /** Why it abstained, for logs and tests. */
  reason?: string;
  /** Best coverage found (0..1): how much of the question the quoted passage answers. */
  confidence: number;
}

/** Below this share of the question's weight, a passage is loosely related, not an answer. */
export const MIN_COVERAGE = 0.72;
const MAX_QUOTE = 320;
const MONEY_WORDS = new Set(['money', 'fund', 'invest', 'investment', 'price', 'cost', 'valuation', '투자', '자금', '가격', '비용', '금액', '돈']);
const CURRENCY = /[$€£₩]\s?\d|\d[\d,.]*\s?(억|만|조|천)?\s?(달러|원|유로|엔|dollars?|euros?|won)|\d\s?(billion|million)\b/i;
const PASSAGES_READ = 8;
const MAX_EXTENDED = 480;

interface Window {
  chunk: Chunk;
  chunkRank: number;
  sentences: Sentence[];
  first: number;
  last: number;
  start: number;
  end: number;
  text: string;
  cover: number;
  covered: boolean[];
  /** How much the answering sentence holds what the question asks for (date, figure, names). */
  typed: number;
  score: number;
}

export function extractiveAnswer(
  query: AnalyzedQuery,
  ranked: RankedChunk[],
  stats: TermStats,
  glossary: Glossary,
  lang: Lang,
  /** The chunk that follows a chunk in its document, so an answer can go on past a chunk boundary. */
  nextChunk: (chunk: Chunk) => Chunk | undefined = () => undefined,
): ExtractiveResult {
  const groups = weighGroups(query.groups, stats);
  // A name, a number, or a glossary concept (revenue, GPU) the knowledge base never mentions: the
  // documents cannot answer a question about it, however well the rest of the question matches.
  const unknown = groups.find(
    (g) => !g.present && !g.group.context && !g.group.unverifiable && (g.group.kind === 'entity' || g.group.kind === 'number' || g.group.entryKind !== undefined),
  );
  if (unknown) return abstain(lang, `the documents never mention “${unknown.group.label}”`, unknown.group.label);
  if (!groups.some((g) => g.present) || !ranked.length) return abstain(lang, 'no passage shares the question’s terms');
  // "What is the weather in Paris today?": one word of it is in the documents, the question is not.
  // (Counted on Latin-script words only: Korean questions carry verbs and particles the article
  // phrases differently, English words reach a Korean text only through the glossary.)
  const latin = groups.filter((g) => !g.group.context && !g.group.unverifiable && g.group.kind !== 'predicate' && /^[A-Za-z]/.test(g.group.label));
  if (latin.length >= 3 && latin.filter((g) => g.present).length <= 1) {
    return abstain(lang, 'most of the question’s words never appear in the documents');
  }

  const type = answerTypeOf(query.text);
  const questionNames = query.names;
  // "파라미터 수가 몇 개야": the figure must come with 파라미터, not from a neighbouring fact.
  const focusGroup = query.focus.find((f) => groups.some((g) => g.group === f && g.present));
  const focus = groups.findIndex((g) => g.group === focusGroup);
  // A sum of money answers "how much money / funding / 투자" by itself.
  const moneyFocus = focusGroup !== undefined && [focusGroup.terms, ...focusGroup.alternatives].flat().some((t) => MONEY_WORDS.has(t));
  const typed = (matches: GlossaryMatch[], text: string, degrees: number[]) => {
    if (type !== 'amount' || focus < 0) return answerTypeScore(type, text, matches, questionNames);
    if (moneyFocus && CURRENCY.test(text)) return 1;
    if (degrees[focus] < 0.5) return 0;
    // With the counted word in the sentence, a bare number is the count ("has 1427 employees").
    return /\d/.test(text) ? 1 : 0;
  };
  const windows = candidateWindows(ranked.slice(0, PASSAGES_READ), groups, typed, glossary, questionNames);
  if (!windows.length) return abstain(lang, 'no passage covers the question');
  windows.sort((a, b) => b.score - a.score);
  // "When" wants a date and "how much" a figure: a passage without one does not answer.
  const best = REQUIRED.has(type) ? windows.find((w) => w.typed > 0) : windows[0];
  if (!best) return abstain(lang, `no passage has the ${type === 'when' ? 'date' : 'figure'} asked for`);
  if (best.cover < MIN_COVERAGE) {
    return { ...abstain(lang, `best passage covers ${(best.cover * 100).toFixed(0)}% of the question`), confidence: best.cover };
  }

  // A second passage only when it answers a part of the question the first one left out.
  const chosen = [extend(best, groups, nextChunk)];
  const missing = groups.map((g, i) => g.present && !best.covered[i]);
  if (missing.some(Boolean)) {
    const extra = windows.find((w) => w !== best && !overlaps(w, chosen[0]) && w.covered.some((c, i) => c && missing[i]) && w.cover >= 0.4);
    if (extra) chosen.push(extra);
  }

  const citations: Citation[] = chosen.map((w, i) => ({
    n: i + 1,
    docId: w.chunk.docId,
    title: w.chunk.title,
    section: w.chunk.section,
    quote: clip(w.text, MAX_QUOTE),
    score: Number(w.cover.toFixed(3)),
    source: w.chunk.source,
    start: w.start,
    end: w.end,
  }));
  return { text: compose(chosen, citations, lang, glossary, questionNames, query), citations, abstained: false, confidence: best.cover };
}

interface Sentence {
  text: string;
  start: number;
  end: number;
  terms: Set<string>;
  /** Glossary names in the sentence, and the glossary they came from (a reload may bring another). */
  names?: { glossary: Glossary; matches: GlossaryMatch[]; topic: GlossaryMatch[] };
}

function candidateWindows(
  ranked: RankedChunk[],
  groups: WeightedGroup[],
  typed: (matches: GlossaryMatch[], text: string, degrees: number[]) => number,
  glossary: Glossary,
  questionNames: Set<string>,
): Window[] {
  const out: Window[] = [];
  const asked = (m: GlossaryMatch) => m.entry.names.some((n) => questionNames.has(n));
  ranked.forEach(({ chunk }, chunkRank) => {
    const sentences = sentencesOf(chunk);
    // How far each sentence covers each concept; a window covers a concept as well as its best sentence does.
    const degrees = sentences.map((s) => groups.map((g) => (g.present ? degree(g, s.terms) : 0)));
    sentences.forEach((sentence, i) => {
      const names = namesOf(sentence, glossary);
      const best = [...degrees[i]];
      // A sentence alone, or with up to two before it: Korean often leaves the subject in an
      // earlier sentence ("전직 구글 연구원인 아이단 고메즈가 설립했으며" follows the one naming Cohere).
      for (let a = i; a >= Math.max(0, i - 2); a--) {
        // A sentence that opens with another name as its topic ("미스트랄AI는 …") talks about
        // something else, so it cannot borrow the subject of the sentences before it.
        if (a < i && namesOf(sentences[a + 1], glossary).topic.some((m) => !asked(m))) break;
        if (a < i) degrees[a].forEach((d, g) => (best[g] = Math.max(best[g], d)));
        const c = coverageOf(groups, best);
        // An answer about Mistral must mention Mistral: a passage missing a name the user asked about is out.
        if (c.value === 0 || groups.some((g, k) => g.present && g.group.kind === 'entity' && !g.group.context && !c.covered[k])) continue;
        const text = chunk.text.slice(sentences[a].start, sentences[i].end);
        const typedHere = typed(names.matches, sentence.text, degrees[i]);
        const typeBonus = 0.15 * typedHere;
        // Extra sentences must earn their place; the answer kind the question asks for wins ties;
        // long quotes and lower-ranked passages lose them.
        // A passage whose topic is another name ("앤스로픽은 … 오픈AI에서 일하던 직원 7명") is about that name.
        const offTopic = namesOf(sentences[a], glossary).topic.some((m) => !asked(m)) ? 0.06 : 0;
        const score =
          c.value +
          typeBonus -
          offTopic -
          (i - a) * 0.05 -
          chunkRank * 0.01 -
          Math.max(0, text.length - 250) / 5000;
        // The date or figure may sit in an earlier sentence of the window ("…raised $40 million. The money …"),
        // but only one that is itself about what was asked, not merely about the same company.
        const typedWindow = Math.max(
          typedHere,
          ...sentences
            .slice(a, i)
            .map((s, j) => (aboutTheQuestion(groups, degrees[a + j]) ? typed(namesOf(s, glossary).matches, s.text, degrees[a + j]) : 0)),
        );
        out.push({ chunk, chunkRank, sentences, first: a, last: i, start: chunk.start + sentences[a].start, end: chunk.start + sentences[i].end, text, cover: c.value, covered: c.covered, score, typed: typedWindow });
      }
    });
  });
  // The same span can come from two overlapping chunks: keep its best-ranked copy.
  const seen = new Set<string>();
  return out.filter((w) => {
    const key = `${w.chunk.docId}:${w.start}:${w.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The sentence covers one of the question's words or verbs, not only its names. */
function aboutTheQuestion(groups: WeightedGroup[], degrees: number[]): boolean {
  return groups.some((g, k) => g.present && !g.group.context && g.group.kind !== 'entity' && degrees[k] >= 0.5);
}

// Chunks live as long as their snapshot; their sentences and terms are worth keeping with them.
const sentenceCache = new WeakMap<Chunk, Sentence[]>();

function sentencesOf(chunk: Chunk): Sentence[] {
  let out = sentenceCache.get(chunk);
  if (!out) {
    // A heading is a topic, not an answer.
    out = splitSentences(chunk.text)
      .filter((s) => s.text !== chunk.section)
      .map((s) => ({ ...s, terms: new Set(analyze(s.text)) }));
    sentenceCache.set(chunk, out);
  }
  return out;
}

function namesOf(s: Sentence, glossary: Glossary): NonNullable<Sentence['names']> {
  if (s.names?.glossary !== glossary) {
    const head = /^\s*((?:[^\s,]+\s){0,2}?[^\s,]+?)(은|는)\s/.exec(s.text);
    const topic = head ? glossary.match(head[1]).filter((m) => m.entry.kind !== 'term') : [];
    s.names = { glossary, matches: glossary.match(s.text), topic };
  }
  return s.names;
}

/** Adds the next sentence when it goes on about the question ("…우려는 안타까운 일이다. 지난 2월 … 우려와 반독점법 …"). */
function extend(w: Window, groups: WeightedGroup[], nextChunk: (chunk: Chunk) => Chunk | undefined): Window {
  const next = w.sentences[w.last + 1];
  if (next) {
    const text = w.chunk.text.slice(w.sentences[w.first].start, next.end);
    if (text.length > MAX_EXTENDED || coverage(groups, next.terms).value < 0.34) return w;
    return { ...w, last: w.last + 1, end: w.chunk.start + next.end, text };
  }
  // The sentence after the window opens the next chunk (past the overlap), in the same section.
  const after = nextChunk(w.chunk);
  if (!after || after.docId !== w.chunk.docId || after.section !== w.chunk.section) return w;
  const first = sentencesOf(after).find((s) => after.start + s.start >= w.end);
  if (!first || w.text.length + 1 + first.text.length > MAX_EXTENDED || coverage(groups, first.terms).value < 0.34) return w;
  return { ...w, end: after.start + first.end, text: `${w.text}\n${first.text}` };
}

function overlaps(a: Window, b: Window): boolean {
  return a.chunk.docId === b.chunk.docId && a.start < b.end && b.start < a.end;
}

function compose(windows: Window[], citations: Citation[], lang: Lang, glossary: Glossary, questionNames: Set<string>, query: AnalyzedQuery): string {
  const quotes = windows.map((w, i) => `${oneLine(w.text)} [${citations[i].n}]`);
  const sourceIsKorean = windows.some((w) => /[\uac00-\ud7a3]/.test(w.text));
  if (lang === 'ko' || !sourceIsKorean) {
    if (lang === 'en') return `According to the knowledge base:\n${quotes.map((q) => `> ${q}`).join('\n')}`;
    return `문서에 따르면:\n${quotes.map((q) => `> ${q}`).join('\n')}`;
  }
  // An English question answered from a Korean source: say so, and gloss the names it uses.
  const extra = answerGlosses(query.groups, windows.map((w) => w.text).join(' '));
  const gloss = [...extra.names, ...glossFor(windows.map((w) => w.text).join(' '), glossary, questionNames)];
  return [
    'From the knowledge base (the source is in Korean; quoted as written):',
    ...quotes.map((q) => `> ${q}`),
    gloss.length ? `Key terms: ${gloss.join('; ')}.` : '',
    extra.figures.length ? `Figures: ${extra.figures.join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function glossFor(text: string, glossary: Glossary, questionNames: Set<string>): string[] {
  // Names the user asked about first, then people (often the answer), other names, plain terms.
  const rank = (m: { entry: { names: string[]; kind: string } }) =>
    m.entry.names.some((n) => questionNames.has(n)) ? 0 : m.entry.kind === 'person' ? 1 : m.entry.kind === 'term' ? 3 : 2;
  const squashed = text.replace(/\s+/g, '');
  const out: string[] = [];
  for (const m of glossary.match(text).sort((a, b) => rank(a) - rank(b))) {
    const korean = m.entry.names.find((n) => /[\uac00-\ud7a3]/.test(n) && squashed.includes(n.replace(/\s+/g, '')));
    const english = m.entry.names.find((n) => /^[A-Za-z]/.test(n));
    if (korean && english) out.push(`${korean} = ${english}`);
    if (out.length >= 8) break;
  }
  return out;
}

function abstain(lang: Lang, reason: string, missing?: string): ExtractiveResult {
  const text =
    lang === 'ko'
      ? `제공된 문서에서는 이 질문에 대한 답을 찾지 못했습니다.${missing ? ` 문서에 ‘${missing}’에 대한 내용이 없습니다.` : ''} 다른 표현으로 물어보시거나 관리자에게 문서 추가를 요청해 주세요.`
      : `I couldn't find the answer in the knowledge base.${missing ? ` The documents don't mention “${missing}”.` : ''} Try rephrasing, or ask an admin to add a document that covers it.`;
  return { text, citations: [], abstained: true, reason, confidence: 0 };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function clip(text: string, max: number): string {
  const t = oneLine(text);
  return t.length <= max ? t : t.slice(0, max - 1).trimEnd() + '…';
}

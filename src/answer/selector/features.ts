// What the answer selector knows about a candidate sentence. Every feature is about how the
// question meets the sentence, its passage and the ranking, never about a topic, so weights learned
// on one set of documents carry over to others. The selector's weights are fitted on these (see
// fit.ts and `npm run train`); adding, removing or reordering a feature needs new weights.
import type { Chunk } from '../../ingest/types';
import { analyze, isBigram } from '../../text/analyzer';
import { splitSentences } from '../../text/sentences';
import type { AnalyzedQuery } from '../../retrieval/query';
import { answerTypeOf, type AnswerType } from '../answer-type';
import { coverageValue, degree, type TermStats, type WeightedGroup } from '../coverage';
import { answerSpan } from './span';
import { askedFigure, dateFits, figureFits } from './attributes';
import { asksDefinition, definiendum, dropsTopic, roleSlots, topicWords, type RoleSlot } from './roles';
import { familiesOf, questionFamilies } from './word-forms';
import { bm25Of, familyShare, held, idfShare, meet, proximity, questionTerms } from './sentence-meet';

export interface RankedChunk {
  chunk: Chunk;
  score: number;
  /** 1-based rank in the keyword (BM25) ranking, when the chunk was found there. */
  bm25Rank?: number;
}

export interface Candidate {
  chunk: Chunk;
  chunkRank: number;
  /** The answer as it would be quoted: the sentence, or the part of a long one around the question's words. */
  text: string;
  /** Offsets of `text` in the document. */
  start: number;
  end: number;
  /** Share of each present query group the sentence covers (0..1), for the confidence features. */
  degrees: number[];
  /** The same for the whole passage the candidate comes from. */
  chunkDegrees: number[];
  x: number[];
}

interface Sentence {
  text: string;
  start: number;
  end: number;
  terms: string[];
  set: Set<string>;
  /** Terms that are whole words (no Hangul bigrams). */
  content: string[];
  /** Lowercased capitalised words after the first word: names a "who" or "where" question may want. */
  caps: string[];
  /** Numbers as written (without a trailing comma or period). */
  numbers: string[];
  year: boolean;
  date: boolean;
  quoted: boolean;
  defines: boolean;
  /** Lowercased words as written, for runs of the question's own wording. */
  words: string[];
  /** Who or what it is about, when it names it: capitalised names (English), the particle-marked opening word (Korean). */
  names: string[];
  /** Analyzed terms of each word it marks as its topic or subject (roles.ts). */
  topics: Set<string>[];
  /** Agents beside a verb or role word (roles.ts). */
  slots: RoleSlot[];
  /** The term it opens by defining, analyzed. */
  definedTerm: Set<string> | undefined;
  /** Its words with their offsets and terms, read when a figure question needs them (figure_near_subject). */
  wordTerms?: { at: number; length: number; terms: Set<string> }[];
  /** Families of its Latin-script words (word-forms.ts), to meet the question's words in other forms. */
  families: Set<string>;
  /** It opens with a word that points back to the sentence before (It, This, He, 이 회사는). */
  refersBack: boolean;
  /** A Korean sentence with no topic of its own (roles.ts dropsTopic): it goes on about the one named before it. */
  dropsTopic: boolean;
}

const TYPES: AnswerType[] = ['when', 'who', 'amount', 'where', 'name', 'definition', 'other'];

export const FEATURES = [
  'bias',
  'cover', 'pair', 'pair_gain', 'pair_other', 'cover_rel', 'cover_best', 'idf_share', 'idf_rel', 'idf_best', 'words', 'bigrams',
  'proximity', 'novel_share', 'novel_count', 'length', 'first_in_chunk', 'position',
  'word_pairs', 'longest_run', 'prev_cover', 'next_cover', 'chunk_rank', 'chunk_top', 'bm25_rank', 'cover_top_chunk', 'idf_chunk_rel', 'chunk_idf', 'chunk_idf_rel', 'chunk_cover', 'title_idf',
  'has_year', 'has_date', 'has_number', 'cap_novel', 'quoted',
  'when_date', 'amount_number', 'who_name', 'where_name', 'name_name', 'definition_defines',
  ...TYPES.map((t) => `type_${t}`),
  'ko', 'ko_words', 'ko_bigrams', 'ko_cover', 'ko_pair',
  // Does it hold a span of the asked kind (attributes.ts): a figure that fits "how many"/"얼마"
  // ("3월" is a date, "2위" a rank), a date of the asked tense ("when will" is not answered by "지난 2월").
  'figure_fit', 'when_tense_fit',
  // A pair that spans a paragraph break: the second paragraph starts another topic.
  'pair_break',
  // Grammatical roles (roles.ts): a word of the question is what the quote is about (its topic or
  // subject), not a passing mention; a "who" question's verb or role word has an agent beside it
  // (…이 창업했다, CEO인 …, founded by …); the quote defines the term a "what is/뜻" question asks
  // about.
  'topic_match', 'who_agent', 'defines_subject',
  // A figure of the asked kind within 20 characters of the question's subject ("구글로부터 20억 달러"),
  // not elsewhere in a sentence that mentions the subject in passing.
  'figure_near_subject',
  // The question's words met in any form (word-forms.ts: summing / sum, classifies / classification):
  // their weighted share, that share against the best candidate's, and whether its rarest word is there.
  'family_share', 'family_rel', 'rarest_held',
  // BM25 of the candidate itself (term frequency, shorter text preferred) against the best candidate's.
  'sent_bm25_rel',
  // The sentence opens by pointing back ("It is a 5-cylinder engine", "This led to ...", "이 회사는"):
  // what the previous sentence adds to its coverage of the question, the subject it names.
  'refers_back_gain',
  // A Korean sentence that marks no topic of its own (roles.ts dropsTopic: "전직 연구원인 …가
  // 설립했으며 …", "최근에는 … 출시했다") goes on about the one named before it: what the previous
  // sentence adds to its coverage, as for a sentence that points back. Zero for English sentences,
  // and left out of the models used across languages (cross-lingual.ts KOREAN_ONLY_FEATURES).
  'topic_dropped_gain',
] as const;

type Feature = (typeof FEATURES)[number];
const I = Object.fromEntries(FEATURES.map((n, i) => [n, i])) as Record<Feature, number>;

const YEAR = /\b(1[0-9]{3}|20[0-9]{2})\b|\d{3,4}\s?년/;
const DATE = /\d{1,2}\s?월|\d{1,2}\s?일|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b/i;
const DEFINES = /(이)?란\s|이라\s?함은|(을|를)\s?말한다|(이)?라고\s?(한다|정의)|\bmeans\b|\brefers to\b|\bis defined\b|\bis an?\b/;
const QUOTED = /[‘“'"「『][^’”'"」』]{1,60}[’”'"」』]|\([^)]{1,40}\)/;
const HANGUL = /[\uac00-\ud7a3]/;
/** Two sentences are quoted together only while they stay short. */
const MAX_PAIR = 220;
/** How close (in characters) a figure must be to the question's subject to be its figure. */
const NEAR = 20;

/** Candidates from the best passages: each sentence, and each with the next; the same span once however many chunks hold it. */
export function candidates(query: AnalyzedQuery, groups: WeightedGroup[], ranked: RankedChunk[], stats: TermStats): Candidate[] {
  const q = queryWeights(query, stats);
  const qTotal = [...q.values()].reduce((a, b) => a + b, 0) || 1;
  const share = (has: (t: string) => boolean) => {
    let got = 0;
    for (const [t, w] of q) if (has(t)) got += w;
    return got / qTotal;
  };
  const typed = query.groups.filter((g) => !g.context).flatMap((g) => g.terms);
  const words = [...new Set(typed.filter((t) => !isBigram(t)))];
  const bigrams = [...new Set(typed.filter(isBigram))];
  const questionWords = new Set(query.text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const qWords = wordsOf(query.text);
  const qPairs = [...new Set(qWords.slice(1).map((w, i) => `${qWords[i]} ${w}`))];
  const type = answerTypeOf(query.text);
  const typeIndex = I[`type_${type}` as Feature];
  const ko = HANGUL.test(query.text) ? 1 : 0;
  const subject = subjectGroups(groups);
  const squashedQuestion = query.text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  // A name shares no word with the question ("이번 투자는" after a question about 투자 is the same investment).
  // Across scripts a name cannot be compared as written (Mr Hudson / 미스터 허드슨): no judgement then.
  const asked = type === 'amount' ? askedFigure(query.text) : undefined;
  const families = questionFamilies(query.text, stats);
  const rarest = rarestGroup(groups);
  const qt = questionTerms(q, qTotal, words, bigrams, qPairs, qWords, families);
  const isQueryTerm = (t: string) => q.has(t);
  // A verb or role word of the question (창업, founded; CEO is a name here), in any spelling the
  // glossary gives it (founded → 설립): its names are whose, not who.
  const roleTerms = new Set(groups.flatMap((g) => (g.present && !g.group.context && g.group.kind !== 'entity' ? [...g.group.terms, ...g.keys.flatMap((k) => k.terms)] : [])));
  const askedWord = memo((word: string) => analyze(word).some((t) => q.has(t)));
  const roleWord = memo((word: string) => analyze(word).some((t) => roleTerms.has(t)));
  const own = groups.filter((g) => g.present && !g.group.context && g.group.kind !== 'predicate');
  const topicOf = (s: Sentence) => s.topics.some((set) => own.some((g) => degree(g, set) >= 0.5)) ? 1 : 0;
  const agentOf = (s: Sentence) => (type === 'who' && s.slots.some((r) => roleWord(r.role) && !askedWord(r.agent)) ? 1 : 0);
  const definition = asksDefinition(query.text);
  const definesOf = (s: Sentence) => (definition && own.length && s.definedTerm && own.every((g) => degree(g, s.definedTerm!) >= 0.5) ? 1 : 0);
  const nearSubject = (s: Sentence) => {
    if (!asked || !subject.length) return 0;
    s.wordTerms ??= [...s.text.matchAll(/\S+/g)].map((m) => ({ at: m.index, length: m[0].length, terms: new Set(analyze(m[0])) }));
    for (const w of s.wordTerms) {
      if (!subject.some((i) => degree(groups[i], w.terms) >= 0.5)) continue;
      if (figureFits(query.text, s.text.slice(Math.max(0, w.at - NEAR), w.at + w.length + NEAR), asked)) return 1;
    }
    return 0;
  };
  const foreignName = (s: Sentence) =>
    HANGUL.test(s.text) === (ko === 1) && s.names.some((n) => n.split(/\s+/).every((w) => !questionWords.has(w) && !squashedQuestion.includes(w)));
  // What is read of a sentence, once per question: each is part of up to two candidates (alone and
  // with its neighbour), and a pair's measures are made from its two sentences' (sentence-meet.ts).
  const readOf = memo((s: Sentence) => ({
    meet: meet(s, qt),
    figure: asked ? figureFits(query.text, s.text, asked) : false,
    date: type === 'when' ? dateFits(query.text, s.text) : false,
    topic: topicOf(s),
    agent: agentOf(s),
    near: nearSubject(s),
    // Names and numbers the question does not have.
    names: count(s.caps, (w) => !questionWords.has(w)),
    numbers: count(s.numbers, (n) => !questionWords.has(n)),
  }));

  const perChunk = ranked.map(({ chunk, bm25Rank }, rank) => {
    const sentences = sentencesOf(chunk);
    const terms = termsOf(chunk, sentences);
    const has = (t: string) => terms.has(t);
    const degrees = groups.map((g) => (g.present ? degree(g, terms) : 0));
    return { chunk, rank, bm25: bm25Rank ? 1 / bm25Rank : 0, sentences, degrees, chunkIdf: share(has), chunkCover: coverageValue(groups, degrees), titleIdf: share(titleOf(chunk)) };
  });
  const bestChunkIdf = Math.max(1e-9, ...perChunk.map((c) => c.chunkIdf));

  const raw: Candidate[] = [];
  const seen = new Set<string>();
  for (const pc of perChunk) {
    const sDegrees = pc.sentences.map((s) => groups.map((g) => (g.present ? degree(g, s.set) : 0)));
    const covers = sDegrees.map((d) => coverageValue(groups, d));
    for (let first = 0; first < pc.sentences.length; first++) {
      // A sentence alone, and with its neighbour: the fact often follows the sentence that names the question's subject.
      const lastMax = first + 1 < pc.sentences.length && pc.sentences[first + 1].end - pc.sentences[first].start <= MAX_PAIR ? first + 1 : first;
      for (let last = first; last <= lastMax; last++) {
        const a = pc.sentences[first];
        const b = pc.sentences[last];
        const key = `${pc.chunk.docId}:${pc.chunk.start + a.start}:${last - first}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const pair = first !== last;
        const text = pair ? pc.chunk.text.slice(a.start, b.end) : a.text;
        const ra = readOf(a);
        const rb = pair ? readOf(b) : undefined;
        const ma = ra.meet;
        const mb = rb?.meet;
        const degrees = pair ? sDegrees[first].map((d, k) => Math.max(d, sDegrees[last][k])) : sDegrees[first];
        const cover = pair ? coverageValue(groups, degrees) : covers[first];
        const content = pair ? a.content.length + b.content.length : a.content.length;
        const novel = ma.novel + (mb ? mb.novel : 0);
        const capNovel = ra.names + (rb ? rb.names : 0);
        const quoted = a.quoted || (pair && b.quoted);
        const hasName = capNovel > 0 || quoted ? 1 : 0;
        const numbers = ra.numbers + (rb ? rb.numbers : 0);
        const span = answerSpan(text, isQueryTerm);
        // Whose fact is this: one sentence names the question's subject, the other brings the asked
        // words but is about someone else. Quoted together they join a name to a neighbour's fact.
        const whose = pair ? whoseFact(subject, sDegrees[first], sDegrees[last], groups) : undefined;
        if (whose && foreignName(whose === 'second' ? b : a)) continue;
        // Written straight into the vector: one short-lived object per candidate is what made answers slow.
        const x = new Array<number>(FEATURES.length).fill(0);
        x[I.bias] = 1;
        x[I.cover] = cover;
        x[I.pair] = pair ? 1 : 0;
        x[I.pair_gain] = pair ? cover - Math.max(covers[first], covers[last]) : 0;
        x[I.pair_other] = pair ? Math.min(covers[first], covers[last]) : 0;
        x[I.idf_share] = idfShare(qt, ma, mb);
        x[I.words] = words.length ? held(ma.words, mb?.words) / words.length : 0;
        x[I.bigrams] = bigrams.length ? held(ma.bigrams, mb?.bigrams) / bigrams.length : 0;
        x[I.proximity] = proximity(qt, ma, mb);
        x[I.word_pairs] = qPairs.length ? held(ma.pairs, mb?.pairs) / qPairs.length : 0;
        x[I.longest_run] = Math.max(ma.run, mb ? mb.run : 0);
        x[I.novel_share] = content ? novel / content : 0;
        x[I.novel_count] = Math.log1p(novel) / 4;
        x[I.length] = Math.log1p(text.length) / 6;
        x[I.first_in_chunk] = first === 0 && pc.chunk.start === 0 ? 1 : 0;
        x[I.position] = pc.sentences.length > 1 ? first / (pc.sentences.length - 1) : 0;
        x[I.prev_cover] = first > 0 ? covers[first - 1] : 0;
        x[I.next_cover] = last + 1 < covers.length ? covers[last + 1] : 0;
        x[I.chunk_rank] = pc.rank / 8;
        x[I.chunk_top] = pc.rank === 0 ? 1 : 0;
        x[I.bm25_rank] = pc.bm25;
        x[I.cover_top_chunk] = pc.rank === 0 ? cover : 0;
        x[I.chunk_idf] = pc.chunkIdf;
        x[I.chunk_idf_rel] = pc.chunkIdf / bestChunkIdf;
        x[I.chunk_cover] = pc.chunkCover;
        x[I.title_idf] = pc.titleIdf;
        const year = a.year || (pair && b.year) ? 1 : 0;
        const date = a.date || (pair && b.date) ? 1 : 0;
        const number = numbers ? 1 : 0;
        x[I.has_year] = year;
        x[I.has_date] = date;
        x[I.has_number] = number;
        x[I.cap_novel] = Math.min(capNovel, 4) / 4;
        x[I.quoted] = quoted ? 1 : 0;
        x[I.when_date] = type === 'when' ? Math.max(year, date) : 0;
        x[I.amount_number] = type === 'amount' ? number : 0;
        x[I.who_name] = type === 'who' ? hasName : 0;
        x[I.where_name] = type === 'where' ? hasName : 0;
        x[I.name_name] = type === 'name' ? hasName : 0;
        x[I.definition_defines] = type === 'definition' && (a.defines || (pair && b.defines)) ? 1 : 0;
        x[typeIndex] = 1;
        x[I.ko] = ko;
        x[I.ko_words] = ko * x[I.words];
        x[I.ko_bigrams] = ko * x[I.bigrams];
        x[I.ko_cover] = ko * cover;
        x[I.ko_pair] = ko * x[I.pair];
        x[I.figure_fit] = ra.figure || (rb !== undefined && rb.figure) ? 1 : 0;
        x[I.when_tense_fit] = ra.date || (rb !== undefined && rb.date) ? 1 : 0;
        x[I.pair_break] = pair && breakBetween(pc.chunk.text, a.end, b.start) ? 1 : 0;
        // The quote's opening sentence: a pair that opens on another topic and only then names the
        // asked one is about the other topic first (the answer, if any, comes after it).
        x[I.topic_match] = ra.topic;
        x[I.who_agent] = Math.max(ra.agent, rb ? rb.agent : 0);
        x[I.defines_subject] = definesOf(a);
        x[I.figure_near_subject] = Math.max(ra.near, rb ? rb.near : 0);
        // A question without Latin-script words (Korean) has its words' forms met by bigrams already,
        // and an English question cannot meet a Korean sentence's words in any form (only through the
        // glossary): the same measures over its query terms then, so that neither reads as "nothing
        // missing" or "everything missing".
        const byFamily = families.total > 0 && !(ko === 0 && HANGUL.test(text));
        x[I.family_share] = byFamily ? familyShare(qt, ma, mb) : x[I.idf_share];
        x[I.rarest_held] = (byFamily ? ma.rarestFamily || (mb !== undefined && mb.rarestFamily) : rarest >= 0 && degrees[rarest] >= 0.5) ? 1 : 0;
        x[I.sent_bm25_rel] = bm25Of(qt, ma, mb);
        // What the sentence before adds, for one that points back to it or drops its topic.
        const back = first > 0 && (a.refersBack || a.dropsTopic) ? Math.max(0, coverageValue(groups, degrees.map((d, k) => Math.max(d, sDegrees[first - 1][k]))) - cover) : 0;
        x[I.refers_back_gain] = a.refersBack ? back : 0;
        x[I.topic_dropped_gain] = a.refersBack ? 0 : back;
        const at = pc.chunk.start + a.start + span.offset;
        raw.push({ chunk: pc.chunk, chunkRank: pc.rank, text: span.text, start: at, end: at + span.text.length, degrees, chunkDegrees: pc.degrees, x });
      }
    }
  }
  // How a sentence compares with the other candidates of the same question.
  let bestCover = 1e-9;
  let bestIdf = 1e-9;
  let bestFamily = 1e-9;
  let bestBm25 = 1e-9;
  for (const c of raw) {
    bestCover = Math.max(bestCover, c.x[I.cover]);
    bestIdf = Math.max(bestIdf, c.x[I.idf_share]);
    bestFamily = Math.max(bestFamily, c.x[I.family_share]);
    bestBm25 = Math.max(bestBm25, c.x[I.sent_bm25_rel]);
  }
  for (const { x } of raw) {
    x[I.cover_rel] = x[I.cover] / bestCover;
    x[I.idf_rel] = x[I.idf_share] / bestIdf;
    x[I.cover_best] = x[I.cover] >= bestCover - 1e-9 ? 1 : 0;
    x[I.idf_best] = x[I.idf_share] >= bestIdf - 1e-9 ? 1 : 0;
    x[I.idf_chunk_rel] = x[I.idf_rel] * x[I.chunk_idf_rel];
    x[I.family_rel] = x[I.family_share] / bestFamily;
    x[I.sent_bm25_rel] = x[I.sent_bm25_rel] / bestBm25;
  }
  return raw;
}

/** The question's rarest concept the knowledge base holds, among those `also` accepts (-1 for none). */
function rarestGroup(groups: WeightedGroup[], also: (g: WeightedGroup) => boolean = () => true): number {
  let best = -1;
  groups.forEach((g, i) => {
    if (g.present && !g.group.context && also(g) && (best < 0 || g.weight > groups[best].weight)) best = i;
  });
  return best;
}

/** A function's results kept per argument, for one question: a sentence or word recurs across candidates. */
function memo<K, V>(f: (k: K) => V): (k: K) => V {
  const seen = new Map<K, V>();
  return (k) => {
    if (seen.has(k)) return seen.get(k)!;
    const v = f(k);
    seen.set(k, v);
    return v;
  };
}

/** What the question is about: the names it asks about, else its rarest concept. */
function subjectGroups(groups: WeightedGroup[]): number[] {
  const named = groups.flatMap((g, i) => (g.present && !g.group.context && g.group.kind === 'entity' ? [i] : []));
  if (named.length) return named;
  const best = rarestGroup(groups, (g) => g.group.kind !== 'predicate');
  return best < 0 ? [] : [best];
}

/**
 * A pair whose two sentences split the question: one names its subject, the other (which does not)
 * holds words of the question the first lacks. Which of the two brings the asked words, if either:
 * then the fact may be about someone else ("X raised $5M. Cohere has 300 employees.").
 */
function whoseFact(subject: number[], da: number[], db: number[], groups: WeightedGroup[]): 'first' | 'second' | undefined {
  if (!subject.length) return undefined;
  const names = (d: number[]) => subject.every((i) => d[i] >= 0.5);
  const brings = (d: number[], other: number[]) => groups.some((g, i) => g.present && !g.group.context && !subject.includes(i) && d[i] >= 0.5 && other[i] < 0.5);
  if (names(da) && !subject.some((i) => db[i] >= 0.5) && brings(db, da)) return 'second';
  if (names(db) && !subject.some((i) => da[i] >= 0.5) && brings(da, db)) return 'first';
  return undefined;
}

function count<T>(xs: T[], has: (x: T) => boolean): number {
  let n = 0;
  for (const x of xs) if (has(x)) n++;
  return n;
}

/** Each query term once, weighted by how it was typed (a word over its bigrams) and how rare it is. */
function queryWeights(query: AnalyzedQuery, stats: TermStats): Map<string, number> {
  const q = new Map<string, number>();
  for (const { term, weight } of query.terms) {
    if (stats.df(term) === 0) continue;
    const w = weight * stats.idf(term);
    if (w > (q.get(term) ?? 0)) q.set(term, w);
  }
  return q;
}

function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A line break between two offsets of the text: the second sentence opens another paragraph. */
function breakBetween(text: string, from: number, to: number): boolean {
  const at = text.indexOf('\n', from);
  return at >= 0 && at < to;
}

// Chunks live as long as their snapshot; their sentences and terms are worth keeping with them.
const cache = new WeakMap<Chunk, Sentence[]>();
const chunkTerms = new WeakMap<Chunk, Set<string>>();

/** The terms of a chunk's sentences (its heading left out, as there). */
function termsOf(chunk: Chunk, sentences: Sentence[]): Set<string> {
  let out = chunkTerms.get(chunk);
  if (!out) {
    out = new Set<string>();
    for (const s of sentences) for (const t of s.set) out.add(t);
    chunkTerms.set(chunk, out);
  }
  return out;
}

function sentencesOf(chunk: Chunk): Sentence[] {
  let out = cache.get(chunk);
  if (!out) {
    // A heading is a topic, not an answer.
    out = splitSentences(chunk.text)
      .filter((s) => s.text !== chunk.section)
      .map((s) => {
        const terms = analyze(s.text);
        const words = wordsOf(s.text);
        return {
          ...s,
          terms,
          set: new Set(terms),
          content: terms.filter((t) => !isBigram(t)),
          caps: (s.text.match(/(?<=\S\s+)[A-Z][\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase()),
          numbers: (s.text.match(/\d[\d,.]*/g) ?? []).map((n) => n.replace(/[,.]+$/, '')),
          year: YEAR.test(s.text),
          date: DATE.test(s.text),
          quoted: QUOTED.test(s.text),
          defines: DEFINES.test(s.text),
          words,
          names: namesOf(s.text),
          topics: topicWords(s.text).map((w) => new Set(analyze(w))),
          slots: roleSlots(s.text),
          definedTerm: ((d) => (d ? new Set(analyze(d)) : undefined))(definiendum(s.text)),
          families: familiesOf(s.text),
          refersBack: refersBack(s.text),
          dropsTopic: dropsTopic(s.text),
        };
      });
    cache.set(chunk, out);
  }
  return out;
}

// The opening word (or two: 제너럴 카탈리스트의) with a topic, subject or possessive particle.
const KO_SUBJECT = /^[\s"“‘'(]*([\p{L}\p{N}]{2,}?|[\p{L}\p{N}]+\s[\p{L}\p{N}]+?)(?:은|는|이|가|의|에서는)\s/u;

// Opening words that point back to what was just said (이번 투자, 이 회사, 회사는, 이들은) or are adverbs: not a new subject.
const REFERS_BACK = /^(이|그|저|그의|그녀의|그녀|이번|이러한|그러한|이런|그런|해당|당시|이들|그들|양사|동사|회사|기업|업체|또|또한|특히|현재|최근|한편|다만|이후|이에|이곳|그곳|이것|그것)(\s|$)/;

function namesOf(text: string): string[] {
  // A Korean sentence names its subject with a particle; its Latin words are mostly terms (AI, LLM).
  if (HANGUL.test(text)) {
    const ko = KO_SUBJECT.exec(text);
    if (!ko || !HANGUL.test(ko[1]) || REFERS_BACK.test(ko[1])) return [];
    return [ko[1].toLowerCase()];
  }
  const out: string[] = [];
  for (const m of text.matchAll(/(^|\s)([A-Z][\p{L}\p{N}]+)/gu)) {
    // A capitalised opening word names something only when it is not a stop word ("The", "In").
    if (m.index === 0 && m[1] === '' && !analyze(m[2]).length) continue;
    out.push(m[2].toLowerCase());
  }
  return out;
}

// English openings that stand for something named before: a pronoun, or a demonstrative ("This led to", "These engines").
const EN_REFERS_BACK = /^[\s"“‘'(]*(it|its|this|that|these|those|he|she|they|his|her|their|such|there)\b/i;

function refersBack(text: string): boolean {
  if (EN_REFERS_BACK.test(text)) return true;
  const first = /^[\s"“‘'(]*([\p{L}\p{N}]+)/u.exec(text)?.[1] ?? '';
  return HANGUL.test(first) && REFERS_BACK.test(first);
}

const titles = new WeakMap<Chunk, (t: string) => boolean>();

function titleOf(chunk: Chunk): (t: string) => boolean {
  let has = titles.get(chunk);
  if (!has) {
    const set = new Set(analyze(`${chunk.title} ${chunk.section ?? ''}`));
    has = (t) => set.has(t);
    titles.set(chunk, has);
  }
  return has;
}

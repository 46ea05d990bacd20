// The offline answer: a small learned ranker (selector/) picks the sentence of the best passages
// that holds the answer, a calibrated confidence says how sure that is, and the answer quotes it
// with its citation or says plainly that the documents do not hold it. No network and no language
// model, so it is also what users get when an LLM is configured but fails.
import type { Citation, Lang } from '../types';
import type { Glossary } from '../retrieval/glossary';
import type { AnalyzedQuery } from '../retrieval/query';
import { answerGlosses } from '../retrieval/transliteration/gloss';
import { weighGroups, type TermStats, type WeightedGroup } from './coverage';
import { askedOnlyOfOthers } from './asked-elsewhere';
import { candidates, type Candidate, type RankedChunk } from './selector/features';
import { CONFIDENCE_FEATURES, confidenceFeatures } from './selector/confidence';
import { acrossLanguages, articleTitles, crossRankerInput, namedOnlyBySound, withoutSurface, withoutSurfaceConfidence, withoutSurfaceOrReach } from './selector/cross-lingual';
import { score, shippedWeights, sigmoid, type SelectorWeights } from './selector/model';
import { askedKindMissingAcross, asksFuture, attributeMismatch } from './selector/attributes';
import { otherSubjectStated } from './selector/other-subject';

const FIGURE_MISSING = CONFIDENCE_FEATURES.indexOf('figure_missing');
const DATE_MISSING = CONFIDENCE_FEATURES.indexOf('date_missing');

export type { RankedChunk };

export interface ExtractiveResult {
  text: string;
  citations: Citation[];
  abstained: boolean;
  /** Why it abstained, for logs and tests. */
  reason?: string;
  /** Probability (0..1) that the quoted sentence answers the question; 0 when a rule declined. */
  confidence: number;
  /** The sentence the selector ranked first, also when declining (for logs, reports and training). */
  closest?: Candidate;
}

export interface ExtractiveOptions {
  /** Below this confidence the answer is declined (ANSWER_MIN_CONFIDENCE); default: the trained trade-off. */
  minConfidence?: number;
  /** Other weights than the shipped ones (training evaluates its own before writing them). */
  weights?: SelectorWeights;
}

const PASSAGES_READ = 8;
const MAX_QUOTE = 320;

export function extractiveAnswer(
  query: AnalyzedQuery,
  ranked: RankedChunk[],
  stats: TermStats,
  glossary: Glossary,
  lang: Lang,
  opts: ExtractiveOptions = {},
): ExtractiveResult {
  const groups = weighGroups(query.groups, stats);
  const ruled = abstentionRule(groups, ranked.length);
  if (ruled) return abstain(lang, ruled.reason, ruled.missing);
  const weights = opts.weights ?? shippedWeights();
  const read = ranked.slice(0, PASSAGES_READ);
  const cands = candidates(query, groups, read, stats);
  if (!cands.length) return abstain(lang, 'no passage shares the question’s terms');
  const cross = weights.crossLingual && acrossLanguages(query, read) ? weights.crossLingual : undefined;
  // Names found only by sound (no glossary entry) are a weaker match than a glossary's: models of their own.
  const sound = cross?.bySound && namedOnlyBySound(query, glossary) ? cross.bySound : undefined;
  // Only names found by sound: a glossary's name is sure, and its questions keep their models' say.
  if (sound && askedOnlyOfOthers(groups, cands)) return abstain(lang, 'the documents that give the name never say what is asked; others do');
  const models = sound ?? cross ?? weights;
  const titles = sound ? articleTitles(cands) : undefined;
  const input = (c: Candidate) => (sound ? crossRankerInput(groups, c, titles) : cross ? withoutSurface(c.x) : c.x);
  const scored = cands.map((c) => ({ c, logit: score(models.ranker, input(c)) })).sort((a, b) => b.logit - a.logit);
  const ordered = scored.map((s) => s.c);
  const z = confidenceFeatures(query, groups, ordered, scored.map((s) => s.logit));
  const unstated = unstatedReason(query.text, ordered[0], z, groups, cross !== undefined);
  const confidence = unstated ? 0 : sigmoid(score(models.confidence, sound ? withoutSurfaceConfidence(z) : cross ? withoutSurfaceOrReach(z) : z));
  const min = opts.minConfidence ?? models.minConfidence;
  if (confidence < min) {
    const reason = unstated ?? `confidence ${confidence.toFixed(2)} is below ${min}`;
    return { ...abstain(lang, reason), confidence, closest: ordered[0] };
  }
  const best = ordered[0];
  const citations: Citation[] = [
    {
      n: 1,
      docId: best.chunk.docId,
      title: best.chunk.title,
      section: best.chunk.section,
      quote: clip(best.text, MAX_QUOTE),
      score: Number(confidence.toFixed(3)),
      source: best.chunk.source,
      start: best.start,
      end: best.end,
      inAnswer: true,
    },
  ];
  return { text: compose(best.text, citations[0], lang, glossary, query), citations, abstained: false, confidence, closest: best };
}

/**
 * The quote is about the right subject but does not state what is asked (selector/attributes.ts;
 * the confidence features have already checked each), so it holds no answer: "how many employees"
 * with no head count, "when will it end" with only a past date, "기업가치는 얼마" quoted with an
 * investment, "How old was he when …" over Korean text with no age (`across`: the question asked in
 * another language than the quote's). Or it states the fact of another subject: the question's
 * subject is missing from the quote, which opens about a topic of its own (selector/other-subject.ts).
 * Each declined look-alikes on the validation split or the own questions and lost no answer there (README).
 */
function unstatedReason(question: string, top: Candidate, z: number[], groups: WeightedGroup[], across: boolean): string | undefined {
  if (z[FIGURE_MISSING] === 1) return 'the quote gives no figure of the asked kind';
  if (z[DATE_MISSING] === 1 && asksFuture(question)) return 'the quote gives no date to come for a "when will" question';
  if (attributeMismatch(question, top.text)) return 'the quote gives another kind of sum than the one asked';
  if (across && askedKindMissingAcross(question, top.text)) return 'the quote gives no figure of the asked kind';
  const other = otherSubjectStated(question, groups, top.text, top.degrees);
  if (other) return `the quote is about ${other}, not the question's subject`;
  return undefined;
}

/**
 * Rules that hold on any documents, applied before the learned selector: a name, a number or a
 * glossary concept the knowledge base never mentions cannot be answered about, however well the
 * rest of the question matches.
 */
function abstentionRule(groups: WeightedGroup[], passages: number): { reason: string; missing?: string } | undefined {
  const unknown = groups.find(
    (g) => !g.present && !g.group.context && !g.group.unverifiable && (g.group.kind === 'entity' || g.group.kind === 'number' || g.group.entryKind !== undefined),
  );
  if (unknown) return { reason: `the documents never mention “${unknown.group.label}”`, missing: unknown.group.label };
  if (!groups.some((g) => g.present) || !passages) return { reason: 'no passage shares the question’s terms' };
  // "What is the weather in Paris today?": one word of it is in the documents, the question is not.
  // (Counted on Latin-script words only: English words reach a Korean text only through the glossary.)
  const latin = groups.filter((g) => !g.group.context && !g.group.unverifiable && g.group.kind !== 'predicate' && /^[A-Za-z]/.test(g.group.label));
  if (latin.length >= 3 && latin.filter((g) => g.present).length <= 1) return { reason: 'most of the question’s words never appear in the documents' };
  return undefined;
}

function compose(quote: string, citation: Citation, lang: Lang, glossary: Glossary, query: AnalyzedQuery): string {
  const line = `> ${oneLine(quote)} [${citation.n}]`;
  const sourceIsKorean = /[\uac00-\ud7a3]/.test(quote);
  if (lang === 'ko') return `문서에 따르면:\n${line}`;
  if (!sourceIsKorean) return `According to the knowledge base:\n${line}`;
  // An English question answered from a Korean source: say so, and gloss its names and figures.
  const extra = answerGlosses(query.groups, quote);
  const gloss = [...extra.names, ...glossFor(quote, glossary, query.names)];
  return [
    'From the knowledge base (the source is in Korean; quoted as written):',
    line,
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

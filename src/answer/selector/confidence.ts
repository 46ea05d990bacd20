// How sure the answer is: features of the chosen candidate and of the question as a whole, turned
// into a probability by the confidence model. What separates a real answer from a look-alike is
// mostly what the best sentence leaves out of the question, and how clearly it beats the others.
// The language is deliberately not a feature: the Korean training set has no unanswerable
// questions, and Korean users still ask about what the documents do not hold.
import { degree, type WeightedGroup } from '../coverage';
import { analyze } from '../../text/analyzer';
import type { AnalyzedQuery } from '../../retrieval/query';
import { answerTypeOf } from '../answer-type';
import { FEATURES, type Candidate } from './features';
import { contrastedWord } from './contrast';
import { dateFits, figureMissing } from './attributes';
import { topicWords } from './roles';
import { splitSentences } from '../../text/sentences';

export const CONFIDENCE_FEATURES = [
  'bias', 'top_prob', 'top_logit', 'margin', 'cover', 'idf_share', 'words', 'bigrams', 'proximity', 'chunk_rank', 'chunk_idf',
  'missing_weight', 'missing_name', 'missing_in_passage', 'missing_rarest', 'missing_count', 'missing_count_passage', 'second_other_doc', 'altered_word', 'cover_x_missing', 'pair', 'absent_groups', 'negated_question', 'negation_unmatched', 'type_match', 'word_pairs', 'longest_run', 'run_but_missing', 'required_missing', 'focus_missing', 'groups',
  'contrasted_word', 'number_absent', 'number_in_slot',
  // The quote lacks a span of the asked kind (attributes.ts): no figure of the asked kind for "how
  // many"/"얼마", no date of the asked tense for "when (will)".
  'figure_missing', 'date_missing',
  // The names the quote lacks are in its paragraph just before it ("코히어는 …. 최근에는 ‘아야’를
  // 출시했다"): the quote goes on about them without naming them again.
  'missing_name_before',
  'reached_share', 'translated_missing', 'sound_name_missing', 'translated_share', 'unreached_share',
  // The quote opens about someone else (roles.ts): a name of the question is missing from it (and
  // from its paragraph just before), and what its first sentence marks as its topic (은/는, the
  // English subject) is none of the question's words ("In 2023 Halden raised …" for a question
  // about Corvid's round).
  'other_topic',
  // What the quote lacks of the question's words even in other forms (word-forms.ts): a paraphrase
  // keeps the words' families, an altered question brings words the text never uses.
  'family_missing', 'rarest_family_missing',
] as const;

const NEGATION = /\b(not|never|no|n't|without|none)\b|않|없|못|아닌|아니/i;
const at = (c: Candidate, name: (typeof FEATURES)[number]) => c.x[FEATURES.indexOf(name)];

export function confidenceFeatures(query: AnalyzedQuery, groups: WeightedGroup[], ranked: Candidate[], logits: number[]): number[] {
  const question = query.text;
  const top = ranked[0];
  const type = answerTypeOf(question);
  // "How many employees": the figure must come with the counted word, not from a neighbouring fact.
  const focus = query.focus.map((f) => groups.findIndex((g) => g.group === f)).filter((i) => i >= 0 && groups[i].present);
  const max = Math.max(...logits);
  const all = logits.reduce((a, v) => a + Math.exp(v - max), 0);
  const present = groups.filter((g) => g.present);
  const total = present.reduce((a, g) => a + g.weight, 0) || 1;
  const missing = groups.reduce((a, g, i) => a + (g.present && top.degrees[i] < 0.5 ? g.weight : 0), 0) / total;
  const missingName = groups.some((g, i) => g.present && !g.group.context && (g.group.kind === 'entity' || g.group.kind === 'number') && top.degrees[i] < 0.5) ? 1 : 0;
  const negated = NEGATION.test(question) ? 1 : 0;
  // A word of the question that the documents use elsewhere but not in this passage: the question
  // may be about something else that merely looks like this passage.
  const missingInPassage = groups.reduce((a, g, i) => a + (g.present && top.chunkDegrees[i] < 0.5 ? g.weight : 0), 0) / total;
  const rarest = present.reduce<{ g?: WeightedGroup; i: number }>((best, g) => (!best.g || g.weight > best.g.weight ? { g, i: groups.indexOf(g) } : best), { i: -1 });
  const qWords = englishWords(question);
  const sWords = englishWords(top.text);
  const numbers = numberMismatch(question, top.text);
  const f: Record<(typeof CONFIDENCE_FEATURES)[number], number> = {
    bias: 1,
    top_prob: 1 / all,
    top_logit: logits[0] / 10,
    margin: logits.length > 1 ? Math.min(logits[0] - logits[1], 10) / 10 : 1,
    cover: at(top, 'cover'),
    idf_share: at(top, 'idf_share'),
    words: at(top, 'words'),
    bigrams: at(top, 'bigrams'),
    proximity: at(top, 'proximity'),
    chunk_rank: at(top, 'chunk_rank'),
    chunk_idf: at(top, 'chunk_idf'),
    missing_weight: missing,
    missing_name: missingName,
    missing_in_passage: missingInPassage,
    missing_rarest: rarest.g && top.degrees[rarest.i] < 0.5 ? 1 : 0,
    missing_count: Math.min(3, groups.filter((g, i) => g.present && !g.group.context && top.degrees[i] < 0.5).length) / 3,
    missing_count_passage: Math.min(3, groups.filter((g, i) => g.present && !g.group.context && top.chunkDegrees[i] < 0.5).length) / 3,
    // The runner-up from another passage nearly as good: the documents say several things that look like an answer.
    second_other_doc: logits.length > 1 ? Math.max(0, 1 - (logits[0] - (logits[ranked.findIndex((c) => c.chunk.id !== top.chunk.id)] ?? -Infinity)) / 5) : 0,
    altered_word: alteredWord(question, top.text),
    cover_x_missing: at(top, 'cover') * (missing > 0 ? 1 : 0),
    pair: at(top, 'pair'),
    absent_groups: groups.length ? groups.filter((g) => !g.present && !g.group.context).length / groups.length : 0,
    negated_question: negated,
    negation_unmatched: negated && !NEGATION.test(top.text) ? 1 : 0,
    type_match: Math.max(at(top, 'when_date'), at(top, 'amount_number'), at(top, 'who_name'), at(top, 'where_name'), at(top, 'name_name'), at(top, 'definition_defines')),
    word_pairs: at(top, 'word_pairs'),
    longest_run: at(top, 'longest_run'),
    // The question repeats the text's wording yet one of its words is not there: altered, not paraphrased.
    run_but_missing: at(top, 'longest_run') * (missing > 0 ? 1 : 0),
    required_missing: (type === 'when' && !at(top, 'has_year') && !at(top, 'has_date')) || (type === 'amount' && !at(top, 'has_number')) ? 1 : 0,
    focus_missing: focus.length && !focus.some((i) => top.degrees[i] >= 0.5) ? 1 : 0,
    groups: Math.log1p(groups.length) / 3,
    contrasted_word: contrastedWord(qWords, sWords) ? 1 : 0,
    number_absent: numbers.absent ? 1 : 0,
    number_in_slot: numbers.inSlot ? 1 : 0,
    figure_missing: figureMissing(question, top.text) ? 1 : 0,
    date_missing: type === 'when' && !dateFits(question, top.text) ? 1 : 0,
    missing_name_before: missingName ? namedBefore(groups, top) : 0,
    ...reach(groups, top),
    // "How many children did Wilson have?" over a text with no word for children: only the name
    // is left to check, and any sentence naming him would pass.
    other_topic: missingName && !namedBefore(groups, top) ? otherTopic(groups, top) : 0,
    unreached_share: query.unreached?.length ? query.unreached.length / (query.unreached.length + groups.filter((g) => !g.group.context).length) : 0,
    family_missing: 1 - at(top, 'family_share'),
    rarest_family_missing: 1 - at(top, 'rarest_held'),
  };
  return CONFIDENCE_FEATURES.map((n) => f[n]);
}

/** The quote's opening sentence marks a topic, and it is none of the question's words. */
function otherTopic(groups: WeightedGroup[], top: Candidate): number {
  const first = splitSentences(top.text)[0]?.text ?? top.text;
  const topics = topicWords(first, { subjects: false }).map((w) => new Set(analyze(w))).filter((t) => t.size);
  if (!topics.length) return 0;
  const own = groups.filter((g) => g.present && !g.group.context);
  return topics.some((t) => own.some((g) => degree(g, t) >= 0.5)) ? 0 : 1;
}

/** The question's names missing from the quote are all in its paragraph before it. */
function namedBefore(groups: WeightedGroup[], top: Candidate): number {
  const text = top.chunk.text;
  const at = top.start - top.chunk.start;
  if (at <= 0) return 0;
  const paragraph = text.slice(Math.max(0, text.lastIndexOf('\n\n', at - 1)), at);
  const terms = new Set(analyze(paragraph));
  const missing = groups.filter((g, i) => g.present && !g.group.context && (g.group.kind === 'entity' || g.group.kind === 'number') && top.degrees[i] < 0.5);
  return missing.length && missing.every((g) => degree(g, terms) >= 0.5) ? 1 : 0;
}

/**
 * How much of a question asked in another language than the text reached it: its concepts the
 * corpus holds in some spelling, its words that did so through the lexicon (born → 태어나), and
 * whether the chosen sentence keeps them. A sentence that names the person found by sound but none
 * of the translated words asked about is a look-alike answer (the film, not the debut). All are 0
 * or neutral for a question in the text's own language with nothing translated.
 */
function reach(groups: WeightedGroup[], top: Candidate) {
  const own = groups.filter((g) => !g.group.context);
  const present = groups.filter((g) => g.present);
  const total = present.reduce((a, g) => a + g.weight, 0) || 1;
  const translated = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.present && g.group.translated);
  return {
    reached_share: own.length ? own.filter((g) => g.present).length / own.length : 0,
    translated_missing: translated.reduce((a, { g, i }) => a + (top.degrees[i] < 0.5 ? g.weight : 0), 0) / total,
    sound_name_missing: groups.some((g, i) => g.present && !g.group.context && g.group.soundsLike?.length && top.degrees[i] < 0.5) ? 1 : 0,
    translated_share: own.length ? translated.length / own.length : 0,
  };
}

/**
 * A question word the sentence does not have, while the sentence has a word that looks like it
 * (qualitative / quantitative, water-fired / coal-fired, three / two): the question has been
 * altered from what the text says rather than paraphrased.
 */
function alteredWord(question: string, sentence: string): number {
  const words = (t: string) => new Set((t.toLowerCase().match(/[a-z][a-z-]{3,}/g) ?? []));
  const q = words(question);
  const s = words(sentence);
  for (const w of q) {
    if (s.has(w)) continue;
    for (const v of s) if (v !== w && (v.slice(-6) === w.slice(-6) || v.slice(0, 5) === w.slice(0, 5)) && Math.abs(v.length - w.length) <= 3) return 1;
  }
  return 0;
}

const englishWords = (t: string) => new Set(t.toLowerCase().match(/[a-z]+/g) ?? []);

const NUMBER_WORDS: Record<string, string> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', eleven: '11', twelve: '12',
  twenty: '20', thirty: '30', forty: '40', fifty: '50', hundred: '100', thousand: '1000', million: '1000000', billion: '1000000000',
};

/** Numbers with the word that follows each (what they count: "three ships", "1,000 troops", "3명"). */
function numbersOf(text: string): { value: string; unit: string }[] {
  const out: { value: string; unit: string }[] = [];
  for (const m of text.toLowerCase().matchAll(/(\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion)\b)\s*([\p{L}]*)/gu)) {
    const raw = m[1].replace(/[,.]+$/, '').replace(/,/g, '');
    out.push({ value: NUMBER_WORDS[raw] ?? raw, unit: m[2].replace(/s$/, '') });
  }
  return out;
}

/**
 * The question's figure is not the sentence's: either none of its numbers is there while the
 * sentence gives others, or the sentence counts the same thing with another number ("two ships" for "three ships").
 */
export function numberMismatch(question: string, sentence: string): { absent: boolean; inSlot: boolean } {
  const q = numbersOf(question);
  if (!q.length) return { absent: false, inSlot: false };
  const s = numbersOf(sentence);
  const values = new Set(s.map((n) => n.value));
  const absent = s.length > 0 && !q.some((n) => values.has(n.value));
  const inSlot = q.some((n) => n.unit && !values.has(n.value) && s.some((m) => m.unit === n.unit && m.value !== n.value));
  return { absent, inSlot };
}

// The question sets a corpus is measured with, and what counts as a hit in the top 3.
import fs from 'node:fs';
import type { PlantedQuestion } from './synth';

/** An eval-file question (tests/fixtures/eval, shared dev set): `expect` groups or answerable=false. */
export interface EvalQuestion {
  id: string;
  lang: 'ko' | 'en';
  question: string;
  expect?: string[][];
  answerable?: boolean;
  /** Which file it came from. */
  set: string;
}

export type BenchQuestion = ({ type: 'planted' } & PlantedQuestion) | ({ type: 'eval' } & EvalQuestion);

export const RECALL_DEFINITIONS = {
  planted:
    'recall@3 (planted): share of questions where one of the top-3 chunks contains the planted fact sentence verbatim ' +
    '(each sentence is planted once; 4 more sentences about the same made-up company are distractors elsewhere). ' +
    'doc@3: one of the top-3 chunks comes from the document the sentence was planted in. Table 4 counts the plain ' +
    'planted questions; table 4b the harder ones: paraphrase = the question shares only the company name with the fact ' +
    'sentence (synonyms a user would pick: 창업 for 설립, workforce for employees); shared name = the company is also ' +
    'mentioned in 30 more chunks; distractor = a sixth sentence about the same company uses the question\'s words for ' +
    'something else (a lab it founded, money it invested, staff it plans to hire, a former CEO).',
  eval:
    'recall@3 (eval sets): share of answerable questions where the top-3 chunks together contain, for every `expect` group, ' +
    'at least one of its alternatives (case-insensitive). Questions marked answerable=false are left out of recall.',
} as const;

export function readEvalFile(file: string, set: string): EvalQuestion[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l, i) => {
      try {
        const q = JSON.parse(l) as EvalQuestion;
        return typeof q.question === 'string' ? [{ ...q, set }] : [];
      } catch {
        process.stderr.write(`warning: ${file} line ${i + 1} is not JSON; skipped\n`);
        return [];
      }
    });
}

/** Counts toward recall: planted questions always, eval questions only when they have an answer. */
export function scorable(q: BenchQuestion): boolean {
  return q.type === 'planted' || (q.answerable !== false && !!q.expect?.length);
}

/** Hit@3 by the definitions above; `top` are the texts and document ids of the top-3 results. */
export function hitAt3(q: BenchQuestion, top: { text: string; docId: string }[]): { hit: boolean; doc: boolean } {
  if (q.type === 'planted') {
    return { hit: top.some((t) => t.text.includes(q.sentence)), doc: top.some((t) => t.docId === q.docId) };
  }
  const all = top.map((t) => t.text).join('\n').toLowerCase();
  const hit = (q.expect ?? []).every((g) => g.some((alt) => all.includes(alt.toLowerCase())));
  return { hit, doc: hit };
}

/** Whether a full answer would satisfy the question (the eval CLI's rule; planted: the value appears). */
export function answerOk(q: BenchQuestion, text: string, abstained: boolean): boolean {
  if (q.type === 'planted') return !abstained && text.includes(q.expect);
  if (q.answerable === false) return abstained;
  if (abstained) return false;
  const head = text.slice(0, 600).toLowerCase();
  return (q.expect ?? []).every((g) => g.some((alt) => head.includes(alt.toLowerCase())));
}

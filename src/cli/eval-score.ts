// The dev set's scoring, shared by `npm run eval` and the suite's dev-set gate so the two cannot
// drift: an answerable question passes when every `expect` group has an alternative in the first
// 600 characters of the answer (case-insensitive); an unanswerable one passes when the bot abstains.
import fs from 'node:fs';
import type { KnowledgeBot, Lang } from '../types';

export interface EvalItem {
  id: string;
  lang: Lang;
  question: string;
  expect?: string[][];
  answerable?: boolean;
}

/** Passed and asked, per language and kind. */
export interface EvalCell {
  passed: number;
  total: number;
}

export interface EvalResult {
  rows: Record<string, { answerable: EvalCell; unanswerable: EvalCell }>;
  /** Every question with its outcome and the answer's first 600 characters. */
  outcomes: { item: EvalItem; ok: boolean; text: string; ms: number }[];
}

export function passes(item: EvalItem, answer: string, abstained: boolean): boolean {
  if (item.answerable === false) return abstained;
  if (abstained) return false;
  const head = answer.slice(0, 600).toLowerCase();
  return (item.expect ?? []).every((group) => group.some((alt) => head.includes(alt.toLowerCase())));
}

/** Items of a questions JSONL file; throws naming the line that is not JSON. */
export function readEvalItems(file: string): EvalItem[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => [l, i] as const)
    .filter(([l]) => l.trim())
    .map(([l, i]) => {
      try {
        return JSON.parse(l) as EvalItem;
      } catch {
        throw new Error(`${file} line ${i + 1} is not JSON.`);
      }
    });
}

export async function scoreDevSet(bot: Pick<KnowledgeBot, 'ask'>, items: EvalItem[]): Promise<EvalResult> {
  const result: EvalResult = { rows: {}, outcomes: [] };
  for (const item of items) {
    const a = await bot.ask({ text: item.question, user: 'eval', channel: 'eval', platform: 'cli' });
    const ok = passes(item, a.text, a.abstained);
    const row = (result.rows[item.lang] ??= { answerable: { passed: 0, total: 0 }, unanswerable: { passed: 0, total: 0 } });
    const cell = item.answerable === false ? row.unanswerable : row.answerable;
    cell.total += 1;
    if (ok) cell.passed += 1;
    result.outcomes.push({ item, ok, text: a.text.slice(0, 600), ms: a.timings.totalMs });
  }
  return result;
}

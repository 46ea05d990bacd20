// Gaps are questions the bot could not answer well, grouped by need and ranked by how many asked.
import type { Glossary } from '../retrieval/glossary';
import type { LoggedQuestion } from '../services/types';
import { clusterTermSets } from './cluster';
import { needTerms, termLabel } from './need-terms';
import type { GapGroup } from './types';

/** Below this calibrated confidence an answer is more likely wrong than right. */
export const LOW_CONFIDENCE = 0.5;
const PHRASINGS = 5;
const CLOSEST = 3;

// --- Filters: why a question is a gap. ---
/** The bot said the knowledge base does not hold the answer. */
export const abstained = (q: LoggedQuestion) => q.abstained;
/** It answered, but by its own estimate probably wrongly (undefined confidence is unknown, not low). */
export const lowConfidence = (q: LoggedQuestion) => !q.abstained && q.confidence !== undefined && q.confidence < LOW_CONFIDENCE;
/** People who read the answer found it unhelpful more often than helpful. */
export const downvoted = (q: LoggedQuestion) => q.votesDown > 0 && q.votesDown >= q.votesUp;

export function isGap(q: LoggedQuestion): boolean {
  return abstained(q) || lowConfidence(q) || downvoted(q);
}

/** Every gap group of these questions, most asked first. */
export function groupGaps(questions: LoggedQuestion[], glossary: Glossary): GapGroup[] {
  const gaps = questions.filter(isGap);
  // Identical term sets are one unit of clustering: 100k questions are a few thousand sets.
  const byKey = new Map<string, { terms: string[]; rows: LoggedQuestion[] }>();
  // Per distinct text, once: a large log repeats the same few thousand questions.
  const perText = new Map<string, { norm: string; terms: string[] }>();
  const textInfo = (text: string) => {
    let info = perText.get(text);
    if (!info) {
      info = { norm: text.toLowerCase().replace(/\s+/g, ' ').trim(), terms: needTerms(text, glossary) };
      perText.set(text, info);
    }
    return info;
  };
  for (const q of gaps) {
    const { norm, terms } = textInfo(q.text);
    const key = terms.length ? terms.join('\u0000') : `\u0001${norm}`;
    const unit = byKey.get(key) ?? { terms, rows: [] };
    unit.rows.push(q);
    byKey.set(key, unit);
  }
  const units = [...byKey.values()];
  const clusters = clusterTermSets(units.map((u) => ({ terms: u.terms, count: u.rows.length })));
  const groups = clusters.map((members) => toGroup(members.map((i) => units[i]), (t) => textInfo(t).norm));
  return groups.sort((a, b) => (b.people ?? b.asked) - (a.people ?? a.asked) || b.asked - a.asked || b.lastAsked - a.lastAsked);
}

function toGroup(units: { terms: string[]; rows: LoggedQuestion[] }[], norm: (text: string) => string): GapGroup {
  const rows = units.flatMap((u) => u.rows);
  const texts = new Map<string, { n: number; last: number; text: string }>();
  const docs = new Map<string, number>();
  const users = new Set<string>();
  let allUsers = true;
  for (const r of rows) {
    const key = norm(r.text);
    const t = texts.get(key) ?? { n: 0, last: 0, text: r.text };
    t.n += 1;
    if (r.at >= t.last) [t.last, t.text] = [r.at, r.text];
    texts.set(key, t);
    for (const d of r.docs) docs.set(d, (docs.get(d) ?? 0) + 1);
    if (r.user === undefined) allUsers = false;
    else users.add(r.user);
  }
  const phrasings = [...texts.values()].sort((a, b) => b.n - a.n || b.last - a.last).map((t) => t.text);
  // The label: terms at least half the group's questions share, most shared first (at least two).
  const termCount = new Map<string, number>();
  for (const u of units) for (const t of u.terms) termCount.set(t, (termCount.get(t) ?? 0) + u.rows.length);
  const ranked = [...termCount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const label = ranked.filter(([, n], i) => i < 2 || n * 2 >= rows.length).slice(0, 4).map(([t]) => termLabel(t)).join(' · ');
  return {
    label: label || phrasings[0],
    example: phrasings[0],
    phrasings: phrasings.slice(1, 1 + PHRASINGS),
    asked: rows.length,
    ...(allUsers && users.size ? { people: users.size } : {}),
    reasons: { abstained: rows.filter(abstained).length, lowConfidence: rows.filter(lowConfidence).length, downvoted: rows.filter(downvoted).length },
    lastAsked: rows.reduce((m, r) => Math.max(m, r.at), 0),
    closest: [...docs].sort((a, b) => b[1] - a[1]).slice(0, CLOSEST).map(([d]) => d),
    ...answeredSince(rows),
  };
}

/**
 * A group is answered when the last reload's re-ask answered most of its re-asked phrasings and
 * nobody has asked it since without getting an answer (a later gap means the new index failed too).
 */
function answeredSince(rows: LoggedQuestion[]): { answeredSince?: number } {
  const checked = rows.filter((r) => r.recheck);
  if (!checked.length) return {};
  const at = checked.reduce((m, r) => Math.max(m, r.recheck!.at), 0);
  const latest = checked.filter((r) => r.recheck!.at === at);
  if (rows.some((r) => r.at > at)) return {};
  return latest.filter((r) => r.recheck!.answered).length * 2 >= latest.length ? { answeredSince: at } : {};
}

// The gap list as lines of text for chat and the terminal; each adapter passes its own escaping
// and emphasis, so question text (user input) is never read as markup.
import type { GapGroup, GapReport } from './types';

export interface TextStyle {
  /** Makes user text safe to show (escapes markup and mentions). */
  esc: (s: string) => string;
  bold: (s: string) => string;
}

export const PLAIN_STYLE: TextStyle = { esc: (s) => s, bold: (s) => s };

const EXAMPLE_MAX = 200;

export function formatGapReport(r: GapReport, style: TextStyle = PLAIN_STYLE): string {
  if (!r.questions) return `No questions logged in the last ${r.days} days.`;
  const head = `${style.bold(`Coverage gaps, last ${r.days} days`)}: ${r.gaps} of ${r.questions} questions not answered well, in ${r.totalGroups} group${r.totalGroups === 1 ? '' : 's'}.`;
  if (!r.groups.length) return `${head}\nNothing to add: every question got an answer nobody voted down.`;
  const shown = r.groups.length < r.totalGroups ? ` Top ${r.groups.length}:` : '';
  return [head + shown, ...r.groups.map((g, i) => groupLines(g, i + 1, style))].join('\n');
}

function groupLines(g: GapGroup, n: number, style: TextStyle): string {
  const who = g.people !== undefined ? `${g.people} ${g.people === 1 ? 'person' : 'people'}, ${g.asked} asked` : `${g.asked} asked`;
  const why = [
    g.reasons.abstained && `${g.reasons.abstained} unanswered`,
    g.reasons.lowConfidence && `${g.reasons.lowConfidence} low confidence`,
    g.reasons.downvoted && `${g.reasons.downvoted} 👎`,
  ].filter(Boolean).join(', ');
  const lines = [`${n}. ${style.bold(style.esc(g.label))} (${who}: ${why})`, `   e.g. “${style.esc(clip(g.example))}”`];
  if (g.closest.length) lines.push(`   closest: ${g.closest.map(style.esc).join(', ')}`);
  if (g.answeredSince !== undefined) lines.push(`   ✓ answered by the index reloaded ${new Date(g.answeredSince).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  return lines.join('\n');
}

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= EXAMPLE_MAX ? t : t.slice(0, EXAMPLE_MAX - 1) + '…';
}

// The coverage reports over the question log: the gap list (chat, CLI), the page's numbers, and
// re-asking open gaps after a reload so admins see which of them the new documents answer.
import type { Glossary } from '../retrieval/glossary';
import type { LoggedQuestion, QuestionLog } from '../services/types';
import type { ReloadSummary } from '../types';
import { groupGaps, isGap, LOW_CONFIDENCE, lowConfidence } from './gaps';
import type { Probe } from './probe';
import type { CoveragePage, CoverageReports, DayCount, GapReport, RecheckResult } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_GAP_DAYS = 30;
export const DEFAULT_TOP = 10;
/** Re-asked after a reload: the groups an admin is most likely to have just written for. */
const RECHECK_GROUPS = 50;
const CLOSEST = 3;

export interface CoverageOptions {
  log: QuestionLog;
  /** The glossary now serving (names are unified by it). */
  glossary: () => Glossary;
  /** Offline re-asking against the index now serving; without it there are no closest documents beyond the cited ones. */
  probe?: Probe;
  /** Document ids in the index, for "never cited". */
  documents?: () => string[];
  now?: () => number;
}

const normText = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

export function createCoverageReports(opts: CoverageOptions): CoverageReports {
  const now = opts.now ?? Date.now;
  const window = async (days: number) => {
    const d = Math.max(1, Math.floor(days));
    const from = now() - d * DAY_MS;
    return { days: d, from, rows: await opts.log.since(from) };
  };

  function gapReport(days: number, top: number, rows: LoggedQuestion[], from: number): GapReport {
    const groups = groupGaps(rows, opts.glossary());
    return { days, from, questions: rows.length, gaps: rows.filter(isGap).length, groups: groups.slice(0, top), totalGroups: groups.length };
  }

  async function withClosest(report: GapReport): Promise<GapReport> {
    if (!opts.probe) return report;
    for (const g of report.groups) {
      const found = await opts.probe(g.example).catch(() => undefined);
      g.closest = [...new Set([...g.closest, ...(found?.closest ?? [])])].slice(0, CLOSEST);
    }
    return report;
  }

  return {
    async gaps(o = {}) {
      const days = Math.max(1, Math.floor(o.days ?? DEFAULT_GAP_DAYS));
      const from = now() - days * DAY_MS;
      const gaps = await opts.log.gapsSince(from, LOW_CONFIDENCE);
      const groups = groupGaps(gaps, opts.glossary());
      const top = groups.slice(0, o.top ?? DEFAULT_TOP);
      return withClosest({ days, from, questions: await opts.log.countSince(from), gaps: gaps.length, groups: top, totalGroups: groups.length });
    },

    async page(o = {}) {
      const { days, from, rows } = await window(o.days ?? DEFAULT_GAP_DAYS);
      const perDay = new Map<string, DayCount>();
      // Every day of the window gets a bar, so quiet days show as gaps in the chart, not missing days.
      for (let t = from; t <= now(); t += DAY_MS) {
        const day = new Date(t).toISOString().slice(0, 10);
        perDay.set(day, { day, answered: 0, unanswered: 0 });
      }
      const cited = new Map<string, number>();
      let up = 0;
      let down = 0;
      for (const r of rows) {
        const day = new Date(r.at).toISOString().slice(0, 10);
        const d = perDay.get(day) ?? { day, answered: 0, unanswered: 0 };
        if (r.abstained) d.unanswered += 1;
        else d.answered += 1;
        perDay.set(day, d);
        for (const doc of r.docs) cited.set(doc, (cited.get(doc) ?? 0) + 1);
        up += r.votesUp;
        down += r.votesDown;
      }
      const page: CoveragePage = {
        generatedAt: now(),
        days,
        questions: rows.length,
        answered: rows.filter((r) => !r.abstained).length,
        perDay: [...perDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1)),
        votes: { up, down },
        topCited: [...cited].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([docId, count]) => ({ docId, count })),
        neverCited: (opts.documents?.() ?? []).filter((d) => !cited.has(d)).sort(),
        gaps: await withClosest(gapReport(days, 20, rows, from)),
      };
      return page;
    },

    async recheck(summary?: ReloadSummary): Promise<RecheckResult> {
      const result: RecheckResult = { groups: 0, phrasings: 0, answered: 0 };
      if (!opts.probe || opts.log.retentionDays <= 0) return result;
      const gapRows = await opts.log.gapsSince(now() - opts.log.retentionDays * DAY_MS, LOW_CONFIDENCE);
      const groups = groupGaps(gapRows, opts.glossary()).slice(0, RECHECK_GROUPS);
      const byText = new Map<string, LoggedQuestion[]>();
      for (const r of gapRows) {
        const key = normText(r.text);
        const list = byText.get(key);
        if (list) list.push(r);
        else byText.set(key, [r]);
      }
      const fresh = new Set([...(summary?.added ?? []), ...(summary?.changed ?? [])]);
      const marks: { ids: number[]; answered: boolean }[] = [];
      for (const g of groups) {
        result.groups += 1;
        for (const text of [g.example, ...g.phrasings]) {
          const same = byText.get(normText(text)) ?? [];
          const probe = await opts.probe(text);
          // An answer people voted down counts as fixed only when it now draws on a new or changed
          // document; the same answer from the same passages would be voted down again.
          const unanswered = same.some((r) => r.abstained || lowConfidence(r));
          const answered = probe.answered && (unanswered || probe.cited.some((d) => fresh.has(d)));
          marks.push({ ids: same.map((r) => r.id), answered });
          result.phrasings += 1;
          if (answered) result.answered += 1;
        }
      }
      await opts.log.markRechecked(marks);
      return result;
    },
  };
}

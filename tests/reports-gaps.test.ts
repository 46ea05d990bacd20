// Coverage gaps over a seeded question log: which questions count as gaps, how phrasings of one
// need are grouped (and different needs are not), the ranking, and what the chat/CLI text shows.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Glossary } from '../src/retrieval/glossary';
import { createCoverageReports, formatGapReport } from '../src/reports';
import { groupGaps, isGap } from '../src/reports/gaps';
import { needTerms } from '../src/reports/need-terms';
import { createQuestionLog } from '../src/services';
import type { LoggedQuestion } from '../src/services/types';
import { NEEDS, seedLog } from './fixtures/reports/seed';

const glossary = Glossary.load(path.resolve(__dirname, '../knowledge'));
const NOW = Date.UTC(2026, 10, 30, 12);

function seeded() {
  const clock = { t: NOW };
  const log = createQuestionLog(':memory:', { now: () => clock.t });
  const n = seedLog(log, clock);
  return { log, clock, n };
}

const row = (over: Partial<LoggedQuestion>): LoggedQuestion => ({
  id: 1, answerId: 'a', at: NOW, text: 'q', lang: 'en', platform: 'slack', channelKind: 'channel', abstained: false, docs: [], votesUp: 0, votesDown: 0, ...over,
});

describe('what counts as a gap', () => {
  it.each([
    ['an abstention (catches counting only votes)', { abstained: true }, true],
    ['confidence below 0.5 (catches ignoring Answer.confidence)', { confidence: 0.3 }, true],
    ['unknown confidence is not low (catches treating undefined as 0)', { confidence: undefined }, false],
    ['a confident answer', { confidence: 0.9 }, false],
    ['more 👎 than 👍', { votesDown: 2, votesUp: 1 }, true],
    ['as many 👎 as 👍', { votesDown: 1, votesUp: 1 }, true],
    ['more 👍 than 👎 (catches any single 👎 flagging a good answer)', { votesDown: 1, votesUp: 3 }, false],
  ])('%s', (_name, over, gap) => {
    expect(isGap(row(over))).toBe(gap);
  });
});

describe('grouping by need', () => {
  it('unifies glossary names across languages and spellings (Mistral = 미스트랄AI, revenue = 매출)', () => {
    expect(needTerms('미스트랄AI 2025년 매출은 얼마야?', glossary)).toEqual(expect.arrayContaining(['=mistral ai', '=revenue', '2025']));
    expect(needTerms("What was Mistral's revenue in 2025?", glossary)).toEqual(expect.arrayContaining(['=mistral ai', '=revenue', '2025']));
  });

  it('merges a Korean phrasing with its English twin once the glossary links their words (연봉 = salary)', async () => {
    const rows = [...(await seeded().log.since(0)), row({ id: 9999, text: '미스트랄 최고경영자 연봉', abstained: true })];
    const salaryGroup = (g: Glossary) => groupGaps(rows, g).find((x) => x.example.includes('salary'))!;
    expect(salaryGroup(glossary).phrasings).not.toContain('미스트랄 최고경영자 연봉');
    const linked = new Glossary([...glossary.entries, { names: ['salary', '연봉'], kind: 'term' }]);
    expect(salaryGroup(linked).phrasings).toContain('미스트랄 최고경영자 연봉');
  });

  it('puts every phrasing of one need in one group, and no two needs in the same group', async () => {
    const { log } = seeded();
    const groups = groupGaps((await log.since(0)), glossary);
    for (const need of NEEDS) {
      const holding = groups.filter((g) => [g.example, ...g.phrasings].some((t) => need.phrasings.includes(t)));
      expect(holding.map((g) => g.label), need.id).toHaveLength(1);
      const g = holding[0];
      expect(new Set([g.example, ...g.phrasings]), need.id).toEqual(new Set(need.phrasings));
      expect(g.asked, need.id).toBe(need.asked);
    }
    expect(groups).toHaveLength(NEEDS.length);
  });

  it('ranks groups by how many asked, with the most asked phrasing as the example and the reasons counted', async () => {
    const { log } = seeded();
    const groups = groupGaps((await log.since(0)), glossary);
    expect(groups.map((g) => g.asked)).toEqual([...NEEDS].sort((a, b) => b.asked - a.asked).map((n) => n.asked));
    expect(groups[0].example).toBe(NEEDS[0].phrasings[0]);
    const price = groups.find((g) => g.example.includes('Claude Opus'))!;
    expect(price.reasons).toEqual({ abstained: 0, lowConfidence: 12, downvoted: 0 });
    expect(price.closest).toEqual(['pricing-notes.md']);
    const salary = groups.find((g) => g.example.includes('salary'))!;
    expect(salary.reasons.downvoted).toBe(6);
  });

  it('keeps answered questions out of the report, however many words they share with a gap', async () => {
    const { log } = seeded();
    const groups = groupGaps((await log.since(0)), glossary);
    const all = groups.flatMap((g) => [g.example, ...g.phrasings]);
    expect(all.some((t) => /founded|설립|Aleph/.test(t))).toBe(false);
  });
});

describe('the gap report', () => {
  it('counts the window, cuts to the top N and reads as a numbered list with examples', async () => {
    const { log, n } = seeded();
    const reports = createCoverageReports({ log, glossary: () => glossary, now: () => NOW });
    const r = await reports.gaps({ days: 30, top: 3 });
    expect(r.questions).toBe(n);
    expect(r.gaps).toBe(NEEDS.reduce((s, x) => s + x.asked, 0));
    expect(r.totalGroups).toBe(NEEDS.length);
    expect(r.groups).toHaveLength(3);
    const text = formatGapReport(r);
    expect(text).toContain(`Coverage gaps, last 30 days: ${r.gaps} of ${n} questions not answered well, in ${NEEDS.length} groups. Top 3:`);
    expect(text).toMatch(/^1\. .*\(40 asked: 40 unanswered\)$/m);
    expect(text).toContain('e.g. “Does Mistral have an office in Korea?”');
  });

  it('honours the days window (catches reading the whole log)', async () => {
    const { log } = seeded();
    const reports = createCoverageReports({ log, glossary: () => glossary, now: () => NOW });
    const week = await reports.gaps({ days: 7 });
    const month = await reports.gaps({ days: 30 });
    expect(week.questions).toBeGreaterThan(0);
    expect(week.questions).toBeLessThan(month.questions);
  });
});

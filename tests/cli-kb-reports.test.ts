// `npm run kb -- gaps | report` as an admin runs them: a real process over a seeded question log in
// DATA_DIR and a copy of the small knowledge folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQuestionLog, DB_FILE } from '../src/services';
import { runCli } from './helpers/cli';
import { cleanup, SMALL_KB, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { NEEDS, seedLog } from './fixtures/reports/seed';

const ROOT = path.resolve(__dirname, '..');
let knowledgeDir: string;
let dataDir: string;

const kb = (args: string[]) => runCli('src/cli/kb.ts', args, { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir });

beforeAll(() => {
  // The shipped glossary: the seed's phrasings are unified by its names (Mistral = 미스트랄AI, revenue = 매출).
  knowledgeDir = writeSmallKb({ ...SMALL_KB, '_glossary.yml': fs.readFileSync(path.join(ROOT, 'knowledge/_glossary.yml'), 'utf8') });
  dataDir = tmpDir('cli-gaps-');
  const clock = { t: Date.now() };
  const log = createQuestionLog(path.join(dataDir, DB_FILE), { now: () => clock.t });
  seedLog(log, clock);
  log.close();
});
afterAll(cleanup);

describe('npm run kb -- gaps | report', () => {
  it('gaps prints the ranked groups with examples', async () => {
    const r = await kb(['gaps', '--days', '30', '--top', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Coverage gaps, last 30 days:');
    expect(r.stdout).toMatch(/^1\. .*\(40 asked: 40 unanswered\)$/m);
    expect(r.stdout).toMatch(/^3\. /m);
    expect(r.stdout).not.toMatch(/^4\. /m);
  });

  it('gaps --json is the report object scripts can read', async () => {
    const r = await kb(['gaps', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.totalGroups).toBe(NEEDS.length);
    expect(report.groups[0]).toMatchObject({ example: NEEDS[0].phrasings[0], asked: 40 });
  });

  it('report --out writes one self-contained page', async () => {
    const out = path.join(dataDir, 'out', 'report.html');
    const r = await kb(['report', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote ${out}`);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('<svg id="chart-per-day"');
    expect(html).not.toMatch(/<script|<link|src=["']http/i);
  });

  it('reload re-asks the open gaps against the new index and says how many it now answers', async () => {
    fs.writeFileSync(path.join(knowledgeDir, 'mistral-korea.md'), '# Mistral AI in Korea\n\nMistral AI opened an office in Korea, in Seoul, in 2026.\n');
    const r = await kb(['reload']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Re-asked \d+ phrasings of 6 gap groups: [1-9]\d* now answered/);
    const gaps = await kb(['gaps']);
    expect(gaps.stdout).toMatch(/^1\. .*\n.*\n.*\n\s+✓ answered by the index reloaded/m);
  });

  it.each([
    ['a bad --days exits 78 naming the flag', ['gaps', '--days', 'ten'], /--days "ten" is not a whole number/],
    ['report without --out says how to call it', ['report'], /--out report\.html/],
  ])('%s', async (_name, args, message) => {
    const r = await kb(args);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(message);
  });
});

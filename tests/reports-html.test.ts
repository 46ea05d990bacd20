// The HTML coverage report in a real headless Chromium: it loads with no network, shows the
// numbers and the gap list, and its inline SVG charts have real size and real bars.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Glossary } from '../src/retrieval/glossary';
import { createCoverageReports } from '../src/reports';
import { renderCoverageHtml } from '../src/reports/html';
import { createQuestionLog } from '../src/services';
import { fakeAnswer } from './helpers/fake-bot';
import { Chromium, findChromium, pngSize, type Page } from './helpers/chromium';
import { seedLog } from './fixtures/reports/seed';

const binary = findChromium();
// In CI the browser is installed by .ci/run, so a missing one is a failure, never a skip.
const skip = !binary && !process.env.CI;
if (skip) console.warn('reports-html: skipped because no chromium is on PATH (apt-get install chromium, or set CHROMIUM_PATH); CI never skips it');

const glossary = Glossary.load(path.resolve(__dirname, '../knowledge'));
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-report-'));

async function buildPage(): Promise<string> {
  const clock = { t: Date.UTC(2026, 10, 30, 12) };
  const log = createQuestionLog(':memory:', { now: () => clock.t });
  seedLog(log, clock);
  // A question trying to inject markup must show as text.
  await log.record({ question: { text: '<script>alert(1)</script> 미스트랄 한국 지사?', user: 'U1', channel: 'C1', platform: 'slack' }, answer: fakeAnswer({ abstained: true }) });
  const reports = createCoverageReports({
    log,
    glossary: () => glossary,
    documents: () => ['ai-market-sovereign-ai.md', 'pricing-notes.md', 'never-read.md'],
    now: () => clock.t,
  });
  const file = path.join(outDir, 'report.html');
  fs.writeFileSync(file, renderCoverageHtml(await reports.page({ days: 30 })));
  return file;
}

describe.skipIf(skip)('HTML coverage report in headless Chromium', () => {
  let browser: Chromium;
  let page: Page;

  beforeAll(async () => {
    if (!binary) throw new Error('CI=true but no chromium on PATH: .ci/run must apt-get install chromium');
    const file = await buildPage();
    browser = await Chromium.launch(binary);
    page = await browser.open(`file://${file}`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('shows the headline numbers, the gap list with examples, and the never-cited documents', async () => {
    const text = await page.evaluate<string>('document.body.innerText');
    expect(text).toContain('Knowledge-base coverage');
    expect(text).toMatch(/Answer rate\s+\d+%/);
    expect(text).toContain('Questions per day');
    expect(text).toContain('“Does Mistral have an office in Korea?”');
    expect(text).toContain('40 asked');
    expect(text).toContain('<script>alert(1)</script> 미스트랄 한국 지사?');
    expect(text).toContain('Most cited documents');
    const never = await page.evaluate<string>("document.getElementById('never-cited').innerText");
    expect(never).toBe('never-read.md');
  });

  it('draws every chart with a non-zero size, and the per-day chart with visible bars', async () => {
    const sizes = await page.evaluate<Record<string, { w: number; h: number }>>(`Object.fromEntries(
      ['chart-per-day', 'chart-answer-rate', 'chart-votes', 'chart-top-cited'].map((id) => {
        const r = document.getElementById(id)?.getBoundingClientRect();
        return [id, { w: r ? r.width : 0, h: r ? r.height : 0 }];
      }))`);
    for (const [id, s] of Object.entries(sizes)) {
      expect(s.w, id).toBeGreaterThan(100);
      expect(s.h, id).toBeGreaterThan(10);
    }
    const bars = await page.evaluate<number>(
      "[...document.querySelectorAll('#chart-per-day rect')].filter((r) => r.getBoundingClientRect().height > 0).length",
    );
    expect(bars).toBeGreaterThan(10);
  });

  it('needs no network (nothing fetched, no script ran) and screenshots at full size', async () => {
    expect(await page.evaluate<number>("performance.getEntriesByType('resource').length")).toBe(0);
    expect(await page.evaluate<number>('document.scripts.length')).toBe(0);
    const png = await page.screenshot();
    fs.writeFileSync(path.join(outDir, 'report.png'), png);
    if (process.env.REPORT_SCREENSHOT) fs.writeFileSync(process.env.REPORT_SCREENSHOT, png);
    const { width, height } = pngSize(png);
    expect(width).toBeGreaterThan(1200);
    expect(height).toBeGreaterThan(900); // the whole page, not just the viewport
    expect(png.length).toBeGreaterThan(20_000);
  });
});

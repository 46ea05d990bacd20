// npm run kb -- gaps [--days N] [--top N] [--json]   the coverage gaps: questions not answered well, grouped
// npm run kb -- report [--days N] --out report.html  one self-contained HTML page (charts inline, no network)
import fs from 'node:fs';
import path from 'node:path';
import type { CoreBot } from '../bot';
import type { Config } from '../config';
import { BotError } from '../errors';
import { coverageReports, DEFAULT_GAP_DAYS, DEFAULT_TOP, formatGapReport } from '../reports';
import { renderCoverageHtml } from '../reports/html';
import { createQuestionLog, DB_FILE, type QuestionLog } from '../services';
import { openPostgresQuestionLog } from '../services/postgres';

/** The value after a flag (`--days 7` or `--days=7`), or undefined. */
export function flag(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const eq = args[i].indexOf('=');
  return eq >= 0 ? args[i].slice(eq + 1) : args[i + 1];
}

function positiveInt(args: string[], name: string, def: number): number {
  const raw = flag(args, name);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new BotError('CONFIG_INVALID', `--${name} "${raw}" is not a whole number from 1 to 3650. Example: --${name} ${def}.`);
  return n;
}

/** The log the running bot writes: Postgres when DATABASE_URL is set, else the SQLite file in DATA_DIR. */
export async function openQuestionLog(config: Config): Promise<{ log: QuestionLog; close(): Promise<void> }> {
  const opts = { retentionDays: config.questionLog.days, logUserIds: config.questionLog.logUserIds };
  if (config.databaseUrl) return openPostgresQuestionLog(config.databaseUrl, opts);
  const log = createQuestionLog(path.join(config.dataDir, DB_FILE), opts);
  return { log, close: async () => log.close() };
}

export async function runGaps(config: Config, core: CoreBot, args: string[]): Promise<string> {
  const days = positiveInt(args, 'days', DEFAULT_GAP_DAYS);
  const top = positiveInt(args, 'top', DEFAULT_TOP);
  const { log, close } = await openQuestionLog(config);
  try {
    const report = await coverageReports(core, log).gaps({ days, top });
    return args.includes('--json') ? JSON.stringify(report, null, 2) : formatGapReport(report);
  } finally {
    await close();
  }
}

export async function runReport(config: Config, core: CoreBot, args: string[]): Promise<string> {
  const out = flag(args, 'out');
  if (!out) throw new BotError('CONFIG_INVALID', 'Say where to write the page: npm run kb -- report --out report.html');
  const days = positiveInt(args, 'days', DEFAULT_GAP_DAYS);
  const { log, close } = await openQuestionLog(config);
  try {
    const page = await coverageReports(core, log).page({ days });
    const file = path.resolve(out);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, renderCoverageHtml(page));
    return `Wrote ${file}: ${page.questions} questions, ${page.gaps.totalGroups} gap groups, last ${page.days} days.`;
  } finally {
    await close();
  }
}

/** After `kb reload`: re-ask the open gaps against the new index, so `kb gaps` marks what it now answers. */
export async function recheckAfterReload(config: Config, core: CoreBot, summary: Parameters<ReturnType<typeof coverageReports>['recheck']>[0]): Promise<string> {
  const { log, close } = await openQuestionLog(config);
  try {
    const r = await coverageReports(core, log).recheck(summary);
    return r.phrasings ? `Re-asked ${r.phrasings} phrasings of ${r.groups} gap groups: ${r.answered} now answered (see npm run kb -- gaps).` : '';
  } finally {
    await close();
  }
}

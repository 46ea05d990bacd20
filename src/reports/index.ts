// Coverage reports wired to the core: the glossary, documents and offline re-asking come from the
// index now serving, so a reload changes what the next report sees.
import type { CoreBot } from '../bot';
import type { Logger } from '../logger';
import { Glossary } from '../retrieval/glossary';
import { withQuestionLog } from '../services/recording-bot';
import type { QuestionLog } from '../services/types';
import type { KnowledgeBot } from '../types';
import { createCoverageReports } from './coverage';
import { snapshotProbe } from './probe';
import type { CoverageReports } from './types';

export type { CoverageReports, CoveragePage, GapGroup, GapReport, RecheckResult } from './types';
export { createCoverageReports, DEFAULT_GAP_DAYS, DEFAULT_TOP } from './coverage';
export { formatGapReport, PLAIN_STYLE, type TextStyle } from './format';

export function coverageReports(core: CoreBot, log: QuestionLog): CoverageReports {
  return createCoverageReports({
    log,
    glossary: () => core.kb.snapshot?.glossary ?? Glossary.empty(),
    probe: snapshotProbe(() => core.kb.snapshot),
    documents: () => core.kb.snapshot?.docs.map((d) => d.id) ?? [],
  });
}

/** The core as chat adapters should see it: every question logged, every reload followed by a re-ask of the open gaps. */
export function recordingBot(core: CoreBot, log: QuestionLog, reports: CoverageReports, logger: Logger): KnowledgeBot {
  return withQuestionLog(core, log, logger, {
    afterReload: async (summary) => {
      const r = await reports.recheck(summary);
      logger.info('re-asked open gaps against the new index', { ...r });
    },
  });
}

// What the coverage reports hand to the CLI, the chat adapters and the HTML page.
import type { ReloadSummary } from '../types';

/** Why a logged question counts as not answered well. */
export interface GapReasons {
  abstained: number;
  lowConfidence: number;
  downvoted: number;
}

export interface GapGroup {
  /** The need in a few words: the group's most shared terms. */
  label: string;
  /** The most asked phrasing (the latest, when tied). */
  example: string;
  /** Other phrasings, most asked first (at most five). */
  phrasings: string[];
  /** Questions in the group. */
  asked: number;
  /** Distinct askers, when LOG_USER_IDS=true recorded them; else undefined. */
  people?: number;
  reasons: GapReasons;
  /** Epoch ms of the latest question. */
  lastAsked: number;
  /** Documents that came closest: cited by the group's answers or found for the example now. */
  closest: string[];
  /** Set when a reload re-asked the group's questions and the new index answers them. */
  answeredSince?: number;
}

export interface GapReport {
  days: number;
  /** Epoch ms the window starts at. */
  from: number;
  questions: number;
  gaps: number;
  groups: GapGroup[];
  /** Groups before cutting to the requested top N. */
  totalGroups: number;
}

export interface DayCount {
  /** YYYY-MM-DD (UTC). */
  day: string;
  answered: number;
  unanswered: number;
}

export interface CoveragePage {
  generatedAt: number;
  days: number;
  questions: number;
  answered: number;
  perDay: DayCount[];
  votes: { up: number; down: number };
  topCited: { docId: string; count: number }[];
  neverCited: string[];
  gaps: GapReport;
}

export interface RecheckResult {
  groups: number;
  phrasings: number;
  answered: number;
}

/** What the chat adapters and the CLI ask of the reports. */
export interface CoverageReports {
  gaps(opts?: { days?: number; top?: number }): Promise<GapReport>;
  page(opts?: { days?: number }): Promise<CoveragePage>;
  /** Re-asks the open gaps offline against the index now serving; `summary` tells which documents are new. */
  recheck(summary?: ReloadSummary): Promise<RecheckResult>;
}

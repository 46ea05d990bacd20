import type { Logger } from '../src/logger';
import type { CoverageReports } from '../src/reports/types';
import type { AdapterServices } from '../src/services/types';
import type { KnowledgeBot } from '../src/types';

/** What every adapter's start function gets: the core, the shared services and its own config. */
export interface AdapterContext<C> {
  bot: KnowledgeBot;
  services: AdapterServices;
  config: C;
  logger: Logger;
  /** Questions longer than this are refused politely (Config.maxQuestionChars). */
  maxQuestionChars: number;
  /** Coverage-gap reports for `/kb gaps`; without them the command says the question log is off. */
  reports?: CoverageReports;
}

export interface RunningAdapter {
  name: string;
  stop(): Promise<void>;
}

// Every question a chat adapter sends to the core goes through here, so the question log is
// written in one place and adapters only say where the question was asked (Question.channelKind).
// After a successful reload the `afterReload` hook re-asks the open gaps (closing the loop).
import type { Logger } from '../logger';
import type { KnowledgeBot, ReloadSummary } from '../types';
import type { QuestionLog } from './types';

export interface RecordingHooks {
  /** Runs after each successful reload, before the summary is returned; its failure is logged, not thrown. */
  afterReload?: (summary: ReloadSummary) => Promise<void>;
}

export function withQuestionLog(bot: KnowledgeBot, log: QuestionLog, logger: Logger, hooks: RecordingHooks = {}): KnowledgeBot {
  return {
    async ask(question, opts) {
      const answer = await bot.ask(question, opts);
      try {
        await log.record({ question, answer });
      } catch (err) {
        // A full disk must not cost the user the answer they are waiting for.
        logger.error('question log write failed', { err, answerId: answer.id });
      }
      return answer;
    },
    async reload(opts) {
      const summary = await bot.reload(opts);
      if (hooks.afterReload) {
        await hooks.afterReload(summary).catch((err: unknown) => logger.warn('re-asking open gaps after the reload failed', { err }));
      }
      return summary;
    },
    status: () => bot.status(),
  };
}

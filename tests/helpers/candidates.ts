// The selector's inputs for one question, as the answer path builds them: the analyzed query, its
// weighted groups and the candidates of the top 8 passages. Feature tests read these directly.
import { weighGroups } from '../../src/answer/coverage';
import { candidates } from '../../src/answer/selector/features';
import { analyzeQuery } from '../../src/retrieval/query';
import type { CoreBot } from '../../src/bot';

export async function candidatesFor(bot: CoreBot, question: string) {
  const snap = bot.kb.snapshot!;
  const query = analyzeQuery(question, snap.glossary);
  const groups = weighGroups(query.groups, snap.bm25);
  const cands = candidates(query, groups, await snap.search(query, 8), snap.bm25);
  return { snap, query, groups, cands };
}

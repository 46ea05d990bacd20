// Asks the index now serving, offline: retrieval and the extractive answerer, never the LLM (a
// reload re-asks many questions; they must cost nothing and leave nothing in the question log).
import { extractiveAnswer } from '../answer/extractive';
import type { IndexSnapshot } from '../kb/snapshot';
import { analyzeQuery } from '../retrieval/query';
import { guessLang } from '../user-messages';

export interface ProbeResult {
  answered: boolean;
  /** Documents the offline answer cites. */
  cited: string[];
  /** Documents of the best retrieved passages, best first, whether or not they answer. */
  closest: string[];
}

export type Probe = (text: string) => Promise<ProbeResult>;

export function snapshotProbe(snapshot: () => IndexSnapshot | undefined): Probe {
  return async (text) => {
    const snap = snapshot();
    if (!snap) return { answered: false, cited: [], closest: [] };
    const query = analyzeQuery(text, snap.glossary);
    const hits = await snap.search(query, 8);
    const r = extractiveAnswer(query, hits, snap.bm25, snap.glossary, guessLang(text));
    return {
      answered: !r.abstained,
      cited: [...new Set(r.citations.map((c) => c.docId))],
      closest: [...new Set(hits.map((h) => h.chunk.docId))],
    };
  };
}

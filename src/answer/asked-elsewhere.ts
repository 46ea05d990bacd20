// "Who did Woodrow Wilson marry?" over Korean articles where only someone else's marries (결혼): the
// name found by sound (윌슨) and the asked word (marry → 결혼) are both in the documents, so no
// "never mention" rule fires, and a sentence that merely names Wilson is quoted. When the documents
// that name the person never use any word of what is asked, while another document does, the
// documents say it of someone else: there is nothing to quote about this person.
//
// Documents, not passages: Korean names its subject once and drops it (강정호 … 광주제일고등학교의
// 원투펀치로 활약했다), so the passage that holds the fact often lacks the name that its article has.
import type { WeightedGroup } from './coverage';
import type { Candidate } from './selector/features';

const HELD = 0.5;

/**
 * The question's words other than its names found by sound (the asked fact) are held, among the
 * passages read, only by documents none of whose read passages holds such a name. False when the
 * question has no name found by sound, nothing besides it, or no read passage holds the fact.
 */
export function askedOnlyOfOthers(groups: WeightedGroup[], cands: Candidate[]): boolean {
  const own = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.present && !g.group.context);
  const names = own.filter(({ g }) => g.group.soundsLike?.length).map(({ i }) => i);
  // Other names (a glossary's, a number) are facts of the question too: "Wilson's 1912 election".
  const facts = own.filter(({ g }) => !g.group.soundsLike?.length).map(({ i }) => i);
  if (!names.length || !facts.length) return false;
  const naming = new Set(cands.filter((c) => names.some((i) => c.chunkDegrees[i] >= HELD)).map((c) => c.chunk.docId));
  const holding = cands.filter((c) => facts.some((i) => c.chunkDegrees[i] >= HELD));
  return holding.length > 0 && holding.every((c) => !naming.has(c.chunk.docId));
}

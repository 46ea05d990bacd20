// The rule for names found by sound: when the documents that name the person never use a word of
// what is asked and another document does, the question is declined (src/answer/asked-elsewhere.ts).
// The bot-level rows are in tests/names-given-look-alikes.test.ts (Who did Woodrow Wilson marry?).
import { describe, expect, it } from 'vitest';
import { askedOnlyOfOthers } from '../src/answer/asked-elsewhere';
import type { WeightedGroup } from '../src/answer/coverage';
import type { Candidate } from '../src/answer/selector/features';

// The question "Who did Wilson marry?": the name found by sound, then the asked word.
const wilson = { group: { label: 'Wilson', kind: 'entity', soundsLike: ['윌슨'] }, present: true } as WeightedGroup;
const marry = { group: { label: 'marry', kind: 'word', translated: true }, present: true } as unknown as WeightedGroup;
const byGlossary = { group: { label: 'Wilson', kind: 'entity' }, present: true } as WeightedGroup;

/** A sentence of a passage of `doc` whose passage holds the question's groups by these degrees. */
const passage = (doc: string, chunkDegrees: number[]) => ({ chunk: { id: `${doc}#${chunkDegrees.join('')}`, docId: doc }, chunkDegrees }) as unknown as Candidate;

describe('askedOnlyOfOthers', () => {
  it.each([
    ['the asked word only in another person’s article (catches the rule switched off: Wilson answered with a sentence that merely names him)', [wilson, marry], [passage('wilson.md', [1, 0]), passage('kang.md', [0, 1])], true],
    ['in the person’s article, in a passage that drops the name as Korean does (catches checking passages instead of documents)', [wilson, marry], [passage('nixon.md', [1, 0]), passage('nixon.md', [0, 1]), passage('kang.md', [0, 1])], false],
    ['in a passage that names the person', [wilson, marry], [passage('wilson.md', [1, 1]), passage('kang.md', [0, 1])], false],
    ['in no passage read: nothing says it is someone else’s (catches declining every question the passages do not answer)', [wilson, marry], [passage('wilson.md', [1, 0])], false],
    ['a name the glossary gives, not found by sound (catches the rule overruling the glossary)', [byGlossary, marry], [passage('wilson.md', [1, 0]), passage('kang.md', [0, 1])], false],
    ['only the name is asked about: nothing besides it to look for', [wilson], [passage('kang.md', [0])], false],
    ['the asked word absent from every document (the confidence model decides)', [wilson, { ...marry, present: false }], [passage('wilson.md', [1, 0])], false],
  ])('%s', (_what, groups, cands, expected) => {
    expect(askedOnlyOfOthers(groups as WeightedGroup[], cands as Candidate[])).toBe(expected);
  });
});

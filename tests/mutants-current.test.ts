// The mutation run (npm run test:mutation, too slow for every test run) plants the bugs listed in
// scripts/mutants.ts by text replacement. When the code they target changes, a mutant's find text
// disappears and the bug it stood for is no longer checked: this fails the ordinary test run
// instead, naming the mutant to update.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUTANTS, staleEdits, type Mutant } from '../scripts/mutants';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('scripts/mutants.ts matches the source', () => {
  it.each(MUTANTS.map((m) => [m.id, m] as const))('%s: every find text is in its file exactly once (catches a mutant gone stale after a code change)', (_id, m) => {
    expect(staleEdits(m, read)).toEqual([]);
  });

  it('ids are unique (catches --only picking two mutants, or a report row that hides another)', () => {
    expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
  });

  it('names the file and the missing or repeated text (catches a stale mutant reported as planted)', () => {
    const m: Mutant = {
      id: 'x/y',
      group: 'kb',
      bug: 'b',
      tests: [],
      edits: [
        { file: 'a.ts', find: 'gone', replace: '' },
        { file: 'a.ts', find: 'twice', replace: '' },
        { file: 'a.ts', find: 'once', replace: 'twice' },
        { file: 'a.ts', find: 'twice', replace: '' },
      ],
    };
    const problems = staleEdits(m, () => 'once twice twice');
    expect(problems).toEqual([
      'a.ts: find text is missing: "gone"',
      'a.ts: find text occurs 2 times: "twice"',
      // the third edit made a third "twice": counted on the text as the earlier edits left it
      'a.ts: find text occurs 3 times: "twice"',
    ]);
  });
});

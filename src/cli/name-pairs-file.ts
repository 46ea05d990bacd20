// The hand-written name-pair lists that `npm run train:names` and `npm run train:hanja` learn their
// thresholds from: one pair a line, tab-separated (id, Latin spelling, Hangul spelling, 1 = the same
// name / 0 = a near miss), `#` lines are comments.
import fs from 'node:fs';

export interface NamePair {
  latin: string;
  hangul: string;
  match: boolean;
}

export function readNamePairs(file: string): NamePair[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .map(([, latin, hangul, match]) => ({ latin, hangul, match: match === '1' }));
}

// CI must run the test command the README gives users, not its own variant of it.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');

it('.ci/run runs the README test command (npm test) and still prints the summary line', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const command = /\|\s*`(npm (?:run )?test)`\s*\|/.exec(readme)?.[1];
  expect(command, 'README names the test command in its command table').toBeDefined();
  const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
  const runs = ci.split('\n').filter((l) => !l.trim().startsWith('#'));
  expect(runs.some((l) => l.trim().startsWith(`${command} `) || l.trim() === command)).toBe(true);
  expect(runs.some((l) => /\bnpx vitest\b/.test(l))).toBe(false);
  expect(ci).toContain('tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed');
});

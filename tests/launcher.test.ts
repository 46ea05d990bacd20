// scripts/run.mjs starts the CLIs from the compiled bundle (fast start-up) only while the bundle is
// newer than every source file; otherwise from the TypeScript source, so an edit is never served stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(__dirname, '..');
const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A miniature checkout: the real launcher, one entry as source and as bundle. */
function checkout(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-'));
  made.push(root);
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('scripts/run.mjs', fs.readFileSync(path.join(REPO, 'scripts/run.mjs'), 'utf8'));
  write('scripts/build.mjs', '');
  write('package.json', '{"type":"module"}');
  write('src/cli/hello.ts', "const who: string = 'source';\nconsole.log(who, process.argv.slice(2).join(' '));\n");
  write('adapters/.keep', '');
  write('dist/src/cli/hello.js', "console.log('bundle', process.argv.slice(2).join(' '));\n");
  write('dist/.built', 'now\n');
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  const past = new Date(Date.now() - 60_000);
  for (const f of ['scripts/run.mjs', 'scripts/build.mjs', 'package.json', 'src/cli/hello.ts', 'dist/src/cli/hello.js']) fs.utimesSync(path.join(root, f), past, past);
  return root;
}

const run = (root: string) => spawnSync(process.execPath, ['scripts/run.mjs', 'src/cli/hello.ts', 'a', 'b'], { cwd: root, encoding: 'utf8' });

describe('CLI launcher', () => {
  it.each([
    ['a fresh bundle is used, with the arguments after the entry (the start-up would pay for tsx)', () => undefined, 'bundle a b'],
    ['a source edited after the build runs from source (a stale bundle answers with old code)', (root: string) => fs.utimesSync(path.join(root, 'src/cli/hello.ts'), new Date(Date.now() + 2000), new Date(Date.now() + 2000)), 'source a b'],
    ['no build stamp (installed without "prepare") runs from source', (root: string) => fs.rmSync(path.join(root, 'dist/.built')), 'source a b'],
  ])('%s', (_what, change, expected) => {
    const root = checkout();
    change(root);
    const r = run(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(expected);
  });
});

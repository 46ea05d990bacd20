// Compiles the command-line entry points to plain JavaScript in dist/ (run by `npm ci` through
// "prepare"), so a cold `npm run ask` skips TypeScript compilation at start-up. Only our code is
// bundled: packages stay in node_modules; optional parts (LLM client, HTML, vectors, Slack,
// Discord) stay separate chunks, loaded on first use as in the sources.
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

export const ENTRIES = ['src/cli/ask.ts', 'src/cli/kb.ts', 'src/cli/eval.ts', 'adapters/start.ts'];

rmSync('dist', { recursive: true, force: true }); // no chunk of an older build lingers
await build({
  entryPoints: ENTRIES,
  outdir: 'dist',
  outbase: '.',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
// The launcher compares source files with this stamp: a bundle older than any source is not used.
writeFileSync('dist/.built', new Date().toISOString() + '\n');

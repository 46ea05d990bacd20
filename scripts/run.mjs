// npm run ask|kb|eval|start: runs the compiled bundle in dist/ when it is newer than every source
// file, else the TypeScript source through tsx, so an edited source is never served stale.
//   node scripts/run.mjs src/cli/ask.ts [args...]
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/run.mjs <entry.ts> [args...]\n');
  process.exit(2);
}
// The entry script reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);

/** Newest modification time under the folders the bundle is built from (~100 files, ~1 ms). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|js|mjs|json)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['src', 'adapters']) walk(path.join(root, d));
  for (const f of ['package.json', 'scripts/build.mjs']) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  return newest;
}

function bundleFor(file) {
  try {
    const built = statSync(path.join(root, 'dist/.built')).mtimeMs;
    const js = path.join(root, 'dist', file.replace(/\.ts$/, '.js'));
    statSync(js);
    return built >= newestSource() ? js : undefined;
  } catch {
    return undefined; // not built (e.g. installed without "prepare")
  }
}

const js = bundleFor(entry);
if (js) {
  await import(pathToFileURL(js).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.resolve(root, entry)).href);
}

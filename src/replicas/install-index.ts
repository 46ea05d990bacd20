// Puts a fetched snapshot in place as this replica's saved index, so a restart serves it at once.
// The same moves as a save (src/kb/persist.ts): the old folder goes aside as index.old-*, the new
// one is renamed in, under the data folder's lock; a crash in between is repaired at start-up
// (restoreInterruptedSave), and a fetch cut short leaves only an index.new-* copy that start-up removes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { withDataDirLock } from '../kb/data-dir-lock';
import { indexDir } from '../kb/persist';

/** A fresh folder in the data folder to fetch into; its `index` subfolder is where the files go. */
export function fetchDir(dataDir: string): string {
  return `${indexDir(dataDir)}.new-${process.pid}-${Date.now()}`;
}

export async function installIndex(dataDir: string, fetched: string): Promise<void> {
  await withDataDirLock(dataDir, async () => {
    const target = indexDir(dataDir);
    const old = `${target}.old-${process.pid}-${Date.now()}`;
    await fs.rename(target, old).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await fs.rename(path.join(fetched, 'index'), target);
    await fs.rm(old, { recursive: true, force: true });
  });
  await fs.rm(fetched, { recursive: true, force: true });
}

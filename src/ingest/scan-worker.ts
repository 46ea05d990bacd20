// Looks at many files of the knowledge folder (real path and metadata) in a worker thread. A reload
// of a folder where one file changed is mostly these looks: two calls per file, and on the thread
// that answers questions every promise of them costs time that a busy bot (50 askers) would
// otherwise spend answering, so 2,000 files took most of a one-file edit. In a worker they are
// plain synchronous calls on the other core, and the answers arrive in one message.
import { Worker } from 'node:worker_threads';
import { workerSource } from '../threads/worker-source';

/** What the loader needs of a file's metadata (fs.Stats, as plain data that crosses threads). */
export interface ScannedStat {
  isFile: boolean;
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

export type Scanned = { real: string; stat: ScannedStat; lookedAt: number } | { error: { code?: string; message: string } };

/**
 * The worker's body: it must not refer to anything outside itself (it runs as source text).
 * A real path outside the root is returned as it is; the loader judges it.
 */
export function scanFiles(input: { fs: typeof import('node:fs'); path: typeof import('node:path'); root: string; files: string[] }): Scanned[] {
  const { fs, path, root, files } = input;
  return files.map((rel) => {
    try {
      const real = fs.realpathSync.native(path.resolve(root, rel));
      const lookedAt = Date.now();
      const s = fs.statSync(real);
      return { real, lookedAt, stat: { isFile: s.isFile(), size: s.size, ino: s.ino, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs } };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { error: { code: e.code, message: e.message } };
    }
  });
}

const WORKER_SOURCE = workerSource(
  'scanFiles',
  scanFiles,
  "parentPort.on('message', ({ root, files }) => parentPort.postMessage(scanFiles({ fs: require('node:fs'), path: require('node:path'), root, files })));",
);

/** How the scan worker is started; tests swap it for one that dies. */
export const scanWorker = {
  spawn: (source: string): Worker => new Worker(source, { eval: true }),
};

/**
 * A worker for one load: scan(files) answers for each file in order. Rejects when the worker
 * dies (the loader then looks at the files itself); close() when done.
 */
export function startScanner(root: string): { scan(files: string[]): Promise<Scanned[]>; close(): void } {
  const worker = scanWorker.spawn(WORKER_SOURCE);
  const waiting: { resolve: (r: Scanned[]) => void; reject: (e: Error) => void }[] = [];
  let dead: Error | undefined;
  const die = (err: Error) => {
    dead ??= err;
    for (const w of waiting.splice(0)) w.reject(dead);
  };
  worker.on('message', (r: Scanned[]) => waiting.shift()?.resolve(r));
  worker.on('error', die);
  worker.on('exit', (code) => die(new Error(`the file scan worker stopped (exit code ${code})`)));
  return {
    scan(files) {
      if (dead) return Promise.reject(dead);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage({ root, files });
      });
    },
    close() {
      dead ??= new Error('closed');
      void worker.terminate();
    },
  };
}

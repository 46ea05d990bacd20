// Status from the saved index alone, for `npm run kb -- status`: reading what is on disk must not
// rebuild the index or write the data folder, and "last reload" must be the last real one.
import type { KbStatus } from '../types';
import { readManifest } from './persist';

export async function savedStatus(dataDir: string, answerer: string): Promise<KbStatus | undefined> {
  const m = await readManifest(dataDir);
  if (!m) return undefined;
  return {
    documents: m.documents.length,
    chunks: m.documents.reduce((n, d) => n + d.chunks, 0),
    embeddings: m.embeddings,
    answerer,
    analyzerVersion: m.analyzerVersion,
    reloading: false,
    lastReload: m.lastReload,
    errors: m.failures,
    names: m.names,
  };
}

// When each weekly digest was last posted, per target channel, so a restart neither repeats a
// digest nor skips one.
import { type Db, useDatabase } from './db';
import type { DigestState } from './types';

export function createDigestState(dbOrFile: Db | string): DigestState {
  const { db, owned } = useDatabase(dbOrFile);
  db.exec(`CREATE TABLE IF NOT EXISTS digests (target TEXT PRIMARY KEY, at INTEGER NOT NULL)`);
  const get = db.prepare(`SELECT at FROM digests WHERE target = ?`);
  const cas = db.prepare(`UPDATE digests SET at = ? WHERE target = ? AND at = ?`);
  const set = db.prepare(`INSERT INTO digests (target, at) VALUES (?, ?) ON CONFLICT (target) DO UPDATE SET at = excluded.at`);
  return {
    async last(target) {
      return (get.get(target) as { at: number } | undefined)?.at;
    },
    async mark(target, at) {
      set.run(target, at);
    },
    async claim(target, from, to) {
      return cas.run(to, target, from).changes > 0;
    },
    close() {
      if (owned && db.open) db.close();
    },
  };
}

// kill -9 of the replica building a reload (the real `npm run kb -- reload` process, killed with
// SIGKILL) leaves the last good snapshot serving everywhere and the build lock free: Postgres
// drops a dead session's advisory lock and rolls back its half-written snapshot.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { OfflineHashEmbeddings } from '../src/embeddings/offline-hash';
import { BUILD_LOCK, LOCK_CLASS } from '../src/replicas/schema';
import { cleanup, q, SMALL_KB, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { ROOT, runCli } from './helpers/cli';
import { describeWithPostgres } from './helpers/postgres';
import { databasePerTest, sleep, startReplica, until } from './helpers/replicas';

const RAISE = 'How much did Redfern Labs raise?';
/** The small folder with Redfern at $55 million, plus enough other documents that a build takes a while. */
function bigKnowledge(): string {
  const dir = writeSmallKb({ ...SMALL_KB, 'redfern.md': SMALL_KB['redfern.md'].replace('$40 million', '$55 million') });
  for (let d = 0; d < 400; d++) {
    const sections = Array.from({ length: 12 }, (_, s) => `## Topic ${d}-${s}\n\nFiller company ${d} works on subject ${s} with method q${d}x${s}. ${'The team writes reports about markets and tools. '.repeat(8)}`);
    fs.writeFileSync(path.join(dir, `filler-${d}.md`), `# Filler ${d}\n\n${sections.join('\n\n')}\n`);
  }
  return dir;
}

describeWithPostgres('kill -9 of the builder mid-reload', () => {
  const shared = databasePerTest(3);
  let child: ChildProcess | undefined;
  afterEach(() => void child?.kill('SIGKILL'));
  afterAll(cleanup);

  const lockHeld = async () =>
    (await shared.sql.query('SELECT count(*)::int AS n FROM pg_locks WHERE locktype = $1 AND classid = $2 AND objid = $3 AND granted', ['advisory', LOCK_CLASS, BUILD_LOCK])).rows[0].n > 0;
  const writingBlocked = async () =>
    (await shared.sql.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO kb_snapshot_files%'")).rows[0].n > 0;

  it.each([
    ['while building the index', false],
    ['while writing its snapshot to Postgres', true],
  ])('%s: the last good snapshot keeps serving, the lock is released, and the next reload elsewhere succeeds', async (_, duringWrite) => {
    const dirB = writeSmallKb();
    const b = startReplica(shared.db.url, dirB, { id: 'b', embeddings: new OfflineHashEmbeddings(), heartbeatMs: 250 });
    await b.ready;
    expect(b.replication.version).toBe(1);

    const answers: string[] = [];
    const errors: unknown[] = [];
    let asking = true;
    const loop = (async () => {
      while (asking) {
        await b.ask(q(RAISE)).then((a) => answers.push(a.text), (e) => errors.push(e));
        await sleep(10);
      }
    })();

    // Holding the files table makes the builder stop inside its snapshot transaction, rows half written.
    const blocker = await shared.sql.connect();
    try {
      if (duringWrite) {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE kb_snapshot_files IN EXCLUSIVE MODE');
      }
      let stderr = '';
      child = spawn(process.execPath, ['scripts/run.mjs', 'src/cli/kb.ts', 'reload'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: shared.db.url, KNOWLEDGE_DIR: bigKnowledge(), DATA_DIR: tmpDir('builder-data-'), REPLICA_ID: 'builder' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child.stderr!.on('data', (d) => (stderr += d));
      const exited = new Promise<NodeJS.Signals | null>((r) => child!.once('exit', (_code, signal) => r(signal)));
      const what = duringWrite ? 'the builder is writing its snapshot' : 'the builder holds the lock';
      await until(what, duringWrite ? writingBlocked : lockHeld, 60_000).catch((err) => {
        throw new Error(`${(err as Error).message}\nbuilder stderr:\n${stderr}`);
      });
      if (!duringWrite) await sleep(200); // inside the build, not at its first step
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
    }

    await until('Postgres released the dead builder\'s lock', async () => !(await lockHeld()), 5000);
    const versions = (await shared.sql.query('SELECT version FROM kb_snapshots ORDER BY version')).rows.map((r) => Number(r.version));
    expect(versions).toEqual([1]);
    expect((await shared.sql.query('SELECT count(*)::int AS n FROM kb_snapshot_files WHERE version <> 1')).rows[0].n).toBe(0);
    await sleep(300);
    asking = false;
    await loop;
    expect(errors).toEqual([]);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((t) => t.includes('$40 million'))).toBe(true);

    // The lock is free: a reload asked on B builds and shares at once.
    fs.writeFileSync(path.join(dirB, 'redfern.md'), SMALL_KB['redfern.md'].replace('$40 million', '$77 million'));
    await b.reload();
    expect(b.replication.version).toBeGreaterThan(1);
    expect((await b.ask(q(RAISE))).text).toContain('$77 million');

    if (!duringWrite) {
      // `kb status`: B serves the new version; the killed builder stopped beating and shows as gone.
      await sleep(1600);
      const st = await runCli('src/cli/kb.ts', ['status'], { DATABASE_URL: shared.db.url, DATA_DIR: b.dataDir, KNOWLEDGE_DIR: dirB, REPLICA_HEARTBEAT_MS: '500' });
      expect(st.stderr).toBe('');
      expect(st.stdout).toMatch(new RegExp(`shared index: version ${b.replication.version}, built by b`));
      expect(st.stdout).toMatch(new RegExp(`\\n\\s+b\\s+\\S+\\s+\\d+\\s+v${b.replication.version}\\s+\\S+\\s+up`));
      expect(st.stdout).toMatch(/\n\s+builder\s+\S+\s+\d+\s+.*GONE/);
    }
  }, 120_000);
});

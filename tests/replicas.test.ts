// Several replicas over one real Postgres share one index: a reload asked on one is built there
// once, stored as a versioned snapshot, and served by the others within seconds, with every
// question answered throughout (from the old index until the swap). A replica started during a
// build waits for it instead of building too, and a damaged snapshot is never served.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { heartbeat, listReplicas, registerReplica } from '../src/replicas/registry';
import { BUILD_LOCK, ensureSchema, LOCK_CLASS } from '../src/replicas/schema';
import { folderMatches, latestSnapshot } from '../src/replicas/snapshot-store';
import { cleanup, q, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';
import { describeWithPostgres, freshDatabase } from './helpers/postgres';
import { closeReplicas, databasePerTest, HoldableEmbeddings, recordingLogger, sleep, startReplica, until } from './helpers/replicas';

const RAISE = 'How much did Redfern Labs raise?';
const redfern = (amount: string) => ({ ...SMALL_KB, 'redfern.md': SMALL_KB['redfern.md'].replace('$40 million', amount) });
describeWithPostgres('replicas share one index through Postgres', () => {
  const shared = databasePerTest();
  afterAll(cleanup);

  /** Asks B every few ms until stopped; every answer (or error) is kept in order. */
  function keepAsking(bot: ReturnType<typeof startReplica>) {
    const answers: string[] = [];
    const errors: unknown[] = [];
    let on = true;
    const loop = (async () => {
      while (on) {
        await bot.ask(q(RAISE)).then((a) => answers.push(a.text), (e) => errors.push(e));
        await sleep(5);
      }
    })();
    return { answers, errors, stop: async () => ((on = false), await loop) };
  }

  it('a reload asked on A is served by B within 5 s, and B answers every question meanwhile (old index until the swap)', async () => {
    const dirA = writeSmallKb();
    const a = startReplica(shared.db.url, dirA, { id: 'a' });
    await a.ready;
    const b = startReplica(shared.db.url, writeSmallKb(), { id: 'b' });
    await b.ready;
    expect([a.replication.version, b.replication.version]).toEqual([1, 1]);

    const asking = keepAsking(b);
    await until('B answered', () => asking.answers.length > 3);
    fs.writeFileSync(path.join(dirA, 'redfern.md'), redfern('$55 million')['redfern.md']);
    await a.reload();
    const servedMs = await until('B serves the new snapshot', () => asking.answers.at(-1)?.includes('$55 million') ?? false);
    await asking.stop();

    expect(asking.errors).toEqual([]);
    const first55 = asking.answers.findIndex((t) => t.includes('$55 million'));
    expect(asking.answers.slice(0, first55).every((t) => t.includes('$40 million'))).toBe(true);
    // Never back to the old index once swapped (a late notification must not undo the swap).
    expect(asking.answers.slice(first55).every((t) => t.includes('$55 million'))).toBe(true);
    expect(servedMs).toBeLessThan(5000);
    expect(b.replication.version).toBe(2);
    // B built nothing: its own knowledge folder still says $40 million.
    // And its data folder now holds version 2, so a restart serves it at once.
    expect(await folderMatches(path.join(b.dataDir, 'index'), (await latestSnapshot(shared.sql))!)).toBe(true);
    // B answers from the new index a moment before its row says so (the row is written after the swap).
    const table = async () => (await listReplicas(shared.sql, 60_000)).map((r) => [r.id, r.version, r.gone]);
    await until('both rows show version 2', async () => JSON.stringify(await table()) === JSON.stringify([['a', 2, false], ['b', 2, false]]));
  });

  it('a heartbeat that set off before a swap and lands after it does not show the old version again', async () => {
    await ensureSchema(shared.sql);
    await registerReplica(shared.sql, { id: 'a', host: 'h', pid: 1, version: 1 });
    await heartbeat(shared.sql, 'a', 2); // the swap's heartbeat
    await heartbeat(shared.sql, 'a', 1); // the timed one, read before the swap, landing late
    await heartbeat(shared.sql, 'a', undefined);
    expect((await listReplicas(shared.sql, 60_000)).map((r) => [r.id, r.version])).toEqual([['a', 2]]);
  });

  it('B whose notification connection was cut still serves the new snapshot (reconnect, then catch up)', async () => {
    const dirA = writeSmallKb();
    const a = startReplica(shared.db.url, dirA, { id: 'a' });
    await a.ready;
    const b = startReplica(shared.db.url, writeSmallKb(), { id: 'b' });
    await b.ready;
    const listening = "FROM pg_stat_activity WHERE application_name = 'kb-snapshot-listener' AND datname = current_database() AND query LIKE 'LISTEN%'";
    await until('both replicas listen', async () => (await shared.sql.query(`SELECT count(*)::int AS n ${listening}`)).rows[0].n === 2);
    const cut = await shared.sql.query(`SELECT pg_terminate_backend(pid) ${listening}`);
    expect(cut.rowCount).toBe(2);
    fs.writeFileSync(path.join(dirA, 'redfern.md'), redfern('$55 million')['redfern.md']);
    await a.reload();
    await until('B serves the new snapshot', async () => (await b.ask(q(RAISE))).text.includes('$55 million'), 10_000);
  });

  it('a version announced by no notification at all is found by the poll', async () => {
    const other = await freshDatabase();
    try {
      const builder = startReplica(other.url, writeSmallKb(redfern('$55 million')), { id: 'builder' });
      await builder.ready;
      const b = startReplica(shared.db.url, writeSmallKb(), { id: 'b', pollMs: 500 });
      await b.ready;
      await storeCopy(other.url, [], { notify: false });
      await until('B serves the new snapshot', async () => (await b.ask(q(RAISE))).text.includes('$55 million'));
    } finally {
      await closeReplicas();
      await other.drop();
    }
  });

  it('a replica fetches each version once, however often it hears of it (polls, repeated notifications)', async () => {
    const dirA = writeSmallKb();
    const a = startReplica(shared.db.url, dirA, { id: 'a' });
    await a.ready;
    const logB = recordingLogger();
    const b = startReplica(shared.db.url, writeSmallKb(), { id: 'b', pollMs: 200, logger: logB });
    await b.ready;
    fs.writeFileSync(path.join(dirA, 'redfern.md'), redfern('$55 million')['redfern.md']);
    await a.reload();
    await until('B serves version 2', () => b.replication.version === 2);
    for (let i = 0; i < 3; i++) await shared.sql.query("SELECT pg_notify('kb_snapshot', '2')");
    await sleep(1200); // several polls
    const served = logB.lines.filter((l) => l.msg === 'serving index snapshot').map((l) => l.meta?.version);
    expect(served).toEqual([1, 2]);
  });

  it('reloads asked on A and B at once are built one after the other: the second finds the first one\'s snapshot and adds no version', async () => {
    const dirA = writeSmallKb();
    const dirB = writeSmallKb();
    const a = startReplica(shared.db.url, dirA, { id: 'a' });
    await a.ready;
    const b = startReplica(shared.db.url, dirB, { id: 'b' });
    await b.ready;
    for (const dir of [dirA, dirB]) fs.writeFileSync(path.join(dir, 'redfern.md'), redfern('$55 million')['redfern.md']);
    const [sa, sb] = await Promise.all([a.reload(), b.reload()]);
    // Exactly one of them indexed the changed document; the other served its snapshot and found nothing to do.
    expect([sa.indexed, sb.indexed].filter((n) => (n ?? 0) > 0)).toHaveLength(1);
    expect((await shared.sql.query('SELECT version FROM kb_snapshots ORDER BY version')).rows.map((r) => Number(r.version))).toEqual([1, 2]);
    expect([a.replication.version, b.replication.version]).toEqual([2, 2]);
    for (const r of [a, b]) expect((await r.ask(q(RAISE))).text).toContain('$55 million');
  });

  it('a replica started while another holds the reload lock does not rebuild: it serves that build, names mined from the documents included', async () => {
    const dirA = writeSmallKb({ ...SMALL_KB, 'kakao.md': '# 카카오브레인\n\n카카오브레인(Kakao Brain)은 서울의 인공지능 연구소다.\n' });
    const embA = new HoldableEmbeddings();
    const a = startReplica(shared.db.url, dirA, { id: 'a', embeddings: embA });
    await a.ready;
    fs.writeFileSync(path.join(dirA, 'redfern.md'), redfern('$55 million')['redfern.md']);
    const held = embA.hold();
    const reloading = a.reload();
    await held.entered; // A is mid-build, holding the lock

    // B's own folder differs: had B built, it would publish and answer $99 million.
    const embB = new HoldableEmbeddings();
    const b = startReplica(shared.db.url, writeSmallKb(redfern('$99 million')), { id: 'b', embeddings: embB });
    let bReady = false;
    void b.ready.then(() => (bReady = true));
    await sleep(1000);
    expect(bReady).toBe(false);
    const locks = await shared.sql.query('SELECT count(*)::int AS n FROM pg_locks WHERE locktype = $1 AND classid = $2 AND objid = $3 AND granted', ['advisory', LOCK_CLASS, BUILD_LOCK]);
    expect(locks.rows[0].n).toBe(1);

    held.release();
    await reloading;
    const summary = await b.ready;
    expect(summary).toMatchObject({ embedded: 0, indexed: 0 });
    expect(embB.embedded).toBe(0);
    expect((await b.ask(q(RAISE))).text).toContain('$55 million');
    expect((await latestSnapshot(shared.sql))!.version).toBe(2);
    expect(b.replication.version).toBe(2);
    // The saved index has no mined name pairs: B, which read no document, must still match Kakao Brain to 카카오브레인.
    expect(a.status().names!.minedPairs).toBeGreaterThan(0);
    expect(b.status().names).toEqual(a.status().names);
  });

  const damage: [string, string[]][] = [
    [
      'bytes changed in storage (caught by the recorded SHA-256)',
      // One byte in the middle of the largest file: an index that may well still load, wrong.
      [
        `UPDATE kb_snapshot_files SET data = set_byte(data, length(data) / 2, (get_byte(data, length(data) / 2) + 1) % 256)
         WHERE (version, path, part) = (SELECT version, path, part FROM kb_snapshot_files WHERE version = $1 ORDER BY length(data) DESC LIMIT 1)`,
      ],
    ],
    ['a file missing from the copy (a partial write)', ['DELETE FROM kb_snapshot_files WHERE version = $1 AND path = (SELECT min(path) FROM kb_snapshot_files WHERE version = $1)']],
    [
      'every file cut in half, with hashes that match (an index that does not load)',
      [
        'UPDATE kb_snapshot_files SET data = substring(data FROM 1 FOR length(data) / 2) WHERE version = $1',
        `UPDATE kb_snapshots s SET files = (SELECT jsonb_agg(jsonb_build_object('path', f.path, 'size', length(f.data), 'sha256', encode(sha256(f.data), 'hex'))) FROM kb_snapshot_files f WHERE f.version = s.version) WHERE version = $1`,
      ],
    ],
  ];

  /** Stores the snapshot `from` holds (built over `$55 million`) into the test database as a new version, damaged by `statements`, then announces it. */
  async function storeCopy(from: string, statements: string[], o = { notify: true }): Promise<number> {
    const src = new pg.Client({ connectionString: from });
    await src.connect();
    const c = await shared.sql.connect();
    try {
      const snap = (await src.query('SELECT files, bytes FROM kb_snapshots ORDER BY version DESC LIMIT 1')).rows[0];
      const files = (await src.query('SELECT path, part, data FROM kb_snapshot_files WHERE version = (SELECT max(version) FROM kb_snapshots)')).rows;
      await c.query('BEGIN');
      const version = Number((await c.query("INSERT INTO kb_snapshots (built_by, files, bytes) VALUES ('test', $1, $2) RETURNING version", [JSON.stringify(snap.files), snap.bytes])).rows[0].version);
      for (const f of files) await c.query('INSERT INTO kb_snapshot_files (version, path, part, data) VALUES ($1, $2, $3, $4)', [version, f.path, f.part, f.data]);
      for (const st of statements) await c.query(st, [version]);
      if (o.notify) await c.query("SELECT pg_notify('kb_snapshot', $1)", [String(version)]);
      await c.query('COMMIT');
      return version;
    } finally {
      c.release();
      await src.end();
    }
  }

  it.each(damage)('a damaged snapshot is never served: %s', async (_, statements) => {
    const other = await freshDatabase();
    try {
      const builder = startReplica(other.url, writeSmallKb(redfern('$55 million')), { id: 'builder' });
      await builder.ready;
      const a = startReplica(shared.db.url, writeSmallKb(), { id: 'a' });
      await a.ready;
      const logB = recordingLogger();
      const b = startReplica(shared.db.url, writeSmallKb(), { id: 'b', logger: logB });
      await b.ready;

      const asking = keepAsking(b);
      const bad = await storeCopy(other.url, statements);
      await until('B refuses the damaged version', () => logB.lines.some((l) => l.level === 'error' && l.meta?.version === bad));
      await sleep(200);
      await asking.stop();
      expect(asking.errors).toEqual([]);
      expect(asking.answers.length).toBeGreaterThan(0);
      expect(asking.answers.every((t) => t.includes('$40 million'))).toBe(true);
      expect(b.replication.version).toBe(1);
      // Its saved copy is still version 1 (a restart serves the good index).
      expect(await folderMatches(path.join(b.dataDir, "index"), await latestSnapshotOf(1))).toBe(true);

      // The same copy undamaged is served: what B refused was the damage, not the copying.
      await storeCopy(other.url, []);
      await until('B serves the undamaged copy', async () => (await b.ask(q(RAISE))).text.includes('$55 million'));
    } finally {
      await closeReplicas();
      await other.drop();
    }
  });

  async function latestSnapshotOf(version: number) {
    const r = (await shared.sql.query('SELECT version, built_by, created_at, files, bytes FROM kb_snapshots WHERE version = $1', [version])).rows[0];
    return { version: Number(r.version), builtBy: r.built_by, createdAt: String(r.created_at), files: r.files, bytes: Number(r.bytes) };
  }
});

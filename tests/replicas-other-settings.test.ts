// A snapshot built with other settings (chunk size, embeddings) than a replica's own cannot be
// served by it: the replica logs why, refuses that version once (no refetch on every poll or
// notification), and keeps answering from its current index.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cleanup, q, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';
import { describeWithPostgres } from './helpers/postgres';
import { databasePerTest, recordingLogger, sleep, startReplica, until } from './helpers/replicas';

const RAISE = 'How much did Redfern Labs raise?';
describeWithPostgres('a snapshot built with other settings', () => {
  const shared = databasePerTest();
  afterAll(cleanup);

  it.each([
    ['another chunk size', { chunkSize: 400, chunkOverlap: 60 }, /chunk size or overlap changed/],
    ['another embeddings id', { embeddingsId: 'local:other-v1' }, /embeddings \S+ → local:hash-v1/],
  ])('with %s is refused once, logged with the reason, and the old index keeps serving (catches serving an index whose vectors or chunks do not fit)', async (_, settings, reason) => {
    const logB = recordingLogger();
    const b = startReplica(shared.db.url, writeSmallKb(), { id: 'b', logger: logB, pollMs: 200 });
    await b.ready;
    expect(b.replication.version).toBe(1);

    // A replica configured differently builds over an edited folder and shares version 2.
    const other = startReplica(shared.db.url, writeSmallKb({ ...SMALL_KB, 'redfern.md': SMALL_KB['redfern.md'].replace('$40 million', '$55 million') }), { id: 'other', settings });
    await other.ready;
    expect(other.replication.version).toBe(2);
    expect((await other.ask(q(RAISE))).text).toContain('$55 million');

    const refusals = () => logB.lines.filter((l) => l.level === 'error' && l.msg.startsWith('index snapshot not served') && l.meta?.version === 2);
    await until('B refuses version 2', () => refusals().length > 0);
    // Polls every 200 ms and repeated notifications: still refused once, never fetched again.
    for (let i = 0; i < 3; i++) await shared.sql.query("SELECT pg_notify('kb_snapshot', '2')");
    await sleep(1200);
    expect(refusals()).toHaveLength(1);
    expect(String((refusals()[0].meta?.error as Error).message)).toMatch(reason);
    expect(b.replication.version).toBe(1);
    expect((await b.ask(q(RAISE))).text).toContain('$40 million');
    // No half-fetched copy left in B's data folder; its saved index is still its own.
    expect(fs.readdirSync(b.dataDir).filter((f) => f.startsWith('index.new-'))).toEqual([]);
    expect(fs.existsSync(path.join(b.dataDir, 'index'))).toBe(true);
  });
});

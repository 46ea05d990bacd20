// The test Postgres server is real and reachable: replica tests depend on it, so a broken setup
// must show up here by name rather than as a dozen confusing failures elsewhere.
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeWithPostgres, freshDatabase } from './helpers/postgres';

describeWithPostgres('test Postgres server', () => {
  it('gives each test file its own empty database on a real server (not pglite)', async () => {
    const { url, drop } = await freshDatabase();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query(`SELECT version() AS v, (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')::int AS n`);
      expect(rows[0].v).toMatch(/^PostgreSQL \d+/);
      expect(rows[0].n).toBe(0);
      // Advisory locks and LISTEN/NOTIFY are what replicas coordinate with.
      const lock = await c.query(`SELECT pg_try_advisory_lock(42) AS ok`);
      expect(lock.rows[0].ok).toBe(true);
    } finally {
      await c.end();
      await drop();
    }
  });
});

// A fresh, empty Postgres database per test file on the server tests/global-postgres.ts started
// (or TEST_DATABASE_URL). `describeWithPostgres` skips only when no server exists outside CI;
// under CI=true the global setup has already failed the run in that case.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

export const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
export const describeWithPostgres = hasPostgres ? describe : describe.skip;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Creates an empty database and returns its URL and a function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('No Postgres for tests: apt-get install postgresql, or set TEST_DATABASE_URL.');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

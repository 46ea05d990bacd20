import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Adapter tests start real servers on 127.0.0.1; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One real Postgres server for the run (replica tests); see the file for how it is found.
    globalSetup: ['tests/global-postgres.ts'],
  },
});

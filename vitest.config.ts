import { defineConfig } from 'vitest/config';

// One PostGIS cluster for the whole run (global setup); each integration test file
// gets its own database copied from a migrated template (server/test/db.ts).
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'client/**/*.test.ts', 'data/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
  },
});

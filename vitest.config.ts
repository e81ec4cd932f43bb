import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Migrates one database per run; each test file's fresh database starts as a copy of it.
    globalSetup: ['test/support/global-setup.ts'],
    // Each test file gets its own database; two cores on CI, so keep the pool small.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

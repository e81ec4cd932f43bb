import { configDefaults, defineConfig } from 'vitest/config';
import LongestFirst from './test/support/sequencer.ts';

/**
 * Files whose outcome does not depend on the database that TEST_DATABASE_URL names: the browser
 * tests (rendered pages, keyboard, axe-core; every SQL statement they make the application run is
 * also run by a non-browser test, checked by logging the statements of both on PostgreSQL) and the
 * command-line tests, which use no database or a PGlite folder of their own (the image's command and the
 * manifests' checks too). With
 * TEST_SKIP_DIALECT_FREE=1 (`.ci/run` sets it for its PostgreSQL pass) they are left out; the
 * PGlite pass runs everything.
 */
const DIALECT_FREE = [
  'test/pages/demo-pages.test.ts',
  'test/**/browser.test.ts',
  'test/auth/oidc-browser.test.ts',
  'test/cli/errors.test.ts',
  'test/cli/start.test.ts',
  'test/db/lock.test.ts',
  'test/db/initial.test.ts',
  'test/dispatch/cli.test.ts',
  'test/qmethod/cli.test.ts',
  'test/qmethod/study-cli.test.ts',
  'test/ops/image.test.ts',
  'test/ops/manifests.test.ts',
  // Starts its own PostgreSQL cluster (initdb, pg_ctl) and restarts it mid-run, so TEST_DATABASE_URL
  // plays no part; once is enough, and it is too heavy to run twice.
  'test/ops/faults.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: [...configDefaults.exclude, ...(process.env.TEST_SKIP_DIALECT_FREE === '1' ? DIALECT_FREE : [])],
    // Migrates one database per run; each test file's fresh database starts as a copy of it.
    globalSetup: ['test/support/global-setup.ts'],
    // The longest files first (test/support/sequencer.ts), so both worker processes end together.
    sequence: { sequencer: LongestFirst },
    // Each test file gets its own database; two cores on CI, so keep the pool small.
    pool: 'forks',
    // isolate: false runs the files one after another in each worker process instead of
    // starting a process per file: loading the app's modules (the design system's React components
    // alone take over a second) was half of the suite's CPU time. Each file still builds its own
    // database and app and closes them; browser files share their process's Chromium (launched by
    // the first of them) but open fresh contexts of their own (test/support/browser.ts). The suite
    // passes with the files in shuffled order (--sequence.shuffle.files), which is how to check that
    // no file leans on another.
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

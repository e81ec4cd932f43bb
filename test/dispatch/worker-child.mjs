/**
 * A worker in its own process for the crash-safety test: one pass of runDueWork against the
 * database the test prepared (DATABASE_URL, or the PGlite folder in CHILD_PGLITE_DIR), with the
 * clock fixed at CHILD_NOW. With BRUKERSTEMME_FAULT=exit-after-send it kills itself right after
 * the transport has accepted a message, before the invitation is marked sent.
 *
 * CHILD_MODULES names what it runs: `dist` (the compiled app, when it is current: no seconds of tsx
 * compiling per child) or `src` (the sources, with node's `--import tsx`).
 */
const root = new URL(process.env.CHILD_MODULES === 'dist' ? '../../dist/' : '../../src/', import.meta.url);
const ext = process.env.CHILD_MODULES === 'dist' ? 'js' : 'ts';
const load = (path) => import(new URL(`${path}.${ext}`, root).href);
const [{ contextFor }, { loadConfig }, { openDatabase }, { runDueWork }] = await Promise.all([
  load('app'),
  load('core/config'),
  load('db/database'),
  load('dispatch/worker'),
]);

const config = loadConfig(process.env);
const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: process.env.CHILD_PGLITE_DIR });
const now = new Date(process.env.CHILD_NOW);
const ctx = await contextFor(handle, config, { now: () => now });
const handled = await runDueWork(ctx);
await handle.close();
process.stdout.write(JSON.stringify({ handled }) + '\n');

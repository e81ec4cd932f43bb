/**
 * A worker in its own process for the crash-safety test: one pass of runDueWork against the
 * database the test prepared (DATABASE_URL, or the PGlite folder in CHILD_PGLITE_DIR), with the
 * clock fixed at CHILD_NOW. With BRUKERSTEMME_FAULT=exit-after-send it kills itself right after
 * the transport has accepted a message, before the invitation is marked sent.
 */
import { contextFor } from '../../src/app.ts';
import { loadConfig } from '../../src/core/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { runDueWork } from '../../src/dispatch/worker.ts';

const config = loadConfig(process.env);
const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: process.env.CHILD_PGLITE_DIR });
const now = new Date(process.env.CHILD_NOW!);
const ctx = await contextFor(handle, config, { now: () => now });
const handled = await runDueWork(ctx);
await handle.close();
process.stdout.write(JSON.stringify({ handled }) + '\n');

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { adminQuery } from './global-setup.ts';

let snapshot: Promise<Blob> | undefined;

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database when TEST_DATABASE_URL
 * is set (dropped again on close), otherwise an in-memory PGlite. Both start as a copy of the
 * database that test/support/global-setup.ts migrated for this run; `{ migrated: false }` gives
 * an empty one instead.
 */
export async function freshDatabase(opts: { migrated?: boolean } = {}): Promise<DatabaseHandle & { url?: string }> {
  const migrated = opts.migrated ?? true;
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return migrated ? migratedPglite() : openDatabase({ dataDir: 'memory://' });
  const name = `bs_test_${randomBytes(6).toString('hex')}`;
  const template = migrated ? inject('postgresTemplate') : undefined;
  await adminQuery(base, `create database ${name}${template ? ` template ${template}` : ''}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 10 });
  if (migrated && !template) await migrate(handle.db); // run without the global setup
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await adminQuery(base, `drop database if exists ${name} with (force)`);
    },
  };
}

/** A PGlite, in memory or in the folder `dataDir`, that starts as this run's migrated database. */
export async function migratedPglite(dataDir = 'memory://'): Promise<DatabaseHandle> {
  const file = inject('pgliteSnapshot');
  if (file) snapshot ??= readFile(file).then((bytes) => new Blob([bytes]));
  const handle = await openDatabase({ dataDir, loadDataDir: file ? await snapshot : undefined });
  if (!file) await migrate(handle.db); // run without the global setup
  return handle;
}

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: a migrated database that freshDatabase() copies (`create database … template …`). */
    postgresTemplate?: string;
    /** PGlite: a file holding a migrated database as dumpDataDir() writes it; freshDatabase() starts from it. */
    pgliteSnapshot?: string;
  }
}

/**
 * Migrates once per test run instead of once per test database: each test file's fresh database
 * starts from this run's migrated copy. Starting PGlite empty runs initdb (most of a second each
 * time, several on a busy machine); loading the migrated tarball skips it. test/db/migrate.test.ts
 * still migrates an empty database of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const name = `bs_test_template_${randomBytes(6).toString('hex')}`;
    await adminQuery(base, `create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ url: url.toString(), poolSize: 1 });
    try {
      await migrate(handle.db);
    } finally {
      await handle.close();
    }
    project.provide('postgresTemplate', name);
    return async () => {
      // test/support/demo.ts seeds one demo database per test process, named after this template.
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [
          `${name}_demo_`,
        ]);
        for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
      } finally {
        await client.end();
      }
      await adminQuery(base, `drop database if exists ${name} with (force)`);
    };
  }
  const handle = await openDatabase({ dataDir: 'memory://' });
  const dir = await mkdtemp(join(tmpdir(), 'bs-pglite-snapshot-'));
  try {
    await migrate(handle.db);
    await writeFile(join(dir, 'migrated.tar'), Buffer.from(await (await handle.dumpDataDir!()).arrayBuffer()));
  } finally {
    await handle.close();
  }
  project.provide('pgliteSnapshot', join(dir, 'migrated.tar'));
  return () => rm(dir, { recursive: true, force: true });
}

export async function adminQuery(connectionString: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

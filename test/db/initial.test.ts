import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { migratedPglite } from '../support/db.ts';

/**
 * A first start on an empty folder loads the migrated, empty cluster the build wrote
 * (dist/db/initial-pglite.tar.gz) instead of running initdb and the migrations: it must be exactly
 * what the migrations make, hold no installation's keys, and never stand in for a folder that
 * already holds a database.
 */

const repoRoot = join(import.meta.dirname, '..', '..');
const built = join(repoRoot, 'dist', 'db', 'initial-pglite.tar.gz');
const work = mkdtempSync(join(tmpdir(), 'bs-initial-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function shape(db: Database) {
  const { rows: columns } = await sql<{ c: string }>`
    select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as c
    from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`.execute(db);
  const { rows: indexes } = await sql<{
    c: string;
  }>`select indexdef as c from pg_indexes where schemaname = 'public' order by indexname`.execute(db);
  const { rows: triggers } = await sql<{ c: string }>`
    select tgname || ' on ' || tgrelid::regclass::text as c from pg_trigger where not tgisinternal order by 1`.execute(db);
  return { columns: columns.map((r) => r.c), indexes: indexes.map((r) => r.c), triggers: triggers.map((r) => r.c) };
}

describe('the initial database a first start loads', { timeout: 120_000 }, () => {
  it.skipIf(!existsSync(built))('is this build’s migrations and nothing else: the same schema as migrating, no keys', async () => {
    const loaded = await openDatabase({ dataDir: join(work, 'loaded'), initialDataDir: built });
    // What the suite's global set-up migrated, run through the migrations themselves.
    const fresh = await migratedPglite();
    try {
      // dist/ is built from the same src/ as these migrations (the test command runs after the build).
      expect(await migrate(loaded.db)).toEqual([]);
      expect((await loaded.db.selectFrom('schema_migration').select('version').orderBy('version').execute()).map((r) => r.version)).toEqual(
        listMigrations().map((m) => m.version),
      );
      expect(await shape(loaded.db)).toEqual(await shape(fresh.db));
      expect(await loaded.db.selectFrom('app_secret').select('name').execute()).toEqual([]);
    } finally {
      await loaded.close();
      await fresh.close();
    }
  });

  it('is not used for a folder that holds a database, and a tarball PGlite cannot load falls back to creating one', async () => {
    const garbage = join(work, 'garbage.tar.gz');
    writeFileSync(garbage, 'not a tarball');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const dir = join(work, 'fallback');
      const first = await openDatabase({ dataDir: dir, initialDataDir: garbage });
      expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(
        /could not start from .*garbage\.tar\.gz.*creating the database instead/,
      );
      // A new cluster, with no migrations run: the tarball's content did not get in.
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(first.db);
      expect(rows).toEqual([{ n: 0 }]);
      await sql`create table kept (id text)`.execute(first.db);
      await sql`insert into kept values ('kept')`.execute(first.db);
      await first.close();
      errors.mockClear();
      // The folder is not empty now: the tarball (garbage or not) is not looked at, and the row stays.
      const again = await openDatabase({ dataDir: dir, initialDataDir: garbage });
      expect(errors).not.toHaveBeenCalled();
      expect((await sql`select id from kept`.execute(again.db)).rows).toEqual([{ id: 'kept' }]);
      await again.close();
    } finally {
      errors.mockRestore();
    }
  });
});

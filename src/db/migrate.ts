import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: string;
  sql: string;
}

function migrationVersions(): string[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => f.replace(/\.sql$/, ''));
}

export function listMigrations(): Migration[] {
  return migrationVersions().map((version) => ({ version, sql: readFileSync(join(migrationsDir, `${version}.sql`), 'utf8') }));
}

/** Whether every migration is applied, in one read (no lock, no transaction): the usual case on a start. */
async function schemaIsCurrent(db: Database): Promise<boolean> {
  let done: Set<string>;
  try {
    done = new Set((await db.selectFrom('schema_migration').select('version').execute()).map((r) => r.version));
  } catch {
    // No schema_migration table yet (a new database): migrate() creates it under the lock.
    return false;
  }
  return migrationVersions().every((v) => done.has(v));
}

/**
 * Applies pending migrations in order, each in its own transaction. An advisory lock makes it safe
 * for several nodes starting at once against one PostgreSQL: one migrates, the others wait and skip.
 * A current schema is recognised by one query and left alone.
 */
export async function migrate(db: Database): Promise<string[]> {
  if (await schemaIsCurrent(db)) return [];
  const applied: string[] = [];
  await db.transaction().execute(async (trx) => {
    await trx.selectNoFrom((eb) => eb.fn<void>('pg_advisory_xact_lock', [eb.lit(7345901)]).as('locked')).execute();
    // DDL stays SQL, as in the migrations themselves.
    await sql`create table if not exists schema_migration (
      version text primary key,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    const done = new Set((await trx.selectFrom('schema_migration').select('version').execute()).map((r) => r.version));
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      await sql.raw(m.sql).execute(trx);
      await trx.insertInto('schema_migration').values({ version: m.version }).execute();
      applied.push(m.version);
    }
  });
  return applied;
}

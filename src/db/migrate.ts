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

export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), sql: readFileSync(join(migrationsDir, f), 'utf8') }));
}

/**
 * Applies pending migrations in order, each in its own transaction. An advisory lock makes it safe
 * for several nodes starting at once against one PostgreSQL: one migrates, the others wait and skip.
 */
export async function migrate(db: Database): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7345901)`.execute(trx);
    await sql`create table if not exists schema_migration (
      version text primary key,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    const done = new Set(
      (await sql<{ version: string }>`select version from schema_migration`.execute(trx)).rows.map((r) => r.version),
    );
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      await sql.raw(m.sql).execute(trx);
      await sql`insert into schema_migration (version) values (${m.version})`.execute(trx);
      applied.push(m.version);
    }
  });
  return applied;
}

import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * The database side of moving an installation: what the schema holds, read from the catalogue (so a
 * table added by a later migration moves without a change here), each table's rows as exact text,
 * and loading them back. Everything goes through PostgreSQL's own JSON (`to_jsonb` out,
 * `jsonb_populate_recordset` in): no value passes through a JavaScript number or Date, so bigints,
 * numerics, doubles, timestamps with their microseconds, dates, arrays, bytea and jsonb come back
 * as they were, on PGlite and PostgreSQL alike.
 */

// The database or a transaction on it: only raw SQL is used here.
type Db = Database;

const ident = (name: string) => sql.id(name);

/**
 * Fixes the settings that shape the text of values, for the rest of the transaction: the same
 * value then reads as the same text in any database (the hashes compare texts).
 */
export async function setExactOutput(db: Db): Promise<void> {
  await sql`set local timezone = 'UTC'`.execute(db);
  await sql`set local datestyle = 'ISO, YMD'`.execute(db);
  await sql`set local intervalstyle = 'postgres'`.execute(db);
  await sql`set local extra_float_digits = 1`.execute(db);
  await sql`set local bytea_output = 'hex'`.execute(db);
}

/** The tables of the application's schema (base tables only). */
export async function schemaTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

/** Foreign keys between tables of the schema, as child → parent. */
export async function tableReferences(db: Db): Promise<Array<{ child: string; parent: string }>> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select child.relname as child, parent.relname as parent
    from pg_constraint c
    join pg_class child on child.oid = c.conrelid
    join pg_class parent on parent.oid = c.confrelid
    join pg_namespace n on n.oid = child.relnamespace
    where c.contype = 'f' and n.nspname = current_schema()`.execute(db);
  return rows;
}

/** The latest migration applied (src/db/migrate.ts records them), or null on a database never migrated. */
export async function migrationLevel(db: Db): Promise<string | null> {
  const { rows } = await sql<{ version: string | null }>`select max(version) as version from schema_migration`.execute(db);
  return rows[0]?.version ?? null;
}

/**
 * A table's rows, each as PostgreSQL's JSON text of the row, in the order they are stored. Loaded in
 * this order into an empty table, they are stored in it again: rows that a query leaves unordered
 * (two units of one name, the comments of one month, which the response shuffle keeps in random
 * order) then come out in the same order after a move as before, so every page reads the same.
 */
export async function tableRows(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ row: string }>`select to_jsonb(t)::text as row from ${ident(table)} as t order by t.ctid`.execute(db);
  return rows.map((r) => r.row);
}

export async function rowCount(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${ident(table)}`.execute(db);
  return Number(rows[0].n);
}

/** Columns a row can be inserted with (not generated ones). */
async function insertableColumns(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(db);
  return rows.map((r) => r.name);
}

/** Inserts rows given as the JSON texts tableRows() reads, in one statement. */
export async function insertRows(db: Db, table: string, rows: string[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = sql.join((await insertableColumns(db, table)).map(ident));
  await sql`
    insert into ${ident(table)} (${columns})
    select ${columns} from jsonb_populate_recordset(null::${ident(table)}, ${`[${rows.join(',')}]`}::jsonb)`.execute(db);
}

/** Every sequence of the schema with its position. */
export async function sequencePositions(db: Db): Promise<Record<string, { last_value: string; is_called: boolean }>> {
  const { rows: names } = await sql<{ name: string }>`
    select sequence_name as name from information_schema.sequences where sequence_schema = current_schema() order by 1`.execute(db);
  const out: Record<string, { last_value: string; is_called: boolean }> = {};
  for (const { name } of names) {
    const { rows } = await sql<{ last_value: string; is_called: boolean }>`
      select last_value::text as last_value, is_called from ${ident(name)}`.execute(db);
    out[name] = rows[0];
  }
  return out;
}

export async function setSequence(db: Db, name: string, position: { last_value: string; is_called: boolean }): Promise<void> {
  await sql`select setval(quote_ident(${name})::regclass, ${position.last_value}::bigint, ${position.is_called})`.execute(db);
}

/** Tables with triggers of their own (not the foreign keys' internal ones). */
export async function tablesWithTriggers(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select distinct c.relname as name from pg_trigger g
    join pg_class c on c.oid = g.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not g.tgisinternal and n.nspname = current_schema() order by 1`.execute(db);
  return rows.map((r) => r.name);
}

export async function setUserTriggers(db: Db, table: string, enabled: boolean): Promise<void> {
  await sql`alter table ${ident(table)} ${sql.raw(enabled ? 'enable' : 'disable')} trigger user`.execute(db);
}

export async function deleteAll(db: Db, table: string): Promise<void> {
  await sql`delete from ${ident(table)}`.execute(db);
}

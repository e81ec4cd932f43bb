import { sql, type RawBuilder } from 'kysely';

/**
 * A multi-row insert as `insert … select * from unnest($1::type[], $2::type[], …)`: one parameter
 * per column instead of one per cell, which PostgreSQL parses and plans far faster for large
 * batches (and which stays under the 65,535-parameter limit at any batch size).
 */
export function unnestInsert<Row extends Record<string, unknown>>(
  table: string,
  columns: ReadonlyArray<readonly [column: keyof Row & string, pgType: string]>,
  rows: Row[],
): RawBuilder<unknown> {
  const names = sql.join(columns.map(([c]) => sql.ref(c)));
  const arrays = sql.join(columns.map(([c, type]) => sql`${rows.map((r) => r[c] ?? null)}::${sql.raw(type)}[]`));
  return sql`insert into ${sql.table(table)} (${names}) select * from unnest(${arrays})`;
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';

/** The PostgreSQL server benchmarks create their throwaway databases on. */
export const BENCH_PG = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Runs `body` on a fresh, migrated database — a new PostgreSQL database (dropped afterwards) or a
 * PGlite in a temporary folder — and cleans up whatever happens. For PostgreSQL `body` also gets the
 * database's URL, for processes of its own (bench/soak.ts); they must have disconnected before it returns.
 */
export async function withBenchDatabase<T>(
  kind: 'postgres' | 'pglite',
  body: (handle: DatabaseHandle, url?: string) => Promise<T>,
  opts: { poolSize?: number } = {},
): Promise<T> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'bs-bench-'));
    const handle = await openDatabase({ dataDir: join(dir, 'pglite') });
    try {
      await migrate(handle.db);
      return await body(handle);
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `bs_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BENCH_PG });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(BENCH_PG);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: opts.poolSize ?? 10 });
  try {
    await migrate(handle.db);
    return await body(handle, url.toString());
  } finally {
    await handle.close();
    // Without force: a forced drop can race the pool's closing connections; retry until they are gone.
    for (let tries = 0; ; tries++) {
      const dropped = await admin.query(`drop database if exists ${name}`).then(
        () => null,
        (err: unknown) => err,
      );
      if (dropped === null) break;
      if (tries >= 50) console.error(`bench: could not drop ${name}: ${String(dropped)}`);
      if (tries >= 50) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.end();
  }
}

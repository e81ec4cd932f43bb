import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './lock.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball that `loadDataDir` can start from. */
  dumpDataDir?(compression?: 'none' | 'gzip'): Promise<Blob>;
}

// BIGINT and NUMERIC arrive as strings from pg; counts in this system fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// DATE columns hold months; keep them as ISO strings, not local-time Date objects.
pg.types.setTypeParser(1082, (v) => v);

/**
 * A new, migrated and otherwise empty PGlite cluster as a gzip'd tarball, which `npm run build` (and so
 * `npm install`) writes beside the compiled module (scripts/build.mjs). A first start on an empty folder
 * loads it instead of running initdb and every migration, which was most of that start (4 of 5 CPU
 * seconds here). It holds no keys or other rows an installation must have of its own: those are made
 * when the app opens (src/core/context.ts), and the migrations that it ran are the ones in dist/ beside it.
 */
export const INITIAL_PGLITE = join(import.meta.dirname, 'initial-pglite.tar.gz');

/**
 * Opens PostgreSQL when a URL is given, otherwise the embedded PGlite.
 * `dataDir` of `memory://` gives a throwaway in-memory database (tests). `loadDataDir` starts PGlite
 * from a tarball that PGlite's `dumpDataDir()` wrote (tests: an already migrated database).
 */
export async function openDatabase(opts: {
  url?: string;
  dataDir?: string;
  poolSize?: number;
  loadDataDir?: Blob;
  /** The tarball a new folder starts from (tests name another; a missing file means none). */
  initialDataDir?: string;
}): Promise<DatabaseHandle> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    // An idle connection can be closed by the server (restart, failover, admin); the pool replaces it.
    // Without a listener that error would end the process.
    pool.on('error', (error) => console.error('database: idle connection lost:', error.message));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = opts.dataDir ?? 'memory://';
  const inMemory = dir.startsWith('memory://');
  if (!inMemory) mkdirSync(dir, { recursive: true });
  // A folder is one process's at a time (see lock.ts); taken before PGlite touches it.
  const lock = inMemory ? undefined : lockDataDir(dir);
  const create = (loadDataDir: Blob | undefined) =>
    PGlite.create(inMemory ? undefined : dir, {
      loadDataDir,
      parsers: {
        20: (v: string) => Number(v),
        1700: (v: string) => Number(v),
        1082: (v: string) => v,
      },
    });
  let pglite: PGliteInstance;
  try {
    const initial = opts.initialDataDir ?? INITIAL_PGLITE;
    if (!inMemory && !opts.loadDataDir && readdirSync(dir).length === 0 && existsSync(initial)) {
      try {
        pglite = await create(new Blob([readFileSync(initial)]));
      } catch (error) {
        // A tarball this PGlite cannot load (say, built by another version of it): start as without one.
        console.error(`database: could not start from ${initial} (${(error as Error).message}); creating the database instead`);
        for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
        pglite = await create(undefined);
      }
    } else {
      pglite = await create(opts.loadDataDir);
    }
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PgliteSingleConnectionPool(pglite) }) });
  let closed: Promise<void> | undefined;
  return {
    db,
    kind: 'pglite',
    dumpDataDir: (compression = 'none') => pglite.dumpDataDir(compression),
    // Once only (a second close is a no-op); the lock goes after PGlite has written everything out.
    close: () =>
      (closed ??= (async () => {
        try {
          await db.destroy();
          await pglite.close();
        } finally {
          lock?.release();
        }
      })()),
  };
}

type PGliteInstance = Awaited<ReturnType<typeof import('@electric-sql/pglite').PGlite.create>>;

/**
 * PGlite is one session. Kysely runs a transaction as BEGIN … COMMIT on one connection, so the
 * "pool" hands out that single connection to one borrower at a time; others wait their turn.
 */
class PgliteSingleConnectionPool implements PostgresPool {
  private queue: Array<() => void> = [];
  private busy = false;
  constructor(private readonly pglite: PGliteInstance) {}

  async connect(): Promise<PostgresPoolClient> {
    // PGlite runs each query synchronously and settles it as a resolved promise, so a chain of
    // queries (filling in the demo, a worker pass) would never give the event loop a turn: the
    // server would accept no request until the chain ends. One turn per borrowing lets it answer.
    await yieldToEventLoop();
    if (this.busy) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.busy = true;
    let released = false;
    const client = {
      query: async (sql: string, parameters: ReadonlyArray<unknown>) => {
        // Without parameters use the simple protocol, which (as in pg) allows a multi-statement script.
        const result =
          parameters.length === 0
            ? ((await this.pglite.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 })
            : await this.pglite.query(sql, parameters as unknown[], { rowMode: 'object' });
        return {
          command: commandOf(sql),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        };
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.queue.shift();
        if (next) next();
        else this.busy = false;
      },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {}
}

function commandOf(sql: string): 'UPDATE' | 'DELETE' | 'INSERT' | 'SELECT' | 'MERGE' {
  const word = sql.trimStart().slice(0, 6).toUpperCase();
  if (word === 'UPDATE' || word === 'DELETE' || word === 'INSERT' || word === 'SELECT') return word;
  return 'SELECT';
}

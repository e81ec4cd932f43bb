import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database } from '../db/database.ts';
import { listMigrations } from '../db/migrate.ts';
import { head, insertOrder, MovingError, parseHead, TableHash, tableMismatch, type Head, type Tail } from './format.ts';
import {
  deleteAll,
  insertRows,
  migrationLevel,
  rowCount,
  schemaTables,
  sequencePositions,
  setExactOutput,
  setSequence,
  setUserTriggers,
  tableReferences,
  tableRows,
  tablesWithTriggers,
} from './store.ts';

/**
 * Moving a whole installation from one database to another (`brukerstemme export FILE`, `brukerstemme
 * import installation FILE`): say a pilot on the embedded PGlite to PostgreSQL. Every table of the
 * schema moves — found in the catalogue, so a table a later migration adds moves too — except those
 * listed here with the reason. Caches (report snapshots and cells, the fairness statistics and fits)
 * move as they are: they agree with the data they were computed from, so every report reads the same
 * on the first request after the move, before any worker has run. `disclosure_history` moves too: it
 * is what was released before, which the differencing guard needs to stay consistent.
 */

type Db = Database;

/** Tables of the schema that are not in the file, and why. */
export const EXCLUDED: Readonly<Record<string, string>> = {
  schema_migration: 'the migration level is in the head; the target is migrated by its own code, to the same level',
  rate_limit: 'counters of the current rate-limit window (minutes); the new database counts afresh',
  employee_session: 'sign-ins: everyone signs in again after a move, and the file carries no live session',
};

/**
 * Tables that the migrations or opening the application fill before there is any data (a singleton
 * row, generated keys, the national instrument): a target with rows only in these counts as empty,
 * and the file's rows replace them. (A migration that inserts rows elsewhere makes every import
 * refuse, which test/moving says at once.)
 */
export const FILLED_BEFORE_DATA: Readonly<Record<string, string>> = {
  fairness_generation: 'its single row, inserted by migration 0050_fairness_generation',
  app_secret: 'keys generated on the first opening when the environment gives none (`brukerstemme migrate`, say)',
  instrument: 'the national instrument, ensured on every opening',
  deletion_ledger_applied:
    'markers written when opening applies the deletion ledger (a backup brings its own, which are what a restore must start from)',
};

/** Rows per insert are gathered up to about this many characters of JSON. */
const BATCH_CHARS = 4_000_000;

export interface MoveSummary {
  tables: number;
  rows: number;
  migration: string;
}

/** The code's migration level: the latest migration it knows. */
export function codeMigrationLevel(): string {
  return listMigrations().at(-1)!.version;
}

/**
 * Writes the whole installation to `file` (created with mode 0600: it holds what the database holds,
 * keys and contact data included), from one consistent snapshot. Never overwrites a file.
 */
export async function exportInstallation(db: Db, source: Head['source'], file: string, now: Date): Promise<MoveSummary> {
  if (existsSync(file)) throw new MovingError(`${file} already exists; name a new file (an export never overwrites one)`);
  const partial = `${file}.partial`;
  try {
    const summary = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await setExactOutput(trx);
        const migration = await migrationLevel(trx);
        if (!migration) throw new MovingError('the database has no schema yet; there is nothing to export');
        const tables = insertOrder(
          (await schemaTables(trx)).filter((t) => !(t in EXCLUDED)),
          await tableReferences(trx),
        );
        const sequences = await sequencePositions(trx);
        let total = 0;
        async function* lines(): AsyncGenerator<string> {
          yield JSON.stringify(head(migration!, source, { ...EXCLUDED }, now)) + '\n';
          const tail: Tail = { end: true, tables: {}, sequences };
          for (const table of tables) {
            const rows = await tableRows(trx, table);
            yield JSON.stringify({ table, rows: rows.length }) + '\n';
            const hash = new TableHash();
            for (let i = 0; i < rows.length; i += 1000) {
              const chunk = rows.slice(i, i + 1000);
              for (const row of chunk) hash.add(row);
              yield chunk.join('\n') + '\n';
            }
            tail.tables[table] = { rows: rows.length, sha256: hash.digest() };
            total += rows.length;
          }
          yield JSON.stringify(tail) + '\n';
        }
        await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial, { mode: 0o600 }));
        return { tables: tables.length, rows: total, migration };
      });
    await rename(partial, file);
    return summary;
  } finally {
    await rm(partial, { force: true });
  }
}

/**
 * Loads an installation file into an empty database at the code's migration level, in one
 * transaction: the whole file is checked first (format, migration level, each table's row count and
 * SHA-256), then the tables are loaded in the file's order (referenced before referencing), the
 * sequences set where they stood, and every table read back and compared with the file's hash. Any
 * failure leaves the target as it was.
 */
export async function importInstallation(db: Db, file: string): Promise<MoveSummary> {
  const { head: fileHead, tail, order, contents } = await checkFile(file);
  checkMigrationLevel(fileHead);
  return db.transaction().execute(async (trx) => {
    await setExactOutput(trx);
    const level = await migrationLevel(trx);
    if (level !== fileHead.migration)
      throw new MovingError(`the target database is at migration ${level ?? 'none'}, the file at ${fileHead.migration}`);
    const all = (await schemaTables(trx)).filter((t) => t !== 'schema_migration');
    const mismatch = tableMismatch(
      order,
      all.filter((t) => !(t in EXCLUDED)),
    );
    if (mismatch) throw new MovingError(`the file does not fit this schema: ${mismatch}`);
    const filled: string[] = [];
    for (const table of all) if (!(table in FILLED_BEFORE_DATA) && (await rowCount(trx, table)) > 0) filled.push(table);
    if (filled.length > 0)
      throw new MovingError(
        `the target database is not empty (rows in ${filled.slice(0, 6).join(', ')}${filled.length > 6 ? ', …' : ''}); an installation is only imported into an empty one`,
      );
    for (const table of Object.keys(FILLED_BEFORE_DATA)) await deleteAll(trx, table);

    const selfReferencing = new Set((await tableReferences(trx)).filter((r) => r.child === r.parent).map((r) => r.child));
    // Triggers (the fairness "dirty month" marks on response) would add rows the file already has.
    const triggered = await tablesWithTriggers(trx);
    for (const table of triggered) await setUserTriggers(trx, table, false);
    await walk(file, {
      rows: (table, lines) => insertRows(trx, table, lines),
      // A table referencing itself goes in one statement: PostgreSQL checks its references at the statement's end.
      batchChars: (table) => (selfReferencing.has(table) ? Infinity : BATCH_CHARS),
    });
    for (const [name, position] of Object.entries(tail.sequences)) await setSequence(trx, name, position);
    for (const table of triggered) await setUserTriggers(trx, table, true);

    let rows = 0;
    for (const table of order) {
      const hash = new TableHash();
      for (const row of await tableRows(trx, table)) hash.add(row);
      const expected = tail.tables[table];
      if (hash.rows !== expected.rows || hash.content() !== contents.get(table))
        throw new MovingError(
          `${table} does not read back as the file has it (${hash.rows} rows, the file ${expected.rows}); nothing was imported`,
        );
      rows += hash.rows;
    }
    return { tables: order.length, rows, migration: fileHead.migration };
  });
}

/** The file's head alone (its first line): what the command checks before it opens the target. */
export async function readHead(file: string): Promise<Head> {
  for await (const line of fileLines(file)) return parseHead(line);
  throw new MovingError('the file is empty');
}

/** Refuses a file whose migration level is not this version's (older or newer). */
export function checkMigrationLevel(fileHead: Head): void {
  const code = codeMigrationLevel();
  if (fileHead.migration > code)
    throw new MovingError(
      `the file comes from a newer Brukerstemme (migration ${fileHead.migration}; this one knows up to ${code}): import it with that version or a newer one`,
    );
  if (fileHead.migration < code)
    throw new MovingError(
      `the file is at migration ${fileHead.migration} and this Brukerstemme at ${code}: run \`brukerstemme migrate\` with this version against the old database, then export it again`,
    );
}

/** Reads the whole file and checks it against its own tail, touching no database. */
export async function checkFile(file: string): Promise<{ head: Head; tail: Tail; order: string[]; contents: Map<string, string> }> {
  const hashes = new Map<string, TableHash>();
  const { head: fileHead, tail } = await walk(file, {
    table: (table) => {
      if (hashes.has(table)) throw new MovingError(`the file holds ${table} twice`);
      hashes.set(table, new TableHash());
    },
    rows: (table, lines) => {
      const hash = hashes.get(table)!;
      for (const line of lines) hash.add(line);
    },
    batchChars: () => BATCH_CHARS,
  });
  const order = [...hashes.keys()];
  const mismatch = tableMismatch(order, Object.keys(tail.tables));
  if (mismatch) throw new MovingError(`the file's end does not list its tables: ${mismatch}`);
  const contents = new Map<string, string>();
  for (const [table, hash] of hashes) {
    const expected = tail.tables[table];
    if (hash.rows !== expected.rows || hash.digest() !== expected.sha256)
      throw new MovingError(`the file is damaged: table ${table} does not match its SHA-256; nothing was imported`);
    contents.set(table, hash.content());
  }
  return { head: fileHead, tail, order, contents };
}

interface Visitor {
  table?(table: string, rows: number): void | Promise<void>;
  rows(table: string, lines: string[]): void | Promise<void>;
  batchChars(table: string): number;
}

/** Goes through the file: head, each table's rows in batches, tail. */
async function walk(file: string, visit: Visitor): Promise<{ head: Head; tail: Tail }> {
  let fileHead: Head | undefined;
  let tail: Tail | undefined;
  let current: { table: string; left: number; batch: string[]; chars: number } | undefined;
  for await (const line of fileLines(file)) {
    if (!fileHead) {
      fileHead = parseHead(line);
      continue;
    }
    if (tail) throw new MovingError('the file goes on after its end line');
    if (current && current.left > 0) {
      current.batch.push(line);
      current.chars += line.length;
      current.left--;
      if (current.left === 0 || current.chars >= visit.batchChars(current.table)) {
        await visit.rows(current.table, current.batch);
        current.batch = [];
        current.chars = 0;
      }
      continue;
    }
    let value: { table?: unknown; rows?: unknown; end?: unknown };
    try {
      value = JSON.parse(line) as typeof value;
    } catch {
      throw new MovingError('the file is damaged: a line between its tables is not JSON');
    }
    if (value.end === true) tail = value as Tail;
    else if (typeof value.table === 'string' && Number.isInteger(value.rows) && (value.rows as number) >= 0) {
      current = { table: value.table, left: value.rows as number, batch: [], chars: 0 };
      await visit.table?.(value.table, current.left);
    } else throw new MovingError('the file is damaged: a line between its tables is neither a table nor the end');
  }
  if (!fileHead) throw new MovingError('the file is empty');
  if (!tail) throw new MovingError('the file is cut short (it has no end line); copy it again');
  return { head: fileHead, tail };
}

/** The file's lines, uncompressed; a file that is not gzip is said as such. */
async function* fileLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  createReadStream(file)
    .on('error', (error) => gunzip.destroy(error))
    .pipe(gunzip);
  gunzip.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      yield* parts;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_'))
      throw new MovingError('not an installation file: it is not gzip-compressed, or damaged');
    throw error;
  }
  if (rest !== '') yield rest;
}

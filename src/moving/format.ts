import { createHash } from 'node:crypto';

/**
 * The installation file (`brukerstemme export`): gzip'd JSON lines.
 *
 *   line 1            the head: format, format version, migration level, when and from what
 *   per table         `{"table": name, "rows": N}`, then its N rows, one JSON object a line
 *                     (PostgreSQL's own `to_jsonb(row)`, in the order they are stored)
 *   last line         the tail: per table its row count and the SHA-256 of its row lines, and the
 *                     sequences' positions
 *
 * Pure: no database, no files. The tail comes last so the export can stream; the import reads the
 * file twice (check everything, then load), so a damaged file changes nothing.
 */

export const FORMAT = 'brukerstemme-installation';
export const FORMAT_VERSION = 1;

export interface Head {
  format: typeof FORMAT;
  version: number;
  /** The latest migration applied to the database exported (src/db/migrations). */
  migration: string;
  exported_at: string;
  source: 'pglite' | 'postgres';
  /** Tables of the schema deliberately not in the file, with why. */
  excluded: Record<string, string>;
}

export interface TableHead {
  table: string;
  rows: number;
}

export interface Tail {
  end: true;
  tables: Record<string, { rows: number; sha256: string }>;
  /** Each sequence's `last_value` (as text: a bigint) and `is_called`, so ids continue where they were. */
  sequences: Record<string, { last_value: string; is_called: boolean }>;
}

/** The problem with an installation file or the database it is to go into: one line for the command line. */
export class MovingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MovingError';
  }
}

/**
 * Hashes a table's row lines: `digest()` as they stand in the file, in order (each followed by a
 * newline: the file's SHA-256), and `content()` whatever their order (the SHA-256 of the rows'
 * sorted SHA-256s). A table loaded in the file's order is not always stored in it (PostgreSQL puts a
 * row into any earlier page with room), so what is read back is compared by content.
 */
export class TableHash {
  private readonly hash = createHash('sha256');
  private readonly rowHashes: string[] = [];
  rows = 0;
  add(line: string): void {
    this.hash.update(line);
    this.hash.update('\n');
    this.rowHashes.push(createHash('sha256').update(line).digest('base64'));
    this.rows++;
  }
  digest(): string {
    return this.hash.digest('hex');
  }
  content(): string {
    return createHash('sha256').update(this.rowHashes.sort().join('\n')).digest('hex');
  }
}

export function head(migration: string, source: Head['source'], excluded: Record<string, string>, now: Date): Head {
  return { format: FORMAT, version: FORMAT_VERSION, migration, exported_at: now.toISOString(), source, excluded };
}

/** The head of a file, or why it is not one this version can read. */
export function parseHead(line: string | undefined): Head {
  let value: Partial<Head>;
  try {
    value = JSON.parse(line ?? '') as Partial<Head>;
  } catch {
    throw new MovingError('not an installation file (written by `brukerstemme export`): its first line is not JSON');
  }
  if (value?.format !== FORMAT) throw new MovingError('not an installation file (written by `brukerstemme export`)');
  if (value.version !== FORMAT_VERSION)
    throw new MovingError(`the file is in format version ${value.version}; this Brukerstemme reads version ${FORMAT_VERSION}`);
  if (typeof value.migration !== 'string') throw new MovingError('the file does not say its migration level');
  return value as Head;
}

/**
 * Tables in an order that inserts every referenced row before the rows that reference it
 * (`references` maps a table to the tables it references; references to itself are left to the
 * end of the statement, which is when PostgreSQL checks them). Alphabetical where free.
 */
export function insertOrder(tables: string[], references: Array<{ child: string; parent: string }>): string[] {
  const wanted = new Set(tables);
  const waitingFor = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references)
    if (child !== parent && wanted.has(child) && wanted.has(parent)) waitingFor.get(child)!.add(parent);
  const order: string[] = [];
  const left = new Set([...tables].sort());
  while (left.size > 0) {
    const ready = [...left].find((t) => [...waitingFor.get(t)!].every((p) => !left.has(p)));
    if (!ready) throw new MovingError(`the tables ${[...left].join(', ')} reference one another in a cycle; no order inserts them`);
    order.push(ready);
    left.delete(ready);
  }
  return order;
}

/** What differs between the tail's table list and the tables the code expects (empty when they agree). */
export function tableMismatch(inFile: string[], expected: string[]): string | null {
  const missing = expected.filter((t) => !inFile.includes(t));
  const extra = inFile.filter((t) => !expected.includes(t));
  if (missing.length === 0 && extra.length === 0) return null;
  return [
    missing.length ? `missing table(s) ${missing.join(', ')}` : '',
    extra.length ? `table(s) ${extra.join(', ')} this database does not have` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

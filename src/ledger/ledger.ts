import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The deletion ledger: what was deleted, erased or promised, kept OUTSIDE the database, so that a
 * database restored from a backup can be brought forward again (src/retention/ledger.ts applies it
 * on every start). A folder of append-only JSON-lines files, one per process that wrote (created on
 * its first entry, named by its start time, host, pid and a random tag), so several processes and
 * nodes never write the same file and need no lock; every entry is idempotent and commutes with the
 * others, so their order across files does not matter.
 *
 * An entry is written and fsynced BEFORE the deletion it names commits (intent first): a crash in
 * between leaves an entry whose application is harmless; the reverse (a deletion with no entry) cannot
 * happen. Entries hold only opaque identifiers, times and cutoffs: employee ids, note and request
 * numbers, grant and key ids, session-id hashes, salted contact keys (CONTACT_HASH_SECRET's HMACs,
 * as the opt_out table has them) — never a contact, a text, an answer, nor which meeting was answered.
 * Every entry is bounded by its time `at` (a later row with a reused number is not touched).
 */

const at = z.string().datetime({ offset: true });
const employee = z.string().min(1).max(200);
const serial = z.number().int().positive();

export const ledgerEntrySchema = z.discriminatedUnion('kind', [
  /** Retention: answers, local counts, meetings with invitations and tokens, opt-out links of months before `cutoff`. */
  z.object({ v: z.literal(1), at, kind: z.literal('retention'), cutoff: z.string().regex(/^\d{4}-\d{2}-01$/) }).strict(),
  /** A citizen's opt-out: the salted keys of every contact they had; their invitations not yet sent are cancelled. */
  z.object({ v: z.literal(1), at, kind: z.literal('opt_out'), keys: z.array(z.string().min(1).max(200)).min(1).max(20) }).strict(),
  /** A counselor deleted one private note. */
  z.object({ v: z.literal(1), at, kind: z.literal('note_deleted'), employee, note: serial }).strict(),
  /** Every note of an employee and their data key (their "delete all", or retention of a departed employee). */
  z.object({ v: z.literal(1), at, kind: z.literal('notes_deleted'), employee }).strict(),
  /** The asker withdrew a kollegaveiledning discussion request. */
  z.object({ v: z.literal(1), at, kind: z.literal('discussion_withdrawn'), employee, discussion: serial }).strict(),
  /** One session ended (log-out), by the hash of its id as employee_session has it. */
  z.object({ v: z.literal(1), at, kind: z.literal('session_ended'), session: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  /** "Log out everywhere": every session of an employee begun by `at`. */
  z.object({ v: z.literal(1), at, kind: z.literal('sessions_ended'), employee }).strict(),
  /** An administrator revoked a role grant. */
  z.object({ v: z.literal(1), at, kind: z.literal('role_revoked'), grant: z.string().min(1).max(100) }).strict(),
  /** An API key was revoked. */
  z.object({ v: z.literal(1), at, kind: z.literal('api_key_revoked'), key: z.string().min(1).max(100) }).strict(),
]);

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
/** What a writer hands in: the version and time are added by record(). */
type WithoutStamp<E> = E extends LedgerEntry ? Omit<E, 'v' | 'at'> : never;
export type LedgerRecord = WithoutStamp<LedgerEntry>;

export interface DeletionLedger {
  /** The folder the files are in. */
  readonly folder: string;
  /** Appends one entry and fsyncs it; resolves once it is on disk. Call before the deletion commits. */
  record(entry: LedgerRecord, at: Date): Promise<void>;
}

/** The ledger's folder: DELETION_LEDGER, else DATA_DIR/deletion-ledger. */
export function ledgerFolder(config: { DELETION_LEDGER?: string; DATA_DIR: string }): string {
  return config.DELETION_LEDGER ?? join(config.DATA_DIR, 'deletion-ledger');
}

export const LEDGER_FILE = /^[A-Za-z0-9._-]+\.jsonl$/;

function fileName(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const host =
    hostname()
      .replace(/[^A-Za-z0-9-]/g, '-')
      .slice(0, 40) || 'host';
  return `${stamp}-${host}-${process.pid}-${randomBytes(3).toString('hex')}.jsonl`;
}

/**
 * A writer for this process. Its file is created (exclusively, mode 0600) on the first entry and the
 * folder fsynced, so the file's name survives a crash too; every entry is one write() of one line
 * with O_APPEND, then fdatasync, before record() resolves. Entries of one process are written one
 * after another, in call order.
 */
export function openLedger(folder: string): DeletionLedger {
  let name: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  // Deletions are rare (a person's action, a retention cutoff once a month): each entry opens the
  // file, appends, syncs and closes it, so no descriptor is held between them.
  const append = async (line: string, now: Date) => {
    let fh: FileHandle;
    if (name === undefined) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const created = fileName(now);
      fh = await open(join(folder, created), 'ax', 0o600);
      name = created;
      await syncFolder(folder);
    } else {
      fh = await open(join(folder, name), 'a');
    }
    try {
      await fh.write(line);
      await fh.datasync();
    } finally {
      await fh.close();
    }
  };
  return {
    folder,
    record(entry, at) {
      const line = JSON.stringify({ v: 1, at: at.toISOString(), ...entry }) + '\n';
      // Refuse to write what could not be read back (a bug, caught before any deletion).
      const parsed = ledgerEntrySchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        return Promise.reject(new Error(`deletion ledger: refusing to write an invalid entry (${parsed.error.issues[0]?.message})`));
      const write = queue.then(() => append(line, at));
      queue = write.catch(() => {});
      return write;
    },
  };
}

async function syncFolder(folder: string): Promise<void> {
  const dir = await open(folder, 'r');
  try {
    await dir.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the file's own sync still holds its lines.
  } finally {
    await dir.close();
  }
}

export interface LedgerFile {
  name: string;
  entries: LedgerEntry[];
  /** An unterminated last line: a write that never completed, so its deletion never began. Ignored. */
  tornTail: boolean;
}

export class LedgerError extends Error {}

/**
 * Reads and checks every file of the ledger (none, if the folder does not exist). Any complete line
 * that is not a valid entry is an error naming the file and line: nothing is applied from a ledger
 * that does not read whole.
 */
export async function readLedger(folder: string): Promise<LedgerFile[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => LEDGER_FILE.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: LedgerFile[] = [];
  for (const name of names) {
    const text = await readFile(join(folder, name), 'utf8');
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    const entries = lines.map((line, i) => {
      const where = `deletion ledger ${join(folder, name)} line ${i + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new LedgerError(`${where}: not JSON (${JSON.stringify(line.slice(0, 60))})`);
      }
      const parsed = ledgerEntrySchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new LedgerError(`${where}: not a ledger entry (${issue?.path.join('.') || 'entry'}: ${issue?.message})`);
      }
      return parsed.data;
    });
    files.push({ name, entries, tornTail: tail !== '' });
  }
  return files;
}

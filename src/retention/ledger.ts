import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { LedgerError, readLedger, type LedgerEntry } from '../ledger/ledger.ts';
import { recordOptOut } from '../survey/store.ts';
import { closeFinishedInvitations } from './invitations.ts';
import { deleteRecordsBefore } from './records.ts';

/** Advisory lock key of the ledger's application (migrate.ts holds 7345901). */
const APPLY_LOCK = 7345902;

export interface LedgerApplication {
  /** Entries applied now (past each file's marker). */
  applied: number;
  /** Per kind, of those applied. */
  byKind: Partial<Record<LedgerEntry['kind'], number>>;
  /** Files the database had applied lines of that the folder no longer has (a ledger moved, or lost). */
  missing: string[];
  /** Files ending in an unterminated line: a write cut short, whose deletion never began; ignored. */
  torn: string[];
  /** A revoked administrator grant not deleted again because it would leave no administrator. */
  keptLastAdministrator: string[];
}

/**
 * Brings the database forward to the ledger: every entry past this database's marker for its file
 * (deletion_ledger_applied) is applied, then the markers move to the ends of the files, all in one
 * transaction (a failure applies nothing). The whole ledger is read and checked first: one bad line
 * refuses it all, naming the file and line. On a database that was never restored the entries past
 * the marker are the ones written since the last start, whose deletions it already holds: applying
 * them again changes nothing. After a restore, the marker is the backup's, so every deletion, erasure
 * and opt-out since the backup is done again before anyone reads.
 *
 * Run by openApp (every start and command that opens the application) and by `brukerstemme ledger apply`.
 */
export async function applyDeletionLedger(db: Database, folder: string): Promise<LedgerApplication> {
  const files = await readLedger(folder);
  const result: LedgerApplication = {
    applied: 0,
    byKind: {},
    missing: [],
    torn: files.filter((f) => f.tornTail).map((f) => f.name),
    keptLastAdministrator: [],
  };
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${APPLY_LOCK})`.execute(trx);
    const markers = new Map(
      (await trx.selectFrom('deletion_ledger_applied').select(['file', 'lines']).execute()).map((m) => [m.file, m.lines]),
    );
    const names = new Set(files.map((f) => f.name));
    result.missing = [...markers.keys()].filter((name) => !names.has(name)).sort();
    const pending: LedgerEntry[] = [];
    for (const file of files) {
      const done = markers.get(file.name) ?? 0;
      if (done > file.entries.length)
        throw new LedgerError(
          `deletion ledger ${folder}/${file.name} has ${file.entries.length} lines, but this database has applied ${done} of them: the ledger was rolled back or replaced (it must never be restored from a backup)`,
        );
      pending.push(...file.entries.slice(done));
    }
    if (pending.length === 0) return;
    // Retention cutoffs only grow in effect: the latest one covers every earlier one.
    const cutoffs = pending.flatMap((e) => (e.kind === 'retention' ? [e.cutoff] : [])).sort();
    if (cutoffs.length > 0) await deleteRecordsBefore(trx, cutoffs[cutoffs.length - 1]);
    for (const entry of pending) {
      if (entry.kind !== 'retention' && !(await applyEntry(trx, entry)))
        result.keptLastAdministrator.push(entry.kind === 'role_revoked' ? entry.grant : '');
      result.byKind[entry.kind] = (result.byKind[entry.kind] ?? 0) + 1;
    }
    result.applied = pending.length;
    for (const file of files) {
      if (markers.get(file.name) === file.entries.length) continue;
      await trx
        .insertInto('deletion_ledger_applied')
        .values({ file: file.name, lines: file.entries.length })
        .onConflict((oc) => oc.column('file').doUpdateSet({ lines: file.entries.length, applied_at: sql`now()` }))
        .execute();
    }
  });
  return result;
}

/**
 * One entry, idempotently. Each statement is bounded by the entry's time, so a row that came later
 * under a reused number (a sequence set back by the restore) is never touched. False only for a
 * role grant kept because it is the last administrator's.
 */
async function applyEntry(trx: Database, entry: Exclude<LedgerEntry, { kind: 'retention' }>): Promise<boolean> {
  const at = entry.at;
  switch (entry.kind) {
    case 'opt_out':
      await recordOptOut(trx, entry.keys, new Date(at));
      return true;
    case 'note_deleted':
      await sql`delete from reflection_note where employee_id = ${entry.employee} and id = ${entry.note} and created_at <= ${at}::timestamptz`.execute(
        trx,
      );
      return true;
    case 'notes_deleted':
      await sql`delete from reflection_note where employee_id = ${entry.employee} and created_at <= ${at}::timestamptz`.execute(trx);
      await sql`delete from reflection_key where employee_id = ${entry.employee} and created_at <= ${at}::timestamptz`.execute(trx);
      return true;
    case 'discussion_withdrawn':
      await sql`delete from circle_discussion where id = ${entry.discussion} and asker_id = ${entry.employee} and created_at <= ${at}::timestamptz`.execute(
        trx,
      );
      return true;
    case 'session_ended':
      await sql`update employee_session set revoked_at = ${at}::timestamptz where id_hash = ${entry.session} and revoked_at is null`.execute(
        trx,
      );
      return true;
    case 'sessions_ended':
      await sql`update employee_session set revoked_at = ${at}::timestamptz
                 where employee_id = ${entry.employee} and revoked_at is null and created_at <= ${at}::timestamptz`.execute(trx);
      return true;
    case 'api_key_revoked':
      await sql`update api_key set revoked_at = ${at}::timestamptz where id = ${entry.key} and revoked_at is null`.execute(trx);
      return true;
    case 'role_revoked': {
      // The revocation was allowed when made; after a restore the grants made since are gone, so
      // taking this one again could leave no administrator at all. Then it stays, and is reported.
      const { rows } = await sql<{ kept: boolean }>`
        select g.role = 'administrator' and (select count(*) from role_grant where role = 'administrator') <= 1 as kept
          from role_grant g where g.id::text = ${entry.grant} and g.granted_at <= ${at}::timestamptz`.execute(trx);
      if (rows.length === 0) return true;
      if (rows[0].kept) return false;
      await sql`delete from role_grant where id::text = ${entry.grant}`.execute(trx);
      return true;
    }
  }
}

/**
 * What a start does before serving: the ledger applied, then the closing pass the worker runs every
 * minute (retention/invitations.ts), so a restored backup holds no contact data, contact keys or
 * tokens of links that have expired since it was taken — before the first request, not a minute after.
 */
export async function bringForward(db: Database, folder: string, now: Date): Promise<LedgerApplication> {
  const result = await applyDeletionLedger(db, folder);
  await closeFinishedInvitations(db, now);
  return result;
}

import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { derivedKey, getOrCreateSecret } from '../core/context.ts';
import { addMonths, monthStartOf, parsePeriodKey } from '../time/periods.ts';
import { decryptNote, encryptNote, newDataKey, unwrapDataKey } from './crypto.ts';

/**
 * The notes in the database: only ciphertext, each under its owner's data key, which is stored only
 * wrapped under a key derived from SECRET_KEY (crypto.ts). Every function takes the owner's id and
 * reads or writes that owner's rows only; there is no function that reads another employee's notes.
 * Nothing here writes to the audit log or the server log: the text is nobody else's business.
 */

export interface Note {
  id: number;
  period: string;
  created_at: Date;
  updated_at: Date;
  text: string;
}

/**
 * The key that wraps every data key: from SECRET_KEY (HKDF, purpose `reflection-note-key`), never
 * stored. The demo without SECRET_KEY generates one into the database like its other keys (so there,
 * and only there, a copy of the database holds what opens the notes; production requires SECRET_KEY).
 */
async function wrappingKey(ctx: AppContext): Promise<Buffer> {
  const hex = ctx.config.SECRET_KEY
    ? derivedKey(ctx.config.SECRET_KEY, 'reflection-note-key')
    : await getOrCreateSecret(ctx.db, 'reflection_note_key');
  return Buffer.from(hex, 'hex');
}

/** The owner's data key; with `create`, made on first use (once, however many requests race). */
async function dataKeyOf(ctx: AppContext, employeeId: string, create: boolean): Promise<Buffer | null> {
  const wrapping = await wrappingKey(ctx);
  const read = () => ctx.db.selectFrom('reflection_key').select('wrapped_key').where('employee_id', '=', employeeId).executeTakeFirst();
  let row = await read();
  if (!row && create) {
    const { wrapped } = newDataKey(wrapping, employeeId);
    await ctx.db
      .insertInto('reflection_key')
      .values({ employee_id: employeeId, wrapped_key: wrapped, created_at: ctx.now() })
      .onConflict((oc) => oc.column('employee_id').doNothing())
      .execute();
    row = await read();
  }
  return row ? unwrapDataKey(wrapping, employeeId, row.wrapped_key) : null;
}

/** Newest period first (a longer period before the shorter ones that start with it), newest note first within one. */
function byPeriod(a: Note, b: Note): number {
  const pa = parsePeriodKey(a.period);
  const pb = parsePeriodKey(b.period);
  if (pa && pb) {
    if (pa.from !== pb.from) return pa.from < pb.from ? 1 : -1;
    if (pa.to !== pb.to) return pa.to < pb.to ? 1 : -1;
  }
  return b.updated_at.getTime() - a.updated_at.getTime() || b.id - a.id;
}

export async function notesOf(ctx: AppContext, employeeId: string): Promise<Note[]> {
  const rows = await ctx.db.selectFrom('reflection_note').selectAll().where('employee_id', '=', employeeId).execute();
  if (rows.length === 0) return [];
  const key = (await dataKeyOf(ctx, employeeId, false))!;
  return rows
    .map((r) => ({
      id: Number(r.id),
      period: r.period,
      created_at: r.created_at,
      updated_at: r.updated_at,
      text: decryptNote(key, employeeId, r.ciphertext),
    }))
    .sort(byPeriod);
}

/** One of the owner's notes; null for a note that is not theirs or not there (the same answer for both). */
export async function noteOf(ctx: AppContext, employeeId: string, id: number): Promise<Note | null> {
  const row = await ctx.db
    .selectFrom('reflection_note')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const key = (await dataKeyOf(ctx, employeeId, false))!;
  return {
    id: Number(row.id),
    period: row.period,
    created_at: row.created_at,
    updated_at: row.updated_at,
    text: decryptNote(key, employeeId, row.ciphertext),
  };
}

export async function createNote(ctx: AppContext, employeeId: string, period: string, text: string): Promise<number> {
  const key = (await dataKeyOf(ctx, employeeId, true))!;
  const now = ctx.now();
  const row = await ctx.db
    .insertInto('reflection_note')
    .values({ employee_id: employeeId, period, created_at: now, updated_at: now, ciphertext: encryptNote(key, employeeId, text) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Rewrites the owner's note; false if they have no such note. */
export async function updateNote(ctx: AppContext, employeeId: string, id: number, text: string): Promise<boolean> {
  const key = await dataKeyOf(ctx, employeeId, false);
  if (!key) return false;
  const result = await ctx.db
    .updateTable('reflection_note')
    .set({ ciphertext: encryptNote(key, employeeId, text), updated_at: ctx.now() })
    .where('employee_id', '=', employeeId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the owner's note at once (the row, not a flag); false if they have no such note. */
export async function deleteNote(ctx: AppContext, employeeId: string, id: number): Promise<boolean> {
  // Intent first (src/ledger): a restored backup must not bring the note back.
  await ctx.ledger?.record({ kind: 'note_deleted', employee: employeeId, note: id }, ctx.now());
  const result = await ctx.db.deleteFrom('reflection_note').where('employee_id', '=', employeeId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Deletes every note of the owner and their data key (crypto-shredding: a backup taken before holds
 * ciphertext that nothing can open any more). Returns how many notes went.
 */
export async function deleteAllNotes(ctx: AppContext, employeeId: string): Promise<number> {
  await ctx.ledger?.record({ kind: 'notes_deleted', employee: employeeId }, ctx.now());
  return ctx.db.transaction().execute(async (trx) => {
    const notes = await trx.deleteFrom('reflection_note').where('employee_id', '=', employeeId).executeTakeFirst();
    await trx.deleteFrom('reflection_key').where('employee_id', '=', employeeId).execute();
    return Number(notes.numDeletedRows);
  });
}

/**
 * Retention: the notes and key of an employee who has left (the organisation import made them
 * inactive) go once they have been inactive for RESPONSE_RETENTION_MONTHS, the period the results
 * the notes are about are kept. An employee made active again before then finds their notes.
 */
export async function deleteNotesOfDeparted(ctx: AppContext): Promise<{ employees: number }> {
  const cutoff = addMonths(monthStartOf(ctx.now(), ctx.config.TIME_ZONE), -ctx.config.RESPONSE_RETENTION_MONTHS);
  const departed = await ctx.db
    .selectFrom('reflection_key')
    .innerJoin('employee', 'employee.id', 'reflection_key.employee_id')
    .select('employee.id')
    .where('employee.active', '=', false)
    .where(sql<boolean>`employee.valid_from < ${cutoff}::date`)
    .execute();
  for (const { id } of departed) await deleteAllNotes(ctx, id);
  return { employees: departed.length };
}

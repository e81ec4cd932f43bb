import type { AppContext } from '../core/context.ts';
import { AppError, fieldProblem } from '../core/errors.ts';
import { notesOpen } from './core.ts';
import { circleFor, sessionQuery, toView, type CircleView, type SessionView } from './store.ts';

/**
 * The group's notes of a session: one text per session that belongs to the group, not to whoever
 * wrote it. Any current member reads it and may write it once the session has begun (the facilitator
 * usually does); anyone else — a former member, a colleague, the leader, an administrator — is told
 * there is no such group (404). The route runs the comment scrubber on the text before it is saved.
 */

export interface SessionNote {
  text: string;
  updatedBy: string;
  updatedAt: Date;
}

/** A session of a group, read by a current member of it (else 404), with its notes. */
export async function sessionWithNote(
  ctx: AppContext,
  employeeId: string,
  groupId: number,
  sessionId: number,
): Promise<{ group: CircleView; session: SessionView; note: SessionNote | null }> {
  const group = await circleFor(ctx, employeeId, groupId);
  const row = await sessionQuery(ctx).where('s.id', '=', sessionId).where('s.group_id', '=', groupId).executeTakeFirst();
  if (!row) throw new AppError('not_found', { reason: 'session_unknown' });
  const note = await ctx.db
    .selectFrom('circle_session_note as n')
    .innerJoin('employee as e', 'e.id', 'n.updated_by')
    .select(['n.text', 'e.name', 'n.updated_at'])
    .where('n.session_id', '=', sessionId)
    .executeTakeFirst();
  return { group, session: toView(row), note: note ? { text: note.text, updatedBy: note.name, updatedAt: note.updated_at } : null };
}

/** Writes the session's notes (an empty text removes them): a current member, once the session has begun. */
export async function saveSessionNote(
  ctx: AppContext,
  employeeId: string,
  groupId: number,
  sessionId: number,
  text: string,
): Promise<void> {
  const { session } = await sessionWithNote(ctx, employeeId, groupId, sessionId);
  const now = ctx.now();
  if (!notesOpen(session, now)) {
    throw new AppError('invalid_input', {
      status: 422,
      fields: [fieldProblem('text', 'session_not_begun', 'notes can be written once the session has begun, not on a cancelled one')],
    });
  }
  if (text === '') {
    await ctx.db.deleteFrom('circle_session_note').where('session_id', '=', sessionId).execute();
    return;
  }
  await ctx.db
    .insertInto('circle_session_note')
    .values({ session_id: sessionId, text, updated_by: employeeId, updated_at: now })
    .onConflict((oc) => oc.column('session_id').doUpdateSet({ text, updated_by: employeeId, updated_at: now }))
    .execute();
}

/** Which of a group's sessions have notes (for the group page's links). */
export async function sessionsWithNotes(ctx: AppContext, groupId: number): Promise<Set<number>> {
  const rows = await ctx.db
    .selectFrom('circle_session_note as n')
    .innerJoin('circle_session as s', 's.id', 'n.session_id')
    .select('n.session_id')
    .where('s.group_id', '=', groupId)
    .execute();
  return new Set(rows.map((r) => Number(r.session_id)));
}

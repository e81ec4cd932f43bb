import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ANSWERABLE_STATES } from './lifecycle.ts';
import { hashToken } from './tokens.ts';

/** Contact columns set to null: delivery is over, so the clear-text contact goes. */
export const NO_CONTACT = { contact_email: null, contact_phone: null } as const;

/** Case-mix fields live on the meeting only until they are copied into a response or can no longer be. */
export async function clearCaseMix(db: Kysely<DB>, meetingId: string): Promise<void> {
  await db
    .updateTable('meeting')
    .set({ age_band: null, innsatsgruppe: null, benefit: null, recent_adverse_decision: null, interpreter_used: null, first_meeting: null })
    .where('id', '=', meetingId)
    .execute();
}

/**
 * For the survey: call in the transaction that stores the response (after copying the case-mix
 * fields). Returns false when the invitation was not answerable (already answered, expired …),
 * which makes a second submit from another tab store nothing.
 */
export async function markAnswered(db: Kysely<DB>, meetingId: string, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable('invitation')
    .set({ state: 'answered', ...NO_CONTACT, next_action_at: null, lease_until: null, finalized_at: now })
    .where('meeting_id', '=', meetingId)
    .where('state', 'in', ANSWERABLE_STATES)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return false;
  await clearCaseMix(db, meetingId);
  return true;
}

/**
 * Records an opt-out from the token in an opt-out link. Idempotent, and permanent: the opt-out is
 * keyed on the contact's salted hash, so every later meeting for that contact is excluded.
 * Returns false for an unknown token.
 */
export async function recordOptOut(db: Kysely<DB>, token: string, now: Date): Promise<boolean> {
  const link = await db.selectFrom('opt_out_link').select('contact_key').where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!link) return false;
  await db
    .insertInto('opt_out')
    .values({ contact_key: link.contact_key, opted_out_at: now })
    .onConflict((oc) => oc.column('contact_key').doNothing())
    .execute();
  return true;
}

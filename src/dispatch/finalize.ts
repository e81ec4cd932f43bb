import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Contact columns set to null: delivery is over, so the clear-text contact goes. */
export const NO_CONTACT = { contact_email: null, contact_phone: null } as const;

/**
 * The SET list that clears a meeting's case-mix, for every statement that does (answer, expiry,
 * opt-out, closure). The fingerprint over the whole event goes with it: it covers the case-mix, and
 * the kept one (intake/fingerprint.ts) takes its place.
 */
export const CLEAR_CASE_MIX = sql`age_band = null, innsatsgruppe = null, benefit = null, recent_adverse_decision = null, interpreter_used = null, first_meeting = null,
  payload_hash = coalesce(fingerprint_after, payload_hash), fingerprint_after = null`;

/** Case-mix fields live on the meeting only until they are copied into a response or can no longer be. */
export async function clearCaseMix(db: Kysely<DB>, meetingId: string): Promise<void> {
  await sql`update meeting set ${CLEAR_CASE_MIX} where id = ${meetingId}`.execute(db);
}

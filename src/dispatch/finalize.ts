import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

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

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';

/**
 * A meeting in SMALL_ORG (team t1 of office o1 unless told otherwise), with its invitation as
 * dispatch leaves it after sending, and one token. Returns the token.
 */
export async function invitationFor(
  db: Database,
  opts: { unitId?: string; counselorId?: string; month?: string } = {},
): Promise<{ token: string; meetingId: string }> {
  const token = randomBytes(32).toString('base64url');
  const meetingId = randomUUID();
  const month = opts.month ?? '2026-03-01';
  await db
    .insertInto('meeting')
    .values({
      id: meetingId,
      external_id: `ext-${meetingId}`,
      source: 'test',
      payload_hash: meetingId,
      starts_at: new Date(`${month.slice(0, 8)}10T08:15:00Z`),
      month,
      counselor_id: opts.counselorId ?? 'v1',
      unit_id: opts.unitId ?? 't1',
      channel: 'in_person',
      meeting_kind: 'follow_up',
      language: 'nb',
      age_band: '30_39',
      innsatsgruppe: null,
      benefit: 'aap',
      recent_adverse_decision: false,
      interpreter_used: false,
      first_meeting: false,
      exclusion_reason: null,
    })
    .execute();
  await db
    .insertInto('invitation')
    .values({
      meeting_id: meetingId,
      state: 'sent',
      contact_email: 'bruker@example.no',
      contact_phone: null,
      contact_key: `ck-${meetingId}`,
      language: 'nb',
      next_action_at: null,
      lease_until: null,
      send_at: new Date('2026-03-10T10:15:00Z'),
      reminder_at: null,
      expires_at: new Date('2027-03-24T12:00:00Z'),
      sent_at: new Date('2026-03-10T10:16:00Z'),
      reminded_at: null,
      last_error: null,
      finalized_at: null,
    })
    .execute();
  await db
    .insertInto('invitation_token')
    .values({ token_hash: createHash('sha256').update(token).digest('hex'), meeting_id: meetingId, purpose: 'invite' })
    .execute();
  return { token, meetingId };
}

/** An approved question straight into the table (the review flow has its own tests). */
export async function approvedQuestion(
  db: Database,
  opts: {
    owner?: string;
    text?: { nb: string; nn?: string; en?: string };
    start?: string;
    end?: string;
    status?: 'approved' | 'pending' | 'ended';
  } = {},
): Promise<number> {
  const row = await db
    .insertInto('local_question')
    .values({
      owner_unit_id: opts.owner ?? 'o1',
      text: JSON.stringify(opts.text ?? { nb: 'Det var lett å finne fram på kontoret.', en: 'It was easy to find my way at the office.' }),
      start_month: opts.start ?? '2026-03-01',
      end_month: opts.end ?? '2026-06-01',
      proposed_end_month: opts.end ?? '2026-06-01',
      status: opts.status ?? 'approved',
      proposed_by: 'l1',
      proposed_at: new Date('2026-02-20T10:00:00Z'),
      decided_by: opts.status === 'pending' ? null : 'l1',
      decided_at: opts.status === 'pending' ? null : new Date('2026-02-21T10:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Answer counts straight into the table, as if users had answered: `values[i]` answers of value i (0 = don't know). */
export async function addCounts(db: Database, questionId: number, month: string, counts: Record<number, number>): Promise<void> {
  const rows = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([value, n]) => ({ question_id: questionId, month, value: Number(value), answers: n }));
  if (rows.length > 0) await db.insertInto('local_answer').values(rows).execute();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

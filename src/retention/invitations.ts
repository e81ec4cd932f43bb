import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { CLEAR_CASE_MIX } from '../dispatch/finalize.ts';

/**
 * Retention for invitations. While a link can be answered, the invitation must know whether it was
 * (no reminder, single use). Once the link has expired nobody needs to know it for this one
 * invitation: answers are counted from the response table. Keeping 'answered' on the row would let
 * anyone with the database match the meeting (and so the person, through the case system's id) to
 * its response, e.g. a counselor with one answered meeting in a month. So this pass moves every
 * invitation past its expiry — answered, expired, or sent/reminded that the worker has not expired
 * yet — to one state, 'closed', and makes the rows alike: one time (the day of expiry) for sending,
 * expiry and finalisation, no reminder or sent times, no attempt counts, no contact or contact keys
 * (opt-outs keep theirs in their own table), and no tokens (the links are dead anyway). An answered
 * invitation closes only once the responses have been shuffled after its answer (shuffle.ts).
 *
 * One statement per batch, rows claimed with SKIP LOCKED: safe with several worker nodes, and a
 * crash leaves each invitation either untouched or closed, never half.
 */
export async function closeFinishedInvitations(db: Database, now: Date, batchSize = 5000): Promise<{ closed: number }> {
  let closed = 0;
  for (;;) {
    const { rows } = await sql<{ closed: number }>`
      with picked as (
        select meeting_id from invitation
        where state in ('answered', 'expired', 'sent', 'reminded') and expires_at <= ${now.toISOString()}::timestamptz
          -- An answer newer than the last shuffle of the responses waits for the next one: until
          -- then its response lies where it was written, in the order answers came in.
          and (state <> 'answered' or coalesce(finalized_at, '-infinity'::timestamptz) <= coalesce((select shuffled_at from response_shuffle), '-infinity'::timestamptz))
        order by expires_at
        limit ${batchSize}
        for update skip locked
      ), done as (
        update invitation i
           set state = 'closed', finalized_at = date_trunc('day', i.expires_at), send_at = date_trunc('day', i.expires_at),
               expires_at = date_trunc('day', i.expires_at), sent_at = null, reminder_at = null, reminded_at = null, attempts = 0,
               last_error = null, next_action_at = null, lease_until = null, contact_email = null, contact_phone = null,
               contact_key = null, contact_keys = null
          from picked p
         where i.meeting_id = p.meeting_id
        returning i.meeting_id
      ), tokens as (
        delete from invitation_token t using done d where t.meeting_id = d.meeting_id returning 1
      ), meetings as (
        -- Every meeting row is rewritten, answered or not: an answer or the worker's expiry cleared
        -- the case-mix already (a link that ran out unprocessed did not), but the rewrite also gives
        -- the row a new transaction id. Until now an answered meeting carried the id of the
        -- transaction that stored its response (the xmin system column), a link of its own.
        update meeting m
           set ${CLEAR_CASE_MIX}
          from done d
         where m.id = d.meeting_id
        returning 1
      )
      select (select count(*) from done)::int as closed, (select count(*) from tokens)::int as tokens, (select count(*) from meetings)::int as meetings`.execute(
      db,
    );
    const n = rows[0]?.closed ?? 0;
    closed += n;
    if (n < batchSize) return { closed };
  }
}

/**
 * A local question's answer counts (local_answer) are bumped in the transaction that stores the
 * response, so each count's transaction id (the xmin system column) names the response of its
 * latest answer. Rewriting the recent counts gives them all one new id, so that link lasts until
 * the next pass (a minute), not until the next answer of that value. Months older than the last
 * two get no new answers (a link lives at most LINK_EXPIRY_DAYS past a meeting reported at most
 * MAX_MEETING_AGE_DAYS late) and were rewritten while they did.
 */
export async function rewriteRecentLocalCounts(db: Database, now: Date): Promise<number> {
  const { numUpdatedRows } = await db
    .updateTable('local_answer')
    .set((eb) => ({ answers: eb.ref('answers') }))
    .where(sql<boolean>`month >= (date_trunc('month', ${now.toISOString()}::timestamptz) - interval '2 months')::date`)
    .executeTakeFirst();
  return Number(numUpdatedRows);
}

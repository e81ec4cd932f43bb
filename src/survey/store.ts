import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { ANSWERABLE_STATES } from '../dispatch/lifecycle.ts';
import { CLEAR_CASE_MIX } from '../dispatch/finalize.ts';
import { hashToken } from '../dispatch/tokens.ts';
import { isLang, type Lang } from '../i18n/index.ts';
import type { DeletionLedger } from '../ledger/ledger.ts';
import { storeLocalAnswers, type LocalAnswer } from '../localquestions/store.ts';
import type { SurveyAnswers } from '../instrument/form.ts';
import type { InstrumentDefinition } from '../instrument/instrument.ts';

/** Invitation states in which the survey link is open until expires_at (sending, sent, reminding, reminded); dispatch owns the lifecycle. */
export const OPEN_STATES = ANSWERABLE_STATES;

/** Tokens are stored only as the SHA-256 (hex) of the token string; dispatch makes them, so it owns the hash. */
export { hashToken };

/** Tokens are 32 random bytes in base64url (43 characters); anything far from that is not worth a lookup. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export type InvitationLookup =
  { status: 'open'; meetingId: string; language: Lang } | { status: 'answered' | 'closed'; language: Lang } | { status: 'unknown' };

export async function lookupInvitation(db: Database, token: string, now: Date): Promise<InvitationLookup> {
  if (!TOKEN_PATTERN.test(token)) return { status: 'unknown' };
  const row = await db
    .selectFrom('invitation_token')
    .innerJoin('invitation', 'invitation.meeting_id', 'invitation_token.meeting_id')
    .select(['invitation.meeting_id', 'invitation.state', 'invitation.expires_at', 'invitation.language'])
    .where('invitation_token.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  const language: Lang = isLang(row.language) ? row.language : 'nb';
  if (row.state === 'answered') return { status: 'answered', language };
  if (OPEN_STATES.includes(row.state) && new Date(row.expires_at).getTime() > now.getTime()) {
    return { status: 'open', meetingId: row.meeting_id, language };
  }
  // Expired, cancelled, failed — or a token for an invitation not yet sent: closed either way.
  return { status: 'closed', language };
}

/**
 * Stores one answer for one invitation, atomically, exactly once.
 *
 * One statement does it all: the conditional update is the single-use gate (of two concurrent
 * submissions, PostgreSQL lets the second update wait for the first, then re-checks
 * `state in (…open)`, finds 'answered' and updates nothing), and only the submission that closed the
 * invitation inserts a response. The response copies what reporting needs from the meeting and
 * nothing that leads back (no ids, no timestamps); the same statement clears the meeting's case-mix
 * fields, so the meeting row can no longer be matched to the response by its profile, and erases
 * the contact from the invitation, as delivery is final. A single statement is atomic without an
 * explicit transaction, and is one round trip, since submission latency is what a citizen waits for.
 * Answers to the office's or county's own questions (`local`) are added to their counts in a
 * transaction around the same statement, so a crash or a lost race stores neither or both, once.
 */
export async function submitResponse(
  db: Database,
  args: { token: string; instrument: InstrumentDefinition; answers: SurveyAnswers; now: Date; local?: LocalAnswer[] },
): Promise<'stored' | 'answered' | 'closed' | 'unknown'> {
  if (!TOKEN_PATTERN.test(args.token)) return 'unknown';
  const tokenHash = hashToken(args.token);
  const { answers, overall, navGeneral, comment } = args.answers;
  const store = async (conn: Database) => {
    // Data-modifying CTEs share one snapshot: `m` reads the case-mix as it was, `cleared` clears it.
    const { rows } = await sql<{ meeting_id: string | null; stored: number }>`
      with claimed as (
        update invitation
           set state = 'answered', contact_email = null, contact_phone = null, next_action_at = null, lease_until = null,
               finalized_at = ${args.now.toISOString()}::timestamptz
         where meeting_id = (select meeting_id from invitation_token where token_hash = ${tokenHash})
           and state in (${sql.join(OPEN_STATES.map((state) => sql.lit(state)))})
           and expires_at > ${args.now.toISOString()}::timestamptz
        returning meeting_id
      ), m as (
        select counselor_id, unit_id, month, channel, meeting_kind, language, age_band, innsatsgruppe, benefit,
               recent_adverse_decision, interpreter_used, first_meeting
        from meeting where id = (select meeting_id from claimed)
      ), stored as (
        insert into response (instrument_id, instrument_version, counselor_id, unit_id, month, channel, meeting_kind, language,
                              age_band, innsatsgruppe, benefit, recent_adverse_decision, interpreter_used, first_meeting,
                              answers, overall, nav_general, comment)
        select ${args.instrument.id}, ${args.instrument.version}, counselor_id, unit_id, month, channel, meeting_kind, language,
               age_band, innsatsgruppe, benefit, recent_adverse_decision, interpreter_used, first_meeting,
               ${answers}::smallint[], ${overall}::smallint, ${navGeneral}::smallint, ${comment}::text
        from m
        returning 1
      ), cleared as (
        update meeting
           set ${CLEAR_CASE_MIX}
         where id = (select meeting_id from claimed)
        returning 1
      )
      select (select meeting_id from claimed) as meeting_id, (select count(*) from stored)::int as stored`.execute(conn);
    const meetingId = rows[0]?.meeting_id ?? null;
    if (meetingId === null) return null;
    if (rows[0].stored !== 1) throw new Error('response not stored');
    return meetingId;
  };
  const whyNot = async (): Promise<'answered' | 'closed' | 'unknown'> => {
    const current = await db
      .selectFrom('invitation_token')
      .innerJoin('invitation', 'invitation.meeting_id', 'invitation_token.meeting_id')
      .select('invitation.state')
      .where('invitation_token.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return !current ? 'unknown' : current.state === 'answered' ? 'answered' : 'closed';
  };

  if (!args.local?.length) return (await store(db)) === null ? whyNot() : 'stored';
  const stored = await db.transaction().execute(async (trx) => {
    const meetingId = await store(trx);
    if (meetingId !== null) await storeLocalAnswers(trx, meetingId, args.local!);
    return meetingId !== null;
  });
  return stored ? 'stored' : whyNot();
}

export type OptOutLookup = { status: 'unknown' } | { status: 'open' | 'done'; contactKey: string };

export async function lookupOptOut(db: Database, token: string): Promise<OptOutLookup> {
  if (!TOKEN_PATTERN.test(token)) return { status: 'unknown' };
  const row = await db
    .selectFrom('opt_out_link')
    .leftJoin('opt_out', 'opt_out.contact_key', 'opt_out_link.contact_key')
    .select(['opt_out_link.contact_key', 'opt_out.opted_out_at'])
    .where('opt_out_link.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  return { status: row.opted_out_at ? 'done' : 'open', contactKey: row.contact_key };
}

/**
 * Records the opt-out (forever; repeating it changes nothing: it is keyed on the salted hashes of
 * every contact the person had on the invitation, so every later meeting for any of them is
 * excluded) and cancels the person's invitations not yet sent, erasing their contact data. Invitations already out are cancelled by the worker
 * when their reminder falls due. With a ledger, the keys are written to it first (inside the
 * transaction, before it commits), so a restored backup does not invite the person again.
 */
export async function optOut(db: Database, token: string, now: Date, ledger?: DeletionLedger): Promise<'done' | 'unknown'> {
  return db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('opt_out_link')
      .select(['contact_key', 'contact_keys'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!link) return 'unknown';
    // Every contact of the person (e-mail and mobile), not only the one the message came to.
    const keys = [...new Set([link.contact_key, ...(link.contact_keys ?? [])])].sort();
    await ledger?.record({ kind: 'opt_out', keys }, now);
    await recordOptOut(trx, keys, now);
    return 'done';
  });
}

/** The opt-out of these contact keys at `now`, and the cancellation of their invitations not yet sent; idempotent (also a ledger entry's application). */
export async function recordOptOut(trx: Database, keys: string[], now: Date): Promise<void> {
  await trx
    .insertInto('opt_out')
    .values(keys.map((contact_key) => ({ contact_key, opted_out_at: now })))
    .onConflict((oc) => oc.column('contact_key').doNothing())
    .execute();
  // The cancelled meetings count as excluded for monitoring, and their case-mix can go: no answer will come.
  await sql`
    with cancelled as (
      update invitation
         set state = 'cancelled', contact_email = null, contact_phone = null, next_action_at = null, lease_until = null, finalized_at = ${now}
       where (contact_key = any(${keys}::text[]) or contact_keys && ${keys}::text[]) and state = 'scheduled'
      returning meeting_id
    )
    update meeting
       set exclusion_reason = 'opted_out', ${CLEAR_CASE_MIX}
     where id in (select meeting_id from cancelled)`.execute(trx);
}

import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../core/context.ts';
import type { DB } from '../db/schema.ts';
import type { Lang } from '../i18n/index.ts';
import { personContact } from './contact.ts';
import { decideInvitation, rulesFromConfig, type ExclusionReason } from './rules.ts';

export type { ExclusionReason } from './rules.ts';

export interface InvitationRequest {
  meetingId: string;
  startsAt: Date;
  sensitive: boolean;
  protectedAddress: boolean;
  /** 'under_18' excludes. */
  ageBand: string | null;
  email: string | null;
  phone: string | null;
  language: Lang;
}

export type ScheduleOutcome = { invited: true; sendAt: Date } | { invited: false; reason: ExclusionReason };

/**
 * Schedules the invitation for one registered meeting, inside the caller's transaction.
 * Idempotent: a meeting already decided keeps its first outcome.
 */
export async function scheduleInvitation(db: Kysely<DB>, ctx: AppContext, req: InvitationRequest): Promise<ScheduleOutcome> {
  const [outcome] = await scheduleInvitations(db, ctx, [req]);
  return outcome!;
}

const CHUNK = 1000;
/** Placeholder quarantine time for a contact never invited (see the locking note in scheduleChunk). */
const NEVER = new Date(0);

/**
 * Set-based form of scheduleInvitation for batch intake: a fixed number of statements per chunk
 * of meetings, not per meeting. Outcomes come back in request order.
 */
export async function scheduleInvitations(db: Kysely<DB>, ctx: AppContext, reqs: InvitationRequest[]): Promise<ScheduleOutcome[]> {
  const outcomes: ScheduleOutcome[] = [];
  for (let i = 0; i < reqs.length; i += CHUNK) outcomes.push(...(await scheduleChunk(db, ctx, reqs.slice(i, i + CHUNK))));
  return outcomes;
}

async function scheduleChunk(db: Kysely<DB>, ctx: AppContext, reqs: InvitationRequest[]): Promise<ScheduleOutcome[]> {
  if (reqs.length === 0) return [];
  const now = ctx.now();
  const rules = rulesFromConfig(ctx.config);
  const ids = [...new Set(reqs.map((r) => r.meetingId))];

  // Array parameters (= any($1)) rather than IN lists: one parameter each, whatever the batch size.
  const decided = new Map<string, ScheduleOutcome>();
  const earlier = await sql<{ id: string; exclusion_reason: string | null; send_at: Date | null }>`
    select m.id, m.exclusion_reason, i.send_at
    from meeting m left join invitation i on i.meeting_id = m.id
    where m.id = any(${ids}::uuid[]) and (m.exclusion_reason is not null or i.meeting_id is not null)`.execute(db);
  for (const row of earlier.rows)
    decided.set(
      row.id,
      row.send_at ? { invited: true, sendAt: new Date(row.send_at) } : { invited: false, reason: row.exclusion_reason as ExclusionReason },
    );

  const pending = reqs.filter((r) => !decided.has(r.meetingId));
  const contacts = new Map(pending.map((r) => [r.meetingId, personContact(ctx.secrets.contactHash, r.email, r.phone)]));
  const keys = [...new Set([...contacts.values()].flatMap((c) => c.keys))].sort();

  const optedOut = new Set<string>();
  const lastInvited = new Map<string, Date>();
  if (keys.length > 0) {
    // The quarantine check is read-then-write, so concurrent intake for the same person must queue.
    // Row locks do that without limit on how many (advisory locks would exhaust the shared lock
    // table with a few concurrent batches of 1,000): every key gets a quarantine row — a
    // placeholder at the epoch if new, removed again below if nobody was invited — and the rows are
    // locked in key order, so two batches cannot deadlock. Another transaction inserting the same
    // new key waits on the unique index until this one commits.
    await sql`
      insert into contact_quarantine (contact_key, last_invited_at)
      select k, ${NEVER.toISOString()}::timestamptz from unnest(${keys}::text[]) as k order by k
      on conflict (contact_key) do nothing`.execute(db);
    const facts = await sql<{ contact_key: string; opted_out: boolean; last_invited_at: Date }>`
      select q.contact_key, exists (select 1 from opt_out o where o.contact_key = q.contact_key) as opted_out, q.last_invited_at
      from contact_quarantine q
      where q.contact_key = any(${keys}::text[])
      order by q.contact_key
      for update of q`.execute(db);
    for (const row of facts.rows) {
      if (row.opted_out) optedOut.add(row.contact_key);
      const last = new Date(row.last_invited_at);
      if (last.getTime() !== NEVER.getTime()) lastInvited.set(row.contact_key, last);
    }
  }

  const toInsert: {
    meeting_id: string;
    state: 'scheduled';
    contact_email: string | null;
    contact_phone: string | null;
    contact_key: string;
    contact_keys: string[];
    language: string;
    next_action_at: Date;
    send_at: Date;
    reminder_at: Date | null;
    expires_at: Date;
  }[] = [];
  const excluded = new Map<ExclusionReason, string[]>();

  for (const req of pending) {
    if (decided.has(req.meetingId)) continue; // the same meeting twice in one batch
    const contact = contacts.get(req.meetingId)!;
    const latest = contact.keys
      .map((k) => lastInvited.get(k))
      .filter((d): d is Date => d !== undefined)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    const decision = decideInvitation(
      {
        startsAt: req.startsAt,
        sensitive: req.sensitive,
        protectedAddress: req.protectedAddress,
        ageBand: req.ageBand,
        hasContact: contact.delivery !== null,
        optedOut: contact.keys.some((k) => optedOut.has(k)),
        lastInvitedAt: latest ?? null,
      },
      now,
      rules,
    );
    if (!decision.invited || !contact.delivery) {
      const reason = decision.invited ? 'no_contact' : decision.reason;
      excluded.set(reason, [...(excluded.get(reason) ?? []), req.meetingId]);
      decided.set(req.meetingId, { invited: false, reason });
      continue;
    }
    toInsert.push({
      meeting_id: req.meetingId,
      state: 'scheduled',
      contact_email: contact.delivery.channel === 'email' ? contact.delivery.address : null,
      contact_phone: contact.delivery.channel === 'sms' ? contact.delivery.address : null,
      contact_key: contact.delivery.key,
      contact_keys: contact.keys,
      language: req.language,
      next_action_at: decision.sendAt,
      send_at: decision.sendAt,
      reminder_at: decision.reminderAt,
      expires_at: decision.expiresAt,
    });
    // Later meetings for the same person in this batch see this invitation.
    for (const k of contact.keys) {
      const prev = lastInvited.get(k);
      if (!prev || prev < decision.sendAt) lastInvited.set(k, decision.sendAt);
    }
    decided.set(req.meetingId, { invited: true, sendAt: decision.sendAt });
  }

  if (toInsert.length > 0) {
    // One array per column through unnest: ten parameters for the whole chunk, and no per-row Date encoding.
    const col = <T>(pick: (row: (typeof toInsert)[number]) => T) => toInsert.map(pick);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    await sql`
      insert into invitation (meeting_id, state, contact_email, contact_phone, contact_key, contact_keys, language, next_action_at, send_at, reminder_at, expires_at)
      select meeting_id, state, contact_email, contact_phone, contact_key, string_to_array(contact_keys, ','), language, next_action_at, send_at, reminder_at, expires_at
      from unnest(
        ${col((r) => r.meeting_id)}::uuid[], ${col((r) => r.state)}::text[], ${col((r) => r.contact_email)}::text[],
        ${col((r) => r.contact_phone)}::text[], ${col((r) => r.contact_key)}::text[],
        -- unnest flattens an array of arrays, so each row's keys (hex, no commas) travel as one string.
        ${col((r) => r.contact_keys.join(','))}::text[], ${col((r) => r.language)}::text[],
        ${col((r) => iso(r.next_action_at))}::timestamptz[], ${col((r) => iso(r.send_at))}::timestamptz[],
        ${col((r) => iso(r.reminder_at))}::timestamptz[], ${col((r) => iso(r.expires_at))}::timestamptz[])
        as u(meeting_id, state, contact_email, contact_phone, contact_key, contact_keys, language, next_action_at, send_at, reminder_at, expires_at)
      on conflict (meeting_id) do nothing`.execute(db);
    const touched = [...new Set(toInsert.flatMap((row) => contacts.get(row.meeting_id)!.keys))];
    await sql`
      insert into contact_quarantine (contact_key, last_invited_at)
      select * from unnest(${touched}::text[], ${touched.map((k) => lastInvited.get(k)!.toISOString())}::timestamptz[])
      on conflict (contact_key) do update set last_invited_at = greatest(contact_quarantine.last_invited_at, excluded.last_invited_at)`.execute(
      db,
    );
  }
  if (keys.length > 0)
    await sql`delete from contact_quarantine where contact_key = any(${keys}::text[]) and last_invited_at = ${NEVER.toISOString()}::timestamptz`.execute(
      db,
    );
  for (const [reason, meetingIds] of excluded)
    await sql`update meeting set exclusion_reason = ${reason} where id = any(${meetingIds}::uuid[])`.execute(db);

  return reqs.map((r) => decided.get(r.meetingId)!);
}

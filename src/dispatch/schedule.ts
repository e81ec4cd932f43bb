import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../app.ts';
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

  const decided = new Map<string, ScheduleOutcome>();
  for (const row of await db.selectFrom('invitation').select(['meeting_id', 'send_at']).where('meeting_id', 'in', ids).execute())
    decided.set(row.meeting_id, { invited: true, sendAt: row.send_at });
  for (const row of await db
    .selectFrom('meeting')
    .select(['id', 'exclusion_reason'])
    .where('id', 'in', ids)
    .where('exclusion_reason', 'is not', null)
    .execute())
    decided.set(row.id, { invited: false, reason: row.exclusion_reason as ExclusionReason });

  const pending = reqs.filter((r) => !decided.has(r.meetingId));
  const contacts = new Map(pending.map((r) => [r.meetingId, personContact(ctx.secrets.contactHash, r.email, r.phone)]));
  const keys = [...new Set([...contacts.values()].flatMap((c) => c.keys))].sort();

  const optedOut = new Set<string>();
  const lastInvited = new Map<string, Date>();
  if (keys.length > 0) {
    // Serialise concurrent intake for the same person (a quarantine check is read-then-write).
    // Keys are locked in sorted order so two batches cannot deadlock on each other.
    await sql`select pg_advisory_xact_lock(hashtextextended(k, 3141)) from unnest(${keys}::text[]) as k`.execute(db);
    for (const row of await db.selectFrom('opt_out').select('contact_key').where('contact_key', 'in', keys).execute())
      optedOut.add(row.contact_key);
    for (const row of await db
      .selectFrom('contact_quarantine')
      .select(['contact_key', 'last_invited_at'])
      .where('contact_key', 'in', keys)
      .execute())
      lastInvited.set(row.contact_key, row.last_invited_at);
  }

  const toInsert: {
    meeting_id: string;
    state: 'scheduled';
    contact_email: string | null;
    contact_phone: string | null;
    contact_key: string;
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
    await db.insertInto('invitation').values(toInsert).onConflict((oc) => oc.column('meeting_id').doNothing()).execute();
    const touched = [...new Set(toInsert.flatMap((row) => contacts.get(row.meeting_id)!.keys))];
    await db
      .insertInto('contact_quarantine')
      .values(touched.map((k) => ({ contact_key: k, last_invited_at: lastInvited.get(k)! })))
      .onConflict((oc) =>
        oc.column('contact_key').doUpdateSet({
          last_invited_at: sql`greatest(contact_quarantine.last_invited_at, excluded.last_invited_at)`,
        }),
      )
      .execute();
  }
  for (const [reason, meetingIds] of excluded)
    await db.updateTable('meeting').set({ exclusion_reason: reason }).where('id', 'in', meetingIds).execute();

  return reqs.map((r) => decided.get(r.meetingId)!);
}

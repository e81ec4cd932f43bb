import { sql } from 'kysely';
import { unnestInsert } from '../db/bulk.ts';
import type { AppContext } from '../app.ts';
import { scheduleInvitations } from '../dispatch/schedule.ts';
import { HttpError } from '../web/errors.ts';
import { meetingEventSchema, type MeetingEvent } from './schema.ts';
import { monthStartOf } from '../time/periods.ts';
import { eventFingerprint, keptFingerprint, sameEvent } from './fingerprint.ts';

const MEETING_COLUMNS = [
  ['external_id', 'text'],
  ['source', 'text'],
  ['payload_hash', 'text'],
  ['fingerprint_after', 'text'],
  ['starts_at', 'timestamptz'],
  ['month', 'date'],
  ['counselor_id', 'text'],
  ['unit_id', 'text'],
  ['channel', 'text'],
  ['meeting_kind', 'text'],
  ['language', 'text'],
  ['age_band', 'text'],
  ['innsatsgruppe', 'text'],
  ['benefit', 'text'],
  ['recent_adverse_decision', 'boolean'],
  ['interpreter_used', 'boolean'],
  ['first_meeting', 'boolean'],
] as const;

export type IntakeStatus = 'created' | 'duplicate' | 'conflict';

export interface IntakeResult {
  external_id: string;
  status: IntakeStatus;
  /** For created meetings: whether an invitation was scheduled, or why not. */
  invited?: boolean;
  exclusion_reason?: string;
}

/** The month (first day, ISO date) a moment falls in, in the agency's time zone. */
export const monthOf = monthStartOf;

/** Validates every event first; any bad one rejects the whole request with each bad field named. */
export function validateEvents(rawEvents: unknown[], prefix: string | null): MeetingEvent[] {
  const problems: Array<{ field: string; message: string }> = [];
  const events: MeetingEvent[] = [];
  rawEvents.forEach((raw, i) => {
    const parsed = meetingEventSchema.safeParse(raw);
    if (parsed.success) events.push(parsed.data);
    else for (const issue of parsed.error.issues) problems.push({ field: fieldName(prefix, i, issue.path), message: issue.message });
  });
  if (problems.length > 0) throw new HttpError(400, 'Invalid meeting event', problems);
  return events;
}

/**
 * Registers meeting events, all or nothing: unknown counselors or units reject the request (422)
 * before anything is written. Idempotent on external_id: a repeat is a `duplicate`, a repeat with
 * different content a `conflict` (the first version stands). Each new meeting is handed to dispatch
 * in the same transaction, so a meeting is never registered without its invitation decision.
 */
export async function ingestMeetings(ctx: AppContext, source: string, rawEvents: unknown[], prefix: string | null = 'meetings'): Promise<IntakeResult[]> {
  const events = validateEvents(rawEvents, prefix);
  await checkReferences(ctx, events, prefix);

  const key = ctx.secrets.fingerprint;
  const withHash = events.map((event) => ({ event, hash: eventFingerprint(key, event) }));
  // The same id twice in one request: keep the first, classify the rest like repeats.
  const firstIndexById = new Map<string, number>();
  withHash.forEach(({ event }, i) => {
    if (!firstIndexById.has(event.external_id)) firstIndexById.set(event.external_id, i);
  });

  return ctx.db.transaction().execute(async (trx) => {
    const unique = [...firstIndexById.values()].map((i) => withHash[i]);
    const rows = unique.map(({ event, hash }) => ({
      external_id: event.external_id,
      source,
      payload_hash: hash,
      fingerprint_after: keptFingerprint(key, event),
      starts_at: event.starts_at,
      month: monthOf(new Date(event.starts_at), ctx.config.TIME_ZONE),
      counselor_id: event.counselor_id,
      unit_id: event.unit_id,
      channel: event.channel,
      meeting_kind: event.meeting_kind,
      language: event.language,
      age_band: event.age_band ?? null,
      innsatsgruppe: event.innsatsgruppe ?? null,
      benefit: event.benefit ?? null,
      recent_adverse_decision: event.recent_adverse_decision ?? null,
      interpreter_used: event.interpreter_used ?? null,
      first_meeting: event.first_meeting ?? null,
    }));
    const inserted = rows.length
      ? (
          await sql<{ id: string; external_id: string }>`${unnestInsert('meeting', MEETING_COLUMNS, rows)}
            on conflict (external_id) do nothing returning id, external_id`.execute(trx)
        ).rows
      : [];
    const newIdByExternal = new Map(inserted.map((r) => [r.external_id, r.id]));
    const missing = unique.map((u) => u.event.external_id).filter((x) => !newIdByExternal.has(x));
    const storedHash = new Map(
      missing.length
        ? (await trx.selectFrom('meeting').select(['external_id', 'payload_hash']).where('external_id', 'in', missing).execute()).map((r) => [r.external_id, r.payload_hash])
        : [],
    );

    // New meetings go to dispatch in one set-based call; repeats are classified against the stored hash.
    const newIndexes = withHash
      .map((_, i) => i)
      .filter((i) => newIdByExternal.has(withHash[i].event.external_id) && firstIndexById.get(withHash[i].event.external_id) === i);
    const outcomes = await scheduleInvitations(
      trx,
      ctx,
      newIndexes.map((i) => {
        const { event } = withHash[i];
        return {
          meetingId: newIdByExternal.get(event.external_id)!,
          startsAt: new Date(event.starts_at),
          sensitive: event.sensitive,
          protectedAddress: event.protected_address,
          ageBand: event.age_band ?? null,
          email: event.email ?? null,
          phone: event.mobile ?? null,
          language: event.language,
        };
      }),
    );
    const outcomeByIndex = new Map(newIndexes.map((index, j) => [index, outcomes[j]]));

    const results: IntakeResult[] = withHash.map(({ event, hash }, i) => {
      const outcome = outcomeByIndex.get(i);
      if (outcome) {
        return outcome.invited
          ? { external_id: event.external_id, status: 'created', invited: true }
          : { external_id: event.external_id, status: 'created', invited: false, exclusion_reason: outcome.reason };
      }
      const original = newIdByExternal.has(event.external_id) ? withHash[firstIndexById.get(event.external_id)!].hash : storedHash.get(event.external_id);
      return { external_id: event.external_id, status: original !== undefined && sameEvent(original, key, event) ? 'duplicate' : 'conflict' };
    });
    return results;
  });
}

/** `meetings.3.channel` in a batch, `channel` for a single event (prefix null). */
function fieldName(prefix: string | null, index: number, path: PropertyKey[]): string {
  const parts = prefix === null ? path : [prefix, index, ...path];
  return parts.map(String).join('.') || '(body)';
}

async function checkReferences(ctx: AppContext, events: MeetingEvent[], prefix: string | null): Promise<void> {
  const counselorIds = [...new Set(events.map((e) => e.counselor_id))];
  const unitIds = [...new Set(events.map((e) => e.unit_id))];
  const knownCounselors = new Set(
    (await ctx.db.selectFrom('employee').select('id').where('id', 'in', counselorIds).execute()).map((r) => r.id),
  );
  const knownUnits = new Set((await ctx.db.selectFrom('unit').select('id').where('id', 'in', unitIds).execute()).map((r) => r.id));
  const problems: Array<{ field: string; message: string }> = [];
  events.forEach((e, i) => {
    if (!knownCounselors.has(e.counselor_id)) problems.push({ field: fieldName(prefix, i, ['counselor_id']), message: `unknown counselor ${e.counselor_id}` });
    if (!knownUnits.has(e.unit_id)) problems.push({ field: fieldName(prefix, i, ['unit_id']), message: `unknown unit ${e.unit_id}` });
  });
  if (problems.length > 0) throw new HttpError(422, 'Unknown counselor or unit', problems);
}

import { sql } from 'kysely';
import { unnestInsert } from '../db/bulk.ts';
import type { AppContext } from '../core/context.ts';
import { scheduleInvitations } from '../dispatch/schedule.ts';
import { AppError } from '../core/errors.ts';
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
  if (problems.length > 0) throw new AppError('invalid_input', { detail: 'Invalid meeting event', fields: problems });
  return events;
}

/**
 * Registers meeting events, all or nothing: a counselor, unit or time the meeting may not have
 * (see referenceProblems) rejects the request (422) before anything is written. Idempotent on external_id: a repeat is a `duplicate`, a repeat with
 * different content a `conflict` (the first version stands). Each new meeting is handed to dispatch
 * in the same transaction, so a meeting is never registered without its invitation decision.
 */
export async function ingestMeetings(
  ctx: AppContext,
  source: string,
  rawEvents: unknown[],
  prefix: string | null = 'meetings',
): Promise<IntakeResult[]> {
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
        ? (await trx.selectFrom('meeting').select(['external_id', 'payload_hash']).where('external_id', 'in', missing).execute()).map(
            (r) => [r.external_id, r.payload_hash],
          )
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

    const results: IntakeResult[] = withHash.map(({ event }, i) => {
      const outcome = outcomeByIndex.get(i);
      if (outcome) {
        return outcome.invited
          ? { external_id: event.external_id, status: 'created', invited: true }
          : { external_id: event.external_id, status: 'created', invited: false, exclusion_reason: outcome.reason };
      }
      const original = newIdByExternal.has(event.external_id)
        ? withHash[firstIndexById.get(event.external_id)!].hash
        : storedHash.get(event.external_id);
      return {
        external_id: event.external_id,
        status: original !== undefined && sameEvent(original, key, event) ? 'duplicate' : 'conflict',
      };
    });
    return results;
  });
}

/** `meetings.3.channel` in a batch, `channel` for a single event (prefix null). */
function fieldName(prefix: string | null, index: number, path: PropertyKey[]): string {
  const parts = prefix === null ? path : [prefix, index, ...path];
  return parts.map(String).join('.') || '(body)';
}

/** How far ahead a meeting may be dated: a case system registers meetings held, not planned. */
export const MAX_MEETING_LEAD_MS = 24 * 60 * 60 * 1000;

interface EmployeeVersion {
  valid_from: Date;
  unit_id: string;
  role: string;
  active: boolean;
}

/** What a meeting needs checked against the register: its counselor, unit and time. */
export interface MeetingReference {
  counselor_id: string;
  unit_id: string;
  starts_at: string;
}

/**
 * Problems with each meeting's references, by index and field: the counselor must be an active
 * counselor at the meeting's time (leaders and staff hold no meetings that are surveyed), of the
 * meeting's unit — their own team or office, the office of their team, or (for an office) one of
 * its teams; the unit must be a team or an office, so every answer falls inside an audited group;
 * and the meeting must not lie more than a day ahead. The counselor's version at the meeting's time
 * comes from employee history; a meeting older than the register's first version of that person is
 * judged by that first version (the register was loaded after the meeting). Units are judged as
 * they are now.
 */
export async function referenceProblems(
  ctx: AppContext,
  meetings: MeetingReference[],
): Promise<Array<{ index: number; field: keyof MeetingReference; message: string }>> {
  if (meetings.length === 0) return [];
  const counselorIds = [...new Set(meetings.map((m) => m.counselor_id))];
  const current = await ctx.db
    .selectFrom('employee')
    .select(['id', 'valid_from', 'unit_id', 'role', 'active'])
    .where('id', 'in', counselorIds)
    .execute();
  const history = current.length
    ? await ctx.db
        .selectFrom('employee_history')
        .select(['employee_id', 'valid_from', 'unit_id', 'role', 'active'])
        .where(
          'employee_id',
          'in',
          current.map((e) => e.id),
        )
        .execute()
    : [];
  const versions = new Map<string, EmployeeVersion[]>();
  for (const e of current) versions.set(e.id, [{ valid_from: new Date(e.valid_from), unit_id: e.unit_id, role: e.role, active: e.active }]);
  for (const h of history)
    versions.get(h.employee_id)!.push({ valid_from: new Date(h.valid_from), unit_id: h.unit_id, role: h.role, active: h.active });
  for (const list of versions.values()) list.sort((a, b) => a.valid_from.getTime() - b.valid_from.getTime());

  const unitIds = new Set([...meetings.map((m) => m.unit_id), ...[...versions.values()].flatMap((list) => list.map((v) => v.unit_id))]);
  const units = new Map(
    (
      await ctx.db
        .selectFrom('unit')
        .select(['id', 'kind', 'parent_id'])
        .where('id', 'in', [...unitIds])
        .execute()
    ).map((u) => [u.id, u]),
  );

  const latest = ctx.now().getTime() + MAX_MEETING_LEAD_MS;
  const problems: Array<{ index: number; field: keyof MeetingReference; message: string }> = [];
  meetings.forEach((m, index) => {
    const at = new Date(m.starts_at);
    if (at.getTime() > latest)
      problems.push({ index, field: 'starts_at', message: 'more than 24 hours in the future; register a meeting once it is held' });
    const unit = units.get(m.unit_id);
    if (!unit) problems.push({ index, field: 'unit_id', message: `unknown unit ${m.unit_id}` });
    else if (unit.kind !== 'team' && unit.kind !== 'office')
      problems.push({ index, field: 'unit_id', message: `${m.unit_id} is a ${unit.kind}; meetings are registered on a team or an office` });

    const list = versions.get(m.counselor_id);
    if (!list) {
      problems.push({ index, field: 'counselor_id', message: `unknown counselor ${m.counselor_id}` });
      return;
    }
    const version = list.findLast((v) => v.valid_from.getTime() <= at.getTime()) ?? list[0];
    if (version.role !== 'counselor')
      problems.push({
        index,
        field: 'counselor_id',
        message: `${m.counselor_id} is registered as ${version.role}, not as a counselor, at the meeting's time`,
      });
    else if (!version.active)
      problems.push({ index, field: 'counselor_id', message: `${m.counselor_id} is not an active employee at the meeting's time` });
    else if (unit && (unit.kind === 'team' || unit.kind === 'office') && !counselorBelongsTo(version.unit_id, unit, units)) {
      problems.push({
        index,
        field: 'counselor_id',
        message: `${m.counselor_id} belongs to ${version.unit_id}, not to ${m.unit_id} or its office or teams, at the meeting's time`,
      });
    }
  });
  return problems;
}

/** A counselor's own unit, the office above their team, or a team under their office. */
function counselorBelongsTo(
  counselorUnitId: string,
  meetingUnit: { id: string; kind: string; parent_id: string | null },
  units: Map<string, { kind: string; parent_id: string | null }>,
): boolean {
  if (counselorUnitId === meetingUnit.id) return true;
  if (meetingUnit.kind === 'team') return meetingUnit.parent_id === counselorUnitId;
  const counselorUnit = units.get(counselorUnitId);
  return counselorUnit?.kind === 'team' && counselorUnit.parent_id === meetingUnit.id;
}

async function checkReferences(ctx: AppContext, events: MeetingEvent[], prefix: string | null): Promise<void> {
  const problems = (await referenceProblems(ctx, events)).map((p) => ({
    field: fieldName(prefix, p.index, [p.field]),
    message: p.message,
  }));
  if (problems.length > 0)
    throw new AppError('invalid_input', {
      status: 422,
      detail: 'Meeting refers to a counselor, unit or time it may not',
      fields: problems,
    });
}

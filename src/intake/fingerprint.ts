import { createHash, createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { MeetingEvent } from './schema.ts';

/**
 * Fingerprints of a meeting event, to tell a harmless repeat from a conflicting one.
 *
 * A plain hash of the event would outlive what answering erases: the case-mix fields (age band,
 * innsatsgruppe, benefit, three yes/no) take some 25,000 values, so anyone with a copy of the
 * database could try them all against each meeting's hash, get its profile back and match it to
 * one response. So both fingerprints are keyed (HMAC under a key that is not in the database in
 * production), and once the case-mix is cleared the meeting keeps only the second, which covers
 * nothing but the columns the meeting row keeps anyway.
 *
 * Stored forms: `k:` + the keyed hash of the whole event (contact left out: a hash of a phone
 * number is easy to reverse and would outlive the contact itself); `r:` + the keyed hash of the
 * kept columns; a bare hex SHA-256 of the whole event on rows from before this (re-keyed at start,
 * see rekeyLegacyFingerprints).
 */

/** The columns a meeting keeps after its case-mix is cleared. */
export interface KeptColumns {
  external_id: string;
  starts_at: string | Date | null;
  counselor_id: string;
  unit_id: string;
  channel: string;
  meeting_kind: string;
  language: string;
}

function canonical(fields: Record<string, unknown>): string {
  // Keys in code-unit order, so the same fields always give the same text.
  return JSON.stringify(Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function withoutContact(event: MeetingEvent): Record<string, unknown> {
  const { email: _email, mobile: _mobile, ...rest } = event;
  return rest;
}

export function eventFingerprint(key: string, event: MeetingEvent): string {
  return `k:${createHmac('sha256', key)
    .update(canonical(withoutContact(event)))
    .digest('hex')}`;
}

export function keptFingerprint(key: string, kept: KeptColumns): string {
  const startsAt = kept.starts_at === null ? '' : new Date(kept.starts_at).toISOString();
  const fields = {
    external_id: kept.external_id,
    starts_at: startsAt,
    counselor_id: kept.counselor_id,
    unit_id: kept.unit_id,
    channel: kept.channel,
    meeting_kind: kept.meeting_kind,
    language: kept.language,
  };
  return `r:${createHmac('sha256', key).update(canonical(fields)).digest('hex')}`;
}

/** The unkeyed fingerprint of rows stored before fingerprints were keyed. */
export function legacyFingerprint(event: MeetingEvent): string {
  return createHash('sha256')
    .update(canonical(withoutContact(event)))
    .digest('hex');
}

/** Whether an incoming event is the one a meeting was registered with, as far as its stored fingerprint tells. */
export function sameEvent(stored: string, key: string, event: MeetingEvent): boolean {
  if (stored.startsWith('k:')) return stored === eventFingerprint(key, event);
  if (stored.startsWith('r:')) return stored === keptFingerprint(key, event);
  return stored === legacyFingerprint(event);
}

/**
 * Rows from before fingerprints were keyed: each gets its kept fingerprint ready, and a row whose
 * case-mix is gone already (answered, expired, closed) gets it now in place of the unkeyed hash; an
 * open row keeps the unkeyed hash (it covers only what the row holds) until its case-mix goes.
 * Idempotent and batched, so every node may run it at start.
 */
export async function rekeyLegacyFingerprints(db: Database, key: string, batchSize = 5000): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db
      .selectFrom('meeting')
      .select([
        'id',
        'external_id',
        'starts_at',
        'counselor_id',
        'unit_id',
        'channel',
        'meeting_kind',
        'language',
        'age_band',
        'innsatsgruppe',
        'benefit',
        'recent_adverse_decision',
        'interpreter_used',
        'first_meeting',
      ])
      .where('payload_hash', 'not like', 'k:%')
      .where('payload_hash', 'not like', 'r:%')
      .where('fingerprint_after', 'is', null)
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return done;
    const cleared = rows.map(
      (r) =>
        r.age_band === null &&
        r.innsatsgruppe === null &&
        r.benefit === null &&
        r.recent_adverse_decision === null &&
        r.interpreter_used === null &&
        r.first_meeting === null,
    );
    await sql`
      update meeting m
         set fingerprint_after = case when u.cleared then null else u.kept end,
             payload_hash = case when u.cleared then u.kept else m.payload_hash end
        from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => keptFingerprint(key, r))}::text[], ${cleared}::boolean[]) as u(id, kept, cleared)
       where m.id = u.id`.execute(db);
    done += rows.length;
    if (rows.length < batchSize) return done;
  }
}

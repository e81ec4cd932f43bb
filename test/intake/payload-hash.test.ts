import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { monthOf } from '../../src/intake/service.ts';
import { eventFingerprint, keptFingerprint, legacyFingerprint, sameEvent } from '../../src/intake/fingerprint.ts';
import { meetingEventSchema, type MeetingEvent } from '../../src/intake/schema.ts';

/** The fingerprint as first stored (keys ordered by localeCompare): stored hashes must still match. */
function firstPayloadHash(event: MeetingEvent): string {
  const { email: _email, mobile: _mobile, ...rest } = event;
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
  return createHash('sha256').update(canonical).digest('hex');
}

const event = meetingEventSchema.parse({
  external_id: 'case-1',
  counselor_id: 'v1',
  unit_id: 't1',
  starts_at: '2026-03-10T10:00:00+01:00',
  channel: 'in_person',
  meeting_kind: 'follow_up',
  language: 'nb',
  email: 'kari@example.no',
  age_band: '30_39',
  innsatsgruppe: 'standard',
  recent_adverse_decision: true,
  interpreter_used: false,
  first_meeting: true,
  sensitive: false,
  protected_address: false,
});
const KEY = 'a'.repeat(64);

describe('meeting fingerprints', () => {
  it('orders every key of the event schema as the first version did, so a repeat of an old event is still a duplicate', () => {
    const keys = Object.keys(meetingEventSchema.shape);
    expect([...keys].sort()).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
    expect(legacyFingerprint(event)).toBe(firstPayloadHash(event));
    expect(sameEvent(firstPayloadHash(event), KEY, event)).toBe(true);
  });

  it('are keyed: without the key, the event (and so its case-mix) does not reproduce them', () => {
    expect(eventFingerprint(KEY, event)).not.toBe(eventFingerprint('b'.repeat(64), event));
    expect(eventFingerprint(KEY, event)).not.toContain(legacyFingerprint(event));
  });

  it('tell a changed case-mix while the meeting is open, and only what the row keeps once it is cleared', () => {
    const changed = { ...event, age_band: '40_49' as const };
    expect(sameEvent(eventFingerprint(KEY, event), KEY, changed)).toBe(false);
    const kept = keptFingerprint(KEY, event);
    // The same from the stored row (starts_at read back as a Date) as from the event.
    expect(keptFingerprint(KEY, { ...event, starts_at: new Date(event.starts_at) })).toBe(kept);
    expect(sameEvent(kept, KEY, changed)).toBe(true);
    expect(sameEvent(kept, KEY, { ...event, channel: 'phone' })).toBe(false);
  });
});

describe('monthOf', () => {
  it('takes the month in the agency time zone, across the year boundary', () => {
    expect(monthOf(new Date('2025-12-31T23:30:00Z'), 'Europe/Oslo')).toBe('2026-01-01');
    expect(monthOf(new Date('2025-12-31T23:30:00Z'), 'UTC')).toBe('2025-12-01');
    expect(monthOf(new Date('2026-06-30T22:00:00Z'), 'Europe/Oslo')).toBe('2026-07-01');
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { monthOf, payloadHash } from '../../src/intake/service.ts';
import { meetingEventSchema, type MeetingEvent } from '../../src/intake/schema.ts';

/** The fingerprint as first stored (keys ordered by localeCompare): stored hashes must still match. */
function firstPayloadHash(event: MeetingEvent): string {
  const { email: _email, mobile: _mobile, ...rest } = event;
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
  return createHash('sha256').update(canonical).digest('hex');
}

describe('payloadHash', () => {
  it('orders every key of the event schema as the first version did, so a repeat of an old event is still a duplicate', () => {
    const keys = Object.keys(meetingEventSchema.shape);
    expect([...keys].sort()).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
  });

  it('equals the first version on a full event', () => {
    const event = meetingEventSchema.parse({
      external_id: 'case-1', counselor_id: 'v1', unit_id: 't1', starts_at: '2026-03-10T09:00:00Z', channel: 'in_person',
      meeting_kind: 'follow_up', language: 'nb', email: 'kari@example.no', age_band: '30_39', innsatsgruppe: 'standard',
      recent_adverse_decision: true, interpreter_used: false, first_meeting: true, sensitive: false, protected_address: false,
    });
    expect(payloadHash(event)).toBe(firstPayloadHash(event));
  });
});

describe('monthOf', () => {
  it('takes the month in the agency time zone, across the year boundary', () => {
    expect(monthOf(new Date('2025-12-31T23:30:00Z'), 'Europe/Oslo')).toBe('2026-01-01');
    expect(monthOf(new Date('2025-12-31T23:30:00Z'), 'UTC')).toBe('2025-12-01');
    expect(monthOf(new Date('2026-06-30T22:00:00Z'), 'Europe/Oslo')).toBe('2026-07-01');
  });
});

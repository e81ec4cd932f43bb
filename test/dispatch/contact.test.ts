import { describe, expect, it } from 'vitest';
import { contactKey, normaliseEmail, normalisePhone, personContact } from '../../src/dispatch/contact.ts';
import { dueAction, isAnswerable, type DueRow } from '../../src/dispatch/lifecycle.ts';
import { scrubContact } from '../../src/dispatch/transports/types.ts';
import { meetingEventSchema } from '../../src/intake/schema.ts';

describe('contact normalisation and keys', () => {
  it('lower-cases and trims e-mail, and refuses what cannot be an address', () => {
    expect(normaliseEmail('  Ola.Nordmann@NAV.no ')).toBe('ola.nordmann@nav.no');
    expect(normaliseEmail('ola@localhost')).toBeNull();
    expect(normaliseEmail('')).toBeNull();
    expect(normaliseEmail(null)).toBeNull();
  });
  it('writes Norwegian mobile numbers as +47XXXXXXXX whatever the input form', () => {
    for (const input of ['91234567', '912 34 567', '+47 912 34 567', '0047 91234567', '4791234567', '(+47) 912-34-567'])
      expect(normalisePhone(input)).toBe('+4791234567');
    expect(normalisePhone('+46 70 123 45 67')).toBe('+46701234567');
    expect(normalisePhone('1234')).toBeNull();
    expect(normalisePhone('call me')).toBeNull();
    // Not a Norwegian mobile number (a landline, too short): refused however it is written.
    for (const input of ['22334455', '+47 22 33 44 55', '+47 9123456']) expect(normalisePhone(input)).toBeNull();
  });
  it('is the rule intake validates with, so a number keys alike at intake, opt-out and quarantine', () => {
    const base = {
      external_id: 'e1',
      starts_at: '2026-03-02T10:00:00+01:00',
      counselor_id: 'v1',
      unit_id: 't1',
      channel: 'phone',
      meeting_kind: 'follow_up',
    };
    for (const input of ['4791234567', '0047 912 34 567', '(+47) 912-34-567']) {
      expect(meetingEventSchema.parse({ ...base, mobile: input }).mobile).toBe(normalisePhone(input));
    }
    expect(meetingEventSchema.safeParse({ ...base, mobile: '22334455' }).success).toBe(false);
  });
  it('keys are HMAC-SHA256 under the secret: stable, secret-dependent, not the contact', () => {
    const k = contactKey('secret-a', 'ola@nav.no');
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(contactKey('secret-a', 'ola@nav.no')).toBe(k);
    expect(contactKey('secret-b', 'ola@nav.no')).not.toBe(k);
    expect(personContact('secret-a', 'OLA@nav.no', null).keys).toEqual([k]);
  });
  it('delivers by e-mail when given, else SMS, and keeps the keys of both', () => {
    const both = personContact('s', 'a@b.no', '91234567');
    expect(both.delivery).toMatchObject({ channel: 'email', address: 'a@b.no' });
    expect(both.keys).toEqual([contactKey('s', 'a@b.no'), contactKey('s', '+4791234567')]);
    expect(personContact('s', 'bad', '91234567').delivery).toMatchObject({ channel: 'sms', address: '+4791234567' });
    expect(personContact('s', null, null)).toMatchObject({ delivery: null, keys: [] });
  });
});

describe('scrubbing error texts', () => {
  it('removes addresses and phone numbers', () => {
    expect(scrubContact('550 5.1.1 <ola@nav.no>: Recipient address rejected')).toBe('550 5.1.1 <[address]>: Recipient address rejected');
    expect(scrubContact('invalid number +47 912 34 567')).toBe('invalid number [number]');
    expect(scrubContact('x'.repeat(500))).toHaveLength(300);
  });
});

describe('invitation lifecycle', () => {
  const now = new Date('2026-03-13T11:00:00Z');
  const row = (over: Partial<DueRow>): DueRow => ({
    state: 'scheduled',
    reminder_at: new Date('2026-03-13T11:00:00Z'),
    reminded_at: null,
    expires_at: new Date('2026-03-24T11:00:00Z'),
    attempts: 0,
    ...over,
  });
  it('decides the next step from the state and the time', () => {
    expect(dueAction(row({}), now, 8)).toEqual({ kind: 'send_invite' });
    expect(dueAction(row({ state: 'sending', attempts: 2 }), now, 8)).toEqual({ kind: 'send_invite' });
    expect(dueAction(row({ state: 'sending', attempts: 8 }), now, 8)).toEqual({ kind: 'give_up' });
    expect(dueAction(row({ state: 'sent' }), now, 8)).toEqual({ kind: 'send_reminder' });
    expect(dueAction(row({ state: 'sent', reminder_at: new Date('2026-03-14T11:00:00Z') }), now, 8)).toEqual({
      kind: 'wait',
      until: new Date('2026-03-14T11:00:00Z'),
    });
    expect(dueAction(row({ state: 'sent', reminder_at: null }), now, 8)).toEqual({ kind: 'wait', until: new Date('2026-03-24T11:00:00Z') });
    expect(dueAction(row({ state: 'reminding', attempts: 1 }), now, 8)).toEqual({ kind: 'send_reminder' });
    expect(dueAction(row({ state: 'reminded', reminded_at: now }), now, 8)).toEqual({
      kind: 'wait',
      until: new Date('2026-03-24T11:00:00Z'),
    });
    for (const state of ['scheduled', 'sending', 'sent', 'reminding', 'reminded'] as const)
      expect(dueAction(row({ state }), new Date('2026-03-24T11:00:00Z'), 8)).toEqual({ kind: 'expire' });
    for (const state of ['answered', 'expired', 'failed', 'cancelled'] as const)
      expect(dueAction(row({ state }), now, 8)).toEqual({ kind: 'settle' });
  });
  it('links are answerable from the send (including a crashed "sending") until expiry', () => {
    const expires = new Date('2026-03-24T11:00:00Z');
    expect(
      ['scheduled', 'sending', 'sent', 'reminding', 'reminded', 'answered', 'expired', 'failed', 'cancelled'].filter((s) =>
        isAnswerable(s as DueRow['state'], expires, now),
      ),
    ).toEqual(['sending', 'sent', 'reminding', 'reminded']);
    expect(isAnswerable('sent', expires, expires)).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.ts';
import {
  decideInvitation,
  expiryTime,
  inQuarantine,
  isQuietHour,
  isTooOld,
  outOfQuietHours,
  reminderTime,
  retryDelayMs,
  rulesFromConfig,
  sendTime,
  type EligibilityFacts,
  type InvitationRules,
} from '../../src/dispatch/rules.ts';
import { zonedParts, zonedTimeToInstant } from '../../src/time/zone.ts';

const defaults: InvitationRules = rulesFromConfig(loadConfig({}));
const noQuiet: InvitationRules = { ...defaults, quietHoursStart: 0, quietHoursEnd: 0 };
const at = (iso: string) => new Date(iso);

describe('configured defaults', () => {
  it('match the issue: 2 h delay, quiet 21–08 Oslo, 30 d quarantine, reminder after 3 d, expiry 14 d', () => {
    expect(defaults).toMatchObject({
      inviteDelayMinutes: 120,
      quietHoursStart: 21,
      quietHoursEnd: 8,
      timeZone: 'Europe/Oslo',
      recontactQuarantineDays: 30,
      reminderAfterDays: 3,
      remindersEnabled: true,
      linkExpiryDays: 14,
    });
  });
});

describe('send delay', () => {
  it('sends the configured delay after the meeting', () => {
    expect(sendTime(at('2026-03-10T09:00:00Z'), at('2026-03-10T09:30:00Z'), noQuiet)).toEqual(at('2026-03-10T11:00:00Z'));
    expect(sendTime(at('2026-03-10T09:00:00Z'), at('2026-03-10T09:05:00Z'), { ...noQuiet, inviteDelayMinutes: 15 })).toEqual(
      at('2026-03-10T09:15:00Z'),
    );
  });
  it('never schedules in the past when the meeting arrives late', () => {
    expect(sendTime(at('2026-03-08T09:00:00Z'), at('2026-03-10T12:34:00Z'), noQuiet)).toEqual(at('2026-03-10T12:34:00Z'));
  });
  it('waits for a meeting registered before it takes place', () => {
    expect(sendTime(at('2026-03-12T09:00:00Z'), at('2026-03-10T12:00:00Z'), noQuiet)).toEqual(at('2026-03-12T11:00:00Z'));
  });
});

describe('quiet hours (21–08, Europe/Oslo)', () => {
  it('recognises the hours on both sides of midnight, start inclusive and end exclusive', () => {
    expect([20, 21, 23, 0, 7, 8].map((h) => isQuietHour(h, defaults))).toEqual([false, true, true, true, true, false]);
  });
  it('moves an evening send to 08:00 local the next morning (winter, UTC+1)', () => {
    // 21:00 local on 10 March
    expect(outOfQuietHours(at('2026-03-10T20:00:00Z'), defaults)).toEqual(at('2026-03-11T07:00:00Z'));
    // 23:59 local
    expect(outOfQuietHours(at('2026-03-10T22:59:00Z'), defaults)).toEqual(at('2026-03-11T07:00:00Z'));
  });
  it('moves a send after midnight to 08:00 the same local day', () => {
    // 00:30 local on 11 March is 23:30 UTC on 10 March: the UTC date differs from the local one.
    expect(outOfQuietHours(at('2026-03-10T23:30:00Z'), defaults)).toEqual(at('2026-03-11T07:00:00Z'));
    expect(outOfQuietHours(at('2026-03-11T06:59:00Z'), defaults)).toEqual(at('2026-03-11T07:00:00Z'));
  });
  it('leaves daytime alone, including exactly 08:00 and 20:59 local', () => {
    for (const iso of ['2026-03-11T07:00:00Z', '2026-03-11T12:00:00Z', '2026-03-11T19:59:00Z'])
      expect(outOfQuietHours(at(iso), defaults)).toEqual(at(iso));
  });
  it('ends at 08:00 summer time when the clocks go forward overnight (29 March 2026)', () => {
    // 22:30 CET on 28 March → 08:00 CEST on 29 March = 06:00 UTC
    expect(outOfQuietHours(at('2026-03-28T21:30:00Z'), defaults)).toEqual(at('2026-03-29T06:00:00Z'));
    // 02:30 UTC on 29 March is 04:30 CEST, after the jump
    expect(outOfQuietHours(at('2026-03-29T02:30:00Z'), defaults)).toEqual(at('2026-03-29T06:00:00Z'));
  });
  it('ends at 08:00 winter time when the clocks go back overnight (25 October 2026)', () => {
    // 22:00 CEST on 24 October → 08:00 CET on 25 October = 07:00 UTC
    expect(outOfQuietHours(at('2026-10-24T20:00:00Z'), defaults)).toEqual(at('2026-10-25T07:00:00Z'));
    // The repeated hour 02:00–03:00 local, both times
    expect(outOfQuietHours(at('2026-10-25T00:30:00Z'), defaults)).toEqual(at('2026-10-25T07:00:00Z'));
    expect(outOfQuietHours(at('2026-10-25T01:30:00Z'), defaults)).toEqual(at('2026-10-25T07:00:00Z'));
  });
  it('the same UTC instant is quiet or not depending on DST (19:30 UTC is 20:30 CET but 21:30 CEST)', () => {
    expect(outOfQuietHours(at('2026-03-10T19:30:00Z'), defaults)).toEqual(at('2026-03-10T19:30:00Z'));
    expect(outOfQuietHours(at('2026-06-10T19:30:00Z'), defaults)).toEqual(at('2026-06-11T06:00:00Z'));
  });
  it('START == END means no quiet hours at all', () => {
    for (let h = 0; h < 24; h++) expect(isQuietHour(h, { quietHoursStart: 5, quietHoursEnd: 5 })).toBe(false);
    expect(outOfQuietHours(at('2026-03-10T23:30:00Z'), noQuiet)).toEqual(at('2026-03-10T23:30:00Z'));
  });
  it('supports a window that does not cross midnight, and other time zones', () => {
    const early: InvitationRules = { ...defaults, quietHoursStart: 1, quietHoursEnd: 6, timeZone: 'UTC' };
    expect(outOfQuietHours(at('2026-03-10T03:00:00Z'), early)).toEqual(at('2026-03-10T06:00:00Z'));
    expect(outOfQuietHours(at('2026-03-10T23:00:00Z'), early)).toEqual(at('2026-03-10T23:00:00Z'));
    const utc: InvitationRules = { ...defaults, timeZone: 'UTC' };
    expect(outOfQuietHours(at('2026-03-10T21:00:00Z'), utc)).toEqual(at('2026-03-11T08:00:00Z'));
  });
  it('property: the result is never in quiet hours, never earlier, and at most one quiet period later', () => {
    const windows = fc.record({ start: fc.integer({ min: 0, max: 23 }), end: fc.integer({ min: 0, max: 23 }) });
    const instants = fc.date({ min: at('2025-01-01T00:00:00Z'), max: at('2028-12-31T00:00:00Z'), noInvalidDate: true });
    const zones = fc.constantFrom('Europe/Oslo', 'UTC', 'America/New_York', 'Australia/Sydney');
    fc.assert(
      fc.property(windows, instants, zones, ({ start, end }, instant, timeZone) => {
        const rules = { ...defaults, quietHoursStart: start, quietHoursEnd: end, timeZone };
        const moved = outOfQuietHours(instant, rules);
        expect(isQuietHour(zonedParts(moved, timeZone).hour, rules)).toBe(false);
        expect(moved.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(moved.getTime() - instant.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
      }),
      { numRuns: 500 },
    );
  });
});

describe('time zone arithmetic', () => {
  it('finds the instant for a local wall-clock time on both sides of DST', () => {
    expect(zonedTimeToInstant({ year: 2026, month: 1, day: 15, hour: 8, minute: 0 }, 'Europe/Oslo')).toEqual(at('2026-01-15T07:00:00Z'));
    expect(zonedTimeToInstant({ year: 2026, month: 7, day: 15, hour: 8, minute: 0 }, 'Europe/Oslo')).toEqual(at('2026-07-15T06:00:00Z'));
    expect(zonedParts(at('2026-07-15T06:00:00Z'), 'Europe/Oslo')).toMatchObject({ day: 15, hour: 8, minute: 0 });
  });
});

describe('recontact quarantine', () => {
  it('blocks a second invitation within the configured days, either way in time', () => {
    const last = at('2026-03-01T10:00:00Z');
    expect(inQuarantine(last, at('2026-03-31T09:59:59Z'), defaults)).toBe(true);
    expect(inQuarantine(last, at('2026-03-31T10:00:00Z'), defaults)).toBe(false);
    expect(inQuarantine(last, at('2026-02-15T10:00:00Z'), defaults)).toBe(true);
    expect(inQuarantine(last, at('2026-03-05T10:00:00Z'), { ...defaults, recontactQuarantineDays: 3 })).toBe(false);
    expect(inQuarantine(last, last, { ...defaults, recontactQuarantineDays: 0 })).toBe(false);
  });
});

describe('reminder and expiry', () => {
  const sent = at('2026-03-10T11:00:00Z');
  it('expires the link after the configured days', () => {
    expect(expiryTime(sent, '2026-03-01', defaults)).toEqual(at('2026-03-24T11:00:00Z'));
    expect(expiryTime(sent, '2026-03-01', { ...defaults, linkExpiryDays: 1 })).toEqual(at('2026-03-11T11:00:00Z'));
  });
  it("never lets a link outlive its meeting's month: the month's figures are final from then on", () => {
    // A February meeting's answers are final on 24 March (local midnight; 7 + 14 + 2 days after the month).
    const final = at('2026-03-23T23:00:00Z');
    expect(expiryTime(sent, '2026-02-01', defaults)).toEqual(final);
    expect(expiryTime(at('2026-03-01T11:00:00Z'), '2026-02-01', defaults)).toEqual(at('2026-03-15T11:00:00Z'));
  });
  it('reminds once, after the configured days, out of quiet hours', () => {
    expect(reminderTime(sent, expiryTime(sent, '2026-03-01', defaults), defaults)).toEqual(at('2026-03-13T11:00:00Z'));
    const lateSend = at('2026-03-10T19:30:00Z'); // 20:30 local; +3 days is still 20:30, not quiet
    expect(reminderTime(lateSend, expiryTime(lateSend, '2026-03-01', defaults), { ...defaults, reminderAfterDays: 3.05 })).toEqual(
      at('2026-03-14T07:00:00Z'),
    );
  });
  it('sends no reminder when disabled or when it would come after expiry', () => {
    expect(reminderTime(sent, expiryTime(sent, '2026-03-01', defaults), { ...defaults, remindersEnabled: false })).toBeNull();
    expect(reminderTime(sent, expiryTime(sent, '2026-03-01', { ...defaults, linkExpiryDays: 2 }), defaults)).toBeNull();
  });
});

describe('too old to invite', () => {
  it('refuses meetings older than MAX_MEETING_AGE_DAYS at arrival', () => {
    const now = at('2026-03-10T12:00:00Z');
    expect(isTooOld(at('2026-03-03T12:00:00Z'), now, defaults)).toBe(false);
    expect(isTooOld(at('2026-03-03T11:59:59Z'), now, defaults)).toBe(true);
    expect(isTooOld(at('2026-03-12T12:00:00Z'), now, defaults)).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles from one minute and is capped at six hours', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(30)).toBe(6 * 3_600_000);
  });
  it('starts from DELIVERY_RETRY_SECONDS when given', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, 2_000))).toEqual([2_000, 4_000, 8_000]);
    expect(retryDelayMs(40, 2_000)).toBe(6 * 3_600_000);
  });
});

describe('decideInvitation', () => {
  const now = at('2026-03-10T10:00:00Z');
  const facts: EligibilityFacts = {
    startsAt: at('2026-03-10T09:00:00Z'),
    sensitive: false,
    protectedAddress: false,
    ageBand: '30_39',
    hasContact: true,
    optedOut: false,
    lastInvitedAt: null,
  };
  it('invites an eligible meeting with send, reminder and expiry times', () => {
    expect(decideInvitation(facts, now, noQuiet)).toEqual({
      invited: true,
      sendAt: at('2026-03-10T11:00:00Z'),
      reminderAt: at('2026-03-13T11:00:00Z'),
      expiresAt: at('2026-03-24T11:00:00Z'),
    });
  });
  it("does not invite when the link would open after the meeting's month is final", () => {
    // Only possible with an invitation delay longer than the month's final lag (23 days by default).
    const late = decideInvitation({ ...facts, startsAt: at('2026-02-27T10:00:00Z') }, at('2026-02-27T12:00:00Z'), {
      ...noQuiet,
      inviteDelayMinutes: 30 * 24 * 60,
    });
    expect(late).toEqual({ invited: false, reason: 'too_old' });
  });
  it('names each exclusion', () => {
    const reason = (over: Partial<EligibilityFacts>) => {
      const d = decideInvitation({ ...facts, ...over }, now, noQuiet);
      return d.invited ? 'invited' : d.reason;
    };
    expect(reason({ sensitive: true })).toBe('sensitive');
    expect(reason({ protectedAddress: true })).toBe('protected_address');
    expect(reason({ ageBand: 'under_18' })).toBe('under_18');
    expect(reason({ ageBand: null })).toBe('invited');
    expect(reason({ hasContact: false })).toBe('no_contact');
    expect(reason({ optedOut: true })).toBe('opted_out');
    expect(reason({ lastInvitedAt: at('2026-02-20T10:00:00Z') })).toBe('quarantine');
    expect(reason({ lastInvitedAt: at('2026-02-01T10:00:00Z') })).toBe('invited');
    expect(reason({ startsAt: at('2026-02-01T10:00:00Z') })).toBe('too_old');
  });
  it('reports the most fundamental reason when several apply', () => {
    const d = decideInvitation({ ...facts, sensitive: true, ageBand: 'under_18', optedOut: true }, now, noQuiet);
    expect(d).toEqual({ invited: false, reason: 'sensitive' });
  });
});

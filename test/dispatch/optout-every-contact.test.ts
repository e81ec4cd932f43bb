import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueWork } from '../../src/dispatch/worker.ts';
import { meetingEvent, testApp, type TestApp } from '../support/app.ts';
import { recordingTransports } from './fakes.ts';

/**
 * "Opt-out that is honoured forever" is a promise to the person: whichever address the message
 * came to, none of their contacts is invited again.
 */
describe('opting out covers every contact of the person', () => {
  let t: TestApp;
  const fake = recordingTransports();
  beforeAll(async () => {
    // No quarantine, so the only reason to leave a later meeting out is the opt-out.
    t = await testApp({ RECONTACT_QUARANTINE_DAYS: 0 });
  });
  afterAll(async () => t?.close());

  const register = async (event: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: { authorization: `Bearer ${t.apiKey}` },
      payload: event,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('a person invited by e-mail who opts out is not invited by SMS next time, nor is a pending SMS invitation sent', async () => {
    const person = { email: 'kari.nordmann@example.no', mobile: '+47 912 34 567' };
    await register(meetingEvent(person));
    // A second meeting for the same person, registered before the opt-out, delivered by SMS only.
    const pending = await register(meetingEvent({ mobile: '91234567', email: undefined, starts_at: '2026-03-10T10:00:00+01:00' }));
    expect(pending).toMatchObject({ invited: true });
    await runDueWork(t.ctx, { transports: fake.transports, limit: 1 });
    const email = fake.sent.find((m) => m.channel === 'email');
    expect(email?.to).toBe('kari.nordmann@example.no');

    const optOut = await t.app.inject({
      method: 'POST',
      url: new URL(email!.optOutLink).pathname,
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(optOut.statusCode).toBe(303);

    // The pending SMS invitation is cancelled, not sent.
    await runDueWork(t.ctx, { transports: fake.transports });
    expect(fake.sent.filter((m) => m.channel === 'sms')).toEqual([]);
    // A later meeting with only the mobile number (written another way) is left out as opted out.
    const later = await register(meetingEvent({ mobile: '0047 91 23 45 67', email: undefined, starts_at: '2026-03-10T11:00:00+01:00' }));
    expect(later).toMatchObject({ invited: false, exclusion_reason: 'opted_out' });
    // Someone else is still invited.
    expect(await register(meetingEvent())).toMatchObject({ invited: true });
  });
});

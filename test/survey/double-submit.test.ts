import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { submitResponse } from '../../src/survey/store.ts';
import { usingPostgres } from '../support/db.ts';
import { createInvitation, formBody, newToken, sha256Hex, surveyTestApp, validForm, NOW, type SurveyTestApp } from './helpers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe(`double submit stores exactly one answer (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: SurveyTestApp;
  beforeAll(async () => {
    t = await surveyTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const responseCount = async () =>
    (
      await t.db
        .selectFrom('response')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  it('20 concurrent POSTs of one token: one response; one request gets the thanks, the rest "already answered"', async () => {
    const inv = await createInvitation(t.db);
    const before = await responseCount();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        // Half as the form posts (with ?lang=, straight to the update), half without (looked up first).
        t.app.inject({
          method: 'POST',
          url: `/s/${inv.token}${i % 2 ? '?lang=nb' : ''}`,
          headers: FORM,
          payload: formBody(validForm({ overall: String((i % 6) + 1) })),
        }),
      ),
    );
    for (const res of results) expect(res.statusCode).toBe(303);
    const locations = results.map((r) => r.headers.location);
    expect(locations.filter((l) => l === `/s/${inv.token}/takk?lang=nb`)).toHaveLength(1);
    expect(locations.filter((l) => l === `/s/${inv.token}?lang=nb`)).toHaveLength(19);
    expect(await responseCount()).toBe(before + 1);
  });

  it('two tabs with the invitation and the reminder link (two tokens, one invitation) submitting at once: one response', async () => {
    const inv = await createInvitation(t.db);
    const reminderToken = newToken();
    await t.db
      .insertInto('invitation_token')
      .values({ token_hash: sha256Hex(reminderToken), meeting_id: inv.meetingId, purpose: 'reminder' })
      .execute();
    const before = await responseCount();
    const results = await Promise.all(
      [inv.token, reminderToken, inv.token, reminderToken].map((token) =>
        t.app.inject({ method: 'POST', url: `/s/${token}`, headers: FORM, payload: formBody(validForm()) }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([303, 303, 303, 303]);
    expect(await responseCount()).toBe(before + 1);
  });

  it('the store itself: concurrent submissions report one "stored", the rest "answered"', async () => {
    const inv = await createInvitation(t.db);
    const answers = { answers: [6, 6, 6, 6, 6, 6], overall: 6, navGeneral: 4, comment: null };
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => submitResponse(t.db, { token: inv.token, instrument: NATIONAL_INSTRUMENT, answers, now: NOW })),
    );
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'answered')).toHaveLength(9);
  });

  it('a submission after expiry stores nothing and reports the link closed', async () => {
    const inv = await createInvitation(t.db, { expiresAt: new Date(NOW.getTime() + 1000) });
    const later = new Date(NOW.getTime() + 2000);
    const outcome = await submitResponse(t.db, {
      token: inv.token,
      instrument: NATIONAL_INSTRUMENT,
      answers: { answers: [1, 1, 1, 1, 1, 1], overall: 1, navGeneral: 1, comment: null },
      now: later,
    });
    expect(outcome).toBe('closed');
    const invitation = await t.db
      .selectFrom('invitation')
      .select(['state', 'contact_email'])
      .where('meeting_id', '=', inv.meetingId)
      .executeTakeFirstOrThrow();
    expect(invitation).toEqual({ state: 'sent', contact_email: 'bruker@example.no' });
  });
});

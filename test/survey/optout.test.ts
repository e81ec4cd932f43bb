import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation, createOptOutLink, newToken, surveyTestApp, type SurveyTestApp } from './helpers.ts';

describe('opt-out page', () => {
  let t: SurveyTestApp;
  beforeAll(async () => {
    t = await surveyTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows a button that works without JavaScript, in the asked language', async () => {
    const token = await createOptOutLink(t.db, 'ck-page');
    const res = await t.app.inject({ url: `/optout/${token}?lang=nn` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="nn">');
    expect(res.body).toMatch(/<form [^>]*method="post"/);
    expect(res.body).toContain('Ikkje send meg undersøkingar');
    expect(res.body).not.toContain('<script');
  });

  it('records the opt-out, cancels pending invitations of that contact only, and erases their contact data', async () => {
    const contactKey = 'ck-opt-1';
    const pending = await createInvitation(t.db, { state: 'scheduled', contactKey });
    const alreadySent = await createInvitation(t.db, { state: 'sent', contactKey });
    const someoneElse = await createInvitation(t.db, { state: 'scheduled', contactKey: 'ck-other' });
    const token = await createOptOutLink(t.db, contactKey);

    const res = await t.app.inject({ method: 'POST', url: `/optout/${token}?lang=en` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/optout/${token}?lang=en`);

    const optOut = await t.db.selectFrom('opt_out').selectAll().where('contact_key', '=', contactKey).execute();
    expect(optOut).toHaveLength(1);
    const state = async (meetingId: string) =>
      t.db
        .selectFrom('invitation')
        .select(['state', 'contact_email', 'contact_phone', 'next_action_at'])
        .where('meeting_id', '=', meetingId)
        .executeTakeFirstOrThrow();
    expect(await state(pending.meetingId)).toEqual({ state: 'cancelled', contact_email: null, contact_phone: null, next_action_at: null });
    expect((await state(alreadySent.meetingId)).state).toBe('sent');
    expect((await state(someoneElse.meetingId)).state).toBe('scheduled');
    expect((await state(someoneElse.meetingId)).contact_email).toBe('bruker@example.no');

    const after = await t.app.inject({ url: res.headers.location as string });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('You will not receive more surveys');
    expect(after.body).not.toContain('<form');
  });

  it('is idempotent: a second click keeps one opt-out with its first time', async () => {
    const token = await createOptOutLink(t.db, 'ck-twice');
    await t.app.inject({ method: 'POST', url: `/optout/${token}` });
    const first = await t.db.selectFrom('opt_out').selectAll().where('contact_key', '=', 'ck-twice').executeTakeFirstOrThrow();
    const again = await t.app.inject({ method: 'POST', url: `/optout/${token}` });
    expect(again.statusCode).toBe(303);
    const rows = await t.db.selectFrom('opt_out').selectAll().where('contact_key', '=', 'ck-twice').execute();
    expect(rows).toEqual([first]);
  });

  it('gives a friendly 404 page for an unknown link and changes nothing', async () => {
    const before = await t.db.selectFrom('opt_out').selectAll().execute();
    for (const token of [newToken(), 'nope']) {
      const get = await t.app.inject({ url: `/optout/${token}`, headers: { 'accept-language': 'nb-NO,nb;q=0.9' } });
      expect(get.statusCode).toBe(404);
      expect(get.body).toContain('Vi fant ikke denne lenken');
      const post = await t.app.inject({ method: 'POST', url: `/optout/${token}` });
      expect(post.statusCode).toBe(404);
    }
    expect(await t.db.selectFrom('opt_out').selectAll().execute()).toEqual(before);
  });
});

import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIONAL_INSTRUMENT, loadInstrument } from '../../src/instrument/instrument.ts';
import { createInvitation, formBody, newToken, NOW, surveyTestApp, validForm, type SurveyTestApp } from './helpers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('survey page', () => {
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

  it('publishes the national instrument once, readable back as the same data', async () => {
    const loaded = await loadInstrument(t.db, NATIONAL_INSTRUMENT.id, NATIONAL_INSTRUMENT.version);
    expect(loaded).toEqual(NATIONAL_INSTRUMENT);
    expect(await loadInstrument(t.db, NATIONAL_INSTRUMENT.id, 999)).toBeUndefined();
  });

  it('shows the form in the invitation language, with the anonymity and not-a-contact-channel notes', async () => {
    const inv = await createInvitation(t.db, { language: 'nn' });
    const res = await t.app.inject({ url: `/s/${inv.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<html lang="nn">');
    expect(res.body).toContain(NATIONAL_INSTRUMENT.statements[0].text.nn);
    expect(res.body).toContain('https://www.nav.no/kontaktoss');
    expect(res.body).toContain('Svara dine er anonyme');
    expect(res.body).toMatch(/<form [^>]*method="post"/);
    expect(res.body).not.toContain('<script');
    for (const s of NATIONAL_INSTRUMENT.statements) expect(res.body).toContain(`name="s_${s.id}"`);
    // 6 statements × 7 options + overall 6 + NAV in general 6.
    expect(res.body.match(/type="radio"/g)).toHaveLength(6 * 7 + 6 + 6);
  });

  it('each link gets its own token in the page (the empty form is rendered once and reused)', async () => {
    const a = await createInvitation(t.db);
    const b = await createInvitation(t.db);
    const pageA = (await t.app.inject({ url: `/s/${a.token}` })).body;
    const pageB = (await t.app.inject({ url: `/s/${b.token}` })).body;
    expect(pageA).toContain(`action="/s/${a.token}?lang=nb"`);
    expect(pageA).not.toContain(b.token);
    expect(pageB).toContain(`action="/s/${b.token}?lang=nb"`);
    expect(pageB).not.toContain(a.token);
    expect(pageA).not.toContain('..TOKEN..');
    expect(pageA.replaceAll(a.token, 'T')).toBe(pageB.replaceAll(b.token, 'T'));
  });

  it('switches language with ?lang= and links to the other languages', async () => {
    const inv = await createInvitation(t.db, { language: 'nb' });
    const res = await t.app.inject({ url: `/s/${inv.token}?lang=en` });
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('I was treated with respect.');
    expect(res.body).toContain(`href="/s/${inv.token}?lang=nb"`);
    expect(res.body).toContain(`href="/s/${inv.token}?lang=nn"`);
    const junk = await t.app.inject({ url: `/s/${inv.token}?lang=xx` });
    expect(junk.body).toContain('<html lang="nb">');
  });

  it('serves the page gzip-compressed when the browser accepts it', async () => {
    const inv = await createInvitation(t.db);
    const res = await t.app.inject({ url: `/s/${inv.token}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toContain('<!doctype html>');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves the stylesheet compressed with a long immutable cache', async () => {
    const inv = await createInvitation(t.db);
    const html = (await t.app.inject({ url: `/s/${inv.token}` })).body;
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1];
    const css = await t.app.inject({ url: href, headers: { 'accept-encoding': 'gzip' } });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(css.headers['cache-control']).toContain('immutable');
    expect(gunzipSync(css.rawPayload).toString()).toContain('.aksel-radio');
  });

  it('stores a valid answer once, then shows thanks (PRG) and "already answered" on reload', async () => {
    const inv = await createInvitation(t.db, { language: 'en' });
    const before = await responseCount();
    const res = await t.app.inject({ method: 'POST', url: `/s/${inv.token}`, headers: FORM, payload: formBody(validForm()) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/s/${inv.token}/takk?lang=en`);
    expect(await responseCount()).toBe(before + 1);
    const thanks = await t.app.inject({ url: res.headers.location as string });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Thank you for your answers');
    const again = await t.app.inject({ url: `/s/${inv.token}` });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('This survey has already been answered');
    expect(again.body).not.toContain('<form');
    // The back button and a resubmit: the answer is not stored twice.
    for (const query of ['', '?lang=en']) {
      const resubmit = await t.app.inject({
        method: 'POST',
        url: `/s/${inv.token}${query}`,
        headers: FORM,
        payload: formBody(validForm()),
      });
      expect(resubmit.statusCode).toBe(303);
      expect(resubmit.headers.location).toBe(`/s/${inv.token}?lang=en`);
    }
    expect(await responseCount()).toBe(before + 1);
  });

  it('stores answers in the instrument order with null for "don\'t know"', async () => {
    await t.db.deleteFrom('response').execute();
    const inv = await createInvitation(t.db);
    await t.app.inject({ method: 'POST', url: `/s/${inv.token}`, headers: FORM, payload: formBody(validForm({ s_time: '' })) });
    const row = await t.db.selectFrom('response').selectAll().executeTakeFirstOrThrow();
    expect(row.answers).toEqual([5, 6, null, null, 3, 6]);
    expect(row.overall).toBe(5);
    expect(row.nav_general).toBe(2);
    expect(row.comment).toBe('Fint møte.');
    expect(row.instrument_id).toBe('national');
    expect(row.instrument_version).toBe(1);
  });

  it('keeps an answer whose comment holds control characters, cleaned of them (line breaks and tabs stay)', async () => {
    await t.db.deleteFrom('response').execute();
    const inv = await createInvitation(t.db);
    const comment = 'Fint\u0000 møte\u0007.\r\nTakk\tfor\u001b[0m hjelpen\u0085!';
    const res = await t.app.inject({ method: 'POST', url: `/s/${inv.token}`, headers: FORM, payload: formBody(validForm({ comment })) });
    expect(res.statusCode).toBe(303);
    const row = await t.db.selectFrom('response').selectAll().executeTakeFirstOrThrow();
    expect(row.comment).toBe('Fint møte.\nTakk\tfor[0m hjelpen!');
    expect(row.answers).toEqual([5, 6, 4, null, 3, 6]);
  });

  it.each([
    ['a value outside the scale', { s_prepared: '7' }, 'f-s_prepared-1'],
    ['a word instead of a number', { overall: 'great' }, 'f-overall-1'],
    ['"don\'t know" on the overall rating', { nav_general: 'dk' }, 'f-nav_general-1'],
    ['a comment over the limit', { comment: 'x'.repeat(2001) }, 'f-comment'],
    [
      'nothing answered at all',
      {
        s_prepared: '',
        s_understanding: '',
        s_time: '',
        s_planned: '',
        s_next_steps: '',
        s_respect: '',
        overall: '',
        nav_general: '',
        comment: '  ',
      },
      'f-s_prepared-1',
    ],
    ['a form from another instrument version', { instrument_version: '0' }, 'f-s_prepared-1'],
  ])('re-renders the form with an error summary and stores nothing for %s', async (_, bad, anchor) => {
    const inv = await createInvitation(t.db, { language: 'nb' });
    const before = await responseCount();
    const res = await t.app.inject({ method: 'POST', url: `/s/${inv.token}`, headers: FORM, payload: formBody(validForm(bad)) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('aksel-error-summary');
    expect(res.body).toContain(`href="#${anchor}"`);
    expect(res.body).toContain('<title>Feil: ');
    expect(await responseCount()).toBe(before);
    const invitation = await t.db.selectFrom('invitation').selectAll().where('meeting_id', '=', inv.meetingId).executeTakeFirstOrThrow();
    expect(invitation.state).toBe('sent');
    expect(invitation.contact_email).toBe('bruker@example.no');
  });

  it('keeps the valid choices when the form is shown again', async () => {
    const inv = await createInvitation(t.db);
    const res = await t.app.inject({
      method: 'POST',
      url: `/s/${inv.token}`,
      headers: FORM,
      payload: formBody(validForm({ overall: '9' })),
    });
    expect(res.body).toMatch(/id="f-s_prepared-5"[^>]*checked=""|checked=""[^>]*id="f-s_prepared-5"/);
    expect(res.body).toContain('Fint møte.');
  });

  it('gives a friendly 200 page for an expired link, and stores nothing', async () => {
    const inv = await createInvitation(t.db, { expiresAt: new Date(NOW.getTime() - 1000), language: 'en' });
    const res = await t.app.inject({ url: `/s/${inv.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('This survey is closed');
    const before = await responseCount();
    for (const query of ['', '?lang=en']) {
      const post = await t.app.inject({ method: 'POST', url: `/s/${inv.token}${query}`, headers: FORM, payload: formBody(validForm()) });
      expect(post.statusCode).toBe(303);
      expect(post.headers.location).toBe(`/s/${inv.token}?lang=en`);
    }
    expect(await responseCount()).toBe(before);
  });

  it('treats expired, cancelled, failed and not-yet-sent invitations as closed', async () => {
    for (const state of ['expired', 'cancelled', 'failed', 'scheduled'] as const) {
      const inv = await createInvitation(t.db, { state });
      const res = await t.app.inject({ url: `/s/${inv.token}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Denne undersøkelsen er stengt');
    }
  });

  it('keeps the link open in every sent state until it expires', async () => {
    for (const state of ['sending', 'sent', 'reminding', 'reminded'] as const) {
      const inv = await createInvitation(t.db, { state });
      const res = await t.app.inject({ url: `/s/${inv.token}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/<form [^>]*method="post"/);
    }
  });

  it('gives a friendly 404 page for an unknown or malformed token, never an error dump', async () => {
    for (const token of [newToken(), 'x', '..%2f..%2fetc', 'a'.repeat(99), 'ä-ö']) {
      const res = await t.app.inject({ url: `/s/${token}`, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('We could not find this survey');
      for (const query of ['', '?lang=en']) {
        const post = await t.app.inject({
          method: 'POST',
          url: `/s/${token}${query}`,
          headers: { ...FORM, 'accept-language': 'en' },
          payload: formBody(validForm()),
        });
        expect(post.statusCode).toBe(404);
        expect(post.body).toContain('We could not find this survey');
      }
    }
  });
});

describe('survey pages when something goes wrong', () => {
  it('an oversize or unsupported body gets a friendly page and stores nothing', async () => {
    const t = await surveyTestApp();
    try {
      const inv = await createInvitation(t.db, { language: 'en' });
      const big = await t.app.inject({
        method: 'POST',
        url: `/s/${inv.token}?lang=en`,
        headers: FORM,
        payload: formBody(validForm({ comment: 'x'.repeat(2 * 1024 * 1024) })),
      });
      expect(big.statusCode).toBe(413);
      expect(big.headers['content-type']).toContain('text/html');
      expect(big.body).toContain('too large');
      const odd = await t.app.inject({
        method: 'POST',
        url: `/s/${inv.token}?lang=en`,
        headers: { 'content-type': 'text/csv' },
        payload: 'a,b',
      });
      expect(odd.statusCode).toBe(415);
      expect(odd.body).toContain('Something went wrong');
      expect(await t.db.selectFrom('response').selectAll().execute()).toEqual([]);
      expect((await t.db.selectFrom('invitation').select('state').executeTakeFirstOrThrow()).state).toBe('sent');
    } finally {
      await t.close();
    }
  });

  it('a database failure gets a friendly 500 page, not a stack trace', async () => {
    const t = await surveyTestApp();
    const inv = await createInvitation(t.db);
    await t.db.schema.alterTable('invitation_token').renameTo('invitation_token_gone').execute();
    const res = await t.app.inject({ url: `/s/${inv.token}`, headers: { 'accept-language': 'nn' } });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Noko gjekk gale');
    expect(res.body).not.toMatch(/invitation_token|at .*\.ts/);
    await t.close();
  });
});

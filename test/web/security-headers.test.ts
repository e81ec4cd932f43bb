import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { CONTENT_SECURITY_POLICY } from '../../src/web/security-headers.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { addStaff, sessionOf } from '../admin/actors.ts';
import { createInvitation, createOptOutLink } from '../survey/helpers.ts';

/** What every page, report and download must carry. */
function expectLockedDown(res: LightMyRequestResponse) {
  expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('same-origin');
  expect(res.headers['cache-control']).toBe('no-store');
}

describe('security headers (http PUBLIC_URL)', () => {
  let t: TestApp;
  let analyst: Record<string, string>;
  let counselor: Record<string, string>;
  beforeAll(async () => {
    t = await testApp({ PUBLIC_URL: 'http://localhost:3000' });
    await addStaff(t);
    analyst = await sessionOf(t, 'na1');
    counselor = await sessionOf(t, 'v1');
  });
  afterAll(async () => t?.close());

  it('an employee page: CSP with frame-ancestors, no-store, no HSTS over http', async () => {
    const res = await t.app.inject({ url: '/me?lang=en', cookies: counselor });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expectLockedDown(res);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('a unit report as JSON, CSV and XLSX: no-store', async () => {
    for (const url of ['/api/v1/units/o1/report', '/api/v1/units/o1/report.csv', '/api/v1/units/o1/report.xlsx']) {
      const res = await t.app.inject({ url, cookies: analyst });
      expect(res.statusCode, url).toBe(200);
      expectLockedDown(res);
    }
  });

  it('the survey page and the opt-out page', async () => {
    const inv = await createInvitation(t.ctx.db);
    const survey = await t.app.inject({ url: `/s/${inv.token}` });
    expect(survey.statusCode).toBe(200);
    expect(survey.body).toContain('<form');
    expect(survey.body).not.toContain('<script');
    expectLockedDown(survey);
    const optOut = await t.app.inject({ url: `/optout/${await createOptOutLink(t.ctx.db, inv.contactKey)}` });
    expect(optOut.statusCode).toBe(200);
    expectLockedDown(optOut);
  });

  it('refusals and errors too: an unknown page, a signed-out API call, the login redirect', async () => {
    expectLockedDown(await t.app.inject({ url: '/no/such/page' }));
    const api = await t.app.inject({ url: '/api/v1/me/report' });
    expect(api.statusCode).toBe(401);
    expectLockedDown(api);
    const redirect = await t.app.inject({ url: '/me' });
    expect(redirect.statusCode).toBe(302);
    expectLockedDown(redirect);
  });

  it('the content-hashed stylesheet keeps its long public cache', async () => {
    const inv = await createInvitation(t.ctx.db);
    const html = (await t.app.inject({ url: `/s/${inv.token}` })).body;
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1];
    const css = await t.app.inject({ url: href });
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('the pages need nothing the policy forbids: no script, no event handler, no style element', async () => {
    const page = (await t.app.inject({ url: '/me?lang=en', cookies: counselor })).body;
    expect(page).toContain('<svg'); // the chart, inline, with style attributes ('unsafe-inline' styles)
    expect(page).not.toMatch(/<script|<style|\son[a-z]+=|javascript:/i);
    // Stylesheets only from ourselves.
    for (const [, href] of page.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) expect(href.startsWith('/assets/')).toBe(true);
  });
});

describe('HSTS', () => {
  it('is sent when PUBLIC_URL is https', async () => {
    const t = await testApp({ PUBLIC_URL: 'https://brukerstemme.nav.example' });
    try {
      const inv = await createInvitation(t.ctx.db);
      for (const url of [`/s/${inv.token}`, '/login', '/api/v1/me/report']) {
        const res = await t.app.inject({ url });
        expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000');
        expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      }
    } finally {
      await t.close();
    }
  });

  it('is not sent without a PUBLIC_URL (the demo on http://localhost)', async () => {
    const t = await testApp();
    try {
      const res = await t.app.inject({ url: '/login' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

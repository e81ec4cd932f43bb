import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCrossSiteWrite } from '../../src/web/cross-site.tsx';
import { testApp, type TestApp } from '../support/app.ts';
import { addStaff, sessionOf } from '../admin/actors.ts';

const OWN = new Set(['http://localhost:3000', 'https://brukerstemme.nav.example']);

describe('isCrossSiteWrite', () => {
  it('lets reads through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(isCrossSiteWrite({ method, origin: 'https://evil.example', secFetchSite: 'cross-site' }, OWN)).toBe(false);
    }
  });

  it('refuses a write the browser marks as coming from another site, even a sibling host', () => {
    expect(isCrossSiteWrite({ method: 'POST', origin: undefined, secFetchSite: 'cross-site' }, OWN)).toBe(true);
    expect(isCrossSiteWrite({ method: 'DELETE', origin: undefined, secFetchSite: 'same-site' }, OWN)).toBe(true);
  });

  it('trusts Sec-Fetch-Site over Origin (a browser under no-referrer posts Origin: null from our own pages)', () => {
    expect(isCrossSiteWrite({ method: 'POST', origin: 'null', secFetchSite: 'same-origin' }, OWN)).toBe(false);
    expect(isCrossSiteWrite({ method: 'POST', origin: 'https://evil.example', secFetchSite: 'same-origin' }, OWN)).toBe(false);
  });

  it('falls back to comparing Origin when the browser sends no Sec-Fetch-Site', () => {
    expect(isCrossSiteWrite({ method: 'POST', origin: 'https://evil.example', secFetchSite: undefined }, OWN)).toBe(true);
    expect(isCrossSiteWrite({ method: 'POST', origin: 'https://Brukerstemme.nav.example', secFetchSite: undefined }, OWN)).toBe(false);
    expect(isCrossSiteWrite({ method: 'PUT', origin: 'http://localhost:3001', secFetchSite: undefined }, OWN)).toBe(true);
  });

  it('refuses Origin: null (a sandboxed frame, a data: page) when the browser sends no Sec-Fetch-Site', () => {
    expect(isCrossSiteWrite({ method: 'POST', origin: 'null', secFetchSite: undefined }, OWN)).toBe(true);
    expect(isCrossSiteWrite({ method: 'DELETE', origin: 'NULL', secFetchSite: undefined }, OWN)).toBe(true);
    // …while a modern browser that marks the post as its own still gets through.
    expect(isCrossSiteWrite({ method: 'POST', origin: 'null', secFetchSite: 'same-origin' }, OWN)).toBe(false);
  });

  it('lets a client that is not a browser through (no Origin, no Sec-Fetch-Site: a case system with its API key)', () => {
    expect(isCrossSiteWrite({ method: 'POST', origin: undefined, secFetchSite: undefined }, OWN)).toBe(false);
  });
});

describe('the cross-site guard on the server', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await testApp();
    await addStaff(t);
    admin = await sessionOf(t, 'adm');
  });
  afterAll(async () => t?.close());

  const grants = async () =>
    (await t.ctx.db.selectFrom('role_grant').select(['employee_id', 'role']).where('employee_id', '=', 'v2').execute()).length;

  it('refuses a forged form post with a page saying nothing changed, and changes nothing', async () => {
    const before = await grants();
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/roles?lang=en',
      cookies: admin,
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', accept: 'text/html' },
      payload: { employee_id: 'v2', role: 'leader', unit_id: 't1' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('nothing was changed');
    expect(await grants()).toBe(before);
  });

  it('refuses a forged API call with JSON naming the origin', async () => {
    const before = await grants();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/roles',
      cookies: admin,
      headers: { origin: 'https://evil.example' },
      payload: { employee_id: 'v2', role: 'leader', unit_id: 't1' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().fields[0].field).toBe('origin');
    expect(await grants()).toBe(before);
  });

  it('refuses a form post with Origin: null and no Sec-Fetch-Site, and changes nothing', async () => {
    const before = await grants();
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/roles?lang=nn',
      cookies: admin,
      headers: { origin: 'null', accept: 'text/html' },
      payload: { employee_id: 'v2', role: 'leader', unit_id: 't1' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('ingenting vart endra');
    expect(await grants()).toBe(before);
  });

  it('accepts an ordinary form post from our own page in a browser without Sec-Fetch-Site (Origin is ours)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/me/settings?lang=en',
      cookies: admin,
      headers: {
        host: 'brukerstemme.test',
        origin: 'http://brukerstemme.test',
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'compare_with_averages=on',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/me?lang=en');
  });

  it('accepts the same post from our own page', async () => {
    const before = await grants();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/roles',
      cookies: admin,
      headers: { 'sec-fetch-site': 'same-origin', origin: 'null' },
      payload: { employee_id: 'v2', role: 'leader', unit_id: 't1' },
    });
    expect(res.statusCode).toBe(201);
    expect(await grants()).toBe(before + 1);
  });
});

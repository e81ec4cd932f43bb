import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes, installAccessGuard } from '../../src/access/guard.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { addStaff, sessionOf } from '../admin/actors.ts';

/**
 * The one error handler and the access hook, seen from outside (fastify inject, no browser): a page
 * answers a page in the reader's language, the API answers JSON, an unknown address gets a real 404,
 * and every route says who may call it.
 */

let t: TestApp;
let counselor: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  await addStaff(t);
  counselor = await sessionOf(t, 'v1');
});
afterAll(async () => t?.close());

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('a page with bad input', () => {
  it('answers a signed-in browser with a 400 page in bokmål naming the field, not JSON', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/me?period=week',
      cookies: counselor,
      headers: { ...BROWSER, 'accept-language': 'nb-NO,nb;q=0.9,en;q=0.5' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<html lang="nb">');
    expect(res.body).toContain('Noe i forespørselen er ikke riktig');
    expect(res.body).toContain('period: må være en av: month, tertial, year');
    // No English sentence on a bokmål page, and no JSON.
    expect(res.body).not.toMatch(/Invalid input|Something in the request|must be one of/);
    expect(res.body).not.toContain('"fields"');
  });

  it('speaks the language the page is asked in, and answers a page even without an Accept header', async () => {
    const nn = await t.app.inject({ method: 'GET', url: '/me?period=week&lang=nn', cookies: counselor });
    expect(nn.statusCode).toBe(400);
    expect(nn.headers['content-type']).toContain('text/html');
    expect(nn.body).toContain('<html lang="nn">');
    expect(nn.body).toContain('period: må vere ein av: month, tertial, year');
    const en = await t.app.inject({ method: 'GET', url: '/me?period=week&lang=en', cookies: counselor, headers: BROWSER });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('period: must be one of: month, tertial, year');
  });

  it('answers a JSON client of the same page, and the API, with { error, message, fields }', async () => {
    for (const [url, headers] of [
      ['/me?period=week', { accept: 'application/json' }],
      ['/api/v1/me/report?period=week', {}],
      ['/api/v1/me/report?period=week', BROWSER],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url, cookies: counselor, headers });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toContain('application/json');
      const body = res.json();
      expect(body).toMatchObject({ error: 'invalid_input', fields: [{ field: 'period' }] });
      expect(typeof body.message).toBe('string');
    }
    const english = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/report?period=week',
      cookies: counselor,
      headers: { 'accept-language': 'en' },
    });
    expect(english.json().message).toBe('Nothing has been changed. Correct what is listed below and try again.');
  });
});

describe('an unknown address', () => {
  it('gets the 404 page for a browser, in its language', async () => {
    const nb = await t.app.inject({ method: 'GET', url: '/no/such/page', headers: BROWSER });
    expect(nb.statusCode).toBe(404);
    expect(nb.headers['content-type']).toContain('text/html');
    expect(nb.body).toContain('<html lang="nb">');
    expect(nb.body).toContain('Fant ikke siden');
    const en = await t.app.inject({ method: 'GET', url: '/no/such/page?lang=en', headers: BROWSER });
    expect(en.body).toContain('Page not found');
    const nn = await t.app.inject({ method: 'GET', url: '/no/such/page', headers: { ...BROWSER, 'accept-language': 'nn' } });
    expect(nn.body).toContain('Fann ikkje sida');
    // Signed in or not, the same page, with the security headers every page has.
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/no/such/form',
      cookies: counselor,
      headers: { ...BROWSER, 'sec-fetch-site': 'same-origin' },
    });
    expect(signedIn.statusCode).toBe(404);
    expect(signedIn.headers['content-type']).toContain('text/html');
    expect(nb.headers['content-security-policy']).toBeDefined();
  });

  it('gets JSON under /api/, and for a client that did not ask for HTML', async () => {
    for (const [url, headers] of [
      ['/api/v1/no-such-thing', BROWSER],
      ['/api/v1/no-such-thing', {}],
      ['/no/such/page', { accept: 'application/json' }],
      ['/no/such/page', {}],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/json');
      expect(res.json()).toMatchObject({ error: 'not_found', fields: [] });
    }
  });
});

describe('a page the reader may not open', () => {
  it('gets the 403 page with the reason, in the reader’s language', async () => {
    const nb = await t.app.inject({ method: 'GET', url: '/admin', cookies: counselor, headers: BROWSER });
    expect(nb.statusCode).toBe(403);
    expect(nb.headers['content-type']).toContain('text/html');
    expect(nb.body).toContain('Ingen tilgang');
    expect(nb.body).toContain('Bare en administrator kan gjøre dette.');
    // The way on is the reader's own start page (/home sends each role there), not a page outside their menu.
    expect(nb.body).toContain('href="/home?lang=nb"');
    expect(nb.body).not.toContain('href="/reports?lang=nb"');
    const en = await t.app.inject({ method: 'GET', url: '/units/o1?lang=en', cookies: counselor, headers: BROWSER });
    expect(en.statusCode).toBe(403);
    expect(en.body).toContain('This unit is outside your access.');
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/admin/roles', cookies: counselor });
    expect(api.statusCode).toBe(403);
    expect(api.json()).toMatchObject({ error: 'forbidden', reason: 'administrators_only', fields: [] });
  });

  it('sends the signed-out to the login from a page, answers a form post with the 401 page, and the API with 401', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/admin?lang=nn', headers: BROWSER });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/login?lang=nn');
    const form = await t.app.inject({
      method: 'POST',
      url: '/me/settings?lang=en',
      headers: { ...BROWSER, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'compare_with_averages=on',
    });
    expect(form.statusCode).toBe(401);
    expect(form.headers['content-type']).toContain('text/html');
    expect(form.body).toContain('You need to sign in');
    expect(form.body).toContain('href="/login?lang=en"');
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/me/report' });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toMatchObject({ error: 'not_signed_in', fields: [] });
  });

  it('leads back after a refused form post: to the page it came from, else the nearest page above', async () => {
    const headers = { ...BROWSER, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };
    const fromPage = await t.app.inject({
      method: 'POST',
      url: '/me/sharing/shares?lang=en',
      cookies: counselor,
      headers: { ...headers, host: 'bs.test', referer: 'http://bs.test/me/sharing?lang=en' },
      payload: 'grantee=nobody',
    });
    expect(fromPage.statusCode).toBe(400);
    expect(fromPage.body).toContain('href="/me/sharing?lang=en"');
    const noReferer = await t.app.inject({
      method: 'POST',
      url: '/me/sharing/shares?lang=en',
      cookies: counselor,
      headers,
      payload: 'grantee=nobody',
    });
    expect(noReferer.body).toContain('href="/me/sharing?lang=en"');
    // A referer from another site is no way back.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/me/sharing/shares?lang=en',
      cookies: counselor,
      headers: { ...headers, host: 'bs.test', referer: 'https://evil.example/x' },
      payload: 'grantee=nobody',
    });
    expect(elsewhere.body).not.toContain('evil.example');
  });
});

describe('route access', () => {
  /** Every method and path in Fastify's route tree (HEAD is Fastify's own copy of GET). */
  const printed = () => {
    const routes: string[] = [];
    const pathAtDepth: string[] = [];
    for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const match = /^((?:│ {3}| {4})*)(?:├── |└── )?(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
      if (!match) continue;
      const depth = match[1].length / 4;
      const path = (depth === 0 ? '' : pathAtDepth[depth - 1]) + match[2];
      pathAtDepth[depth] = path;
      for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) routes.push(`${method} ${path}`);
    }
    return routes;
  };

  it('every route declares who may call it, and the public ones are exactly these', () => {
    const declared = new Map(declaredRoutes(t.app).map((r) => [`${r.method} ${r.url.replace('::', ':')}`, r.access]));
    const routes = printed();
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.filter((r) => !declared.has(r))).toEqual([]);
    const publicRoutes = routes
      .filter((r) => declared.get(r) === 'public')
      .map((r) => r.replace(/\/assets\/\S+/, '/assets/…'))
      .sort();
    expect(publicRoutes).toEqual(
      [
        'GET /',
        'GET /api/v1/open-data/offices',
        'GET /assets/…',
        'GET /healthz',
        'GET /readyz',
        'GET /login',
        'GET /optout/:token',
        'GET /q',
        'GET /q/:token',
        'GET /q/:token/takk',
        'GET /s/:token',
        'GET /s/:token/takk',
        'POST /login',
        'POST /logout',
        'POST /optout/:token',
        'POST /q',
        'POST /q/:token',
        'POST /s/:token',
      ].sort(),
    );
    // The case and HR systems' routes take their key, nothing else.
    expect(routes.filter((r) => declared.get(r) === 'api_key').sort()).toEqual([
      'GET /api/v1/org',
      'POST /api/v1/meetings',
      'POST /api/v1/meetings:batch',
      'PUT /api/v1/org',
    ]);
  });

  it('a server with the guard refuses a route that declares no access', async () => {
    const app = Fastify({ logger: false });
    installAccessGuard(app, t.ctx);
    expect(() => app.get('/undeclared', async () => 'open')).toThrow(/declares no access/);
    app.get('/declared', { config: { access: 'public' } }, async () => 'open');
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/declared' })).body).toBe('open');
    await app.close();
  });
});

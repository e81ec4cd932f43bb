import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employeeIdFromClaims, isLoopbackHttp } from '../../src/auth/oidc.ts';
import { ConfigError, loadConfig } from '../../src/core/config.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { CLIENT_ID, CLIENT_SECRET, signInAtProvider, startLocalProvider, type LocalProvider } from './local-provider.ts';

const PUBLIC_URL = 'http://localhost:8080';
const CALLBACK = `${PUBLIC_URL}/login/oidc/callback`;

describe('employee id from claims', () => {
  it('takes the configured claim, trimmed, and falls back to sub', () => {
    expect(employeeIdFromClaims({ sub: 'abc', NAVident: ' Z123456 ' }, 'NAVident')).toBe('Z123456');
    expect(employeeIdFromClaims({ sub: 'abc' }, 'NAVident')).toBe('abc');
    expect(employeeIdFromClaims({ sub: 'abc', NAVident: '' }, 'NAVident')).toBe('abc');
    expect(employeeIdFromClaims({ sub: 'abc', NAVident: 42 }, 'NAVident')).toBe('abc');
    expect(employeeIdFromClaims({}, 'NAVident')).toBeNull();
  });

  it('gives no id when the claim holds control characters, rather than a lookup the database refuses', () => {
    expect(employeeIdFromClaims({ sub: 'abc', NAVident: 'Z12\u00003456' }, 'NAVident')).toBeNull();
    expect(employeeIdFromClaims({ sub: 'a\u0085bc' }, 'NAVident')).toBeNull();
  });

  it('allows plain http only for a loopback issuer', () => {
    expect(isLoopbackHttp(new URL('http://127.0.0.1:4000'))).toBe(true);
    expect(isLoopbackHttp(new URL('http://localhost'))).toBe(true);
    expect(isLoopbackHttp(new URL('http://idp.example'))).toBe(false);
    expect(isLoopbackHttp(new URL('https://127.0.0.1'))).toBe(false);
  });

  it('refuses an issuer without its client id and secret', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrow(ConfigError);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_CLIENT_ID.*\n.*OIDC_CLIENT_SECRET/);
    expect(() => loadConfig({ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' })).toThrow(/OIDC_ISSUER/);
    expect(loadConfig({ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }).OIDC_EMPLOYEE_CLAIM).toBe(
      'NAVident',
    );
  });
});

describe('OIDC login against a local provider', () => {
  let provider: LocalProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startLocalProvider(CALLBACK);
    t = await testApp({
      PUBLIC_URL,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      DEV_LOGIN: false,
      SECRET_KEY: 's'.repeat(40),
      CONTACT_HASH_SECRET: 'c'.repeat(24),
    });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  /** Starts a login at our app; returns the provider URL and our signed flow cookie. */
  async function begin(lang = 'nb') {
    const res = await t.app.inject({ method: 'GET', url: `/login/oidc?lang=${lang}` });
    expect(res.statusCode).toBe(302);
    const flow = res.cookies.find((c) => c.name === 'bs_oidc');
    expect(flow?.httpOnly).toBe(true);
    expect(flow?.path).toBe('/login/oidc');
    return { location: res.headers.location as string, flowCookie: flow!.value };
  }

  function callback(url: URL, flowCookie?: string) {
    return t.app.inject({ method: 'GET', url: url.pathname + url.search, cookies: flowCookie ? { bs_oidc: flowCookie } : {} });
  }

  async function whoIs(sessionCookie: string) {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/report', cookies: { bs_session: sessionCookie } });
    expect(res.statusCode).toBe(200);
    return res.json().counselor.id as string;
  }

  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const { location } = await begin();
    const url = new URL(location);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
  });

  it('signs in the employee named by the NAVident claim', async () => {
    const { location, flowCookie } = await begin('en');
    const back = await signInAtProvider(location, 'navident:v2', CALLBACK);
    const res = await callback(back, flowCookie);
    expect(res.statusCode).toBe(303);
    // Each role starts where its work is: /home sends them there (access/navigation.ts).
    expect(res.headers.location).toBe('/home?lang=en');
    const session = res.cookies.find((c) => c.name === 'bs_session');
    expect(await whoIs(session!.value)).toBe('v2');
    // The one-time flow cookie is spent.
    expect(res.cookies.find((c) => c.name === 'bs_oidc')?.value).toBe('');
  });

  it('falls back to sub when the token carries no NAVident', async () => {
    const { location, flowCookie } = await begin();
    const res = await callback(await signInAtProvider(location, 'v5', CALLBACK), flowCookie);
    expect(res.statusCode).toBe(303);
    expect(await whoIs(res.cookies.find((c) => c.name === 'bs_session')!.value)).toBe('v5');
  });

  it('rejects a tampered state, without a session', async () => {
    const { location, flowCookie } = await begin();
    const back = await signInAtProvider(location, 'navident:v1', CALLBACK);
    back.searchParams.set('state', 'forged-state-value');
    const res = await callback(back, flowCookie);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.cookies.find((c) => c.name === 'bs_session')).toBeUndefined();
  });

  it('rejects a callback whose flow cookie is missing, forged or from another login', async () => {
    const first = await begin();
    const second = await begin();
    const back = await signInAtProvider(first.location, 'navident:v1', CALLBACK);
    for (const cookie of [undefined, second.flowCookie, first.flowCookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))]) {
      const res = await callback(back, cookie);
      expect(res.statusCode).toBe(400);
      expect(res.cookies.find((c) => c.name === 'bs_session')).toBeUndefined();
    }
  });

  it('rejects a login that took longer than ten minutes', async () => {
    const { location, flowCookie } = await begin();
    const back = await signInAtProvider(location, 'navident:v1', CALLBACK);
    const start = t.ctx.now();
    t.setNow(new Date(start.getTime() + 11 * 60_000));
    try {
      expect((await callback(back, flowCookie)).statusCode).toBe(400);
    } finally {
      t.setNow(start);
    }
  });

  it('gives an unknown or inactive employee a friendly 403 page', async () => {
    const { location, flowCookie } = await begin();
    const res = await callback(await signInAtProvider(location, 'navident:z999999', CALLBACK), flowCookie);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Du har ikke tilgang til Brukerstemme');
    expect(res.cookies.find((c) => c.name === 'bs_session')).toBeUndefined();

    await t.ctx.db.updateTable('employee').set({ active: false }).where('id', '=', 'v6').execute();
    const again = await begin();
    const inactive = await callback(await signInAtProvider(again.location, 'navident:v6', CALLBACK), again.flowCookie);
    expect(inactive.statusCode).toBe(403);
  });

  it('sends the signed-out to the OIDC login when the dev login is off', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/login?lang=nn' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/login/oidc?lang=nn');
  });
});

describe('OIDC login with the employee claim in the ID token (no userinfo endpoint)', () => {
  let provider: LocalProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startLocalProvider(CALLBACK, { claimsInIdToken: true });
    t = await testApp({ PUBLIC_URL, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('reads NAVident from the ID token', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/login/oidc' });
    const flowCookie = start.cookies.find((c) => c.name === 'bs_oidc')!.value;
    const back = await signInAtProvider(start.headers.location as string, 'navident:v4', CALLBACK);
    const res = await t.app.inject({ method: 'GET', url: back.pathname + back.search, cookies: { bs_oidc: flowCookie } });
    expect(res.statusCode).toBe(303);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/report',
      cookies: { bs_session: res.cookies.find((c) => c.name === 'bs_session')!.value },
    });
    expect(me.json().counselor.id).toBe('v4');
  });

  it('keeps the dev login when DEV_LOGIN is on', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/login' })).statusCode).toBe(200);
  });
});

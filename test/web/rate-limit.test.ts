import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { contextFor } from '../../src/app.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { buildServer } from '../../src/server.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { usingPostgres } from '../support/db.ts';
import { createInvitation, createOptOutLink, formBody, validForm } from '../survey/helpers.ts';

const START = new Date('2026-03-10T10:00:00Z');
const WINDOW = 600;

/** A second web node on the same database: its own connection pool when on PostgreSQL. */
async function secondNode(t: TestApp): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const url = (t.ctx as TestApp['ctx'] & { handle: DatabaseHandle & { url?: string } }).handle.url;
  const handle = usingPostgres && url ? await openDatabase({ url, poolSize: 2 }) : undefined;
  const ctx = handle ? await contextFor(handle, t.ctx.config, { now: t.ctx.now }) : t.ctx;
  const app = await buildServer(ctx);
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await handle?.close();
    },
  };
}

const login = (app: FastifyInstance, employeeId: string, opts: { address?: string; html?: boolean } = {}) =>
  app.inject({
    method: 'POST',
    url: '/login?lang=nn',
    remoteAddress: opts.address ?? '10.0.0.1',
    headers: opts.html ? { accept: 'text/html' } : {},
    payload: { employee_id: employeeId },
  });

describe('rate limit on the login', () => {
  let t: TestApp;
  let nodeB: Awaited<ReturnType<typeof secondNode>>;
  beforeAll(async () => {
    t = await testApp({ RATE_LIMIT_LOGIN_PER_EMPLOYEE: 3, RATE_LIMIT_LOGIN_PER_ADDRESS: 5, RATE_LIMIT_WINDOW_SECONDS: WINDOW }, START);
    nodeB = await secondNode(t);
  });
  afterAll(async () => {
    await nodeB?.close();
    await t?.close();
  });

  it('the 4th attempt for one employee gets 429 with Retry-After, counted across two web nodes', async () => {
    t.setNow(new Date('2026-03-10T10:00:00Z'));
    expect((await login(t.app, 'v1', { address: '10.0.0.1' })).statusCode).toBe(303);
    expect((await login(nodeB.app, 'v1', { address: '10.0.0.2' })).statusCode).toBe(303);
    expect((await login(t.app, 'v1', { address: '10.0.0.3' })).statusCode).toBe(303);
    const refused = await login(nodeB.app, 'v1', { address: '10.0.0.4' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe(String(WINDOW));
    expect(refused.json()).toMatchObject({ error: 'rate_limited', retry_after_seconds: WINDOW });
    expect(refused.cookies.find((c) => c.name === 'bs_session')).toBeUndefined();
    // The other node refuses too: the count lives in the database.
    expect((await login(t.app, 'v1', { address: '10.0.0.5' })).statusCode).toBe(429);
    // Another employee is not held up by it.
    expect((await login(t.app, 'v2', { address: '10.0.0.6' })).statusCode).toBe(303);
  });

  it('the 6th attempt from one address gets 429, whichever employee it names, as a page in the reader’s language', async () => {
    t.setNow(new Date('2026-03-10T11:00:00Z'));
    const ids = ['v2', 'v3', 'v4', 'v5', 'v6'];
    for (const [i, id] of ids.entries()) expect((await login(i % 2 ? nodeB.app : t.app, id, { address: '10.9.9.9' })).statusCode).toBe(303);
    const refused = await login(nodeB.app, 'l1', { address: '10.9.9.9', html: true });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.headers['retry-after']).toBe('600');
    expect(refused.body).toContain('<html lang="nn">');
    expect(refused.body).toContain('Vent 10 minutt');
    expect(refused.headers['cache-control']).toBe('no-store');
    // Another address is not.
    expect((await login(t.app, 'l1', { address: '10.9.9.10' })).statusCode).toBe(303);
  });

  it('says how long is left of the window, and counts again from zero in the next one', async () => {
    t.setNow(new Date('2026-03-10T12:00:00Z'));
    for (let i = 0; i < 3; i++) expect((await login(t.app, 'v6', { address: `10.1.0.${i}` })).statusCode).toBe(303);
    t.setNow(new Date('2026-03-10T12:07:30Z'));
    const refused = await login(t.app, 'v6', { address: '10.1.0.9' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('150');
    t.setNow(new Date('2026-03-10T12:10:00Z'));
    expect((await login(t.app, 'v6', { address: '10.1.0.9' })).statusCode).toBe(303);
  });

  it('keeps neither addresses nor employee ids, and deletes windows that have ended', async () => {
    t.setNow(new Date('2026-03-10T12:10:01Z'));
    const rows = await t.ctx.db.selectFrom('rate_limit').selectAll().execute();
    const dump = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(0);
    for (const secret of ['10.0.0.', '10.9.9.', '10.1.0.', '"v1"', '"v6"', 'v6']) expect(dump).not.toContain(secret);
    t.setNow(new Date('2026-03-10T13:00:00Z'));
    expect((await login(t.app, 'v3', { address: '10.2.0.1' })).statusCode).toBe(303);
    const ended = await t.ctx.db
      .selectFrom('rate_limit')
      .select('bucket')
      .where('expires_at', '<=', new Date('2026-03-10T13:00:00Z'))
      .execute();
    expect(ended).toEqual([]);
  });
});

describe('rate limit on survey, opt-out and Q-sort tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ RATE_LIMIT_TOKEN_PER_ADDRESS: 4, RATE_LIMIT_WINDOW_SECONDS: WINDOW }, START);
  });
  afterAll(async () => t?.close());
  const responses = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('response')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('the 5th request from one address gets a 429 page in the page’s language, without script; another address still answers', async () => {
    t.setNow(new Date('2026-03-10T10:00:00Z'));
    const inv = await createInvitation(t.ctx.db);
    const optOut = await createOptOutLink(t.ctx.db, inv.contactKey);
    const at = { remoteAddress: '192.0.2.10', headers: { accept: 'text/html' } };
    expect((await t.app.inject({ url: `/s/${inv.token}?lang=en`, ...at })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/s/unknown-token-guess`, ...at })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/optout/${optOut}`, ...at })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/q', ...at, payload: { code: 'GUESS' } })).statusCode).toBe(400);
    const refused = await t.app.inject({ url: `/s/${inv.token}?lang=en`, ...at });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('600');
    expect(refused.body).toContain('Too many attempts');
    expect(refused.body).toContain('Your link still works');
    expect(refused.body).not.toContain('<script');
    expect(refused.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // The refusal changes nothing: a refused answer is not stored.
    const refusedPost = await t.app.inject({
      method: 'POST',
      url: `/s/${inv.token}?lang=en`,
      ...at,
      headers: { ...at.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody(validForm()),
    });
    expect(refusedPost.statusCode).toBe(429);
    expect(await responses()).toBe(0);
    // The same citizen's link from another address answers at once.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: `/s/${inv.token}?lang=en`,
      remoteAddress: '192.0.2.11',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody(validForm()),
    });
    expect(elsewhere.statusCode).toBe(303);
    expect(await responses()).toBe(1);
  });

  it('never stores the token', async () => {
    const dump = JSON.stringify(await t.ctx.db.selectFrom('rate_limit').selectAll().execute());
    expect(dump).not.toContain('unknown-token-guess');
    expect(dump).not.toContain('192.0.2.');
  });

  it('counts the address behind a trusted proxy only when TRUST_PROXY_HOPS says so', async () => {
    t.setNow(new Date('2026-03-10T11:00:00Z'));
    // Without a trusted proxy, X-Forwarded-For is ignored: it cannot be used to dodge the limit.
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({ url: '/s/nope', remoteAddress: '192.0.2.20', headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      expect(res.statusCode).toBe(404);
    }
    expect(
      (await t.app.inject({ url: '/s/nope', remoteAddress: '192.0.2.20', headers: { 'x-forwarded-for': '198.51.100.99' } })).statusCode,
    ).toBe(429);

    const proxied = await testApp({ RATE_LIMIT_TOKEN_PER_ADDRESS: 1, TRUST_PROXY_HOPS: 1 }, START);
    try {
      const via = (client: string) =>
        proxied.app.inject({ url: '/s/nope', remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': client } });
      expect((await via('198.51.100.1')).statusCode).toBe(404);
      expect((await via('198.51.100.2')).statusCode).toBe(404);
      expect((await via('198.51.100.1')).statusCode).toBe(429);
    } finally {
      await proxied.close();
    }
  });
});

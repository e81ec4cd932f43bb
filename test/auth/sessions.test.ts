import { sign } from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../../src/app.ts';
import { loadConfig } from '../../src/core/config.ts';
import { buildServer } from '../../src/server.ts';
import { addStaff, sessionOf } from '../admin/actors.ts';
import { testApp, type TestApp } from '../support/app.ts';

/**
 * Sessions are the server's: a copy of the database forges none, and ending one (logout, or an
 * administrator's "log out everywhere") ends it on every web node at the next request.
 */
describe('employee sessions', () => {
  let t: TestApp;
  let nodeB: FastifyInstance;
  const SECRETS = { SECRET_KEY: 'production-secret-key-'.padEnd(48, 'x'), CONTACT_HASH_SECRET: 'contact-hash-secret-0123' };
  const asKey = (cookie: Record<string, string>) => ({ cookie: `bs_session=${cookie.bs_session}` });
  const status = async (node: FastifyInstance, cookie: Record<string, string>) =>
    (await node.inject({ method: 'GET', url: '/api/v1/me/report', headers: asKey(cookie) })).statusCode;

  beforeAll(async () => {
    t = await testApp(SECRETS);
    await addStaff(t);
    // A second web node on the same database, configured as production (no demo login).
    const ctxB = await contextFor(t.ctx.handle, loadConfig({}, { ...t.ctx.config, DEV_LOGIN: false }), { now: t.ctx.now });
    nodeB = await buildServer(ctxB);
    await nodeB.ready();
  });
  afterAll(async () => {
    await nodeB?.close();
    await t?.close();
  });

  it('production refuses to start without its keys from outside the database', async () => {
    expect(() => loadConfig({ DEV_LOGIN: 'false' })).toThrow(/SECRET_KEY: required when DEV_LOGIN is false[\s\S]*CONTACT_HASH_SECRET/);
    await expect(contextFor(t.ctx.handle, loadConfig({}, { DEV_LOGIN: false }))).rejects.toThrow(/SECRET_KEY/);
  });

  it('a session opened on one node is good on the other', async () => {
    const v1 = await sessionOf(t, 'v1');
    expect(await status(t.app, v1)).toBe(200);
    expect(await status(nodeB, v1)).toBe(200);
  });

  it('a cookie made from everything in the database is refused', async () => {
    const v1 = await sessionOf(t, 'v1');
    expect(await status(nodeB, v1)).toBe(200);
    const secrets = (await t.ctx.db.selectFrom('app_secret').select('value').execute()).map((r) => r.value);
    const sessions = await t.ctx.db.selectFrom('employee_session').select(['id_hash', 'employee_id']).execute();
    expect(sessions.length).toBeGreaterThan(0);
    const now = Math.floor(t.ctx.now().getTime() / 1000);
    // Every value an attacker could put in the cookie (the old format, a stored hash), signed with every key the copy holds.
    const values = ['v1', `v1|${now}`, 'adm', `adm|${now}`, ...sessions.map((s) => s.id_hash)];
    let tried = 0;
    for (const secret of secrets) {
      for (const value of values) {
        const forged = { bs_session: sign(value, secret) };
        expect(await status(t.app, forged)).toBe(401);
        expect(await status(nodeB, forged)).toBe(401);
        tried++;
      }
    }
    // Unsigned or signed with nothing at all.
    for (const value of values) expect(await status(nodeB, { bs_session: value })).toBe(401);
    expect(tried).toBeGreaterThanOrEqual(0);
  });

  it('logout on one node ends the session on every node at once', async () => {
    const v2 = await sessionOf(t, 'v2');
    expect(await status(nodeB, v2)).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/logout', headers: { ...asKey(v2), 'sec-fetch-site': 'same-origin' } });
    expect(out.statusCode).toBe(303);
    expect(await status(t.app, v2)).toBe(401);
    expect(await status(nodeB, v2)).toBe(401);
  });

  it('an administrator\'s "log out everywhere" ends every session of that employee, and only theirs', async () => {
    const first = await sessionOf(t, 'v3');
    const second = await sessionOf(t, 'v3');
    const other = await sessionOf(t, 'v4');
    const admin = await sessionOf(t, 'adm');
    const denied = await nodeB.inject({
      method: 'POST',
      url: '/api/v1/admin/employees/v3/sessions:end',
      headers: { ...asKey(other), 'sec-fetch-site': 'same-origin' },
    });
    expect(denied.statusCode).toBe(403);
    const res = await nodeB.inject({
      method: 'POST',
      url: '/api/v1/admin/employees/v3/sessions:end',
      headers: { ...asKey(admin), 'sec-fetch-site': 'same-origin' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ employee_id: 'v3', ended: 2 });
    for (const node of [t.app, nodeB]) {
      expect(await status(node, first)).toBe(401);
      expect(await status(node, second)).toBe(401);
      expect(await status(node, other)).toBe(200);
    }
    const unknown = await nodeB.inject({
      method: 'POST',
      url: '/api/v1/admin/employees/nobody/sessions:end',
      headers: { ...asKey(admin), 'sec-fetch-site': 'same-origin' },
    });
    expect(unknown.statusCode).toBe(404);
  });
});

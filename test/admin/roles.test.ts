import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/access/actor.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { addStaff, sessionOf } from './actors.ts';

describe('administrator: role grants', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  const counts = async () => ({
    grants: (await t.ctx.db.selectFrom('role_grant').select('id').execute()).length,
    audit: (await t.ctx.db.selectFrom('audit_log').select('id').execute()).length,
  });

  beforeAll(async () => {
    t = await testApp();
    await addStaff(t);
    admin = await sessionOf(t, 'adm');
  });
  afterAll(() => t?.close());

  it('is closed to everyone but administrators (401 signed out, 403 signed in)', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/admin/roles'],
      ['POST', '/api/v1/admin/roles'],
      ['DELETE', '/api/v1/admin/roles/1'],
    ] as const) {
      expect(
        (await t.app.inject({ method, url, payload: method === 'POST' ? { employee_id: 'v1', role: 'administrator' } : undefined }))
          .statusCode,
      ).toBe(401);
      for (const who of ['v1', 'l1', 'ca1', 'na1']) {
        const res = await t.app.inject({
          method,
          url,
          cookies: await sessionOf(t, who),
          payload: method === 'POST' ? { employee_id: who, role: 'administrator' } : undefined,
        });
        expect(res.statusCode, `${who} ${method} ${url}`).toBe(403);
      }
    }
    const page = await t.app.inject({ method: 'GET', url: '/admin', cookies: await sessionOf(t, 'l1') });
    expect(page.statusCode).toBe(403);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Ingen tilgang');
    const signedOut = await t.app.inject({ method: 'GET', url: '/admin?lang=en' });
    expect(signedOut.statusCode).toBe(302);
    expect(signedOut.headers.location).toBe('/login?lang=en');
    // Nobody gained a role by trying.
    expect((await loadActor(t.ctx.db, 'v1'))!.administrator).toBe(false);
  });

  it('grants a role, takes effect at once, and audits who did it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/roles',
      cookies: admin,
      payload: { employee_id: 'v2', role: 'leader', unit_id: 't1' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().grant).toMatchObject({
      employee_id: 'v2',
      employee_name: 'Ola Hansen',
      role: 'leader',
      unit_id: 't1',
      unit_name: 'Team Arbeid',
    });
    expect((await loadActor(t.ctx.db, 'v2'))!.leaderOf).toEqual(['t1']);
    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'role.grant')
      .where('subject_employee_id', '=', 'v2')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: 'adm', unit_id: 't1' });
    expect(entry.detail).toMatchObject({ role: 'leader', grant_id: res.json().grant.id });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/admin/roles', cookies: admin });
    expect(list.json().grants.map((g: { employee_id: string; role: string }) => `${g.employee_id}:${g.role}`)).toEqual(
      expect.arrayContaining(['adm:administrator', 'ca1:county_analyst', 'na1:national_analyst', 'v2:leader']),
    );
  });

  it('rejects bad grants naming the field, and changes nothing', async () => {
    const before = await counts();
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ employee_id: 'v3', role: 'leader' }, 422, 'unit_id'],
      [{ employee_id: 'v3', role: 'county_analyst', unit_id: 'o1' }, 422, 'unit_id'],
      [{ employee_id: 'v3', role: 'leader', unit_id: 'c1' }, 422, 'unit_id'],
      [{ employee_id: 'v3', role: 'leader', unit_id: 'nowhere' }, 422, 'unit_id'],
      [{ employee_id: 'v3', role: 'national_analyst', unit_id: 'c1' }, 422, 'unit_id'],
      [{ employee_id: 'ghost', role: 'administrator' }, 422, 'employee_id'],
      [{ employee_id: 'v3', role: 'superuser' }, 422, 'role'],
      [{ role: 'administrator' }, 422, 'employee_id'],
    ];
    for (const [payload, status, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/roles', cookies: admin, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/roles',
      cookies: admin,
      payload: { employee_id: 'ca1', role: 'county_analyst', unit_id: 'c1' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('revokes a role, audited; unknown and malformed ids are refused', async () => {
    const granted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/roles',
      cookies: admin,
      payload: { employee_id: 'v4', role: 'county_analyst', unit_id: 'c1' },
    });
    const id = granted.json().grant.id as string;
    expect((await loadActor(t.ctx.db, 'v4'))!.countyAnalystOf).toEqual(['c1']);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/roles/${id}`, cookies: admin });
    expect(res.statusCode).toBe(200);
    expect((await loadActor(t.ctx.db, 'v4'))!.countyAnalystOf).toEqual([]);
    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'role.revoke')
      .where('subject_employee_id', '=', 'v4')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: 'adm', unit_id: 'c1' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/roles/${id}`, cookies: admin })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/admin/roles/abc', cookies: admin })).statusCode).toBe(400);
  });

  it('keeps the last administrator', async () => {
    const grants = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/roles', cookies: admin })).json().grants as Array<{
      id: string;
      role: string;
      employee_id: string;
    }>;
    const own = grants.find((g) => g.role === 'administrator' && g.employee_id === 'adm')!;
    const before = await counts();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/roles/${own.id}`, cookies: admin })).statusCode).toBe(409);
    expect(await counts()).toEqual(before);
    // With a second administrator, the first may step down.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/roles',
      cookies: admin,
      payload: { employee_id: 'na1', role: 'administrator' },
    });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/roles/${own.id}`, cookies: admin })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/roles', cookies: admin })).statusCode).toBe(403);
    // Restore for the tests below.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/roles',
      cookies: await sessionOf(t, 'na1'),
      payload: { employee_id: 'adm', role: 'administrator' },
    });
    expect((await loadActor(t.ctx.db, 'adm'))!.administrator).toBe(true);
  });

  it('works from the page with plain forms, showing errors in the page', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/admin?lang=en', cookies: admin });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Grant a role');
    const form = (body: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/roles?lang=en',
        cookies: admin,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(body).toString(),
      });
    const ok = await form({ employee_id: 'v5', role: 'leader', unit_id: 't2' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/admin?lang=en&notice=granted');
    expect((await loadActor(t.ctx.db, 'v5'))!.leaderOf).toEqual(['t2']);
    const after = await t.app.inject({ method: 'GET', url: ok.headers.location as string, cookies: admin });
    expect(after.body).toContain('The role has been granted.');
    expect(after.body).toContain('Aisha Khan');

    const bad = await form({ employee_id: 'v5', role: 'national_analyst', unit_id: 't2' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('The change was not made');
    expect(bad.body).toContain('unit_id');

    const grants = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/roles', cookies: admin })).json().grants as Array<{
      id: string;
      employee_id: string;
    }>;
    const id = grants.find((g) => g.employee_id === 'v5')!.id;
    const revoked = await t.app.inject({ method: 'POST', url: `/admin/roles/${id}/revoke?lang=en`, cookies: admin });
    expect(revoked.statusCode).toBe(303);
    expect((await loadActor(t.ctx.db, 'v5'))!.leaderOf).toEqual([]);
    // A counselor posting the form gets the 403 page and nothing changes.
    const sneaky = await t.app.inject({
      method: 'POST',
      url: '/admin/roles',
      cookies: await sessionOf(t, 'v6'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'employee_id=v6&role=administrator',
    });
    expect(sneaky.statusCode).toBe(403);
    expect((await loadActor(t.ctx.db, 'v6'))!.administrator).toBe(false);
  });
});

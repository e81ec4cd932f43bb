import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';
import { addStaff, sessionOf } from './actors.ts';

/**
 * The role/scope matrix: every route that reads results or runs the system, against each kind of
 * actor, with the exact status each must get. Added to SMALL_ORG: a nation n1 above c1, and a
 * second county c2 with office o2 and team t3 (outside the leader's and the county analyst's scope).
 *
 *   counselor  v1 (team t1, office o1)          leader    l1 (leads o1)
 *   county     ca1 (county analyst of c1)       national  na1 (national analyst)
 *   admin      adm (administrator)              anonymous (no session)
 *
 * The API answers the signed-out with 401; every page with a redirect to the login (302), by the one access hook.
 */
const ACTORS = ['counselor', 'leader', 'county', 'national', 'admin', 'anonymous'] as const;
type Actor = (typeof ACTORS)[number];
const EMPLOYEE: Record<Actor, string | null> = {
  counselor: 'v1',
  leader: 'l1',
  county: 'ca1',
  national: 'na1',
  admin: 'adm',
  anonymous: null,
};

type Row = [
  route: string,
  expected: [counselor: number, leader: number, county: number, national: number, admin: number, anonymous: number],
];

const MATRIX: Row[] = [
  // The counselor's own results: everyone signed in has their own (possibly empty) report.
  ['/me', [200, 200, 200, 200, 200, 302]],
  ['/api/v1/me/report', [200, 200, 200, 200, 200, 401]],
  ['/api/v1/me/fair', [200, 200, 200, 200, 200, 401]],
  // Another counselor's individual results: only the owner, since nothing is shared and no policy applies.
  ['/api/v1/employees/v1/results', [200, 403, 403, 403, 403, 401]],
  ['/api/v1/employees/v2/results', [403, 403, 403, 403, 403, 401]],
  ['/api/v1/employees/v7/results', [403, 403, 403, 403, 403, 401]],
  // Fair comparison of offices: leaders and analysts, each within scope; it compares offices, so a team has none.
  ['/api/v1/analysis/fair', [403, 200, 200, 200, 200, 401]],
  ['/api/v1/analysis/fair?unit=o1', [403, 200, 200, 200, 200, 401]],
  ['/api/v1/analysis/fair?unit=t1', [403, 403, 403, 403, 403, 401]],
  ['/api/v1/analysis/fair?unit=c1', [403, 403, 200, 200, 200, 401]],
  ['/api/v1/analysis/fair?unit=o2', [403, 403, 403, 200, 200, 401]],
  // Group reports: leaders down to their teams, analysts at office level and above within scope.
  ['/api/v1/units/o1/report', [403, 200, 200, 200, 200, 401]],
  ['/api/v1/units/o1/report.csv', [403, 200, 200, 200, 200, 401]],
  ['/api/v1/units/t1/report', [403, 200, 403, 403, 403, 401]],
  ['/api/v1/units/c1/report', [403, 403, 200, 200, 200, 401]],
  ['/api/v1/units/o2/report', [403, 403, 403, 200, 200, 401]],
  ['/api/v1/units/t3/report', [403, 403, 403, 403, 403, 401]],
  ['/api/v1/units/n1/report', [403, 403, 403, 200, 200, 401]],
  ['/api/v1/units/nowhere/report', [404, 404, 404, 404, 404, 401]],
  ['/units/o1', [403, 200, 200, 200, 200, 302]],
  ['/units/t1', [403, 200, 403, 403, 403, 302]],
  ['/api/v1/me/units', [200, 200, 200, 200, 200, 401]],
  ['/api/v1/me/overview', [200, 200, 200, 200, 200, 401]],
  ['/reports', [200, 200, 200, 200, 200, 302]],
  // Sharing is the counselor's; office policies are for the office's leader and the administrator.
  ['/api/v1/me/sharing', [200, 403, 403, 403, 403, 401]],
  ['/api/v1/me/audit', [200, 200, 200, 200, 200, 401]],
  ['/policies', [403, 200, 403, 403, 200, 302]],
  // The office's competence activities: its own staff and leaders read the register, no one outside the office (analysts included).
  ['/competence', [200, 200, 200, 200, 200, 302]],
  ['/api/v1/offices/o1/competence', [200, 200, 404, 404, 404, 401]],
  ['/api/v1/offices/o2/competence', [404, 404, 404, 404, 404, 401]],
  // The administrator's tools.
  ['/api/v1/admin/roles', [403, 403, 403, 403, 200, 401]],
  ['/api/v1/admin/monitoring', [403, 403, 403, 403, 200, 401]],
  ['/api/v1/admin/monitoring?office=o1', [403, 403, 403, 403, 200, 401]],
  ['/api/v1/admin/comments', [403, 403, 403, 403, 200, 401]],
  ['/admin', [403, 403, 403, 403, 200, 302]],
  ['/admin/monitoring', [403, 403, 403, 403, 200, 302]],
];

describe('role/scope access matrix', () => {
  let t: TestApp;
  const sessions = new Map<Actor, Record<string, string>>();

  beforeAll(async () => {
    t = await testApp();
    await addStaff(t);
    const db = t.ctx.db;
    await db
      .insertInto('unit')
      .values([
        { id: 'c2', kind: 'county', name: 'Annetfylke', parent_id: 'n1' },
        { id: 'o2', kind: 'office', name: 'NAV Annetby', parent_id: 'c2' },
        { id: 't3', kind: 'team', name: 'Team Annet', parent_id: 'o2' },
      ])
      .execute();
    await db.insertInto('employee').values({ id: 'v7', name: 'Vera Annen', unit_id: 't3', role: 'counselor' }).execute();
    await insertResponses(db, [
      ...Array.from({ length: 12 }, () => ({ counselor_id: 'v1', unit_id: 't1', month: '2026-02-01' })),
      ...Array.from({ length: 12 }, () => ({ counselor_id: 'v2', unit_id: 't1', month: '2026-02-01' })),
      ...Array.from({ length: 12 }, () => ({ counselor_id: 'v7', unit_id: 't3', month: '2026-02-01' })),
    ]);
    for (const actor of ACTORS) sessions.set(actor, EMPLOYEE[actor] ? await sessionOf(t, EMPLOYEE[actor]!) : {});
  });
  afterAll(() => t?.close());

  it.each(MATRIX)('%s', async (route, expected) => {
    const observed: Record<string, number> = {};
    for (const actor of ACTORS) {
      const res = await t.app.inject({ method: 'GET', url: route, cookies: sessions.get(actor)! });
      observed[actor] = res.statusCode;
      if (res.statusCode >= 300 && res.statusCode < 400) expect(res.headers.location, `${actor} ${route}`).toMatch(/^\/login/);
    }
    expect(observed).toEqual(Object.fromEntries(ACTORS.map((a, i) => [a, expected[i]])));
  });

  it('covers the administrator routes this server has', () => {
    for (const url of ['/admin', '/admin/monitoring', '/api/v1/admin/roles', '/api/v1/admin/monitoring', '/api/v1/admin/comments']) {
      expect(t.app.hasRoute({ method: 'GET', url }), url).toBe(true);
      expect(MATRIX.some(([route]) => route === url)).toBe(true);
    }
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole, loadUnitTree } from '../../src/access/actor.ts';
import { ensureSnapshot } from '../../src/disclosure/group-store.ts';
import { refreshStaleSnapshots } from '../../src/disclosure/refresher.ts';
import { MARKERS } from '../../src/validation/scrub.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses, type ResponseSeed } from '../support/responses.ts';

/**
 * Group reports over SMALL_ORG (county c1 → office o1 → teams t1 {v1,v2,v3}, t2 {v4,v5,v6}, leader
 * l1) plus a second office o2 "NAV Andeby" with one team, and staff with grants: a county analyst
 * of c1, a national analyst and an administrator. Answers in March 2026; the clock stands on
 * 1 June 2026, when January–April are final and 2026-T1 is the latest closed tertial.
 */
let t: TestApp;
const cookies = new Map<string, string>();

async function cookieFor(employeeId: string): Promise<string> {
  if (!cookies.has(employeeId)) {
    const res = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: employeeId } });
    expect(res.statusCode).toBe(303);
    cookies.set(employeeId, `bs_session=${res.cookies.find((c) => c.name === 'bs_session')!.value}`);
  }
  return cookies.get(employeeId)!;
}

const many = (n: number, seed: ResponseSeed): ResponseSeed[] => Array.from({ length: n }, () => ({ ...seed }));

beforeAll(async () => {
  t = await testApp({}, new Date('2026-06-01T10:00:00Z'));
  const db = t.ctx.db;
  await db
    .insertInto('unit')
    .values([
      { id: 'o2', kind: 'office', name: 'NAV Andeby', parent_id: 'c1' },
      { id: 'o2t', kind: 'team', name: 'Team Andeby', parent_id: 'o2' },
    ])
    .execute();
  await db
    .insertInto('employee')
    .values([
      { id: 'w1', name: 'Wenche Wold', unit_id: 'o2t', role: 'counselor' },
      { id: 'w2', name: 'Wilhelm Wiik', unit_id: 'o2t', role: 'counselor' },
      { id: 'w3', name: 'Wanja Wang', unit_id: 'o2t', role: 'counselor' },
      { id: 'ca', name: 'Cora Analytiker', unit_id: 'c1', role: 'staff' },
      { id: 'na', name: 'Nils Nasjonal', unit_id: 'c1', role: 'staff' },
      { id: 'ad', name: 'Ada Administrator', unit_id: 'c1', role: 'staff' },
    ])
    .execute();
  await grantRole(db, 'ca', 'county_analyst', 'c1');
  await grantRole(db, 'na', 'national_analyst', null);
  await grantRole(db, 'ad', 'administrator', null);

  // Team t1: 12 answers from three counselors (some with comments); team t2: 3 answers from one
  // counselor (under k). Office o2: 15 answers from three counselors, all rating lower.
  await insertResponses(db, [
    ...many(4, { counselor_id: 'v1', unit_id: 't1', overall: 6, comment: 'Kari Nordmann var flink, ring 912 34 567' }),
    ...many(4, { counselor_id: 'v2', unit_id: 't1', overall: 5, comment: 'Greit møte' }),
    ...many(4, { counselor_id: 'v3', unit_id: 't1', overall: 4 }),
    ...many(3, { counselor_id: 'v4', unit_id: 't2', overall: 1 }),
    ...many(5, { counselor_id: 'w1', unit_id: 'o2t', overall: 2 }),
    ...many(5, { counselor_id: 'w2', unit_id: 'o2t', overall: 3 }),
    ...many(5, { counselor_id: 'w3', unit_id: 'o2t', overall: 2 }),
  ]);
  // November 2025 (tertial 2025-T3): both teams of o1 large enough on their own.
  await insertResponses(db, [
    ...many(4, { counselor_id: 'v1', unit_id: 't1', month: '2025-11-01', comment: 'Kari Nordmann var flink, ring 912 34 567' }),
    ...many(4, { counselor_id: 'v2', unit_id: 't1', month: '2025-11-01', comment: 'Greit møte' }),
    ...many(4, { counselor_id: 'v3', unit_id: 't1', month: '2025-11-01' }),
    ...['v4', 'v5', 'v6'].flatMap((v) => many(2, { counselor_id: v, unit_id: 't2', month: '2025-11-01', comment: 'Fint' })),
  ]);
});
afterAll(async () => t.close());

describe('role and scope matrix', () => {
  const who = ['anonymous', 'v1', 'l1', 'ca', 'na', 'ad'] as const;
  // Expected status per actor, in the order of `who`. The signed-out get 401 from the API and the login (302) for a page.
  const matrix: Array<[string, string, number[], unknown?]> = [
    ['GET', '/api/v1/units/o1/report', [401, 403, 200, 200, 200, 200]],
    ['GET', '/api/v1/units/t1/report', [401, 403, 200, 403, 403, 403]],
    ['GET', '/api/v1/units/c1/report', [401, 403, 403, 200, 200, 200]],
    ['GET', '/api/v1/units/o2/report', [401, 403, 403, 200, 200, 200]],
    ['GET', '/api/v1/units/o1/report.csv', [401, 403, 200, 200, 200, 200]],
    ['GET', '/api/v1/units/t1/report.xlsx', [401, 403, 200, 403, 403, 403]],
    ['GET', '/units/o1', [302, 403, 200, 200, 200, 200]],
    ['GET', '/units/t2', [302, 403, 200, 403, 403, 403]],
    ['GET', '/units/c1', [302, 403, 403, 200, 200, 200]],
    ['GET', '/reports', [302, 200, 200, 200, 200, 200]],
    ['GET', '/api/v1/me/units', [401, 200, 200, 200, 200, 200]],
    ['GET', '/api/v1/me/overview', [401, 200, 200, 200, 200, 200]],
    ['GET', '/api/v1/units/nowhere/report', [401, 404, 404, 404, 404, 404]],
    ['PUT', '/api/v1/admin/open-data', [401, 403, 403, 403, 403, 200], { enabled: false }],
  ];
  for (const [method, url, expected, payload] of matrix) {
    it(`${method} ${url}: ${who.map((w, i) => `${w} ${expected[i]}`).join(', ')}`, async () => {
      const actual: number[] = [];
      for (const w of who) {
        const headers = w === 'anonymous' ? {} : { cookie: await cookieFor(w) };
        const res = await t.app.inject({
          method: method as 'GET' | 'PUT',
          url,
          headers,
          ...(payload ? { payload: payload as object } : {}),
        });
        actual.push(res.statusCode);
      }
      expect(actual).toEqual(expected);
    });
  }

  it('lists in the navigation exactly the units each role may open', async () => {
    const unitsOf = async (w: string) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/me/units', headers: { cookie: await cookieFor(w) } })).json();
    expect((await unitsOf('v1')).units).toEqual([]);
    expect((await unitsOf('v1')).own_results).toBe(true);
    expect((await unitsOf('l1')).units.map((u: { id: string }) => u.id).sort()).toEqual(['o1', 't1', 't2']);
    expect((await unitsOf('ca')).units.map((u: { id: string }) => u.id).sort()).toEqual(['c1', 'o1', 'o2']);
    expect((await unitsOf('ad')).roles).toEqual(['administrator']);
  });
});

describe('thresholds and suppression in the group reports', () => {
  it('shows the office, but hides team t2 (3 answers) and, as its complement, team t1', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/units/o1/report?period=tertial&key=2026-T1&lang=en',
      headers: { cookie: await cookieFor('l1') },
    });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.current).toMatchObject({ answers: 15, released: true, overall: { suppressed: false, n: 15, mean: 4.2 } });
    expect(report.breakdown.map((b: { unit: { id: string } }) => b.unit.id)).toEqual(['t1', 't2']);
    const [t1, t2] = report.breakdown;
    expect(t2.overall).toEqual({ suppressed: true, reason: 'disclosure_control', n_min: 5 });
    // t1 alone has 12 answers from 3 counselors, but office − t1 would give t2's figure.
    expect(t1.overall.suppressed).toBe(true);
    expect(JSON.stringify(report.breakdown)).not.toMatch(/"mean"/);
  });

  it('releases a team with k answers from m counselors, and shows its scrubbed comments to the leader only from 10 answers', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/units/t1/report?period=tertial&key=2025-T3',
      headers: { cookie: await cookieFor('l1') },
    });
    const report = res.json();
    expect(report.current).toMatchObject({ answers: 12, released: true, overall: { n: 12, mean: 5 } });
    expect(report.current.statements[0].figure.distribution).toEqual([0, 0, 0, 0, 12, 0]);
    expect(report.comments.suppressed).toBe(false);
    const texts = report.comments.items.map((c: { text: string }) => c.text);
    expect(texts).toHaveLength(8);
    expect(texts).toContain(`${MARKERS.name} var flink, ring ${MARKERS.phone}`);
    expect(report.comments.items.every((c: { month: string }) => c.month === '2025-11')).toBe(true);
    // Team t2 in 2025-T3: 6 answers from 3 counselors — figures shown, comments not (under 10).
    const t2 = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units/t2/report?key=2025-T3', headers: { cookie: await cookieFor('l1') } })
    ).json();
    expect(t2.current).toMatchObject({ released: true, overall: { n: 6 } });
    expect(t2.comments).toEqual({ period: '2025-T3', suppressed: true, n_min: 10 });
    // In 2026-T1 t1 is hidden as t2's complement, and so are its comments.
    const now = (await t.app.inject({ method: 'GET', url: '/api/v1/units/t1/report', headers: { cookie: await cookieFor('l1') } })).json();
    expect(now.current.released).toBe(false);
    expect(now.comments.suppressed).toBe(true);
  });

  it('lists offices side by side alphabetically for the county, never by score, and no teams', async () => {
    const report = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/units/c1/report?period=tertial&key=2026-T1',
        headers: { cookie: await cookieFor('ca') },
      })
    ).json();
    expect(report.breakdown.map((b: { unit: { name: string } }) => b.unit.name)).toEqual(['NAV Andeby', 'NAV Testby']);
    expect(report.breakdown[0].overall).toMatchObject({ suppressed: false, n: 15, mean: 2.33 });
    expect(report.breakdown[1].overall).toMatchObject({ suppressed: false, n: 15, mean: 4.2 });
    expect(report.current.overall).toMatchObject({ n: 30 });
    expect(report.comments).toBeNull();
    const office = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units/o1/report', headers: { cookie: await cookieFor('ca') } })
    ).json();
    expect(office.breakdown).toEqual([]);
  });

  it('counts meetings registered, invited and answered per period', async () => {
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: { authorization: `Bearer ${t.apiKey}` },
      payload: {
        external_id: 'rr-1',
        starts_at: '2026-03-10T09:00:00+01:00',
        counselor_id: 'v2',
        unit_id: 't1',
        channel: 'in_person',
        meeting_kind: 'follow_up',
        email: 'rr1@example.no',
        language: 'nb',
      },
    });
    expect([200, 201, 202]).toContain(registered.statusCode);
    // Group response rates come from the snapshot: refresh it as the scheduled refresh would.
    await ensureSnapshot(t.ctx, 2026, await loadUnitTree(t.ctx.db), { force: true });
    const report = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units/o1/report', headers: { cookie: await cookieFor('l1') } })
    ).json();
    // The trend runs on past the latest closed tertial (2026-T1) to the one holding today, whose
    // meetings are counted as they happen; its rate waits for it to close.
    expect(report.response_rates.slice(-2).map((p: { period: string }) => p.period)).toEqual(['2026-T1', '2026-T2']);
    const t1 = report.response_rates.at(-2);
    expect(t1).toMatchObject({ period: '2026-T1', registered: 1, answered: 15 });
    expect(report.response_rates.filter((p: { registered: number }) => p.registered > 0)).toHaveLength(1);
    expect(report.response_rates.at(-1)).toMatchObject({ period: '2026-T2', rate: null });
    const county = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units/c1/report', headers: { cookie: await cookieFor('ca') } })
    ).json();
    expect(county.response_rates.at(-2)).toMatchObject({ registered: 1 });
    const overview = (await t.app.inject({ method: 'GET', url: '/api/v1/me/overview', headers: { cookie: await cookieFor('v2') } })).json();
    expect(overview.dispatch.at(-2)).toMatchObject({ period: '2026-T1', registered: 1 });
  });

  it('has no filters or breakdowns that could cut a group under k: unknown parameters are rejected', async () => {
    const cookie = await cookieFor('l1');
    for (const [param, url] of [
      ['channel', '/api/v1/units/o1/report?channel=phone'],
      ['meeting_kind', '/api/v1/units/o1/report.csv?meeting_kind=first'],
      ['from', '/api/v1/units/o1/report?from=2026-03-02'],
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json().fields)).toContain(param);
    }
  });

  it('rejects a period that is not fixed, naming the field', async () => {
    const cookie = await cookieFor('l1');
    for (const url of [
      '/api/v1/units/o1/report?period=tertial&key=2026-03',
      '/api/v1/units/o1/report?period=week',
      '/api/v1/units/o1/report?period=month&key=2026-13',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode).toBe(400);
      expect(['key', 'period']).toContain(res.json().fields[0].field);
    }
  });
});

describe('exports', () => {
  it('CSV and XLSX hold the same rows as the report, suppressed cells empty and marked', async () => {
    const cookie = await cookieFor('l1');
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/units/o1/report.csv?period=tertial&key=2026-T1', headers: { cookie } });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('unit_id,unit,period,measure,n,mean,share_positive,suppressed');
    expect(lines).toContain('o1,NAV Testby,2026-T1,overall,15,4.2,0.8,no');
    expect(lines).toContain('t2,Team Ungdom,2026-T1,overall,,,,yes');
    expect(lines.filter((l) => l.startsWith('t2,')).every((l) => l.endsWith(',,,,yes'))).toBe(true);

    const xlsx = await t.app.inject({ method: 'GET', url: '/api/v1/units/o1/report.xlsx?period=tertial&key=2026-T1', headers: { cookie } });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const rows: string[] = [];
    sheet.eachRow((row) =>
      rows.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => (v === null || v === undefined ? '' : String(v)))
          .join(','),
      ),
    );
    expect(rows).toEqual(lines);
  });

  it('open data is off until an administrator switches it on (audited), then lists offices alphabetically', async () => {
    const off = await t.app.inject({ method: 'GET', url: '/api/v1/open-data/offices' });
    expect(off.statusCode).toBe(404);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/open-data',
      headers: { cookie: await cookieFor('ad') },
      payload: { enabled: 'yes' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fields[0].field).toBe('enabled');
    const on = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/open-data',
      headers: { cookie: await cookieFor('ad') },
      payload: { enabled: true },
    });
    expect(on.json()).toEqual({ enabled: true });
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'open_data.switch').execute();
    expect(audit.at(-1)).toMatchObject({ actor_id: 'ad' });
    const json = (await t.app.inject({ method: 'GET', url: '/api/v1/open-data/offices?period=tertial&key=2026-T1' })).json();
    expect(json.offices.map((o: { office: string; n: number }) => [o.office, o.n])).toEqual([
      ['NAV Andeby', 15],
      ['NAV Testby', 15],
    ]);
    // 2026 has not closed: no office has a figure for it yet.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/open-data/offices?period=year&key=2026' }))
        .json()
        .offices.map((o: { n: number | null }) => o.n),
    ).toEqual([null, null]);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/open-data/offices?period=year&key=2025' }))
        .json()
        .offices.map((o: { n: number | null }) => o.n),
    ).toEqual([null, 18]);
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/open-data/offices?period=tertial&key=2026-T1&format=csv' });
    expect(csv.body).toContain('o2,NAV Andeby,2026-T1,15,2.33,0,no');
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/open-data',
      headers: { cookie: await cookieFor('ad') },
      payload: { enabled: false },
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/open-data/offices' })).statusCode).toBe(404);
  });
});

describe('counselor additions', () => {
  it('shows no comparison until the counselor switches it on, and then only averages of groups that stay large enough without them', async () => {
    const cookie = await cookieFor('w1');
    let overview = (await t.app.inject({ method: 'GET', url: '/api/v1/me/overview', headers: { cookie } })).json();
    expect(overview.compare_with_averages).toBe(false);
    expect(overview.comparison).toBeNull();
    expect(overview.trend.at(-2)).toMatchObject({ period: '2026-T1', answers: 5, overall: { n: 5, mean: 2 } });
    expect(overview.trend.at(-1)).toMatchObject({ period: '2026-T2', overall: { suppressed: true, reason: 'period_open' } });

    const form = await t.app.inject({
      method: 'POST',
      url: '/me/settings',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'compare_with_averages=on',
    });
    expect(form.statusCode).toBe(303);
    overview = (await t.app.inject({ method: 'GET', url: '/api/v1/me/overview', headers: { cookie } })).json();
    expect(overview.compare_with_averages).toBe(true);
    const byScope = Object.fromEntries(overview.comparison.map((c: { scope: string; overall: unknown }) => [c.scope, c.overall]));
    // Team Andeby: 15 answers, 10 without w1 → shown. Office o2 is the same group; the nation (c1 here) has 30.
    expect(byScope.team).toMatchObject({ suppressed: false, n: 15 });
    expect(byScope.office).toMatchObject({ suppressed: false, n: 15 });
    expect(byScope.nation).toMatchObject({ suppressed: false, n: 30 });
    expect(JSON.stringify(overview)).not.toMatch(/rank|percentile/);

    await t.app.inject({ method: 'PUT', url: '/api/v1/me/settings', headers: { cookie }, payload: { compare_with_averages: false } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/overview', headers: { cookie } })).json().comparison).toBeNull();
  });

  it('hides a comparison group whose figure minus the counselor would fall under k', async () => {
    const cookie = await cookieFor('v1');
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/settings', headers: { cookie }, payload: { compare_with_averages: true } });
    const overview = (await t.app.inject({ method: 'GET', url: '/api/v1/me/overview', headers: { cookie } })).json();
    const byScope = Object.fromEntries(overview.comparison.map((c: { scope: string; overall: unknown }) => [c.scope, c.overall]));
    // Team t1 is suppressed (complement of t2); office o1 has 15, 11 without v1 → shown.
    expect(byScope.team.suppressed).toBe(true);
    expect(byScope.office).toMatchObject({ suppressed: false, n: 15 });
  });

  it('renders the counselor page with the trend, dispatch table and the comparison form', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/me?lang=en', headers: { cookie: await cookieFor('w2') } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your trend');
    expect(page.body).toContain('Your meetings and invitations');
    expect(page.body).toContain('name="compare_with_averages"');
    expect(page.body).toContain('<svg');
  });
});

describe('released snapshot', () => {
  it('serves one stored snapshot to every reader until the worker recomputes it once it is REPORT_REFRESH_SECONDS old', async () => {
    const o2 = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/units/o2/report?period=tertial&key=2026-T1',
          headers: { cookie: await cookieFor('na') },
        })
      ).json().current.overall;
    expect(await o2()).toMatchObject({ n: 15 });
    await insertResponses(t.ctx.db, many(5, { counselor_id: 'w1', unit_id: 'o2t', overall: 6 }));
    expect(await o2()).toMatchObject({ n: 15 });
    // Still fresh: the worker's pass leaves it alone.
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([]);
    const before = t.ctx.now();
    t.setNow(new Date(before.getTime() + (t.ctx.config.REPORT_REFRESH_SECONDS + 1) * 1000));
    // Stale, but a reader never recomputes it: the stale snapshot is served.
    expect(await o2()).toMatchObject({ n: 15 });
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([2026]);
    expect(await o2()).toMatchObject({ n: 20 });
    const cells = await t.ctx.db
      .selectFrom('report_cell')
      .select(['unit_id'])
      .where('year', '=', 2026)
      .where('period', '=', '2026-T1')
      .execute();
    expect(cells.map((c) => c.unit_id).sort()).toEqual(['c1', 'o1', 'o2', 'o2t', 't1', 't2']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { grantRole } from '../../src/access/actor.ts';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses, type ResponseSeed } from '../support/responses.ts';

/**
 * The holes found in the individual paths (issue #10), each as it was found, through HTTP only.
 * SMALL_ORG: office o1 with teams t1 {v1, v2, v3} and t2 {v4, v5, v6}, leader l1; k = 5, m = 3.
 * The clock stands on 1 June 2026: January–April are final, 2026-T1 has closed.
 */
const S = NATIONAL_INSTRUMENT.statements.length;
let t: TestApp;
const many = (n: number, seed: ResponseSeed): ResponseSeed[] => Array.from({ length: n }, () => ({ ...seed }));

beforeAll(async () => {
  // Snapshots recomputed on every read: each test changes the answers under them.
  t = await testApp({ REPORT_REFRESH_SECONDS: 0 }, new Date('2026-06-01T10:00:00Z'));
  await t.ctx.db.insertInto('employee').values({ id: 'v7', name: 'Siri Sund', unit_id: 't1', role: 'counselor' }).execute();
});
afterAll(async () => t.close());

async function as(who: string) {
  const res = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: who } });
  const cookie = `bs_session=${res.cookies.find((c) => c.name === 'bs_session')!.value}`;
  return async (url: string) => {
    const r = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(r.statusCode, url).toBe(200);
    return r.json();
  };
}

type Fig = { suppressed: boolean; n?: number };
const n = (f: Fig | null | undefined) => (f && !f.suppressed ? f.n! : null);

async function reset() {
  await sql`truncate response, report_cell, report_snapshot, disclosure_history, result_share, counselor_setting, audit_log cascade`.execute(
    t.ctx.db,
  );
}

describe('hole 3: a counselor’s own report differenced across periods', () => {
  it('never shows both a tertial and all but one of its months when the last month alone is under k', async () => {
    await reset();
    // Five answers in January, one in February: 2026-T1 holds six.
    await insertResponses(t.ctx.db, [
      ...many(5, { counselor_id: 'v1', month: '2026-01-01', overall: 4 }),
      { counselor_id: 'v1', month: '2026-02-01', overall: 1 },
    ]);
    const get = await as('v1');
    const months = (await get('/api/v1/me/report?period=month')).periods as Array<{ period: string; overall: Fig; answers: number }>;
    const tertial = (await get('/api/v1/me/report?period=tertial')).periods as Array<{ period: string; overall: Fig }>;
    const overview = await get('/api/v1/me/overview?period=month');
    const january = n(months.find((p) => p.period === '2026-01')?.overall);
    const t1 = n(tertial.find((p) => p.period === '2026-T1')?.overall);
    // The overview says February had one answer; the figures must not let it be read off.
    expect(overview.dispatch.find((d: { period: string }) => d.period === '2026-02')?.answered).toBe(1);
    expect(january !== null && t1 !== null).toBe(false);
    // One of the two is shown: the tertial, as the coarser period is the more useful one.
    expect(t1).toBe(6);
    expect(january).toBeNull();
  });

  it('holds for results the counselor shares with their leader as well', async () => {
    await reset();
    await insertResponses(t.ctx.db, [...many(5, { counselor_id: 'v1', month: '2026-01-01' }), { counselor_id: 'v1', month: '2026-02-01' }]);
    await t.ctx.db
      .insertInto('result_share')
      .values({ counselor_id: 'v1', grantee_kind: 'leader', group_id: null, what: 'figures' })
      .execute();
    const get = await as('l1');
    const months = (await get('/api/v1/employees/v1/results?period=month')).periods as Array<{ period: string; overall: Fig }>;
    const tertial = (await get('/api/v1/employees/v1/results?period=tertial')).periods as Array<{ period: string; overall: Fig }>;
    const january = n(months.find((p) => p.period === '2026-01')?.overall);
    const t1 = n(tertial.find((p) => p.period === '2026-T1')?.overall);
    expect(january !== null && t1 !== null).toBe(false);
  });
});

describe('hole 4: a group figure minus the figures of counselors who shared them', () => {
  it('does not let a leader take two sharers off a team of four, leaving two who never consented', async () => {
    await reset();
    // Team t1: v1, v2, v3, v7 with six answers each in March.
    await insertResponses(
      t.ctx.db,
      ['v1', 'v2', 'v3', 'v7'].flatMap((v) => many(6, { counselor_id: v, unit_id: 't1', month: '2026-03-01' })),
    );
    await insertResponses(
      t.ctx.db,
      ['v4', 'v5', 'v6'].flatMap((v) => many(6, { counselor_id: v, unit_id: 't2', month: '2026-03-01' })),
    );
    await t.ctx.db
      .insertInto('result_share')
      .values(['v1', 'v2'].map((c) => ({ counselor_id: c, grantee_kind: 'leader' as const, group_id: null, what: 'figures' as const })))
      .execute();
    const get = await as('l1');
    const team = n((await get('/api/v1/units/t1/report?period=tertial&key=2026-T1')).current.overall);
    const office = n((await get('/api/v1/units/o1/report?period=tertial&key=2026-T1')).current.overall);
    const v1 = n(
      ((await get('/api/v1/employees/v1/results?period=tertial')).periods as Array<{ period: string; overall: Fig }>).find(
        (p) => p.period === '2026-T1',
      )?.overall,
    );
    const v2page = await get('/api/v1/employees/v2/results?period=tertial');
    const v2 = n((v2page.periods as Array<{ period: string; overall: Fig }>).find((p) => p.period === '2026-T1')?.overall);
    expect(team).toBe(24);
    expect(office).toBe(42);
    // The team (and the office, whose other team is shown too) less both sharers would be v3 and v7 alone.
    expect(v1 !== null && v2 !== null).toBe(false);
    // The leader sees less, and the page says so; the counselor's consent stands.
    const withheld = [v1 === null ? 'v1' : 'v2'];
    const page = await t.app.inject({
      method: 'GET',
      url: `/employees/${withheld[0]}/results?lang=en&period=tertial`,
      headers: {
        cookie: (await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: 'l1' } })).cookies
          .map((c) => `${c.name}=${c.value}`)
          .join('; '),
      },
    });
    expect(page.body).toContain('withheld');
    expect(await t.ctx.db.selectFrom('result_share').select('revoked_at').where('revoked_at', 'is not', null).execute()).toEqual([]);
    // One sharer alone leaves three: shown.
    expect(v1 ?? v2).toBe(6);
  });

  it('shows a counselor the average of a group only while it holds m − 1 others besides them', async () => {
    await reset();
    // Team t2: v4 and v5 only; the office also has t1's four counselors.
    await insertResponses(
      t.ctx.db,
      ['v4', 'v5'].flatMap((v) => many(6, { counselor_id: v, unit_id: 't2', month: '2026-03-01' })),
    );
    await insertResponses(
      t.ctx.db,
      ['v1', 'v2', 'v3', 'v7'].flatMap((v) => many(6, { counselor_id: v, unit_id: 't1', month: '2026-03-01' })),
    );
    await t.ctx.db
      .insertInto('counselor_setting')
      .values(['v4', 'v1'].map((id) => ({ employee_id: id, compare_with_averages: true })))
      .execute();
    const v4 = await (await as('v4'))('/api/v1/me/overview?period=tertial');
    const byScope = (o: { comparison: Array<{ scope: string; overall: Fig }> }) =>
      Object.fromEntries(o.comparison.map((c) => [c.scope, n(c.overall)]));
    // t2 has two counselors: suppressed for everyone (m = 3), and so for v4.
    expect(byScope(v4).team).toBeNull();
    // The office less v4 is five counselors: shown.
    expect(byScope(v4).office).toBe(36);
    // t1 is hidden for everyone as t2's complement. With t2 at three counselors both are released
    // (a closed period's decisions are kept, so this starts afresh), and t1 less v1 is v2, v3 and v7:
    // three others, shown to v1.
    await reset();
    await insertResponses(
      t.ctx.db,
      ['v4', 'v5', 'v6', 'v1', 'v2', 'v3', 'v7'].flatMap((v) =>
        many(6, { counselor_id: v, unit_id: ['v1', 'v2', 'v3', 'v7'].includes(v) ? 't1' : 't2', month: '2026-03-01' }),
      ),
    );
    await t.ctx.db.insertInto('counselor_setting').values({ employee_id: 'v1', compare_with_averages: true }).execute();
    const v1 = await (await as('v1'))('/api/v1/me/overview?period=tertial');
    expect(byScope(v1).team).toBe(24);
    expect(byScope(v1).office).toBe(42);
  });
});

describe('grants', () => {
  it('keeps an analyst (who sees offices, not teams) from any individual result', async () => {
    await t.ctx.db
      .insertInto('employee')
      .values({ id: 'ca', name: 'Cora Analytiker', unit_id: 'c1', role: 'staff' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await grantRole(t.ctx.db, 'ca', 'county_analyst', 'c1');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/employees/v1/results',
      headers: {
        cookie: `bs_session=${(await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: 'ca' } })).cookies[0].value}`,
      },
    });
    expect(res.statusCode).toBe(403);
    expect(S).toBeGreaterThan(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../src/monitoring/detector.ts';
import { insertProcessHistory, type ProcessEntry } from '../../src/monitoring/demo.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';
import { addStaff, sessionOf } from '../admin/actors.ts';

// The test clock stands on 25 March 2026, so February is the judged (last complete) month, and
// final (its answers are counted).
const JUDGED = '2026-02';
const HISTORY = Array.from({ length: 6 }, (_, i) => addMonths(JUDGED, i - 6));

function steady(counselor: string, unit: string, registered: number, judged: Partial<ProcessEntry> = {}): ProcessEntry[] {
  return [
    ...HISTORY.map((month) => ({
      counselor_id: counselor,
      unit_id: unit,
      month,
      registered,
      invited: registered - 2,
      answered: 5,
      excluded: { no_contact: 2 },
    })),
    {
      counselor_id: counselor,
      unit_id: unit,
      month: JUDGED,
      registered,
      invited: registered - 2,
      answered: 5,
      excluded: { no_contact: 2 },
      ...judged,
    },
  ];
}

describe('monitoring for selection', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await testApp({}, new Date('2026-03-25T10:00:00Z'));
    await addStaff(t);
    admin = await sessionOf(t, 'adm');
    await insertProcessHistory(t.ctx.db, [
      // v1 stops registering most meetings in February.
      ...steady('v1', 't1', 30, { registered: 5, invited: 3, answered: 1 }),
      ...steady('v2', 't1', 30, { registered: 28, invited: 26 }),
      // v3's meetings are suddenly mostly excluded as sensitive.
      ...steady('v3', 't1', 30, { invited: 8, answered: 2, excluded: { no_contact: 2, sensitive: 20 } }),
      ...steady('v4', 't2', 20),
      ...steady('v5', 't2', 20),
      ...steady('v6', 't2', 20),
      { counselor_id: 'v6', unit_id: 't2', month: '2026-03', registered: 4, invited: 4 },
    ]);
    await insertResponses(t.ctx.db, [
      ...Array.from({ length: 3 }, () => ({ counselor_id: 'v3', unit_id: 't1', month: '2026-02-01' })),
      ...Array.from({ length: 2 }, () => ({ counselor_id: 'v4', unit_id: 't2', month: '2026-02-01' })),
    ]);
  });
  afterAll(() => t?.close());

  const api = (query: string, cookies = admin) => t.app.inject({ method: 'GET', url: `/api/v1/admin/monitoring?${query}`, cookies });

  it('breaks the same counts down by meeting channel, for the office chosen or the country, adding up to the office rows', async () => {
    // Some of v1's February meetings were by phone, and one of v4's answers came from a phone meeting.
    await t.ctx.db
      .updateTable('meeting')
      .set({ channel: 'phone' })
      .where('counselor_id', '=', 'v1')
      .where('month', '=', '2026-02-01')
      .execute();
    await t.ctx.db
      .updateTable('response')
      .set({ channel: 'phone' })
      .where('id', '=', (eb) => eb.selectFrom('response').select('id').where('counselor_id', '=', 'v4').limit(1))
      .execute();
    const sum = (rows: Array<Record<string, number>>, field: string) => rows.reduce((s, r) => s + r[field], 0);
    for (const query of ['kind=month&period=2026-02&office=o1', 'kind=month&period=2026-02']) {
      const body = (await api(query)).json();
      const offices = body.rows.filter((r: { level: string }) => r.level === 'office');
      for (const field of ['registered', 'invited', 'excluded_total', 'answered'])
        expect(sum(body.by_channel, field), `${query} ${field}`).toBe(sum(offices, field));
      expect(body.by_channel.map((c: { channel: string }) => c.channel)).toEqual(['in_person', 'phone']);
      expect(body.by_channel[1]).toMatchObject({ channel: 'phone', registered: 5, invited: 3, answered: 1, response_rate: 0.333 });
    }
    const page = await t.app.inject({ method: 'GET', url: '/admin/monitoring?lang=en&kind=month&period=2026-02', cookies: admin });
    expect(page.body).toContain('By meeting channel');
    expect(page.body).toContain('A low response rate says nothing about whether users are satisfied.');
    // Put things back for the other tests.
    await t.ctx.db.updateTable('meeting').set({ channel: 'in_person' }).execute();
    await t.ctx.db.updateTable('response').set({ channel: 'in_person' }).execute();
  });

  it('counts registered, invited, excluded by reason and answered per office, team and counselor', async () => {
    const res = await api('kind=month&period=2026-02&office=o1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toMatchObject({ kind: 'month', key: '2026-02' });
    const row = (level: string, id: string) => body.rows.find((r: { level: string; id: string }) => r.level === level && r.id === id);
    expect(row('counselor', 'v3')).toMatchObject({
      name: 'Ingrid Berg',
      registered: 30,
      invited: 8,
      excluded: { no_contact: 2, sensitive: 20 },
      excluded_total: 22,
      answered: 3,
      dispatch_share: 0.267,
      response_rate: 0.375,
    });
    expect(row('team', 't1')).toMatchObject({ registered: 63, invited: 37, excluded_total: 26, answered: 3 });
    expect(row('team', 't2')).toMatchObject({ registered: 60, invited: 54, excluded: { no_contact: 6 }, answered: 2 });
    expect(row('office', 'o1')).toMatchObject({ registered: 123, invited: 91, excluded_total: 32, answered: 5 });
    // Process counts only, and in a fixed order (office, teams, counselors by name), never ranked.
    expect(body.rows.map((r: { id: string }) => r.id)).toEqual(['o1', 't1', 't2', 'v5', 'v3', 'v6', 'v1', 'v2', 'v4']);
  });

  it('sums a tertial and, without an office, shows offices and teams but no counselors', async () => {
    const body = (await api('kind=tertial&period=2026-T1')).json();
    expect(body.rows.some((r: { level: string }) => r.level === 'counselor')).toBe(false);
    // January (30+30+30+3×20) + February (123) + March (4).
    expect(body.rows.find((r: { id: string }) => r.id === 'o1')).toMatchObject({ registered: 150 + 123 + 4 });
  });

  it('flags the counselor whose meetings collapsed and the one whose share did, not the steady ones', async () => {
    const body = (await api('kind=month')).json();
    expect(body.judged_month).toBe(JUDGED);
    expect(body.period.key).toBe(JUDGED);
    expect(body.rule).toEqual({ historyMonths: 6, bandMads: 3, minRelativeDrop: 0.4, minShareDrop: 0.2, minBaseline: 10 });
    const flagged = body.flags.map((f: { level: string; id: string; metric: string }) => `${f.level}:${f.id}:${f.metric}`);
    expect(flagged).toContain('counselor:v1:registered');
    expect(flagged).toContain('counselor:v3:dispatch_share');
    for (const steadyOne of ['v2', 'v4', 'v5', 'v6']) expect(flagged.join(' ')).not.toContain(`counselor:${steadyOne}:`);
    const v1 = body.flags.find((f: { id: string }) => f.id === 'v1');
    expect(v1).toMatchObject({ observed: 5, office_id: 'o1', office_name: 'NAV Testby' });
    expect(v1.lower_bound).toBeGreaterThan(5);
  });

  it('shows the flags on the administrator page', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/admin/monitoring?lang=en&office=o1', cookies: admin });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('For review: sharp drops in 2026-02');
    expect(page.body).toContain('Kari Nordmann (counselor)');
    expect(page.body).toContain('sensitive meeting: 20');
  });

  it('is for administrators only: not leaders, analysts or peers', async () => {
    expect((await api('kind=month', {})).statusCode).toBe(401);
    for (const who of ['v2', 'l1', 'ca1', 'na1']) {
      const cookies = await sessionOf(t, who);
      expect((await api('kind=month', cookies)).statusCode, who).toBe(403);
      const page = await t.app.inject({ method: 'GET', url: '/admin/monitoring', cookies });
      expect(page.statusCode, who).toBe(403);
      expect(page.body).not.toContain('Kari Nordmann');
    }
  });

  it('refuses a period or office that is not offered, naming the field', async () => {
    for (const [query, field] of [
      ['kind=month&period=2024-01', 'period'],
      ['kind=month&period=2026-T1', 'period'],
      ['kind=year', 'kind'],
      ['kind=month&office=t1', 'office'],
      ['kind=month&office=nowhere', 'office'],
    ]) {
      const res = await api(query!);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });
});

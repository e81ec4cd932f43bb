import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { parsePeriodKey } from '../../src/time/periods.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';

/**
 * The differencing property end to end: random answers in the database, then random sequences of
 * the queries the API allows (a leader of o1 and a county analyst of c1, any unit they may open,
 * month/tertial/year), and everything released is checked against the raw answers:
 *  I1 every released figure is the figure of exactly the answers behind it (n and mean agree) and
 *     rests on at least k answers from at least m counselors;
 *  I2 for two released figures of nested groups (unit within unit, period within period) the
 *     difference is empty or at least k answers from at least m counselors.
 */
const COUNSELORS = [
  { id: 'v1', unit: 't1' },
  { id: 'v2', unit: 't1' },
  { id: 'v3', unit: 't1' },
  { id: 'v4', unit: 't2' },
  { id: 'v5', unit: 't2' },
  { id: 'v6', unit: 't2' },
  { id: 'l1', unit: 'o1' },
];
const PARENT: Record<string, string | null> = { c1: null, o1: 'c1', t1: 'o1', t2: 'o1' };
const within = (unit: string, root: string): boolean => {
  for (let u: string | null = unit; u; u = PARENT[u] ?? null) if (u === root) return true;
  return false;
};

let t: TestApp;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await testApp({ REPORT_REFRESH_SECONDS: 0 });
  await t.ctx.db.insertInto('employee').values({ id: 'ca', name: 'Cora Analytiker', unit_id: 'c1', role: 'staff' }).execute();
  await grantRole(t.ctx.db, 'ca', 'county_analyst', 'c1');
  for (const who of ['l1', 'ca']) {
    const res = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: who } });
    cookies[who] = `bs_session=${res.cookies.find((c) => c.name === 'bs_session')!.value}`;
  }
});
afterAll(async () => t.close());

describe('differencing through the API', () => {
  it('no sequence of allowed API queries releases a figure under k or a difference under k', async () => {
    const answer = fc.record({
      counselor: fc.integer({ min: 0, max: COUNSELORS.length - 1 }),
      month: fc.integer({ min: 1, max: 8 }),
      overall: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null, freq: 6 }),
    });
    const query = fc.record({
      who: fc.constantFrom('l1', 'ca'),
      unit: fc.constantFrom('c1', 'o1', 't1', 't2'),
      key: fc.constantFrom('2026', '2026-T1', '2026-T2', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'),
    });
    // So the property is not vacuous: across the runs, figures (and nested pairs) were released.
    let releasedTotal = 0;
    let nestedPairs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(answer, { minLength: 30, maxLength: 90 }),
        fc.array(query, { minLength: 1, maxLength: 12 }),
        async (answers, queries) => {
          await t.ctx.db.deleteFrom('response').execute();
          const rows = answers.map((a) => ({
            ...COUNSELORS[a.counselor],
            month: `2026-${String(a.month).padStart(2, '0')}-01`,
            overall: a.overall,
          }));
          await insertResponses(
            t.ctx.db,
            rows.map((r) => ({ counselor_id: r.id, unit_id: r.unit, month: r.month, overall: r.overall })),
          );
          const k = t.ctx.config.MIN_ANSWERS;
          const m = t.ctx.config.MIN_COUNSELORS;
          const behind = (unit: string, key: string) => {
            const p = parsePeriodKey(key)!;
            return rows.flatMap((r, i) => (within(r.unit, unit) && r.month >= p.from && r.month < p.to && r.overall !== null ? [i] : []));
          };
          const safe = (set: number[]) => set.length === 0 || (set.length >= k && new Set(set.map((i) => rows[i].id)).size >= m);

          const released: Array<{ unit: string; set: Set<number> }> = [];
          const note = (unit: string, key: string, figure: { suppressed: boolean; n?: number; mean?: number }) => {
            if (figure.suppressed) return;
            const set = behind(unit, key);
            expect(figure.n).toBe(set.length);
            const mean = set.reduce((s, i) => s + rows[i].overall!, 0) / set.length;
            expect(figure.mean).toBeCloseTo(mean, 2);
            expect(safe(set) && set.length > 0).toBe(true);
            released.push({ unit, set: new Set(set) });
            releasedTotal++;
          };
          for (const q of queries) {
            const kind = parsePeriodKey(q.key)!.kind;
            const res = await t.app.inject({
              method: 'GET',
              url: `/api/v1/units/${q.unit}/report?period=${kind}&key=${q.key}`,
              headers: { cookie: cookies[q.who] },
            });
            if (res.statusCode === 403) {
              expect((q.who === 'ca' && q.unit.startsWith('t')) || (q.who === 'l1' && q.unit === 'c1')).toBe(true);
              continue;
            }
            expect(res.statusCode).toBe(200);
            const report = res.json();
            note(q.unit, q.key, report.current.overall);
            for (const p of report.trend) note(q.unit, p.period, p.overall);
            for (const b of report.breakdown) note(b.unit.id, q.key, b.overall);
          }
          for (const a of released) {
            for (const b of released) {
              if (a === b || !within(b.unit, a.unit) || ![...b.set].every((i) => a.set.has(i))) continue;
              expect(safe([...a.set].filter((i) => !b.set.has(i)))).toBe(true);
              nestedPairs++;
            }
          }
        },
      ),
      // A fixed seed: with a random one, some runs released no nested pair at all and the check below was vacuous.
      { numRuns: Number(process.env.DIFFERENCING_RUNS ?? 12), seed: Number(process.env.DIFFERENCING_SEED ?? 20261206) },
    );
    expect(releasedTotal).toBeGreaterThan(0);
    expect(nestedPairs).toBeGreaterThan(0);
  }, 600_000);
});

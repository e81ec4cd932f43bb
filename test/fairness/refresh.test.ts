import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_MIX_COVARIATES, codeProfile } from '../../src/fairness/coding.ts';
import { markAllMonthsDirty, refreshFairnessStats } from '../../src/fairness/store.ts';
import { SeededRandom } from '../../src/stats/index.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { insertCaseMixResponses, randomResponses, type CaseMixResponse } from './helpers.ts';

const COUNSELORS: Array<[string, string]> = [['v1', 't1'], ['v2', 't1'], ['v3', 't1'], ['v4', 't2'], ['v5', 't2'], ['v6', 't2'], ['v1', 't2']];

async function snapshot(t: TestApp) {
  const units = (await sql<Record<string, unknown>>`select * from fairness_unit_stats order by month, item, counselor_id, unit_id`.execute(t.ctx.db)).rows;
  const pooled = (await sql<Record<string, unknown>>`select * from fairness_pooled_stats order by month, item`.execute(t.ctx.db)).rows;
  return { units, pooled };
}

describe('incremental refresh of the fairness statistics', () => {
  let t: TestApp;
  const inserted: CaseMixResponse[] = [];
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => t?.close());

  it('recomputes only the months that received answers, and ends where a full recomputation ends', async () => {
    const random = new SeededRandom(50);
    const first = randomResponses(random, 300, { counselors: COUNSELORS, months: ['2026-01-01', '2026-02-01', '2026-03-01'] });
    await insertCaseMixResponses(t.ctx.db, first);
    inserted.push(...first);
    const initial = await refreshFairnessStats(t.ctx.db);
    expect(initial.months.map((m) => m.month)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect((await refreshFairnessStats(t.ctx.db)).months).toEqual([]);

    const before = await snapshot(t);
    const later = randomResponses(random, 120, { counselors: COUNSELORS, months: ['2026-03-01', '2026-04-01'] });
    await insertCaseMixResponses(t.ctx.db, later);
    inserted.push(...later);
    const incremental = await refreshFairnessStats(t.ctx.db);
    expect(incremental.months.map((m) => m.month)).toEqual(['2026-03-01', '2026-04-01']);
    const after = await snapshot(t);
    // January and February were not touched.
    const untouched = (rows: Array<Record<string, unknown>>) => rows.filter((r) => String(r.month) < '2026-03-01');
    expect(untouched(after.units)).toEqual(untouched(before.units));
    expect(untouched(after.pooled)).toEqual(untouched(before.pooled));

    await markAllMonthsDirty(t.ctx.db);
    const full = await refreshFairnessStats(t.ctx.db);
    expect(full.months.map((m) => m.month)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
    expect(await snapshot(t)).toEqual(after);
  });

  it('holds the sums the answers give when coded by hand', async () => {
    const statements = inserted[0].answers.length;
    const k = CASE_MIX_COVARIATES.length;
    // Item 0 (overall) and item 3 (a statement), per counselor+unit and month, straight from the inserted rows.
    for (const item of [0, 3]) {
      const expected = new Map<string, { n: number; sumY: number; sumYY: number; sumX: number[] }>();
      const pooledXX = new Map<string, number[]>();
      for (const r of inserted) {
        const y = item === 0 ? r.overall : r.answers[item - 1];
        if (y === null) continue;
        const key = `${r.month}|${r.counselor_id}|${r.unit_id}`;
        const e = expected.get(key) ?? { n: 0, sumY: 0, sumYY: 0, sumX: new Array<number>(k).fill(0) };
        const x = codeProfile(r);
        e.n += 1;
        e.sumY += y;
        e.sumYY += y * y;
        x.forEach((v, a) => (e.sumX[a] += v));
        expected.set(key, e);
        const xx = pooledXX.get(r.month) ?? new Array<number>(k * k).fill(0);
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) xx[a * k + b] += x[a] * x[b];
        pooledXX.set(r.month, xx);
      }
      const rows = (
        await sql<{ month: string; counselor_id: string; unit_id: string; n: number; sum_y: number; sum_yy: number; sum_x: number[] }>`
          select month, counselor_id, unit_id, n, sum_y, sum_yy, sum_x from fairness_unit_stats where item = ${item}`.execute(t.ctx.db)
      ).rows;
      expect(rows.length).toBe(expected.size);
      for (const r of rows) {
        expect({ n: r.n, sumY: r.sum_y, sumYY: r.sum_yy, sumX: r.sum_x }).toEqual(expected.get(`${r.month}|${r.counselor_id}|${r.unit_id}`));
      }
      const pooled = (await sql<{ month: string; sum_xx: number[] }>`select month, sum_xx from fairness_pooled_stats where item = ${item}`.execute(t.ctx.db)).rows;
      for (const p of pooled) expect(p.sum_xx).toEqual(pooledXX.get(p.month));
    }
    expect(statements).toBeGreaterThan(3);
  });

  it('marks months whose answers are deleted (retention) and drops their sums', async () => {
    await sql`delete from response where month = '2026-01-01'`.execute(t.ctx.db);
    const refreshed = await refreshFairnessStats(t.ctx.db);
    expect(refreshed.months.map((m) => m.month)).toEqual(['2026-01-01']);
    const left = await sql<{ n: number }>`select count(*)::int as n from fairness_unit_stats where month = '2026-01-01'`.execute(t.ctx.db);
    expect(left.rows[0].n).toBe(0);
  });
});

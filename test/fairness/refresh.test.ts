import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_MIX_COVARIATES, codeProfile } from '../../src/fairness/coding.ts';
import { officeOfUnits, readCounselorSums, readFits, refreshFits, yearStatsVersion } from '../../src/fairness/fits.ts';
import { startFairnessRefresher } from '../../src/fairness/refresher.ts';
import { startBackgroundJobs } from '../../src/worker.ts';
import {
  counselorFairReport,
  counselorReportFromFits,
  officeFairReport,
  officeReportFromFits,
  treeKey,
} from '../../src/fairness/report.ts';
import { loadUnitTree } from '../../src/access/actor.ts';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import {
  hasDirtyMonths,
  loadStoredPeriod,
  loadYearStats,
  markAllMonthsDirty,
  rebuildFairnessStats,
  refreshFairnessStats,
} from '../../src/fairness/store.ts';
import { SeededRandom } from '../../src/stats/index.ts';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { FAIR_COUNSELORS, FAIR_ORG, insertCaseMixResponses, randomResponses, type CaseMixResponse } from './helpers.ts';

const COUNSELORS: Array<[string, string]> = [
  ['v1', 't1'],
  ['v2', 't1'],
  ['v3', 't1'],
  ['v4', 't2'],
  ['v5', 't2'],
  ['v6', 't2'],
  ['v1', 't2'],
];
const VERSION = { instrumentId: NATIONAL_INSTRUMENT.id, instrumentVersion: NATIONAL_INSTRUMENT.version };

/** Everything stored, decoded: months and years, item by item. */
async function snapshot(t: TestApp) {
  const months = (await t.ctx.db.selectFrom('fairness_month_stats').select('month').distinct().orderBy('month').execute()).map(
    (r) => r.month,
  );
  const years = (await t.ctx.db.selectFrom('fairness_year_stats').select('year').distinct().orderBy('year').execute()).map((r) => r.year);
  const out: Record<string, unknown> = {};
  for (const month of months) out[month] = [...(await loadStoredPeriod(t.ctx.db, { ...VERSION, month }))].sort((a, b) => a[0] - b[0]);
  for (const year of years) out[String(year)] = [...(await loadStoredPeriod(t.ctx.db, { ...VERSION, year }))].sort((a, b) => a[0] - b[0]);
  return out;
}

describe('incremental refresh of the fairness statistics', () => {
  let t: TestApp;
  const inserted: CaseMixResponse[] = [];
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => t?.close());

  it('recomputes only the months that received answers, and ends where a full rebuild ends', async () => {
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
    // January and February were not touched; the year moved.
    expect(after['2026-01-01']).toEqual(before['2026-01-01']);
    expect(after['2026-02-01']).toEqual(before['2026-02-01']);
    expect(after['2026']).not.toEqual(before['2026']);

    // A year kept up to date month by month equals one rebuilt from every answer, exactly (sums of integers).
    const rebuilt = await rebuildFairnessStats(t.ctx.db);
    expect(rebuilt.months.map((m) => m.month)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
    expect(await snapshot(t)).toEqual(after);
    await markAllMonthsDirty(t.ctx.db);
    await refreshFairnessStats(t.ctx.db);
    expect(await snapshot(t)).toEqual(after);
  });

  it('holds the sums the answers give when coded by hand, per month and per year', async () => {
    const statements = inserted[0].answers.length;
    const k = CASE_MIX_COVARIATES.length;
    const year = await loadYearStats(t.ctx.db, { ...VERSION, year: 2026 });
    // Item 0 (overall) and item 3 (a statement), per counselor+unit and month, straight from the inserted rows.
    for (const item of [0, 3]) {
      const expected = new Map<string, { n: number; sumY: number; sumYY: number; sumX: number[] }>();
      const pooledXX = new Map<string, number[]>();
      for (const r of inserted) {
        const y = item === 0 ? r.overall : r.answers[item - 1];
        if (y === null) continue;
        for (const period of [r.month, '2026']) {
          const key = `${period}|${r.counselor_id}\u0000${r.unit_id}`;
          const e = expected.get(key) ?? { n: 0, sumY: 0, sumYY: 0, sumX: new Array<number>(k).fill(0) };
          const x = codeProfile(r);
          e.n += 1;
          e.sumY += y;
          e.sumYY += y * y;
          x.forEach((v, a) => (e.sumX[a] += v));
          expected.set(key, e);
          const xx = pooledXX.get(period) ?? new Array<number>(k * k).fill(0);
          for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) xx[a * k + b] += x[a] * x[b];
          pooledXX.set(period, xx);
        }
      }
      let seen = 0;
      for (const month of ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']) {
        const stored = (await loadStoredPeriod(t.ctx.db, { ...VERSION, month })).get(item)!;
        stored.keys.forEach((key, i) => {
          const row = Array.from(stored.sums.subarray(i * (3 + k), (i + 1) * (3 + k)));
          expect({ n: row[0], sumY: row[1], sumYY: row[2], sumX: row.slice(3) }).toEqual(expected.get(`${month}|${key}`));
          seen++;
        });
        expect(Array.from(stored.pooled.sumXX)).toEqual(pooledXX.get(month));
      }
      expect(seen).toBe([...expected.keys()].filter((key) => !key.startsWith('2026|')).length);
      const units = year.items.get(item)!.units;
      expect(units.length).toBe([...expected.keys()].filter((key) => key.startsWith('2026|')).length);
      for (const u of units) {
        expect({ n: u.n, sumY: u.sumY, sumYY: u.sumYY, sumX: Array.from(u.sumX) }).toEqual(
          expected.get(`2026|${u.counselorId}\u0000${u.unitId}`),
        );
      }
      expect(Array.from(year.items.get(item)!.pooled.sumXX)).toEqual(pooledXX.get('2026'));
    }
    expect(statements).toBeGreaterThan(3);
    expect(year.computedAt).not.toBeNull();
  });

  it('marks months whose answers are deleted (retention) and drops their sums from the month and the year', async () => {
    const before = await loadYearStats(t.ctx.db, { ...VERSION, year: 2026 });
    const january = (await loadStoredPeriod(t.ctx.db, { ...VERSION, month: '2026-01-01' })).get(0)!.pooled.n;
    await sql`delete from response where month = '2026-01-01'`.execute(t.ctx.db);
    const refreshed = await refreshFairnessStats(t.ctx.db);
    expect(refreshed.months.map((m) => m.month)).toEqual(['2026-01-01']);
    expect((await loadStoredPeriod(t.ctx.db, { ...VERSION, month: '2026-01-01' })).size).toBe(0);
    const after = await loadYearStats(t.ctx.db, { ...VERSION, year: 2026 });
    expect(after.items.get(0)!.pooled.n).toBe(before.items.get(0)!.pooled.n - january);
    expect(after.generation).toBeGreaterThan(before.generation);
  });

  it('is refreshed by the background worker when answers arrive, not before', async () => {
    const refreshed: string[][] = [];
    const errors: unknown[] = [];
    const refresher = startFairnessRefresher(t.ctx, {
      intervalMs: 20,
      onError: (e) => errors.push(e),
      onRefresh: (r) => refreshed.push(r.months.map((m) => m.month)),
    });
    try {
      const before = (await loadYearStats(t.ctx.db, { ...VERSION, year: 2026 })).items.get(0)!.pooled.n;
      const extra = randomResponses(new SeededRandom(3), 30, { counselors: COUNSELORS, months: ['2026-05-01'] }).map((r) => ({
        ...r,
        overall: 5,
      }));
      await insertCaseMixResponses(t.ctx.db, extra);
      for (let i = 0; i < 500 && (await hasDirtyMonths(t.ctx.db)); i++) await new Promise((r) => setTimeout(r, 20));
      expect(await hasDirtyMonths(t.ctx.db)).toBe(false);
      expect(refreshed).toContainEqual(['2026-05-01']);
      expect((await loadYearStats(t.ctx.db, { ...VERSION, year: 2026 })).items.get(0)!.pooled.n).toBe(before + 30);
    } finally {
      await refresher.stop();
    }
    expect(errors).toEqual([]);
  });
});

describe('fits kept by the worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    await applyOrg(t.ctx.db, orgInputSchema.parse(FAIR_ORG), new Date('2026-03-10T10:00:00Z'));
    await insertCaseMixResponses(
      t.ctx.db,
      randomResponses(new SeededRandom(8), 600, { counselors: FAIR_COUNSELORS, months: ['2026-01-01', '2026-02-01'] }),
    );
  });
  afterAll(async () => t?.close());

  it('give readers exactly the report they would fit for themselves, and are refitted when the statistics change', async () => {
    const key = { ...VERSION, year: 2026 };
    await refreshFairnessStats(t.ctx.db);
    expect((await refreshFits(t.ctx.db)).map((f) => f.level).sort()).toEqual(['counselor', 'office']);
    expect(await refreshFits(t.ctx.db)).toEqual([]);
    const tree = await loadUnitTree(t.ctx.db);
    const stats = await loadYearStats(t.ctx.db, key);
    const { generation } = await yearStatsVersion(t.ctx.db, key);
    expect(generation).toBe(stats.generation);
    const offices = [...tree.values()].filter((u) => u.kind === 'office').map((u) => ({ id: u.id, name: u.name }));
    const args = { instrument: NATIONAL_INSTRUMENT, lang: 'nb' as const, minAnswers: 5 };
    const keptOffice = (await readFits(t.ctx.db, key, 'office', generation, treeKey(tree)))!;
    expect(officeReportFromFits(keptOffice, { ...args, offices })).toEqual(officeFairReport({ ...args, stats, tree, offices }));
    const keptCounselor = (await readFits(t.ctx.db, key, 'counselor', generation, treeKey(tree)))!;
    for (const id of ['w1', 'v4', 'x3']) {
      const own = await readCounselorSums(t.ctx.db, key, id);
      expect(own.generation).toBe(generation);
      const kept = counselorReportFromFits(keptCounselor, {
        ...args,
        counselors: [{ id, name: id, items: own.items, office: officeOfUnits(tree, own.units) }],
      });
      expect(kept.items[0].figures[0].suppressed).toBe(false);
      expect(kept).toEqual(counselorFairReport({ ...args, stats, tree, counselors: [{ id, name: id }] }));
    }
    // New answers: the kept fits no longer match the statistics until the worker fits again.
    await insertCaseMixResponses(
      t.ctx.db,
      randomResponses(new SeededRandom(9), 50, { counselors: FAIR_COUNSELORS, months: ['2026-02-01'] }),
    );
    await refreshFairnessStats(t.ctx.db);
    const next = (await yearStatsVersion(t.ctx.db, key)).generation;
    expect(next).toBeGreaterThan(generation);
    expect(await readFits(t.ctx.db, key, 'counselor', next, treeKey(await loadUnitTree(t.ctx.db)))).toBeNull();
    expect((await refreshFits(t.ctx.db)).length).toBe(2);
    expect(await readFits(t.ctx.db, key, 'counselor', next, treeKey(await loadUnitTree(t.ctx.db)))).not.toBeNull();
  });
});

describe('the background worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => t?.close());

  it('refreshes dirty months and keeps the fits, with no reader asking', async () => {
    await insertCaseMixResponses(
      t.ctx.db,
      randomResponses(new SeededRandom(4), 200, { counselors: COUNSELORS, months: ['2026-06-01', '2026-07-01'] }),
    );
    expect(await hasDirtyMonths(t.ctx.db)).toBe(true);
    const sent = { email: 0, sms: 0 };
    const transport = (kind: 'email' | 'sms') => ({ send: async () => void sent[kind]++ });
    const errors: unknown[] = [];
    const worker = startBackgroundJobs(t.ctx, {
      transports: { email: transport('email'), sms: transport('sms') } as never,
      onError: (e) => errors.push(e),
      fairnessRefreshMs: 20,
    });
    try {
      const key = { ...VERSION, year: 2026 };
      for (let i = 0; i < 500; i++) {
        const { generation } = await yearStatsVersion(t.ctx.db, key);
        if (
          generation > 0 &&
          !(await hasDirtyMonths(t.ctx.db)) &&
          (await readFits(t.ctx.db, key, 'counselor', generation, treeKey(await loadUnitTree(t.ctx.db))))
        )
          break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await hasDirtyMonths(t.ctx.db)).toBe(false);
      const { generation } = await yearStatsVersion(t.ctx.db, key);
      expect((await loadYearStats(t.ctx.db, key)).items.get(0)!.pooled.n).toBe(
        200 - (await sql<{ n: number }>`select count(*)::int as n from response where overall is null`.execute(t.ctx.db)).rows[0].n,
      );
      expect(await readFits(t.ctx.db, key, 'counselor', generation, treeKey(await loadUnitTree(t.ctx.db)))).not.toBeNull();
    } finally {
      await worker.stop();
    }
    expect(errors).toEqual([]);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodStatsVersion, readCounselorPeriodSums } from '../../src/fairness/fits.ts';
import {
  counselorFits,
  counselorReportFromFits,
  counselorSums,
  officeFits,
  officeReportFromFits,
  type FairReport,
} from '../../src/fairness/report.ts';
import { grantRole, loadUnitTree } from '../../src/access/actor.ts';
import { ensureSnapshot } from '../../src/disclosure/group-store.ts';
import { loadPeriodStats, loadTertialStats, loadYearStats, refreshFairnessStats, type YearStats } from '../../src/fairness/store.ts';
import { SeededRandom } from '../../src/stats/index.ts';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { FAIR_COUNSELORS, FAIR_ORG, getAs, insertCaseMixResponses, randomResponses, type CaseMixResponse } from './helpers.ts';

const VERSION = { instrumentId: NATIONAL_INSTRUMENT.id, instrumentVersion: NATIONAL_INSTRUMENT.version };
const T1_MONTHS = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'];
const CLOCK = new Date('2026-06-01T10:00:00Z');

async function getReport(t: TestApp, employeeId: string, url: string): Promise<{ status: number; report: FairReport }> {
  const { status, body } = await getAs<{ report: FairReport }>(t.app, employeeId, url);
  return { status, report: body.report };
}

/** The models of kept fits in item order (the report's order: overall, then the statements). */
const itemsWithModels = (fits: ReturnType<typeof officeFits>) =>
  [0, ...NATIONAL_INSTRUMENT.statements.map((_, i) => i + 1)].map((i) => fits.items[i]?.model ?? null);

/** Statistics as plain values (typed-array views compared by content). */
const plain = (stats: YearStats) =>
  [...stats.items]
    .sort((a, b) => a[0] - b[0])
    .map(([item, data]) => ({
      item,
      units: data.units.map((u) => ({ ...u, sumX: Array.from(u.sumX) })),
      pooled: {
        ...data.pooled,
        sumX: Array.from(data.pooled.sumX),
        sumXX: Array.from(data.pooled.sumXX),
        sumXY: Array.from(data.pooled.sumXY),
      },
    }));

/**
 * A tertial's statistics are the sum of its four month rows. Checked against a second database that holds only the
 * tertial's answers, whose year row is then built from exactly those answers.
 */
describe('statistics of a tertial', () => {
  let all: TestApp;
  let onlyT1: TestApp;
  let answers: CaseMixResponse[];
  beforeAll(async () => {
    // 2026-T1 has closed (April's answers are final from 24 May); T2 has not.
    all = await testApp({}, CLOCK);
    onlyT1 = await testApp({}, CLOCK);
    for (const t of [all, onlyT1]) {
      await applyOrg(t.ctx.db, orgInputSchema.parse(FAIR_ORG), new Date('2026-01-01T10:00:00Z'));
      await grantRole(t.ctx.db, 'a2', 'national_analyst', null);
    }
    answers = randomResponses(new SeededRandom(31), 1600, {
      counselors: FAIR_COUNSELORS,
      months: [...T1_MONTHS, '2026-05-01', '2026-06-01'],
    });
    await insertCaseMixResponses(all.ctx.db, answers);
    await insertCaseMixResponses(
      onlyT1.ctx.db,
      answers.filter((a) => T1_MONTHS.includes(a.month)),
    );
    await refreshFairnessStats(all.ctx.db);
    await refreshFairnessStats(onlyT1.ctx.db);
  });
  afterAll(async () => {
    await all?.close();
    await onlyT1?.close();
  });

  it('equal the year built from only the tertial’s answers, item by item and unit by unit', async () => {
    const tertial = await loadTertialStats(all.ctx.db, { ...VERSION, period: '2026-T1' });
    const year = await loadYearStats(onlyT1.ctx.db, { ...VERSION, year: 2026 });
    expect(tertial.period).toBe('2026-T1');
    expect(tertial.year).toBe(2026);
    expect(tertial.items.size).toBe(NATIONAL_INSTRUMENT.statements.length + 1);
    expect(plain(tertial)).toEqual(plain(year));
    // The whole year of the first database is not the tertial.
    expect(plain(await loadPeriodStats(all.ctx.db, { ...VERSION, period: '2026' }))).not.toEqual(plain(tertial));
    expect(plain(await loadPeriodStats(all.ctx.db, { ...VERSION, period: '2026-T1' }))).toEqual(plain(tertial));
    // The generation and time are the year's.
    const wholeYear = await loadYearStats(all.ctx.db, { ...VERSION, year: 2026 });
    expect([tertial.generation, tertial.computedAt]).toEqual([wholeYear.generation, wholeYear.computedAt]);
    // A tertial without answers: no items.
    expect((await loadTertialStats(all.ctx.db, { ...VERSION, period: '2026-T3' })).items.size).toBe(0);
  });

  it('give each counselor the own sums the tertial’s answers give', async () => {
    const expected = counselorSums(await loadYearStats(onlyT1.ctx.db, { ...VERSION, year: 2026 }), await loadUnitTree(onlyT1.ctx.db));
    for (const [id] of FAIR_COUNSELORS) {
      const own = await readCounselorPeriodSums(all.ctx.db, { ...VERSION, period: '2026-T1' }, id);
      const want = expected.get(id)!.items;
      expect([...own.items.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [item, sums] of want)
        expect({ ...own.items.get(item)!, sumX: Array.from(own.items.get(item)!.sumX) }).toEqual({
          ...sums,
          unit: id,
          sumX: Array.from(sums.sumX),
        });
      expect(own.version).toBe((await periodStatsVersion(all.ctx.db, { ...VERSION, period: '2026-T1' })).version);
    }
  });

  it('give the tertial report: the model fitted on exactly the tertial’s answers, for offices and for a counselor', async () => {
    const viaRoute = await getReport(all, 'a2', '/api/v1/analysis/fair?period=2026-T1');
    expect(viaRoute.status).toBe(200);
    expect([viaRoute.report.period, viaRoute.report.period_kind, viaRoute.report.closed]).toEqual(['2026-T1', 'tertial', true]);
    // The office fit on the second database's year, which holds only the tertial's answers.
    const tree = await loadUnitTree(onlyT1.ctx.db);
    const year = await loadYearStats(onlyT1.ctx.db, { ...VERSION, year: 2026 });
    const offices = [...tree.values()].filter((u) => u.kind === 'office').map((u) => ({ id: u.id, name: u.name }));
    const direct = officeReportFromFits(officeFits(year, tree), { instrument: NATIONAL_INSTRUMENT, lang: 'nb', offices, minAnswers: 5 });
    expect(viaRoute.report.items.map((i) => i.model)).toEqual(direct.items.map((i) => i.model));
    expect(viaRoute.report.items.every((i) => i.model !== null && i.model.covariates.length > 3)).toBe(true);
    // Rows shown (those the group table releases) carry the same figures.
    let shown = 0;
    viaRoute.report.items.forEach((item, i) => {
      for (const row of item.figures.filter((f) => !f.suppressed)) {
        expect({ ...row, reason: null }).toEqual({ ...direct.items[i].figures.find((f) => f.unit_id === row.unit_id)!, reason: null });
        shown++;
      }
    });
    expect(shown).toBeGreaterThan(0);
    // A counselor's own: the counselor-level model of the tertial applied to their own tertial sums.
    const own = await getReport(all, 'w2', '/api/v1/me/fair?period=2026-T1');
    const mine = counselorSums(year, tree).get('w2')!;
    const expected = counselorReportFromFits(counselorFits(year, tree), {
      instrument: NATIONAL_INSTRUMENT,
      lang: 'nb',
      counselors: [{ id: 'w2', name: 'Willy Bakke', ...mine }],
      minAnswers: 5,
    });
    expect(own.report.items.map((i) => i.model)).toEqual(expected.items.map((i) => i.model));
    expect(own.report.items[0].figures).toEqual(expected.items[0].figures);
    // The second database's route agrees too (its group table holds the same tertial).
    const other = await getReport(onlyT1, 'a2', '/api/v1/analysis/fair?period=2026-T1');
    expect(other.report.items).toEqual(viaRoute.report.items);
  });

  it('keep their version while other months of the year change, and change it when an answer of theirs leaves', async () => {
    const key = { ...VERSION, period: '2026-T1' };
    const before = await periodStatsVersion(all.ctx.db, key);
    const yearBefore = await periodStatsVersion(all.ctx.db, { ...VERSION, period: '2026' });
    await insertCaseMixResponses(
      all.ctx.db,
      randomResponses(new SeededRandom(32), 20, { counselors: FAIR_COUNSELORS, months: ['2026-06-01'] }),
    );
    await refreshFairnessStats(all.ctx.db);
    expect(await periodStatsVersion(all.ctx.db, key)).toEqual(before);
    expect((await periodStatsVersion(all.ctx.db, { ...VERSION, period: '2026' })).version).not.toBe(yearBefore.version);
    // Retention deletes a month's answers: the tertial's statistics, and so its version, change.
    await sql`delete from response where month = '2026-01-01'`.execute(all.ctx.db);
    await refreshFairnessStats(all.ctx.db);
    expect((await periodStatsVersion(all.ctx.db, key)).version).not.toBe(before.version);
  });

  it('still take year=2026 as the year 2026, once it has closed', async () => {
    // 2026 closes when December's answers are final, 24 January 2027. The worker refreshes the released table; here
    // it is recomputed directly.
    all.setNow(new Date('2027-02-01T10:00:00Z'));
    await ensureSnapshot(all.ctx, 2026, await loadUnitTree(all.ctx.db), { force: true });
    const byYear = await getReport(all, 'a2', '/api/v1/analysis/fair?year=2026');
    const byPeriod = await getReport(all, 'a2', '/api/v1/analysis/fair?period=2026');
    expect(byYear.status).toBe(200);
    expect(byYear.report).toEqual(byPeriod.report);
    expect([byYear.report.year, byYear.report.period, byYear.report.period_kind, byYear.report.closed]).toEqual([
      2026,
      '2026',
      'year',
      true,
    ]);
    const stats = await loadYearStats(all.ctx.db, { ...VERSION, year: 2026 });
    const direct = officeFits(stats, await loadUnitTree(all.ctx.db));
    expect(byYear.report.items.map((i) => i.model)).toEqual(itemsWithModels(direct));
    expect(byYear.report.items[0].figures.some((f) => !f.suppressed)).toBe(true);
    // The default is now the latest closed tertial: 2026-T3.
    expect((await getReport(all, 'a2', '/api/v1/analysis/fair')).report.period).toBe('2026-T3');
    // A year on, the latest closed tertial has no answers at all: no report, and the closed periods that have some.
    all.setNow(new Date('2027-06-01T10:00:00Z'));
    const none = await getAs<{ report: FairReport | null; periods: string[] }>(all.app, 'a2', '/api/v1/analysis/fair');
    expect(none.body).toEqual({ report: null, periods: ['2026', '2026-T2', '2026-T1'] });
    const page = await getAs(all.app, 'a2', '/analysis/fair?lang=en');
    expect(page.text).toContain('No answers to compare for Tertial 1 of 2027. Choose another period.');
    expect(page.text).toContain('period=2026-T2');
  });
});

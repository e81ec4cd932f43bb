import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodStatsVersion, readCounselorPeriodSums } from '../../src/fairness/fits.ts';
import { counselorSums } from '../../src/fairness/report.ts';
import { loadPeriodStats, loadTertialStats, loadYearStats, refreshFairnessStats, type YearStats } from '../../src/fairness/store.ts';
import { SeededRandom } from '../../src/stats/index.ts';
import { NATIONAL_INSTRUMENT } from '../../src/survey/instrument.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { FAIR_COUNSELORS, FAIR_ORG, insertCaseMixResponses, randomResponses, type CaseMixResponse } from './helpers.ts';

const VERSION = { instrumentId: NATIONAL_INSTRUMENT.id, instrumentVersion: NATIONAL_INSTRUMENT.version };
const T1_MONTHS = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'];

/** Statistics as plain values (typed-array views compared by content). */
const plain = (stats: YearStats) =>
  [...stats.items].sort((a, b) => a[0] - b[0]).map(([item, data]) => ({
    item,
    units: data.units.map((u) => ({ ...u, sumX: Array.from(u.sumX) })),
    pooled: { ...data.pooled, sumX: Array.from(data.pooled.sumX), sumXX: Array.from(data.pooled.sumXX), sumXY: Array.from(data.pooled.sumXY) },
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
    [all, onlyT1] = await Promise.all([testApp(), testApp()]);
    for (const t of [all, onlyT1]) await applyOrg(t.ctx.db, orgInputSchema.parse(FAIR_ORG), new Date('2026-01-01T10:00:00Z'));
    answers = randomResponses(new SeededRandom(31), 500, { counselors: FAIR_COUNSELORS, months: [...T1_MONTHS, '2026-05-01', '2026-06-01'] });
    await insertCaseMixResponses(all.ctx.db, answers);
    await insertCaseMixResponses(onlyT1.ctx.db, answers.filter((a) => T1_MONTHS.includes(a.month)));
    await Promise.all([refreshFairnessStats(all.ctx.db), refreshFairnessStats(onlyT1.ctx.db)]);
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
    const expected = counselorSums(await loadYearStats(onlyT1.ctx.db, { ...VERSION, year: 2026 }));
    for (const [id] of FAIR_COUNSELORS) {
      const own = await readCounselorPeriodSums(all.ctx.db, { ...VERSION, period: '2026-T1' }, id);
      const want = expected.get(id)!;
      expect([...own.items.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [item, sums] of want) expect({ ...own.items.get(item)!, sumX: Array.from(own.items.get(item)!.sumX) }).toEqual({ ...sums, unit: id, sumX: Array.from(sums.sumX) });
      expect(own.version).toBe((await periodStatsVersion(all.ctx.db, { ...VERSION, period: '2026-T1' })).version);
    }
  });

  it('keep their version while other months of the year change, and change it when an answer of theirs leaves', async () => {
    const key = { ...VERSION, period: '2026-T1' };
    const before = await periodStatsVersion(all.ctx.db, key);
    const yearBefore = await periodStatsVersion(all.ctx.db, { ...VERSION, period: '2026' });
    await insertCaseMixResponses(all.ctx.db, randomResponses(new SeededRandom(32), 20, { counselors: FAIR_COUNSELORS, months: ['2026-06-01'] }));
    await refreshFairnessStats(all.ctx.db);
    expect(await periodStatsVersion(all.ctx.db, key)).toEqual(before);
    expect((await periodStatsVersion(all.ctx.db, { ...VERSION, period: '2026' })).version).not.toBe(yearBefore.version);
    // Retention deletes a month's answers: the tertial's statistics, and so its version, change.
    await sql`delete from response where month = '2026-01-01'`.execute(all.ctx.db);
    await refreshFairnessStats(all.ctx.db);
    expect((await periodStatsVersion(all.ctx.db, key)).version).not.toBe(before.version);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUnitTree } from '../../src/access/actor.ts';
import { fairFits } from '../../src/fairness/report.ts';
import { loadYearStats, refreshFairnessStats } from '../../src/fairness/store.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { applyOrg } from '../../src/org/service.ts';
import { SeededRandom } from '../../src/stats/index.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { FAIR_COUNSELORS, FAIR_ORG, insertCaseMixResponses, randomResponses } from './helpers.ts';

/**
 * Meeting channel is in the case-mix model: users rate phone and digital-dialogue meetings lower here, and one office
 * holds most of the phone meetings. Without channel that office would look worse; with it, the coefficient carries
 * the difference and the office's own effect does not.
 */
describe('meeting channel in the fair comparison', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    await applyOrg(t.ctx.db, orgInputSchema.parse(FAIR_ORG), new Date('2026-01-05T10:00:00Z'));
  });
  afterAll(async () => t?.close());

  it('gets a coefficient per channel from the stored answers, and the nested model of offices and counselors', async () => {
    const random = new SeededRandom(17);
    const rows = randomResponses(random, 2400, { counselors: FAIR_COUNSELORS, months: ['2026-01-01', '2026-02-01', '2026-03-01'] }).map(
      (r) => {
        // The first office's counselors meet most users by phone.
        const inFirst = r.unit_id.startsWith('t');
        const channel = random.next() < (inFirst ? 0.7 : 0.15) ? 'phone' : random.next() < 0.2 ? 'digital_dialogue' : 'in_person';
        const drop = channel === 'phone' ? 1 : channel === 'digital_dialogue' && random.next() < 0.6 ? 1 : 0;
        const lower = (v: number | null) => (v === null ? null : Math.max(1, v - drop));
        return { ...r, channel, overall: lower(r.overall), answers: r.answers.map(lower) };
      },
    );
    await insertCaseMixResponses(t.ctx.db, rows);
    await refreshFairnessStats(t.ctx.db);
    const stats = await loadYearStats(t.ctx.db, { instrumentId: 'national', instrumentVersion: 1, year: 2026 });
    const fits = fairFits(stats, await loadUnitTree(t.ctx.db));
    const model = fits.office.items[0].model!;
    const phone = model.covariates.find((c) => c.name === 'channel:phone')!;
    const digital = model.covariates.find((c) => c.name === 'channel:digital_dialogue')!;
    expect(phone.estimate).toBeLessThan(-0.5);
    expect(phone.p_value).toBeLessThan(1e-6);
    expect(digital.estimate).toBeLessThan(-0.2);
    // Nested: variances at both levels, and the counselor page's parameters carry every office's effect.
    expect(model.counselor_variance).not.toBeNull();
    const params = fits.counselor.items[0].params!;
    expect('nested' in params && Object.keys(params.offices).length).toBeGreaterThanOrEqual(3);
    // Video was never recorded: no column, listed as constant.
    expect(model.dropped).toContainEqual({ name: 'channel:video', reason: 'constant' });
  });
});

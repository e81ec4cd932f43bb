import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext } from '../../src/core/context.ts';
import { loadActor, loadUnitTree } from '../../src/access/actor.ts';
import { counselorOverview } from '../../src/reporting/counselor-overview.ts';
import { currentPeriodKey, unitReport } from '../../src/reporting/group-report.ts';
import { parsePeriodKey } from '../../src/time/periods.ts';
import { readerViewFor } from '../../src/consent/readers.ts';
import { demoContext } from '../support/demo.ts';

/** The demo shows every report view with data, and some groups under the thresholds. */
describe('demo data in the reports', () => {
  let ctx: AppContext;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ ctx, close } = await demoContext());
  }, 120_000);
  afterAll(async () => close?.());

  const report = async (actorId: string, unitId: string) => {
    const tree = await loadUnitTree(ctx.db);
    const actor = (await loadActor(ctx.db, actorId))!;
    const key = currentPeriodKey(ctx, 'tertial');
    return unitReport(ctx, actor, tree, unitId, { kind: 'tertial', key, from: parsePeriodKey(key)!.from }, 'nb');
  };

  it('gives the Dalheim leader figures, a suppressed new team and its complement', async () => {
    const r = await report('demo-l2', 'demo-dalheim');
    expect(r.current.overall.suppressed).toBe(false);
    const byName = Object.fromEntries(r.breakdown.map((b) => [b.unit.name, b.overall.suppressed]));
    expect(byName['Team Nyoppstart']).toBe(true);
    expect(Object.values(byName).filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(r.response_rates.some((p) => p.registered > 0)).toBe(true);
  });

  it('gives the Fjordby leader released teams with distributions and comments', async () => {
    const office = await report('demo-l1', 'demo-fjordby');
    expect(office.breakdown.every((b) => !b.overall.suppressed)).toBe(true);
    const team = await report('demo-l1', 'demo-fjordby-arbeid');
    expect(team.current.statements[0].figure).toMatchObject({ suppressed: false });
    expect(team.comments).toMatchObject({ suppressed: false });
    expect(team.trend.filter((p) => !p.overall.suppressed).length).toBeGreaterThanOrEqual(3);
  });

  it('gives the county analyst both offices side by side and the counselor the comparison', async () => {
    const county = await report('demo-a1', 'demo-fylke');
    expect(county.breakdown.map((b) => [b.unit.name, b.overall.suppressed])).toEqual([
      ['NAV Dalheim', false],
      ['NAV Fjordby', false],
    ]);
    const overview = (await counselorOverview(
      ctx,
      await readerViewFor(ctx, (await loadActor(ctx.db, 'demo-v01'))!),
      'demo-v01',
      'tertial',
    ))!;
    expect(overview.comparison?.some((c) => !c.overall.suppressed)).toBe(true);
  });
});

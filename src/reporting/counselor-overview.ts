import type { AppContext } from '../core/context.ts';
import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import type { Figure } from '../disclosure/figures.ts';
import { loadReleaseTable, OVERALL } from '../disclosure/group-store.ts';
import { dispatchCounts, type DispatchCounts } from '../disclosure/counts.ts';
import { comparisonUnits, groupSubject, type ReaderView } from '../disclosure/reader-store.ts';
import { closingRulesOf, latestClosed } from '../time/closing.ts';
import { parsePeriodKey, type PeriodKind } from '../time/periods.ts';
import { trendOf } from './group-report.ts';

/**
 * What the counselor sees beside their own report: their trend, their own dispatch and response
 * counts (so they can see that every meeting was invited), and — only when they switch it on —
 * the team, office and national average. Never a rank or a percentile among colleagues.
 */

export interface Comparison {
  scope: 'team' | 'office' | 'nation';
  unit: { id: string; name: string };
  /** The group's overall rating; suppressed unless the group less this counselor's answers is still a releasable group (k answers, m − 1 colleagues). */
  overall: Figure;
}

export interface CounselorOverview {
  period_kind: PeriodKind;
  period: string;
  trend: Array<{ period: string; answers: number; overall: Figure }>;
  dispatch: DispatchCounts[];
  compare_with_averages: boolean;
  own_overall: Figure;
  comparison: Comparison[] | null;
}

export async function compareSetting(ctx: AppContext, employeeId: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('counselor_setting')
    .select('compare_with_averages')
    .where('employee_id', '=', employeeId)
    .executeTakeFirst();
  return row?.compare_with_averages ?? false;
}

export async function setCompareSetting(ctx: AppContext, employeeId: string, on: boolean): Promise<void> {
  await ctx.db
    .insertInto('counselor_setting')
    .values({ employee_id: employeeId, compare_with_averages: on, updated_at: ctx.now() })
    .onConflict((oc) => oc.column('employee_id').doUpdateSet({ compare_with_averages: on, updated_at: ctx.now() }))
    .execute();
}

export async function counselorOverview(
  ctx: AppContext,
  view: ReaderView,
  counselorId: string,
  kind: PeriodKind,
): Promise<CounselorOverview | null> {
  const employee = await ctx.db.selectFrom('employee').select(['id', 'unit_id']).where('id', '=', counselorId).executeTakeFirst();
  if (!employee) return null;
  // The trend ends with the latest closed period: only closed periods carry figures.
  const key = latestClosed(kind, ctx.now(), closingRulesOf(ctx.config)).key;
  const periods = trendOf(ctx, { kind, key, from: parsePeriodKey(key)!.from });
  const national = { id: NATIONAL_INSTRUMENT.id, version: NATIONAL_INSTRUMENT.version };
  const [on, dispatch] = await Promise.all([compareSetting(ctx, counselorId), dispatchCounts(ctx, { counselorId }, periods)]);
  const trend = periods.map((p) => ({
    period: p.key,
    answers: dispatch.find((d) => d.period === p.key)?.answered ?? 0,
    overall: view.combined(counselorId, national, p.key, OVERALL),
  }));
  const own = trend.find((p) => p.period === key)!;

  let comparison: Comparison[] | null = null;
  if (on) {
    const tree = view.tree;
    const { table } = await loadReleaseTable(ctx, [Number(key.slice(0, 4))], tree, comparisonUnits(view.reader.actor, tree));
    comparison = comparisonUnits(view.reader.actor, tree).map((unitId) => {
      const unit = tree.get(unitId)!;
      const scope: Comparison['scope'] = unit.kind === 'team' ? 'team' : unit.kind === 'office' ? 'office' : 'nation';
      const figure = table.cell(unitId, key).measures[OVERALL];
      // Decided for this reader with their own figures: the group less their answers must still be a releasable group.
      const shown = !figure.suppressed && view.comparisonShown(unitId, key);
      return {
        scope,
        unit: { id: unit.id, name: unit.name },
        overall: shown ? figure : { suppressed: true, reason: 'disclosure_control', n_min: ctx.config.MIN_ANSWERS },
      };
    });
    const shownCells = comparison.filter((c) => !c.overall.suppressed);
    await view.record(
      shownCells.map((c) => ({ subject: groupSubject(c.unit.id), instrument: national, period: key, measures: [OVERALL] })),
    );
  }
  return { period_kind: kind, period: key, trend, dispatch, compare_with_averages: on, own_overall: own.overall, comparison };
}

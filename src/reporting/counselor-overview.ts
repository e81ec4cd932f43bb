import { sql } from 'kysely';
import type { AppContext } from '../app.ts';
import { loadUnitTree } from '../access/actor.ts';
import { ancestors, officeOf } from '../access/scope.ts';
import { NATIONAL_INSTRUMENT } from '../survey/instrument.ts';
import { figureFrom, type Figure } from '../disclosure/figures.ts';
import { dispatchCounts, lastPeriods, loadReleaseTable, OVERALL, type DispatchCounts } from './group-data.ts';
import { TREND_LENGTH, currentPeriodKey } from './group-report.ts';
import { parsePeriodKey, type PeriodKind } from '../time/periods.ts';

/**
 * What the counselor sees beside their own report: their trend, their own dispatch and response
 * counts (so they can see that every meeting was invited), and — only when they switch it on —
 * the team, office and national average. Never a rank or a percentile among colleagues.
 */

export interface Comparison {
  scope: 'team' | 'office' | 'nation';
  unit: { id: string; name: string };
  /** The group's overall rating; suppressed unless the group without this counselor's answers still has k answers. */
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
  const row = await ctx.db.selectFrom('counselor_setting').select('compare_with_averages').where('employee_id', '=', employeeId).executeTakeFirst();
  return row?.compare_with_averages ?? false;
}

export async function setCompareSetting(ctx: AppContext, employeeId: string, on: boolean): Promise<void> {
  await ctx.db
    .insertInto('counselor_setting')
    .values({ employee_id: employeeId, compare_with_averages: on, updated_at: ctx.now() })
    .onConflict((oc) => oc.column('employee_id').doUpdateSet({ compare_with_averages: on, updated_at: ctx.now() }))
    .execute();
}

export async function counselorOverview(ctx: AppContext, counselorId: string, kind: PeriodKind): Promise<CounselorOverview | null> {
  const employee = await ctx.db.selectFrom('employee').select(['id', 'unit_id']).where('id', '=', counselorId).executeTakeFirst();
  if (!employee) return null;
  const k = ctx.config.MIN_ANSWERS;
  const key = currentPeriodKey(ctx, kind);
  const periods = lastPeriods(parsePeriodKey(key)!.from, kind, TREND_LENGTH[kind]);
  const [rowsResult, on, dispatch] = await Promise.all([
    sql<{ month: string; answers: number; n: number; sum: number; positive: number }>`
      select to_char(month, 'YYYY-MM-DD') as month, count(*)::int as answers, count(overall)::int as n,
             coalesce(sum(overall), 0)::int as sum, (count(*) filter (where overall >= 4))::int as positive
      from response
      where counselor_id = ${counselorId} and instrument_id = ${NATIONAL_INSTRUMENT.id} and instrument_version = ${NATIONAL_INSTRUMENT.version}
        and month >= ${periods[0].from}::date and month < ${periods.at(-1)!.to}::date
      group by 1`.execute(ctx.db),
    compareSetting(ctx, counselorId),
    dispatchCounts(ctx, { counselorId }, periods),
  ]);
  const rows = rowsResult.rows;
  const trend = periods.map((p) => {
    const inside = rows.filter((r) => r.month >= p.from && r.month < p.to);
    const sum = (f: 'answers' | 'n' | 'sum' | 'positive') => inside.reduce((s, r) => s + r[f], 0);
    return { period: p.key, answers: sum('answers'), overall: figureFrom({ n: sum('n'), sum: sum('sum'), positive: sum('positive'), dontKnow: 0 }, k) };
  });
  const own = trend.at(-1)!;

  let comparison: Comparison[] | null = null;
  if (on) {
    const tree = await loadUnitTree(ctx.db);
    const team = tree.get(employee.unit_id);
    const office = officeOf(tree, employee.unit_id);
    const nation = [team, ...ancestors(tree, employee.unit_id)].filter(Boolean).at(-1);
    const scopes: Array<[Comparison['scope'], typeof team]> = [
      ['team', team?.kind === 'team' ? team : undefined],
      ['office', office],
      ['nation', nation],
    ];
    const { table } = await loadReleaseTable(ctx, [Number(periods.at(-1)!.from.slice(0, 4))], tree, scopes.flatMap(([, u]) => (u ? [u.id] : [])));
    const ownN = rows.filter((r) => r.month >= periods.at(-1)!.from).reduce((s, r) => s + r.n, 0);
    comparison = scopes
      .filter((s): s is [Comparison['scope'], NonNullable<typeof team>] => Boolean(s[1]))
      .map(([scope, unit]) => {
        const figure = table.cell(unit.id, key).measures[OVERALL];
        // The counselor knows their own answers: the group minus them must still be a releasable group.
        const safe = !figure.suppressed && figure.n - ownN >= k;
        return { scope, unit: { id: unit.id, name: unit.name }, overall: safe ? figure : { suppressed: true, reason: 'disclosure_control', n_min: k } };
      });
  }
  return { period_kind: kind, period: key, trend, dispatch, compare_with_averages: on, own_overall: own.overall, comparison };
}

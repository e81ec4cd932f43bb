import type { AppContext } from '../core/context.ts';
import type { Config } from '../core/config.ts';
import { loadUnitTree } from '../access/actor.ts';
import { closingRulesOf, isMonthFinal, monthFinalAt } from '../time/closing.ts';
import { monthStartOf } from '../time/periods.ts';
import { ensureSnapshot } from './group-store.ts';
import { startPeriodic, type PeriodicJob } from '../jobs/periodic.ts';

/**
 * Keeps the released-figure snapshots fresh from the background worker, so no reader ever waits for
 * (or pays the CPU of) the whole-tree disclosure control. Readers are served the last snapshot;
 * this pass recomputes each year that is REPORT_REFRESH_SECONDS old.
 */

/**
 * The years whose figures can still change: the current one, and the previous one until its last
 * month is final (time/closing.ts). Older years keep their last snapshot.
 */
export function yearsStillChanging(now: Date, config: Pick<Config, 'TIME_ZONE' | 'MAX_MEETING_AGE_DAYS' | 'LINK_EXPIRY_DAYS'>): number[] {
  const rules = closingRulesOf(config);
  const year = Number(monthStartOf(now, rules.timeZone).slice(0, 4));
  return isMonthFinal(`${year - 1}-12-01`, now, rules) ? [year] : [year - 1, year];
}

/**
 * One pass: recomputes the stale snapshots of the years still changing, and once more any year whose
 * snapshot was taken before its December was final (so its last tertial and the year close, however
 * long the worker was away). Returns the years it recomputed.
 */
export async function refreshStaleSnapshots(ctx: AppContext): Promise<number[]> {
  const now = ctx.now();
  const rules = closingRulesOf(ctx.config);
  const unclosed = (await ctx.db.selectFrom('report_snapshot').select(['year', 'computed_at']).execute())
    .filter((s) => {
      const final = monthFinalAt(`${s.year}-12-01`, rules).getTime();
      return final <= now.getTime() && new Date(s.computed_at).getTime() < final;
    })
    .map((s) => s.year);
  const years = [...new Set([...yearsStillChanging(now, ctx.config), ...unclosed])].sort();
  const tree = await loadUnitTree(ctx.db);
  const refreshed: number[] = [];
  for (const year of years) {
    // Another worker node holding the year's lock is already doing it: skip rather than queue.
    if (await ensureSnapshot(ctx, year, tree, { skipIfLocked: true, force: unclosed.includes(year) })) refreshed.push(year);
  }
  return refreshed;
}

/** Runs a refresh pass every fifth of REPORT_REFRESH_SECONDS (at least every 5 s, at most every 60 s). */
export function startReportRefresher(ctx: AppContext, opts: { onError?: (err: unknown) => void } = {}): PeriodicJob {
  const intervalMs = Math.min(60, Math.max(5, ctx.config.REPORT_REFRESH_SECONDS / 5)) * 1000;
  return startPeriodic('report refresher', intervalMs, () => refreshStaleSnapshots(ctx), opts.onError);
}

import type { AppContext } from '../app.ts';
import type { Config } from '../config.ts';
import { loadUnitTree } from '../access/actor.ts';
import { zonedParts } from '../time/zone.ts';
import { ensureSnapshot } from './group-data.ts';
import { startPeriodic, type PeriodicJob } from '../jobs/periodic.ts';

/**
 * Keeps the released-figure snapshots fresh from the background worker, so no reader ever waits for
 * (or pays the CPU of) the whole-tree disclosure control. Readers are served the last snapshot;
 * this pass recomputes each year that is REPORT_REFRESH_SECONDS old.
 */

/** Margin for a meeting at the very end of a year: quiet hours, invite delay, a late reminder. */
const LATE_MARGIN_DAYS = 2;

/**
 * The years whose answers can still change: the current one, and the previous one for as long as a
 * meeting from its last day may still be reported (MAX_MEETING_AGE_DAYS) and then answered
 * (LINK_EXPIRY_DAYS). Older years are final and keep their last snapshot.
 */
export function yearsStillChanging(now: Date, config: Pick<Config, 'TIME_ZONE' | 'MAX_MEETING_AGE_DAYS' | 'LINK_EXPIRY_DAYS'>): number[] {
  const local = zonedParts(now, config.TIME_ZONE);
  const dayOfYear = (Date.UTC(local.year, local.month - 1, local.day) - Date.UTC(local.year, 0, 1)) / 86_400_000;
  const lateAnswerDays = config.MAX_MEETING_AGE_DAYS + config.LINK_EXPIRY_DAYS + LATE_MARGIN_DAYS;
  return dayOfYear < lateAnswerDays ? [local.year - 1, local.year] : [local.year];
}

/** One pass: recomputes the stale snapshots of the years still changing. Returns the years it recomputed. */
export async function refreshStaleSnapshots(ctx: AppContext): Promise<number[]> {
  const years = yearsStillChanging(ctx.now(), ctx.config);
  const tree = await loadUnitTree(ctx.db);
  const refreshed: number[] = [];
  for (const year of years) {
    // Another worker node holding the year's lock is already doing it: skip rather than queue.
    if (await ensureSnapshot(ctx, year, tree, { skipIfLocked: true })) refreshed.push(year);
  }
  return refreshed;
}

/** Runs a refresh pass every fifth of REPORT_REFRESH_SECONDS (at least every 5 s, at most every 60 s). */
export function startReportRefresher(ctx: AppContext, opts: { onError?: (err: unknown) => void } = {}): PeriodicJob {
  const intervalMs = Math.min(60, Math.max(5, ctx.config.REPORT_REFRESH_SECONDS / 5)) * 1000;
  return startPeriodic('report refresher', intervalMs, () => refreshStaleSnapshots(ctx), opts.onError);
}

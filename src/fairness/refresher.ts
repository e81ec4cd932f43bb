import type { AppContext } from '../core/context.ts';
import { CASE_MIX_COVARIATES } from './coding.ts';
import { refreshFits } from './fits.ts';
import { startPeriodic, type PeriodicJob } from '../jobs/periodic.ts';
import { hasDirtyMonths, refreshFairnessStats, type RefreshResult } from './store.ts';

/** How often the worker looks for months with new answers (a refresh of a national month takes seconds). */
export const FAIRNESS_REFRESH_MS = 60_000;

/**
 * Runs in the background worker (jobs/background.ts): at start and then every `intervalMs`, if answers arrived or left
 * since the last refresh, recomputes those months and moves their years (store.ts), then fits every year whose
 * statistics (or, for offices, organisation) changed and keeps the fits (fits.ts). Readers never refresh; they see
 * the last completed refresh and when it was computed. Several workers may run: one refreshes, the others skip.
 */
export function startFairnessRefresher(
  ctx: Pick<AppContext, 'db'>,
  opts: { intervalMs?: number; onError?: (err: unknown) => void; onRefresh?: (result: RefreshResult) => void } = {},
): PeriodicJob {
  return startPeriodic(
    'fairness refresh',
    opts.intervalMs ?? FAIRNESS_REFRESH_MS,
    async () => {
      if (await hasDirtyMonths(ctx.db)) {
        const result = await refreshFairnessStats(ctx.db, CASE_MIX_COVARIATES, { wait: false });
        opts.onRefresh?.(result);
      }
      await refreshFits(ctx.db);
    },
    opts.onError,
  );
}

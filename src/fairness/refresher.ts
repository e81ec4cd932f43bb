import type { AppContext } from '../app.ts';
import { CASE_MIX_COVARIATES } from './coding.ts';
import { refreshFits } from './fits.ts';
import { hasDirtyMonths, refreshFairnessStats, type RefreshResult } from './store.ts';

/** How often the worker looks for months with new answers (a refresh of a national month takes seconds). */
export const FAIRNESS_REFRESH_MS = 60_000;

export interface FairnessRefresher {
  stop(): Promise<void>;
}

/**
 * Runs in the background worker (startWorker): at start and then every `intervalMs`, if answers arrived or left
 * since the last refresh, recomputes those months and moves their years (store.ts), then fits every year whose
 * statistics (or, for offices, organisation) changed and keeps the fits (fits.ts). Readers never refresh; they see
 * the last completed refresh and when it was computed. Several workers may run: one refreshes, the others skip.
 */
export function startFairnessRefresher(
  ctx: Pick<AppContext, 'db'>,
  opts: { intervalMs?: number; onError?: (err: unknown) => void; onRefresh?: (result: RefreshResult) => void } = {},
): FairnessRefresher {
  const intervalMs = opts.intervalMs ?? FAIRNESS_REFRESH_MS;
  const onError = opts.onError ?? ((err: unknown) => console.error('fairness refresh:', err));
  let stopping = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopping) {
      try {
        if (await hasDirtyMonths(ctx.db)) {
          const result = await refreshFairnessStats(ctx.db, CASE_MIX_COVARIATES, { wait: false });
          opts.onRefresh?.(result);
        }
        await refreshFits(ctx.db);
      } catch (err) {
        onError(err);
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();
  return {
    async stop() {
      stopping = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}

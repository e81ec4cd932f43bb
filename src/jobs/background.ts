import type { AppContext } from '../app.ts';
import { closeFinishedInvitations, rewriteRecentLocalCounts } from '../retention/invitations.ts';
import { deleteExpiredRecords } from '../retention/records.ts';
import type { Transports } from '../dispatch/transports/index.ts';
import { startWorker } from '../dispatch/worker.ts';
import { startFairnessRefresher } from '../fairness/refresher.ts';
import { startReportRefresher } from '../reporting/refresher.ts';
import { startPeriodic, type PeriodicJob } from './periodic.ts';

/** How often retention looks for invitations whose links have expired. */
const RETENTION_INTERVAL_MS = 60_000;
/** How often records past RESPONSE_RETENTION_MONTHS are deleted (they age by whole months). */
const RECORDS_INTERVAL_MS = 60 * 60_000;

/**
 * Everything the worker role runs (`serve --role worker|all`), in one place: the dispatch queue,
 * the released-figure snapshots, the fair comparison's statistics and fits, invitation retention
 * and the deletion of records past RESPONSE_RETENTION_MONTHS. Each is safe with several worker
 * nodes (row locks, SKIP LOCKED or try-locks).
 */
export function startBackgroundJobs(
  ctx: AppContext,
  opts: { transports?: Transports; onError?: (err: unknown) => void; fairnessRefreshMs?: number } = {},
): PeriodicJob {
  const jobs = [
    startWorker(ctx, { transports: opts.transports, onError: opts.onError }),
    startReportRefresher(ctx, { onError: opts.onError }),
    startFairnessRefresher(ctx, { intervalMs: opts.fairnessRefreshMs, onError: opts.onError }),
    startPeriodic(
      'retention',
      RETENTION_INTERVAL_MS,
      async () => {
        await closeFinishedInvitations(ctx.db, ctx.now());
        await rewriteRecentLocalCounts(ctx.db, ctx.now());
      },
      opts.onError,
    ),
    startPeriodic('record retention', RECORDS_INTERVAL_MS, () => deleteExpiredRecords(ctx.db, ctx.now(), ctx.config), opts.onError),
  ];
  return {
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
    },
  };
}

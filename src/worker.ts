import type { AppContext } from './core/context.ts';
import { closeFinishedInvitations, rewriteRecentLocalCounts } from './retention/invitations.ts';
import { deleteExpiredRecords } from './retention/records.ts';
import { shuffleRecentResponses } from './retention/shuffle.ts';
import { deleteNotesOfDeparted } from './reflection/store.ts';
import { closingRulesOf } from './time/closing.ts';
import { closeTransports, createTransports, type Transports } from './dispatch/transports/index.ts';
import { sendDigests } from './digest/digest.ts';
import { sendCircleInvites } from './circles/invites.ts';
import { deleteOldDiscussions } from './circles/discussions.ts';
import { startWorker } from './dispatch/worker.ts';
import { startFairnessRefresher } from './fairness/refresher.ts';
import { startReportRefresher } from './disclosure/refresher.ts';
import { startPeriodic, type PeriodicJob } from './jobs/periodic.ts';

/** How often retention looks for invitations whose links have expired. */
const RETENTION_INTERVAL_MS = 60_000;
/** How often records past RESPONSE_RETENTION_MONTHS are deleted (they age by whole months). */
const RECORDS_INTERVAL_MS = 60 * 60_000;
/** How often the worker looks for counselors whose monthly results e-mail is due. */
const DIGEST_INTERVAL_MS = 15 * 60_000;
/** How often the worker sends the calendar e-mails of planned and cancelled kollegaveiledning sessions. */
const CIRCLE_INVITES_INTERVAL_MS = 30_000;

/**
 * Everything the worker role runs (`serve --role worker|all`), in one place: the dispatch queue,
 * the released-figure snapshots, the fair comparison's statistics and fits, invitation retention
 * the deletion of records past RESPONSE_RETENTION_MONTHS, and the counselors' monthly digests. Each is safe with several worker
 * nodes (row locks, SKIP LOCKED or try-locks).
 */
export function startBackgroundJobs(
  ctx: AppContext,
  opts: { transports?: Transports; onError?: (err: unknown) => void; fairnessRefreshMs?: number } = {},
): PeriodicJob {
  // One set of transports for the invitations and the counselors' digests, closed when all stop.
  const transports = opts.transports ?? createTransports(ctx.config, ctx.now);
  const jobs = [
    startWorker(ctx, { transports, onError: opts.onError }),
    startReportRefresher(ctx, { onError: opts.onError }),
    startFairnessRefresher(ctx, { intervalMs: opts.fairnessRefreshMs, onError: opts.onError }),
    startPeriodic(
      'retention',
      RETENTION_INTERVAL_MS,
      async () => {
        await shuffleRecentResponses(ctx.db, ctx.now(), closingRulesOf(ctx.config), ctx.config.RESPONSE_SHUFFLE_MINUTES);
        await closeFinishedInvitations(ctx.db, ctx.now());
        await rewriteRecentLocalCounts(ctx.db, ctx.now());
      },
      opts.onError,
    ),
    startPeriodic(
      'record retention',
      RECORDS_INTERVAL_MS,
      async () => {
        await deleteExpiredRecords(ctx.db, ctx.now(), ctx.config, undefined, ctx.ledger);
        // The private notes (and key) of an employee inactive for as long as the results are kept.
        await deleteNotesOfDeparted(ctx);
        // Kollegaveiledning's discussion requests, DISCUSSION_RETENTION_DAYS after they were made (shown until then only).
        await deleteOldDiscussions(ctx);
      },
      opts.onError,
    ),
    startPeriodic('results digest', DIGEST_INTERVAL_MS, () => sendDigests(ctx, transports), opts.onError),
    startPeriodic('kollegaveiledning invitations', CIRCLE_INVITES_INTERVAL_MS, () => sendCircleInvites(ctx, transports), opts.onError),
  ];
  return {
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
      if (!opts.transports) await closeTransports(transports);
    },
  };
}

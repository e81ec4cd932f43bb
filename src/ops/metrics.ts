import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { observePasses } from '../jobs/periodic.ts';

/**
 * What this process tells Prometheus (`GET /metrics` on METRICS_PORT, src/ops/probe-server.ts).
 * Aggregates only: no label names a counselor, a unit, an employee or a token. The labels are the
 * invitation state, the background job's name, and for HTTP the method, the route's pattern
 * (`/s/:token`, never the URL) and the status class.
 */
export interface Metrics {
  registry: Registry;
  /** Records one answered HTTP request (src/server.ts calls it from an onResponse hook). */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void;
  /** Stops observing the background jobs (the registry's own collectors hold nothing open). */
  close(): void;
}

/** The database's figures are queried at most this often per process, however often it is scraped. */
export const DB_FIGURES_MAX_AGE_MS = 30_000;

const INVITATION_STATES = ['scheduled', 'sending', 'sent', 'reminding', 'reminded', 'answered', 'expired', 'failed', 'cancelled'] as const;

interface DbFigures {
  invitations: Map<string, number>;
  oldestDueSeconds: number;
  answers: number;
}

export function createMetrics(ctx: AppContext): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'brukerstemme_' });

  // One read of the database serves every gauge below, cached for DB_FIGURES_MAX_AGE_MS.
  let figures: { at: number; value: Promise<DbFigures> } | null = null;
  const readFigures = (): Promise<DbFigures> => {
    const at = Date.now();
    if (!figures || at - figures.at > DB_FIGURES_MAX_AGE_MS) {
      const value = queryFigures(ctx);
      figures = { at, value };
      // A failed read is not kept: the next scrape tries again.
      value.catch(() => (figures = null));
    }
    return figures.value;
  };

  new Gauge({
    name: 'brukerstemme_invitations',
    help: 'Invitations in each state (the whole service, read from the database)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { invitations } = await readFigures();
      for (const state of INVITATION_STATES) this.set({ state }, invitations.get(state) ?? 0);
    },
  });
  new Gauge({
    name: 'brukerstemme_dispatch_oldest_due_seconds',
    help: 'How long the oldest invitation due for an action (send, reminder, expiry) has waited; 0 when none is due',
    registers: [registry],
    async collect() {
      this.set((await readFigures()).oldestDueSeconds);
    },
  });
  new Gauge({
    name: 'brukerstemme_answers',
    help: 'Answers stored (the whole service; falls when records pass RESPONSE_RETENTION_MONTHS)',
    registers: [registry],
    async collect() {
      this.set((await readFigures()).answers);
    },
  });

  const jobSeconds = new Histogram({
    name: 'brukerstemme_job_pass_seconds',
    help: 'Duration of one pass of a background job (job="report refresher" is the refresh of the released figures)',
    labelNames: ['job'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'brukerstemme_job_pass_failures_total',
    help: 'Passes of a background job that ended in an error',
    labelNames: ['job'],
    registers: [registry],
  });
  const stopObserving = observePasses((job, seconds, failed) => {
    jobSeconds.observe({ job }, seconds);
    if (failed) jobFailures.inc({ job });
  });

  const requestSeconds = new Histogram({
    name: 'brukerstemme_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    registry,
    observeRequest(method, route, statusCode, seconds) {
      // An address no route matched is one label, not the URL (which could hold a token).
      requestSeconds.observe({ method, route: route ?? 'unmatched', status: `${Math.floor(statusCode / 100)}xx` }, seconds);
    },
    close: stopObserving,
  };
}

async function queryFigures(ctx: AppContext): Promise<DbFigures> {
  const now = ctx.now();
  const states = await ctx.db
    .selectFrom('invitation')
    .select(['state', sql<string>`count(*)`.as('n')])
    .groupBy('state')
    .execute();
  // invitation_due_idx covers next_action_at: the oldest due row is one index probe.
  const due = await ctx.db
    .selectFrom('invitation')
    .select(sql<Date | string | null>`min(next_action_at)`.as('oldest'))
    .where('next_action_at', '<=', now)
    .executeTakeFirst();
  const answers = await ctx.db
    .selectFrom('response')
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  const oldest = due?.oldest ? new Date(due.oldest).getTime() : null;
  return {
    invitations: new Map(states.map((s) => [s.state, Number(s.n)])),
    oldestDueSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
    answers: Number(answers.n),
  };
}

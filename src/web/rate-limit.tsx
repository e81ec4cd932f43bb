import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../core/context.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../core/errors.ts';

/**
 * Rate limits on the routes where someone could guess: the login and the pages reached with a
 * survey, opt-out or Q-sort token. Counted in the database (table `rate_limit`), so the limit holds
 * for the whole service however many web nodes run: a fixed window per limit and client key, one
 * upsert per counted request. `@fastify/rate-limit` was not used: it counts one key per route, where
 * a login attempt counts against both the address and the employee id, and counting in PostgreSQL
 * would need a store of our own anyway.
 *
 * The key is an HMAC of the client address (and the employee id tried), so the table holds neither
 * addresses nor tokens; rows are deleted once their window has ended.
 */

export type Bucket = 'login_address' | 'login_employee' | 'token_address';

interface Rule {
  bucket: Bucket;
  limit: (ctx: AppContext) => number;
  /** The client key for this request, or undefined when the rule does not apply to it. */
  key: (request: FastifyRequest) => string | undefined;
}

const byAddress = (request: FastifyRequest) => request.ip;

const loginByAddress: Rule = { bucket: 'login_address', limit: (ctx) => ctx.config.RATE_LIMIT_LOGIN_PER_ADDRESS, key: byAddress };
const loginByEmployee: Rule = {
  bucket: 'login_employee',
  limit: (ctx) => ctx.config.RATE_LIMIT_LOGIN_PER_EMPLOYEE,
  key: (request) => {
    const id = (request.body as Record<string, unknown> | undefined)?.employee_id;
    return typeof id === 'string' && id.trim() !== '' ? id.trim().slice(0, 200) : undefined;
  },
};
const tokenByAddress: Rule = { bucket: 'token_address', limit: (ctx) => ctx.config.RATE_LIMIT_TOKEN_PER_ADDRESS, key: byAddress };

/** Which routes are limited (method and route pattern, as registered). */
export const LIMITED_ROUTES: ReadonlyMap<string, readonly Rule[]> = new Map<string, readonly Rule[]>([
  ['POST /login', [loginByAddress, loginByEmployee]],
  ['GET /login/oidc/callback', [loginByAddress]],
  ...[
    'GET /s/:token',
    'POST /s/:token',
    'GET /s/:token/takk',
    'GET /optout/:token',
    'POST /optout/:token',
    'POST /q',
    'GET /q/:token',
    'POST /q/:token',
    'GET /q/:token/takk',
  ].map((route) => [route, [tokenByAddress]] as const),
]);

export interface Hit {
  allowed: boolean;
  hits: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfter: number;
}

/**
 * Counts one request against `bucket` for `key` and says whether it is within `limit`. Atomic across
 * nodes: the upsert takes the row lock, so concurrent requests on any node each see their own count.
 */
export async function countHit(
  db: Database,
  secret: string,
  args: { bucket: Bucket; key: string; limit: number; windowSeconds: number; now: Date },
): Promise<Hit> {
  const windowMs = args.windowSeconds * 1000;
  const startMs = Math.floor(args.now.getTime() / windowMs) * windowMs;
  const windowStart = new Date(startMs);
  const expiresAt = new Date(startMs + windowMs);
  const keyHash = createHmac('sha256', secret).update(`rate-limit\0${args.bucket}\0${args.key}`).digest('hex');
  // A newer window starts the count again; a node whose clock lags counts into the newer window.
  const row = await db
    .insertInto('rate_limit')
    .values({ bucket: args.bucket, key_hash: keyHash, window_start: windowStart, expires_at: expiresAt, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['bucket', 'key_hash']).doUpdateSet((eb) => ({
        hits: eb
          .case()
          .when('excluded.window_start', '>', eb.ref('rate_limit.window_start'))
          .then(eb.lit(1))
          .else(eb('rate_limit.hits', '+', eb.lit(1)))
          .end(),
        expires_at: eb.fn<Date>('greatest', ['excluded.expires_at', 'rate_limit.expires_at']),
        window_start: eb.fn<Date>('greatest', ['excluded.window_start', 'rate_limit.window_start']),
      })),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  const hits = Number(row.hits);
  // A new window for this key: a moment to clear every window that has ended (cheap, indexed).
  if (hits === 1) await db.deleteFrom('rate_limit').where('expires_at', '<=', args.now).execute();
  return { allowed: hits <= args.limit, hits, retryAfter: Math.max(1, Math.ceil((expiresAt.getTime() - args.now.getTime()) / 1000)) };
}

/** 429 with Retry-After; the one error handler answers it as a page (minutes to wait) or as JSON (seconds). */
function refusal(retryAfter: number): AppError {
  return new AppError('rate_limited', {
    vars: { minutes: Math.max(1, Math.ceil(retryAfter / 60)) },
    headers: { 'retry-after': String(retryAfter) },
    extra: { retry_after_seconds: retryAfter },
  });
}

export function installRateLimits(app: FastifyInstance, ctx: AppContext): void {
  const secret = ctx.secrets.contactHash;
  // preHandler: after the body is parsed (the login's employee id), before the route does any work.
  app.addHook('preHandler', async (request) => {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const rules = LIMITED_ROUTES.get(`${method} ${request.routeOptions.url}`);
    if (!rules) return;
    let refusedFor = 0;
    for (const rule of rules) {
      const limit = rule.limit(ctx);
      const key = rule.key(request);
      if (limit <= 0 || key === undefined) continue;
      const hit = await countHit(ctx.db, secret, {
        bucket: rule.bucket,
        key,
        limit,
        windowSeconds: ctx.config.RATE_LIMIT_WINDOW_SECONDS,
        now: ctx.now(),
      });
      if (!hit.allowed) refusedFor = Math.max(refusedFor, hit.retryAfter);
    }
    if (refusedFor === 0) return;
    request.log.warn({ route: request.routeOptions.url }, 'rate limit reached');
    throw refusal(refusedFor);
  });
}

import { createRequire } from 'node:module';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { sql } from 'kysely';
import type { AppContext } from './core/context.ts';
import { installErrorHandler } from './web/error-handler.tsx';
import { installAccessGuard } from './access/guard.ts';
import { errorPageFrame } from './access/navigation.ts';
import { registerIntakeRoutes } from './intake/routes.ts';
import { registerOrgRoutes } from './org/routes.ts';
import { registerReportingRoutes } from './reporting/routes.tsx';
import { registerSessions } from './auth/session.ts';
import { registerOidcRoutes } from './auth/oidc.ts';
import { registerAdminRoutes } from './admin/routes.ts';
import { registerMonitoringRoutes } from './monitoring/routes.ts';
import { registerSurveyRoutes } from './survey/routes.ts';
import { registerSharingRoutes } from './sharing/routes.ts';
import { registerCircleRoutes } from './circles/routes.ts';
import { registerCompetenceRoutes } from './competence/routes.ts';
import { registerQmethodRoutes } from './qmethod/routes.ts';
import { registerFairnessRoutes } from './fairness/routes.tsx';
import { registerStaffRoutes } from './staff/routes.ts';
import { registerLocalQuestionRoutes } from './localquestions/routes.ts';
import { registerReflectionRoutes } from './reflection/routes.ts';
import { rememberEmployeeLanguage } from './org/language.ts';
import { registerDigestRoutes } from './digest/routes.ts';
import { registerAssets } from './web/assets.ts';
import { installCrossSiteGuard } from './web/cross-site.tsx';
import { installRateLimits } from './web/rate-limit.tsx';
import { installSecurityHeaders } from './web/security-headers.ts';
import { installLanguageMemory } from './web/lang.ts';
import type { Metrics } from './ops/metrics.ts';

/**
 * Fastify's JSON-schema compilers (Ajv, fast-json-stringify), loaded only when a route declares a
 * schema. None does (input is checked with Zod: core/errors.ts parseInput), and loading Ajv took a
 * noticeable share of every start.
 */
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));
const lazySchemaCompilers = {
  buildValidator: (...args: unknown[]) => fastifyRequire('@fastify/ajv-compiler')()(...args),
  buildSerializer: (...args: unknown[]) => fastifyRequire('@fastify/fast-json-stringify-compiler')()(...args),
};

/**
 * Each capability registers its own routes here. The server holds no state of its own:
 * everything lives in the database, so any number of web nodes can run behind a load balancer.
 */
export interface ServerOptions {
  /**
   * Whether the data is complete, for /healthz: false while `start` is still filling in the demo
   * (the server answers from the first moment; the pages show what is already in).
   */
  ready?: () => boolean;
  /** Where the HTTP latency of every answered request is recorded (route pattern, never the URL). */
  metrics?: Metrics;
}

export async function buildServer(ctx: AppContext, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: ctx.config.LOG_LEVEL === 'silent' ? false : { level: ctx.config.LOG_LEVEL },
    bodyLimit: ctx.config.MAX_BODY_BYTES,
    // Survey tokens and ids are never logged: request logs show the route, not the URL.
    logController: new LogController({ disableRequestLogging: true }),
    // Behind a load balancer the client address (which keys the rate limits) is in X-Forwarded-For.
    trustProxy: ctx.config.TRUST_PROXY_HOPS > 0 ? (_address: string, hop: number) => hop < ctx.config.TRUST_PROXY_HOPS : false,
    schemaController: { compilersFactory: lazySchemaCompilers },
  });
  const { metrics } = opts;
  if (metrics) {
    // routeOptions.url is the route's pattern (`/s/:token`), undefined when no route matched.
    app.addHook('onResponse', async (request, reply) => {
      metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    });
  }
  installErrorHandler(app, (request, lang) => errorPageFrame(ctx, request, lang));
  // First, so every response carries the headers, refusals by the hooks below included.
  await installSecurityHeaders(app, ctx.config);
  await app.register(formbody);
  installCrossSiteGuard(app, ctx.config);
  installRateLimits(app, ctx);

  await registerSessions(app, ctx);
  installLanguageMemory(app, {
    secure: (ctx.config.PUBLIC_URL ?? '').startsWith('https:'),
    // The signed-in employee's pick is kept too, for what is sent to them (calendar invitations).
    remember: async (request, lang) => {
      if (request.actor) await rememberEmployeeLanguage(ctx.db, request.actor.employeeId, lang, ctx.now());
    },
  });
  // After the session cookie plugin (the guard reads the cookie), before any route (each declares its access).
  installAccessGuard(app, ctx);

  app.get('/healthz', { config: { access: 'public', page: false } }, async () => {
    await sql`select 1`.execute(ctx.db);
    return { ok: true, ready: opts.ready?.() ?? true };
  });
  // The readiness probe: 503 while the demo is filled in, once shutdown has begun, or when the
  // database does not answer. (Before the migrations are done the port is not open at all.)
  app.get('/readyz', { config: { access: 'public', page: false } }, async (_request, reply) => {
    let ready = opts.ready?.() ?? true;
    if (ready)
      ready = await sql`select 1`.execute(ctx.db).then(
        () => true,
        () => false,
      );
    return reply.code(ready ? 200 : 503).send({ ready });
  });
  await registerOrgRoutes(app, ctx);
  await registerReportingRoutes(app, ctx);
  await registerFairnessRoutes(app, ctx);
  await registerSharingRoutes(app, ctx);
  await registerCircleRoutes(app, ctx);
  await registerCompetenceRoutes(app, ctx);
  await registerOidcRoutes(app, ctx);
  await registerAdminRoutes(app, ctx);
  await registerMonitoringRoutes(app, ctx);
  await registerIntakeRoutes(app, ctx);
  await registerAssets(app);
  await registerSurveyRoutes(app, ctx);
  await registerQmethodRoutes(app, ctx);
  await registerLocalQuestionRoutes(app, ctx);
  await registerStaffRoutes(app, ctx);
  await registerDigestRoutes(app, ctx);
  await registerReflectionRoutes(app, ctx);

  return app;
}

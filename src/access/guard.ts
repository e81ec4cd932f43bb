import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../core/context.ts';
import { requireApiClient, type ApiClient } from '../auth/api-keys.ts';
import { currentEmployee } from '../auth/session.ts';
import { ownedUnits } from './scope.ts';
import { AppError, type ErrorReason } from '../core/errors.ts';
import { loadActor, loadUnitTree } from './actor.ts';
import { rolesOf, type Actor } from './scope.ts';

/**
 * Who may call a route, declared with the route (`config: { access }`) and checked by one hook before
 * anything else runs for it (no body is even read for a refused request). Each level is a plain
 * role or sign-in check; what depends on the resource asked for (may this reader open unit X, this
 * counselor's results, this question) stays with the route, in the shared helpers of access/ and
 * the capabilities' stores.
 *
 *   public                  anyone: the citizen's token pages, the login, assets, open data
 *   api_key                 the case and HR systems (Authorization: Bearer <key>)
 *   signed_in               any employee with a session
 *   counselor               employees whose job is counselor (their own results to share)
 *   leader_or_analyst       leaders, county and national analysts, administrators (office comparisons)
 *   analyst                 county and national analysts (staff surveys; see staff/routes.ts for why)
 *   national_analyst_or_administrator   Q-study results
 *   local_question_owner    leaders of an active office, analysts of an active county
 *   administrator           administrators
 */
export const ACCESS_LEVELS = [
  'public',
  'api_key',
  'signed_in',
  'counselor',
  'leader_or_analyst',
  'analyst',
  'national_analyst_or_administrator',
  'local_question_owner',
  'administrator',
] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; every route declares it (the server refuses to start otherwise). */
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in employee, set by the access hook on routes that need one. */
    actor?: Actor;
    /** The calling system, set by the access hook on api_key routes. */
    apiClient?: ApiClient;
  }
}

type RoleLevel = Exclude<Access, 'public' | 'api_key' | 'signed_in'>;

/** County and national analysts (administrators only as such analysts: see staff/routes.ts). */
export function mayAnalyseStaffSurveys(actor: Actor): boolean {
  const roles = rolesOf(actor);
  return roles.includes('county_analyst') || roles.includes('national_analyst');
}

const ROLE_RULES: Record<RoleLevel, { allows: (actor: Actor, ctx: AppContext) => boolean | Promise<boolean>; reason: ErrorReason }> = {
  counselor: { allows: (actor) => actor.job === 'counselor', reason: 'counselors_only' },
  leader_or_analyst: { allows: (actor) => rolesOf(actor).some((role) => role !== 'counselor'), reason: 'leaders_and_analysts_only' },
  analyst: { allows: mayAnalyseStaffSurveys, reason: 'analysts_only' },
  national_analyst_or_administrator: { allows: (actor) => actor.nationalAnalyst || actor.administrator, reason: 'national_analysts_only' },
  local_question_owner: {
    allows: async (actor, ctx) => ownedUnits(actor, await loadUnitTree(ctx.db)).length > 0,
    reason: 'local_question_owners_only',
  },
  administrator: { allows: (actor) => actor.administrator, reason: 'administrators_only' },
};

/** Does this actor hold the role a level names (for navigation: which links to offer)? */
export async function actorMay(ctx: AppContext, actor: Actor, level: RoleLevel): Promise<boolean> {
  return ROLE_RULES[level].allows(actor, ctx);
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

const declared = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every route registered after the guard, with the access it declares (for tests and review). */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declared.get(app) ?? [];
}

/**
 * Installs the guard: routes registered from now on must declare their access, and one onRequest
 * hook checks it. Install it after the session cookie plugin (the hook reads the cookie) and before
 * any route.
 */
export function installAccessGuard(app: FastifyInstance, ctx: AppContext): void {
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = ([] as string[]).concat(route.method);
    if (access === undefined || !(ACCESS_LEVELS as readonly string[]).includes(access)) {
      throw new Error(`${methods.join(',')} ${route.url} declares no access: give it config.access (one of ${ACCESS_LEVELS.join(', ')})`);
    }
    for (const method of methods) routes.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    // An unknown address has no route and no access to check: the not-found handler answers it.
    if (request.is404) return;
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;
    if (access === 'api_key') {
      request.apiClient = await requireApiClient(ctx.db, request);
      return;
    }
    const employee = await currentEmployee(request, ctx);
    const actor = employee ? await loadActor(ctx.db, employee.id) : null;
    if (!actor) throw new AppError('not_signed_in');
    request.actor = actor;
    if (access === 'signed_in') return;
    const rule = ROLE_RULES[access];
    if (!(await rule.allows(actor, ctx))) throw new AppError('forbidden', { reason: rule.reason });
  });
}

/** The signed-in actor of a route whose access needs one (the hook has checked it). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error(`${request.routeOptions.url} reads the actor but its access does not sign anyone in`);
  return request.actor;
}

/** The calling system of an api_key route. */
export function apiClientOf(request: FastifyRequest): ApiClient {
  if (!request.apiClient) throw new Error(`${request.routeOptions.url} reads the API client but its access is not api_key`);
  return request.apiClient;
}

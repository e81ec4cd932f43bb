import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { singleLineText } from '../validation/text.ts';
import type { AppContext } from '../core/context.ts';
import { loadUnitTree } from '../access/actor.ts';
import { actorOf } from '../access/guard.ts';
import type { Actor } from '../access/scope.ts';
import { requestLang } from '../web/lang.ts';
import { pageFrame } from '../access/navigation.ts';
import { AppError, parseInput } from '../core/errors.ts';
import { sendHtml } from '../web/layout.tsx';
import { addDays, localDate } from '../time/zone.ts';
import { decideComment, moderationQueue, releasedComments, reportComment } from './moderation.ts';
import {
  auditPage,
  counselorCommentsPage,
  individualResultsPage,
  moderationPage,
  policiesPage,
  sharedWithMePage,
  sharingPage,
  type AuditRow,
} from './pages.tsx';
import {
  addMember,
  createGroup,
  groupsOf,
  listPolicies,
  officeColleagues,
  policiesForEmployee,
  publishPolicy,
  removeMember,
  setShare,
  sharesOf,
  withdrawPolicy,
} from '../consent/store.ts';
import { readableCounselors } from '../consent/readers.ts';
import { individualView } from './individual.ts';

const wantsJson = (request: FastifyRequest) => (request.headers['content-type'] ?? '').startsWith('application/json');
const periodSchema = z.object({ period: z.enum(['month', 'tertial', 'year']).default('tertial'), lang: z.string().optional() });
const groupIdParam = z.object({ id: z.coerce.number().int().positive() });
const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date');

/** After a form post: back to the page (303), or a small JSON answer for API clients. */
function done(request: FastifyRequest, reply: FastifyReply, to: string, body: Record<string, unknown> = { ok: true }) {
  if (wantsJson(request)) return reply.send(body);
  return reply.redirect(`${to}?lang=${requestLang(request)}`, 303);
}

/** Sharing settings, colleague groups, office policies, the audit trail, and comment moderation. */
export async function registerSharingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Who may call each route (access/guard.ts); what depends on the group, policy or counselor asked for is checked in the store.
  const counselor = { config: { access: 'counselor' } } as const;
  const administrator = { config: { access: 'administrator' } } as const;
  const signedIn = { config: { access: 'signed_in' } } as const;
  const today = () => localDate(ctx.now(), ctx.config.TIME_ZONE);
  const frameOf = (request: FastifyRequest) => pageFrame(ctx.db, request, requestLang(request));

  // ----- The counselor's sharing settings -----
  app.get('/me/sharing', counselor, async (request, reply) => {
    const actor = actorOf(request);
    const [shares, groups, colleagues, policies] = await Promise.all([
      sharesOf(ctx, actor.employeeId),
      groupsOf(ctx, actor.employeeId),
      officeColleagues(ctx, actor.employeeId),
      policiesForEmployee(ctx, actor.employeeId),
    ]);
    const html = sharingPage(
      {
        frame: await frameOf(request),
        employeeId: actor.employeeId,
        shares,
        groups,
        colleagues,
        policies,
        today: today(),
        timeZone: ctx.config.TIME_ZONE,
      },
      requestLang(request),
    );
    return sendHtml(request, reply, html);
  });

  app.get('/api/v1/me/sharing', counselor, async (request) => {
    const actor = actorOf(request);
    const [shares, groups, policies] = await Promise.all([
      sharesOf(ctx, actor.employeeId),
      groupsOf(ctx, actor.employeeId),
      policiesForEmployee(ctx, actor.employeeId),
    ]);
    return { shares, groups, policies, today: today() };
  });

  const shareSchema = z
    .object({
      grantee: z.enum(['leader', 'group']),
      group_id: z.coerce.number().int().positive().optional(),
      what: z.enum(['figures', 'comments']),
      share: z.enum(['on', 'off']),
    })
    .refine((v) => v.grantee === 'leader' || v.group_id !== undefined, {
      path: ['group_id'],
      message: 'required when sharing with a group',
      params: { code: 'group_required' },
    })
    .refine((v) => v.grantee === 'group' || v.group_id === undefined, { path: ['group_id'], message: 'only for a group' });

  app.post('/me/sharing/shares', counselor, async (request, reply) => {
    const actor = actorOf(request);
    const input = parseInput(shareSchema, request.body);
    await setShare(ctx, actor.employeeId, { grantee: input.grantee, groupId: input.group_id ?? null }, input.what, input.share === 'on');
    return done(request, reply, '/me/sharing');
  });

  app.post('/me/sharing/groups', counselor, async (request, reply) => {
    const actor = actorOf(request);
    const { name } = parseInput(z.object({ name: singleLineText().trim().min(1).max(100) }), request.body);
    const id = await createGroup(ctx, actor.employeeId, name);
    return done(request, reply, '/me/sharing', { id });
  });

  app.post('/me/sharing/groups/:id/members', counselor, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseInput(groupIdParam, request.params);
    const { employee_id } = parseInput(z.object({ employee_id: singleLineText().min(1).max(200) }), request.body);
    await addMember(ctx, actor.employeeId, id, employee_id);
    return done(request, reply, '/me/sharing');
  });

  app.post('/me/sharing/groups/:id/members/:employeeId/remove', counselor, async (request, reply) => {
    const actor = actorOf(request);
    const { id, employeeId } = parseInput(groupIdParam.extend({ employeeId: singleLineText().min(1).max(200) }), request.params);
    await removeMember(ctx, actor.employeeId, id, employeeId);
    return done(request, reply, '/me/sharing');
  });

  // ----- The counselor's audit trail -----
  const auditRows = async (employeeId: string): Promise<AuditRow[]> => {
    const rows = await ctx.db
      .selectFrom('audit_log')
      .leftJoin('employee', 'employee.id', 'audit_log.actor_id')
      .select(['audit_log.at', 'audit_log.action', 'audit_log.detail', 'audit_log.actor_id', 'employee.name'])
      .where('audit_log.subject_employee_id', '=', employeeId)
      .orderBy('audit_log.at', 'desc')
      .orderBy('audit_log.id', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      at: r.at,
      actor_name: r.name ?? r.actor_id,
      action: r.action,
      detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as AuditRow['detail'],
    }));
  };

  app.get('/me/audit', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    return sendHtml(
      request,
      reply,
      auditPage(await frameOf(request), await auditRows(actor.employeeId), requestLang(request), ctx.config.TIME_ZONE),
    );
  });

  app.get('/api/v1/me/audit', signedIn, async (request) => {
    const actor = actorOf(request);
    return { entries: await auditRows(actor.employeeId) };
  });

  // ----- Comments: the counselor reports, the administrator decides -----
  app.get('/me/comments', counselor, async (request, reply) => {
    const actor = actorOf(request);
    const lang = requestLang(request);
    const comments = (await releasedComments(ctx, actor.employeeId, lang)).filter((c) => c.state !== 'hidden');
    return sendHtml(request, reply, counselorCommentsPage(await frameOf(request), comments, lang));
  });

  app.post('/me/comments/report', counselor, async (request, reply) => {
    const actor = actorOf(request);
    const { ref } = parseInput(z.object({ ref: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not a comment reference') }), request.body);
    await reportComment(ctx, actor.employeeId, ref);
    return done(request, reply, '/me/comments');
  });

  app.get('/admin/comments', administrator, async (request, reply) => {
    return sendHtml(request, reply, moderationPage(await frameOf(request), await moderationQueue(ctx), requestLang(request)));
  });

  app.get('/api/v1/admin/comments', administrator, async () => {
    return { items: await moderationQueue(ctx) };
  });

  app.post('/admin/comments/decide', administrator, async (request, reply) => {
    const actor = actorOf(request);
    const { ref, decision } = parseInput(
      z.object({ ref: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not a comment reference'), decision: z.enum(['hidden', 'kept']) }),
      request.body,
    );
    await decideComment(ctx, actor.employeeId, ref, decision);
    return done(request, reply, '/admin/comments');
  });

  // ----- Office policy -----
  const managedOffices = async (actor: Actor) => {
    const tree = await loadUnitTree(ctx.db);
    return [...tree.values()]
      .filter((u) => u.kind === 'office' && u.active && (actor.administrator || actor.leaderOf.includes(u.id)))
      .sort((a, b) => a.name.localeCompare(b.name, 'nb'))
      .map((u) => ({ id: u.id, name: u.name }));
  };

  app.get('/policies', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const offices = await managedOffices(actor);
    if (offices.length === 0) throw new AppError('forbidden', { reason: 'policy_managers_only' });
    const policies = await listPolicies(ctx, { officeIds: offices.map((o) => o.id) });
    const earliest = addDays(today(), ctx.config.POLICY_NOTICE_DAYS);
    return sendHtml(
      request,
      reply,
      policiesPage(
        await frameOf(request),
        { offices, policies, earliest, noticeDays: ctx.config.POLICY_NOTICE_DAYS, today: today() },
        requestLang(request),
      ),
    );
  });

  app.post('/policies', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const input = parseInput(
      z.object({
        office_id: singleLineText().min(1).max(200),
        starts_on: localDateSchema,
        includes_comments: z
          .union([z.boolean(), z.enum(['true', 'on'])])
          .optional()
          .transform((v) => v === true || v === 'true' || v === 'on'),
      }),
      request.body,
    );
    const id = await publishPolicy(ctx, actor, {
      officeId: input.office_id,
      startsOn: input.starts_on,
      includesComments: input.includes_comments,
    });
    return done(request, reply, '/policies', { id });
  });

  app.post('/policies/:id/withdraw', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseInput(groupIdParam, request.params);
    await withdrawPolicy(ctx, actor, id);
    return done(request, reply, '/policies');
  });

  // ----- Someone else's individual results, only where allowed -----
  app.get('/shared-with-me', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    return sendHtml(request, reply, sharedWithMePage(await frameOf(request), await readableCounselors(ctx, actor), requestLang(request)));
  });

  app.get('/employees/:id/results', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseInput(z.object({ id: singleLineText().min(1).max(200) }), request.params);
    const { period } = parseInput(periodSchema, request.query);
    const lang = requestLang(request);
    const view = await individualView(ctx, actor, id, lang, period, 'page');
    reply.header('cache-control', 'no-store');
    return sendHtml(request, reply, individualResultsPage(await frameOf(request), view, lang));
  });

  app.get('/api/v1/employees/:id/results', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseInput(z.object({ id: singleLineText().min(1).max(200) }), request.params);
    const { period } = parseInput(periodSchema, request.query);
    reply.header('cache-control', 'no-store');
    return individualView(ctx, actor, id, requestLang(request), period, 'json');
  });
}

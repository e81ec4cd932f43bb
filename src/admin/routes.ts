import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../access/actor.ts';
import type { Actor } from '../access/scope.ts';
import { actorOf } from '../access/guard.ts';
import { endAllSessions } from '../auth/session.ts';
import type { AppContext } from '../core/context.ts';
import { requestLang } from '../web/lang.ts';
import { pageFrame } from '../access/navigation.ts';
import { AppError, fieldProblem, parseInput } from '../core/errors.ts';
import { describeError } from '../web/error-handler.tsx';
import { sendHtml } from '../web/layout.tsx';
import { rolesPage, type RolesPageData } from './pages.tsx';
import {
  grantChoices,
  grantIdSchema,
  grantInputSchema,
  grantRoleAudited,
  listGrants,
  recentAdminAudit,
  revokeRoleAudited,
} from './roles.ts';
import { singleLineText } from '../validation/text.ts';

const noticeSchema = z.object({ notice: z.enum(['granted', 'revoked']).optional(), lang: z.string().optional() });

/**
 * The administrator's role grants (page with plain HTML forms, and JSON); monitoring for selection,
 * also the administrator's, is registered beside it by the server. Every route declares the administrator's access, which one hook checks on the server.
 * The HTML forms rely on the session cookie being SameSite=Lax, so another site cannot post them.
 */
export async function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const renderRoles = async (
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    extra: Pick<RolesPageData, 'notice' | 'error'>,
    status = 200,
  ) => {
    const lang = requestLang(request);
    const [grants, choices, audit, frame] = await Promise.all([
      listGrants(ctx),
      grantChoices(ctx),
      recentAdminAudit(ctx),
      // A refused form is answered on the roles page: its language links and the menu lead there.
      pageFrame(ctx.db, request, lang, { url: request.method === 'GET' ? request.url : '/admin' }),
    ]);
    return sendHtml(
      request,
      reply,
      rolesPage(lang, frame, { timeZone: ctx.config.TIME_ZONE, grants, ...choices, audit, ...extra }),
      status,
    );
  };

  /** Runs a form action; a refused input re-renders the page with the reasons, and nothing has changed. */
  const formAction = async (request: FastifyRequest, reply: FastifyReply, action: (actor: Actor) => Promise<'granted' | 'revoked'>) => {
    const lang = requestLang(request);
    const actor = actorOf(request);
    try {
      const notice = await action(actor);
      return reply.redirect(`/admin?lang=${lang}&notice=${notice}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
      return renderRoles(request, reply, actor, { error: describeError(error, lang) }, error.statusCode);
    }
  };

  // Every route here is the administrator's (access/guard.ts checks it before the handler runs).
  const administrator = { config: { access: 'administrator' } } as const;

  app.get('/admin', administrator, async (request, reply) => {
    const { notice } = parseInput(noticeSchema, request.query);
    return renderRoles(request, reply, actorOf(request), { notice });
  });

  app.post('/admin/roles', administrator, (request, reply) =>
    formAction(request, reply, async (actor) => {
      await grantRoleAudited(ctx, actor, parseInput(grantInputSchema, request.body, 422));
      return 'granted';
    }),
  );

  app.post('/admin/roles/:id/revoke', administrator, (request, reply) =>
    formAction(request, reply, async (actor) => {
      await revokeRoleAudited(ctx, actor, parseInput(grantIdSchema, request.params).id);
      return 'revoked';
    }),
  );

  app.get('/api/v1/admin/roles', administrator, async () => {
    return { grants: await listGrants(ctx) };
  });

  app.post('/api/v1/admin/roles', administrator, async (request, reply) => {
    const actor = actorOf(request);
    const grant = await grantRoleAudited(ctx, actor, parseInput(grantInputSchema, request.body, 422));
    return reply.status(201).send({ grant });
  });

  app.delete('/api/v1/admin/roles/:id', administrator, async (request) => {
    const actor = actorOf(request);
    return { revoked: await revokeRoleAudited(ctx, actor, parseInput(grantIdSchema, request.params).id) };
  });

  // "Log out everywhere": ends every session of one employee on every node at once (a lost laptop,
  // a copied cookie, someone leaving). Audited like role changes.
  app.post('/api/v1/admin/employees/:id/sessions:end', administrator, async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(z.object({ id: singleLineText().min(1).max(100) }), request.params);
    const employee = await ctx.db.selectFrom('employee').select('id').where('id', '=', id).executeTakeFirst();
    if (!employee)
      throw new AppError('not_found', { reason: 'employee_unknown', fields: [fieldProblem('id', 'unknown', 'unknown employee')] });
    const ended = await endAllSessions(ctx.db, id, ctx.now(), ctx.ledger);
    await audit(ctx.db, { actorId: actor.employeeId, action: 'sessions.end', subjectEmployeeId: id, detail: { ended }, at: ctx.now() });
    return { employee_id: id, ended };
  });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadActor, requireActor } from '../access/actor.ts';
import type { Actor } from '../access/scope.ts';
import type { AppContext } from '../app.ts';
import { currentEmployee } from '../auth/session.ts';
import type { Lang } from '../i18n/index.ts';
import { HttpError } from '../web/errors.ts';
import { sendHtml } from '../web/layout.tsx';
import { adminForbiddenPage } from './pages.tsx';

/** For JSON routes: the administrator, or 401 (not signed in) / 403 (signed in, not an administrator). */
export async function requireAdministrator(request: FastifyRequest, ctx: AppContext): Promise<Actor> {
  const actor = await requireActor(request, ctx);
  if (!actor.administrator) throw new HttpError(403, 'Administrators only');
  return actor;
}

/**
 * For pages: the administrator, or null once the reply is handled — the signed-out are sent to the
 * login, everyone else gets a 403 page (not the JSON error).
 */
export async function administratorForPage(request: FastifyRequest, reply: FastifyReply, ctx: AppContext, lang: Lang): Promise<Actor | null> {
  const employee = await currentEmployee(request, ctx);
  const actor = employee ? await loadActor(ctx.db, employee.id) : null;
  if (!actor) {
    await reply.redirect(`/login?lang=${lang}`);
    return null;
  }
  if (!actor.administrator) {
    await sendHtml(request, reply, adminForbiddenPage(lang, actor.name), 403);
    return null;
  }
  return actor;
}

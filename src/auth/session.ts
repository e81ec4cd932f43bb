import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.ts';

/**
 * Employee sessions in a signed cookie: no server-side session store, so any web node can serve
 * any request. The signing secret is shared through the database.
 */
const COOKIE = 'bs_session';
const MAX_AGE_SECONDS = 8 * 60 * 60;

export interface SessionEmployee {
  id: string;
  name: string;
  role: 'counselor' | 'leader' | 'staff';
  unit_id: string;
}

export async function registerSessions(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(cookie, { secret: ctx.secrets.session });
}

export function startSession(reply: FastifyReply, ctx: AppContext, employeeId: string): void {
  const issuedAt = Math.floor(ctx.now().getTime() / 1000);
  reply.setCookie(COOKIE, `${employeeId}|${issuedAt}`, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: (ctx.config.PUBLIC_URL ?? '').startsWith('https:'),
    maxAge: MAX_AGE_SECONDS,
  });
}

export function endSession(reply: FastifyReply): void {
  reply.clearCookie(COOKIE, { path: '/' });
}

/** The signed-in employee, or null (bad signature, expired, deactivated or unknown). */
export async function currentEmployee(request: FastifyRequest, ctx: AppContext): Promise<SessionEmployee | null> {
  const raw = request.cookies[COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  const [employeeId, issuedAt] = unsigned.value.split('|');
  if (!employeeId || !issuedAt || ctx.now().getTime() / 1000 - Number(issuedAt) > MAX_AGE_SECONDS) return null;
  const employee = await ctx.db
    .selectFrom('employee')
    .select(['id', 'name', 'role', 'unit_id'])
    .where('id', '=', employeeId)
    .where('active', '=', true)
    .executeTakeFirst();
  return employee ?? null;
}

import cookie from '@fastify/cookie';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../core/context.ts';
import type { Database } from '../db/database.ts';
import type { DeletionLedger } from '../ledger/ledger.ts';

/**
 * Employee sessions: a signed cookie that names a session row (employee_session). Any web node can
 * serve any request (the row is in the shared database), and ending a session — logout, or an
 * administrator logging an employee out everywhere — takes effect on every node at the next
 * request. The row holds only a hash of the session id, and the cookie is signed with a key that
 * is not in the database in production (SECRET_KEY), so a copy of the database forges no login.
 */
const COOKIE = 'bs_session';
const MAX_AGE_SECONDS = 8 * 60 * 60;

export interface SessionEmployee {
  id: string;
  name: string;
  role: 'counselor' | 'leader' | 'staff';
  unit_id: string;
}

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

export async function registerSessions(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(cookie, { secret: ctx.secrets.session });
}

export async function startSession(reply: FastifyReply, ctx: AppContext, employeeId: string): Promise<void> {
  const sessionId = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await ctx.db
    .insertInto('employee_session')
    .values({
      id_hash: hashOf(sessionId),
      employee_id: employeeId,
      created_at: now,
      expires_at: new Date(now.getTime() + MAX_AGE_SECONDS * 1000),
    })
    .execute();
  // Expired sessions go as new ones start: the table holds only sessions that could still be used.
  await ctx.db.deleteFrom('employee_session').where('expires_at', '<', now).execute();
  reply.setCookie(COOKIE, sessionId, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: (ctx.config.PUBLIC_URL ?? '').startsWith('https:'),
    maxAge: MAX_AGE_SECONDS,
  });
}

function sessionIdOf(request: FastifyRequest): string | null {
  const raw = request.cookies[COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : null;
}

/** Ends the request's session on the server (every node) and clears the cookie. */
export async function endSession(request: FastifyRequest, reply: FastifyReply, ctx: AppContext): Promise<void> {
  const sessionId = sessionIdOf(request);
  if (sessionId) {
    // Intent first (src/ledger): a restored backup must not bring the session back to life.
    await ctx.ledger?.record({ kind: 'session_ended', session: hashOf(sessionId) }, ctx.now());
    await ctx.db.updateTable('employee_session').set({ revoked_at: ctx.now() }).where('id_hash', '=', hashOf(sessionId)).execute();
  }
  reply.clearCookie(COOKIE, { path: '/' });
}

/** Ends every session of one employee ("log out everywhere"); returns how many were open. */
export async function endAllSessions(db: Database, employeeId: string, now: Date, ledger?: DeletionLedger): Promise<number> {
  await ledger?.record({ kind: 'sessions_ended', employee: employeeId }, now);
  const result = await db
    .updateTable('employee_session')
    .set({ revoked_at: now })
    .where('employee_id', '=', employeeId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The signed-in employee, or null (bad signature, unknown, ended or expired session, deactivated employee). */
export async function currentEmployee(request: FastifyRequest, ctx: AppContext): Promise<SessionEmployee | null> {
  const sessionId = sessionIdOf(request);
  if (!sessionId) return null;
  const employee = await ctx.db
    .selectFrom('employee_session as s')
    .innerJoin('employee as e', 'e.id', 's.employee_id')
    .select(['e.id', 'e.name', 'e.role', 'e.unit_id'])
    .where('s.id_hash', '=', hashOf(sessionId))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', ctx.now())
    .where('e.active', '=', true)
    .executeTakeFirst();
  return employee ?? null;
}

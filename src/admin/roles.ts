import { sql } from 'kysely';
import { z } from 'zod';
import { singleLineText } from '../validation/text.ts';
import { audit } from '../access/actor.ts';
import type { Actor } from '../access/scope.ts';
import type { AppContext } from '../core/context.ts';
import type { GrantedRole } from '../db/schema.ts';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors.ts';

/**
 * Granting and revoking roles, by administrators only (the routes check that). Each change and its
 * audit entry are written in one transaction, so there is no change without a trace.
 *
 * Scope rules: a leader leads an office or a team; a county analyst is scoped to a county; national
 * analysts and administrators have no unit. The last administrator cannot be revoked, so the system
 * is never left without anyone who can grant roles.
 */
export const GRANTED_ROLES = ['leader', 'county_analyst', 'national_analyst', 'administrator'] as const satisfies readonly GrantedRole[];

const UNIT_KINDS_FOR: Record<GrantedRole, ReadonlyArray<string> | null> = {
  leader: ['office', 'team'],
  county_analyst: ['county'],
  national_analyst: null,
  administrator: null,
};

// Forms send '' for an empty select; treat it as absent.
const optionalText = z.preprocess((v) => (v === '' || v === null ? undefined : v), singleLineText().trim().min(1).max(200).optional());

export const grantInputSchema = z.object({
  employee_id: singleLineText().trim().min(1).max(200),
  role: z.enum(GRANTED_ROLES),
  unit_id: optionalText,
});
export type GrantInput = z.infer<typeof grantInputSchema>;

export const grantIdSchema = z.object({ id: z.string().regex(/^\d{1,15}$/, 'must be a grant id') });

export interface GrantView {
  id: string;
  employee_id: string;
  employee_name: string;
  role: GrantedRole;
  unit_id: string | null;
  unit_name: string | null;
  granted_at: string;
}

export async function listGrants(ctx: AppContext): Promise<GrantView[]> {
  const rows = await ctx.db
    .selectFrom('role_grant as g')
    .innerJoin('employee as e', 'e.id', 'g.employee_id')
    .leftJoin('unit as u', 'u.id', 'g.unit_id')
    .select([
      sql<string>`g.id::text`.as('id'),
      'g.employee_id',
      'e.name as employee_name',
      'g.role',
      'g.unit_id',
      'u.name as unit_name',
      'g.granted_at',
    ])
    .orderBy('e.name')
    .orderBy('g.role')
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ ...r, granted_at: new Date(r.granted_at).toISOString() }));
}

async function grantView(ctx: AppContext, id: string): Promise<GrantView | undefined> {
  return (await listGrants(ctx)).find((g) => g.id === id);
}

/** A grant the input names but cannot have: 422, naming the field. */
const invalid = (problem: FieldProblem) => new AppError('invalid_input', { status: 422, fields: [problem] });

export async function grantRoleAudited(ctx: AppContext, actor: Actor, input: GrantInput): Promise<GrantView> {
  const employee = await ctx.db
    .selectFrom('employee')
    .select('id')
    .where('id', '=', input.employee_id)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!employee) throw invalid(fieldProblem('employee_id', 'unknown', 'no active employee with this id'));
  const kinds = UNIT_KINDS_FOR[input.role];
  let unitId: string | null = null;
  if (kinds) {
    if (!input.unit_id)
      throw invalid(fieldProblem('unit_id', 'unit_required', `required for ${input.role} (a unit of kind ${kinds.join(' or ')})`));
    const unit = await ctx.db
      .selectFrom('unit')
      .select(['id', 'kind'])
      .where('id', '=', input.unit_id)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!unit) throw invalid(fieldProblem('unit_id', 'unknown', 'no active unit with this id'));
    if (!kinds.includes(unit.kind))
      throw invalid(
        fieldProblem('unit_id', 'wrong_unit_kind', `${input.role} needs a unit of kind ${kinds.join(' or ')}, not ${unit.kind}`),
      );
    unitId = unit.id;
  } else if (input.unit_id) {
    throw invalid(fieldProblem('unit_id', 'no_unit_for_role', `${input.role} is not scoped to a unit; leave it empty`));
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('role_grant')
      .values({ employee_id: employee.id, role: input.role, unit_id: unitId, granted_at: ctx.now() })
      .onConflict((oc) => oc.doNothing())
      .returning(sql<string>`id::text`.as('id'))
      .executeTakeFirst();
    if (!inserted) throw new AppError('conflict', { reason: 'grant_exists' });
    await audit(trx, {
      actorId: actor.employeeId,
      action: 'role.grant',
      subjectEmployeeId: employee.id,
      unitId,
      detail: { grant_id: inserted.id, role: input.role },
      at: ctx.now(),
    });
    return inserted.id;
  });
  return (await grantView(ctx, id))!;
}

export async function revokeRoleAudited(ctx: AppContext, actor: Actor, grantId: string): Promise<GrantView> {
  const grant = await grantView(ctx, grantId);
  if (!grant) throw new AppError('not_found', { reason: 'grant_unknown' });
  await ctx.db.transaction().execute(async (trx) => {
    if (grant.role === 'administrator') {
      // Serialise concurrent revocations of administrators, so two cannot each leave the other as "the last".
      await sql`lock table role_grant in share row exclusive mode`.execute(trx);
      const admins = await trx
        .selectFrom('role_grant')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('role', '=', 'administrator')
        .executeTakeFirstOrThrow();
      if (admins.n <= 1) throw new AppError('conflict', { reason: 'last_administrator' });
    }
    // Intent first (src/ledger), once the revocation is allowed and before it commits: a restored
    // backup must not give the role back.
    await ctx.ledger?.record({ kind: 'role_revoked', grant: grantId }, ctx.now());
    const deleted = await trx
      .deleteFrom('role_grant')
      .where(sql<boolean>`id::text = ${grantId}`)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw new AppError('not_found', { reason: 'grant_unknown' });
    await audit(trx, {
      actorId: actor.employeeId,
      action: 'role.revoke',
      subjectEmployeeId: grant.employee_id,
      unitId: grant.unit_id,
      detail: { grant_id: grant.id, role: grant.role },
      at: ctx.now(),
    });
  });
  return grant;
}

/** Active employees and units, for the grant form's choices. */
export async function grantChoices(ctx: AppContext) {
  // Names repeat (two "Team Arbeid"): the id settles their order, so it does not follow how rows happen to be stored.
  const employees = await ctx.db
    .selectFrom('employee')
    .select(['id', 'name'])
    .where('active', '=', true)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const units = await ctx.db
    .selectFrom('unit')
    .select(['id', 'name', 'kind'])
    .where('active', '=', true)
    .where('kind', '!=', 'nation')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { employees, units };
}

export async function recentAdminAudit(ctx: AppContext, limit = 50) {
  const rows = await ctx.db
    .selectFrom('audit_log')
    .select(['at', 'actor_id', 'action', 'subject_employee_id', 'unit_id', 'detail'])
    .where('action', 'like', 'role.%')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    at: new Date(r.at).toISOString(),
    detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
  }));
}

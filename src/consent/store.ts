import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { audit, loadUnitTree } from '../access/actor.ts';
import { isWithin, officeOf, type Actor } from '../access/scope.ts';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors.ts';
import { addDays, localDate } from '../time/zone.ts';
import type { ShareWhat } from '../db/schema.ts';
import { GROUP_MAX } from './group-size.ts';

/** Sharing, colleague groups and office policies: the writes, each checked on the server. */

export interface ShareTarget {
  grantee: 'leader' | 'group';
  groupId: number | null;
}

/** Input that parsed but cannot be used: 422, naming the field. */
const invalid = (problem: FieldProblem) => new AppError('invalid_input', { status: 422, fields: [problem] });

/** Turns one share on or off; effective at once (reads check the table on every request). */
export async function setShare(ctx: AppContext, counselorId: string, target: ShareTarget, what: ShareWhat, on: boolean): Promise<void> {
  const groupId = target.grantee === 'group' ? target.groupId : null;
  if (target.grantee === 'group') {
    if (groupId === null) throw invalid(fieldProblem('group_id', 'group_required', 'required when sharing with a group'));
    if (!(await isCurrentMember(ctx, groupId, counselorId))) {
      throw invalid(fieldProblem('group_id', 'not_group_member', 'you can share only with a group you are a member of'));
    }
  }
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const active = trx
      .updateTable('result_share')
      .set({ revoked_at: now })
      .where('counselor_id', '=', counselorId)
      .where('grantee_kind', '=', target.grantee)
      .where('what', '=', what)
      .where('revoked_at', 'is', null);
    const scoped = groupId === null ? active.where('group_id', 'is', null) : active.where('group_id', '=', groupId);
    if (!on) {
      await scoped.execute();
      return;
    }
    await trx
      .insertInto('result_share')
      .values({ counselor_id: counselorId, grantee_kind: target.grantee, group_id: groupId, what, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}

export interface ShareRow {
  id: number;
  grantee_kind: 'leader' | 'group';
  group_id: number | null;
  group_name: string | null;
  what: ShareWhat;
  created_at: Date;
  revoked_at: Date | null;
}

/** All shares of a counselor, current and revoked (the history), newest first. */
export async function sharesOf(ctx: AppContext, counselorId: string): Promise<ShareRow[]> {
  const rows = await ctx.db
    .selectFrom('result_share')
    .leftJoin('colleague_group', 'colleague_group.id', 'result_share.group_id')
    .select([
      'result_share.id',
      'result_share.grantee_kind',
      'result_share.group_id',
      'colleague_group.name as group_name',
      'result_share.what',
      'result_share.created_at',
      'result_share.revoked_at',
    ])
    .where('result_share.counselor_id', '=', counselorId)
    .orderBy('result_share.created_at', 'desc')
    .orderBy('result_share.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), group_id: r.group_id === null ? null : Number(r.group_id) }));
}

async function isCurrentMember(ctx: AppContext, groupId: number, employeeId: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('colleague_group_member')
    .select('id')
    .where('group_id', '=', groupId)
    .where('employee_id', '=', employeeId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Boolean(row);
}

/** A colleague group in the creator's office, with the creator as its first member. */
export async function createGroup(ctx: AppContext, creatorId: string, name: string): Promise<number> {
  const creator = await ctx.db.selectFrom('employee').select(['unit_id']).where('id', '=', creatorId).executeTakeFirstOrThrow();
  const office = officeOf(await loadUnitTree(ctx.db), creator.unit_id);
  if (!office) throw invalid(fieldProblem('name', 'not_in_office', 'you are not in an office, so you cannot create a colleague group'));
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const group = await trx
      .insertInto('colleague_group')
      .values({ office_id: office.id, name, created_by: creatorId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('colleague_group_member').values({ group_id: group.id, employee_id: creatorId, added_at: now }).execute();
    return Number(group.id);
  });
}

export interface GroupView {
  id: number;
  name: string;
  office_id: string;
  created_by: string;
  members: Array<{ id: string; name: string }>;
}

/** Groups the employee currently belongs to, with their current members. */
export async function groupsOf(ctx: AppContext, employeeId: string): Promise<GroupView[]> {
  const groups = await ctx.db
    .selectFrom('colleague_group')
    .innerJoin('colleague_group_member', 'colleague_group_member.group_id', 'colleague_group.id')
    .select(['colleague_group.id', 'colleague_group.name', 'colleague_group.office_id', 'colleague_group.created_by'])
    .where('colleague_group_member.employee_id', '=', employeeId)
    .where('colleague_group_member.removed_at', 'is', null)
    .orderBy('colleague_group.name')
    .execute();
  if (groups.length === 0) return [];
  const members = await ctx.db
    .selectFrom('colleague_group_member')
    .innerJoin('employee', 'employee.id', 'colleague_group_member.employee_id')
    .select(['colleague_group_member.group_id', 'employee.id', 'employee.name'])
    .where(
      'colleague_group_member.group_id',
      'in',
      groups.map((g) => g.id),
    )
    .where('colleague_group_member.removed_at', 'is', null)
    .orderBy('employee.name')
    .execute();
  return groups.map((g) => ({
    ...g,
    id: Number(g.id),
    members: members.filter((m) => Number(m.group_id) === Number(g.id)).map((m) => ({ id: m.id, name: m.name })),
  }));
}

/** Counselors of the employee's office who could join a group (not the employee). */
export async function officeColleagues(ctx: AppContext, employeeId: string): Promise<Array<{ id: string; name: string }>> {
  const tree = await loadUnitTree(ctx.db);
  const me = await ctx.db.selectFrom('employee').select('unit_id').where('id', '=', employeeId).executeTakeFirstOrThrow();
  const office = officeOf(tree, me.unit_id);
  if (!office) return [];
  const rows = await ctx.db
    .selectFrom('employee')
    .select(['id', 'name', 'unit_id'])
    .where('active', '=', true)
    .where('role', '=', 'counselor')
    .where('id', '!=', employeeId)
    .orderBy('name')
    .execute();
  return rows.filter((r) => isWithin(tree, r.unit_id, office.id)).map(({ id, name }) => ({ id, name }));
}

async function groupOwnedBy(ctx: AppContext, groupId: number, employeeId: string) {
  const group = await ctx.db.selectFrom('colleague_group').selectAll().where('id', '=', groupId).executeTakeFirst();
  if (!group) throw new AppError('not_found', { reason: 'group_unknown' });
  if (group.created_by !== employeeId) throw new AppError('forbidden', { reason: 'group_creator_only' });
  return group;
}

/** The group's creator adds a counselor from the same office, while the group has fewer than GROUP_MAX members. */
export async function addMember(ctx: AppContext, ownerId: string, groupId: number, employeeId: string): Promise<void> {
  const group = await groupOwnedBy(ctx, groupId, ownerId);
  const colleagues = await officeColleagues(ctx, ownerId);
  if (!colleagues.some((c) => c.id === employeeId)) {
    throw invalid(fieldProblem('employee_id', 'not_colleague', 'not a counselor in your office'));
  }
  await ctx.db.transaction().execute(async (trx) => {
    // The group's row, locked: two additions at once cannot make it nine (as joining on /groups).
    await sql`select id from colleague_group where id = ${group.id} for update`.execute(trx);
    const current = await trx
      .selectFrom('colleague_group_member')
      .select('employee_id')
      .where('group_id', '=', group.id)
      .where('removed_at', 'is', null)
      .execute();
    if (current.some((m) => m.employee_id === employeeId)) return;
    if (current.length >= GROUP_MAX) {
      throw invalid(
        fieldProblem('employee_id', 'group_full', `the group is full: a group has at most ${GROUP_MAX} members`, { max: GROUP_MAX }),
      );
    }
    await trx
      .insertInto('colleague_group_member')
      .values({ group_id: Number(group.id), employee_id: employeeId, added_at: ctx.now() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}

/**
 * Removes a member (the creator removes anyone; a member may leave). Leaving also revokes the
 * leaver's shares with that group, at once.
 */
export async function removeMember(ctx: AppContext, actorId: string, groupId: number, employeeId: string): Promise<void> {
  if (actorId !== employeeId) await groupOwnedBy(ctx, groupId, actorId);
  else if (!(await isCurrentMember(ctx, groupId, actorId))) throw new AppError('not_found', { reason: 'group_not_member' });
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('colleague_group_member')
      .set({ removed_at: now })
      .where('group_id', '=', groupId)
      .where('employee_id', '=', employeeId)
      .where('removed_at', 'is', null)
      .execute();
    await trx
      .updateTable('result_share')
      .set({ revoked_at: now })
      .where('counselor_id', '=', employeeId)
      .where('group_id', '=', groupId)
      .where('revoked_at', 'is', null)
      .execute();
  });
}

export interface PolicyRow {
  id: number;
  office_id: string;
  office_name: string;
  includes_comments: boolean;
  starts_on: string;
  published_at: Date;
  published_by: string;
  withdrawn_at: Date | null;
}

/** Who may publish or withdraw a policy for an office: an administrator, or a leader of that office. */
export function canManagePolicy(actor: Actor, officeId: string): boolean {
  return actor.administrator || actor.leaderOf.includes(officeId);
}

export async function publishPolicy(
  ctx: AppContext,
  actor: Actor,
  input: { officeId: string; startsOn: string; includesComments: boolean },
): Promise<number> {
  const tree = await loadUnitTree(ctx.db);
  const office = tree.get(input.officeId);
  if (!office || office.kind !== 'office') throw invalid(fieldProblem('office_id', 'not_an_office', 'not an office'));
  if (!canManagePolicy(actor, office.id)) throw new AppError('forbidden', { reason: 'policy_managers_only' });
  const earliest = addDays(localDate(ctx.now(), ctx.config.TIME_ZONE), ctx.config.POLICY_NOTICE_DAYS);
  if (input.startsOn < earliest) {
    const days = ctx.config.POLICY_NOTICE_DAYS;
    throw invalid(
      fieldProblem('starts_on', 'notice_too_short', `must be on or after ${earliest} (${days} days' notice)`, { earliest, days }),
    );
  }
  const now = ctx.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    // One policy per office at a time: publishing again replaces the earlier one.
    await trx
      .updateTable('office_policy')
      .set({ withdrawn_at: now, withdrawn_by: actor.employeeId })
      .where('office_id', '=', office.id)
      .where('withdrawn_at', 'is', null)
      .execute();
    const row = await trx
      .insertInto('office_policy')
      .values({
        office_id: office.id,
        includes_comments: input.includesComments,
        starts_on: input.startsOn,
        published_at: now,
        published_by: actor.employeeId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  await audit(ctx.db, {
    actorId: actor.employeeId,
    action: 'policy.publish',
    unitId: office.id,
    detail: { policy_id: id, starts_on: input.startsOn, includes_comments: input.includesComments },
    at: now,
  });
  return id;
}

export async function withdrawPolicy(ctx: AppContext, actor: Actor, policyId: number): Promise<void> {
  const policy = await ctx.db.selectFrom('office_policy').selectAll().where('id', '=', policyId).executeTakeFirst();
  if (!policy) throw new AppError('not_found', { reason: 'policy_unknown' });
  if (!canManagePolicy(actor, policy.office_id)) throw new AppError('forbidden', { reason: 'policy_managers_only' });
  if (policy.withdrawn_at) return;
  const now = ctx.now();
  await ctx.db.updateTable('office_policy').set({ withdrawn_at: now, withdrawn_by: actor.employeeId }).where('id', '=', policyId).execute();
  await audit(ctx.db, {
    actorId: actor.employeeId,
    action: 'policy.withdraw',
    unitId: policy.office_id,
    detail: { policy_id: policyId },
    at: now,
  });
}

/** Policies, newest first; only current ones unless `withHistory`. */
export async function listPolicies(ctx: AppContext, opts: { officeIds?: string[]; withHistory?: boolean } = {}): Promise<PolicyRow[]> {
  if (opts.officeIds && opts.officeIds.length === 0) return [];
  let q = ctx.db
    .selectFrom('office_policy')
    .innerJoin('unit', 'unit.id', 'office_policy.office_id')
    .select([
      'office_policy.id',
      'office_policy.office_id',
      'unit.name as office_name',
      'office_policy.includes_comments',
      sql<string>`office_policy.starts_on::text`.as('starts_on'),
      'office_policy.published_at',
      'office_policy.published_by',
      'office_policy.withdrawn_at',
    ])
    .orderBy('office_policy.published_at', 'desc')
    .orderBy('office_policy.id', 'desc');
  if (opts.officeIds) q = q.where('office_policy.office_id', 'in', opts.officeIds);
  if (!opts.withHistory) q = q.where('office_policy.withdrawn_at', 'is', null);
  return (await q.execute()).map((r) => ({ ...r, id: Number(r.id) }));
}

/** The current policy of the employee's office (announced or in force), for the notice. */
export async function policiesForEmployee(ctx: AppContext, employeeId: string): Promise<PolicyRow[]> {
  const employee = await ctx.db.selectFrom('employee').select('unit_id').where('id', '=', employeeId).executeTakeFirst();
  if (!employee) return [];
  const office = officeOf(await loadUnitTree(ctx.db), employee.unit_id);
  return office ? listPolicies(ctx, { officeIds: [office.id] }) : [];
}

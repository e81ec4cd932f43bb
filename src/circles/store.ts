import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { loadUnitTree } from '../access/actor.ts';
import { isWithin, officeOf, type Actor, type UnitTree } from '../access/scope.ts';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors.ts';
import { removeMember } from '../consent/store.ts';
import type { CircleStructure } from '../db/schema.ts';
import { employeeLanguages } from '../org/language.ts';
import { releasedCount } from '../disclosure/figures.ts';
import { thresholdsOf } from '../disclosure/group-store.ts';
import { checkNewGroup, checkSession, GROUP_MAX } from './core.ts';

/**
 * Kollegaveiledning groups and their sessions, on the database. A kollegaveiledning group is the
 * colleague group of src/consent (the one members share figures with): creating one here makes the
 * same group, leaving one here revokes the leaver's shares with it, as on /me/sharing.
 */

const invalid = (fields: FieldProblem[]) => new AppError('invalid_input', { status: 422, fields });

export interface Person {
  id: string;
  name: string;
}

/** The employee's office (null: in none). */
async function officeIdOf(ctx: AppContext, tree: UnitTree, employeeId: string): Promise<string | null> {
  const me = await ctx.db.selectFrom('employee').select('unit_id').where('id', '=', employeeId).executeTakeFirst();
  return me ? (officeOf(tree, me.unit_id)?.id ?? null) : null;
}

/** Active staff of the employee's office, counselors and leaders, municipal and state alike (the employee included). */
export async function officeStaff(ctx: AppContext, employeeId: string): Promise<Person[]> {
  const tree = await loadUnitTree(ctx.db);
  const office = await officeIdOf(ctx, tree, employeeId);
  if (!office) return [];
  const rows = await ctx.db.selectFrom('employee').select(['id', 'name', 'unit_id']).where('active', '=', true).orderBy('name').execute();
  return rows.filter((r) => isWithin(tree, r.unit_id, office)).map(({ id, name }) => ({ id, name }));
}

/** A new group in the creator's office with the colleagues picked: 3–8 members, the creator one of them. */
export async function createCircle(ctx: AppContext, creatorId: string, name: string, memberIds: readonly string[]): Promise<number> {
  const tree = await loadUnitTree(ctx.db);
  const ids = [...new Set([creatorId, ...memberIds])];
  const rows = await ctx.db.selectFrom('employee').select(['id', 'unit_id', 'active']).where('id', 'in', ids).execute();
  const offices = new Map(rows.filter((r) => r.active).map((r) => [r.id, officeOf(tree, r.unit_id)?.id ?? null]));
  const problems = checkNewGroup({ creatorId, memberIds, officeOf: (id) => offices.get(id) ?? null });
  if (problems.length > 0) throw invalid(problems);
  const office = offices.get(creatorId)!;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const group = await trx
      .insertInto('colleague_group')
      .values({ office_id: office, name, created_by: creatorId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('colleague_group_member')
      .values(ids.map((id) => ({ group_id: Number(group.id), employee_id: id, added_at: now })))
      .execute();
    return Number(group.id);
  });
}

export interface CircleSummary {
  id: number;
  name: string;
  memberCount: number;
  member: boolean;
}

/** Every group of the employee's office: theirs, and the ones they may join (name and size only). */
export async function officeCircles(ctx: AppContext, employeeId: string): Promise<CircleSummary[]> {
  const tree = await loadUnitTree(ctx.db);
  const office = await officeIdOf(ctx, tree, employeeId);
  if (!office) return [];
  const rows = await ctx.db
    .selectFrom('colleague_group')
    .leftJoin('colleague_group_member as m', (join) => join.onRef('m.group_id', '=', 'colleague_group.id').on('m.removed_at', 'is', null))
    .select([
      'colleague_group.id',
      'colleague_group.name',
      sql<number>`count(m.id)`.as('members'),
      sql<boolean>`coalesce(bool_or(m.employee_id = ${employeeId}), false)`.as('member'),
    ])
    .where('colleague_group.office_id', '=', office)
    .groupBy(['colleague_group.id', 'colleague_group.name'])
    .orderBy('colleague_group.name')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, memberCount: Number(r.members), member: Boolean(r.member) }));
}

export interface CircleView {
  id: number;
  name: string;
  officeId: string;
  members: Person[];
}

/** A group its current member reads; anyone else is told there is no such group (404, not 403: its existence is the group's). */
export async function circleFor(ctx: AppContext, employeeId: string, groupId: number): Promise<CircleView> {
  const group = await ctx.db.selectFrom('colleague_group').select(['id', 'name', 'office_id']).where('id', '=', groupId).executeTakeFirst();
  const members = group
    ? await ctx.db
        .selectFrom('colleague_group_member')
        .innerJoin('employee', 'employee.id', 'colleague_group_member.employee_id')
        .select(['employee.id', 'employee.name'])
        .where('colleague_group_member.group_id', '=', groupId)
        .where('colleague_group_member.removed_at', 'is', null)
        .orderBy('employee.name')
        .execute()
    : [];
  if (!group || !members.some((m) => m.id === employeeId)) throw new AppError('not_found', { reason: 'group_unknown' });
  return { id: Number(group.id), name: group.name, officeId: group.office_id, members };
}

/** Joins a group of one's own office that has room. */
export async function joinCircle(ctx: AppContext, employeeId: string, groupId: number): Promise<void> {
  const tree = await loadUnitTree(ctx.db);
  const office = await officeIdOf(ctx, tree, employeeId);
  const group = await ctx.db.selectFrom('colleague_group').select(['id', 'office_id']).where('id', '=', groupId).executeTakeFirst();
  if (!group || group.office_id !== office) throw new AppError('not_found', { reason: 'group_unknown' });
  await ctx.db.transaction().execute(async (trx) => {
    // The group's row, locked: two joining at once cannot make it nine.
    await sql`select id from colleague_group where id = ${groupId} for update`.execute(trx);
    const current = await trx
      .selectFrom('colleague_group_member')
      .select('employee_id')
      .where('group_id', '=', groupId)
      .where('removed_at', 'is', null)
      .execute();
    if (current.some((m) => m.employee_id === employeeId)) return;
    if (current.length >= GROUP_MAX) throw invalid([fieldProblem('group', 'group_full', 'the group is full', { max: GROUP_MAX })]);
    await trx.insertInto('colleague_group_member').values({ group_id: groupId, employee_id: employeeId, added_at: ctx.now() }).execute();
  });
}

/** Leaves a group (and, as on /me/sharing, ends one's shares with it). The group's sessions stay with it. */
export async function leaveCircle(ctx: AppContext, employeeId: string, groupId: number): Promise<void> {
  await removeMember(ctx, employeeId, groupId, employeeId);
}

export interface SessionInput {
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  videoLink: string | null;
  facilitatorId: string;
  theme: string;
  structure: CircleStructure | null;
  areas: string[];
}

/**
 * Plans a session and queues its calendar e-mail to every member with an address, in one
 * transaction: the worker sends them (sendCircleInvites), so a crash never loses one.
 */
export async function planSession(ctx: AppContext, actor: Actor, groupId: number, input: SessionInput): Promise<number> {
  const group = await circleFor(ctx, actor.employeeId, groupId);
  const now = ctx.now();
  const problems = checkSession({ ...input, memberIds: group.members.map((m) => m.id), now });
  if (problems.length > 0) throw invalid(problems);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('circle_session')
      .values({
        group_id: groupId,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        place: input.place,
        video_link: input.videoLink,
        facilitator_id: input.facilitatorId,
        theme: input.theme,
        structure: input.structure,
        areas: input.areas,
        uid: `${randomUUID()}@brukerstemme`,
        created_by: actor.employeeId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    const recipients = await trx
      .selectFrom('employee')
      .select('id')
      .where(
        'id',
        'in',
        group.members.map((m) => m.id),
      )
      .where('email', 'is not', null)
      .where('active', '=', true)
      .execute();
    if (recipients.length > 0) {
      // Each in their own language (the one they last picked), not the planner's.
      const languages = await employeeLanguages(
        trx,
        recipients.map((r) => r.id),
      );
      await trx
        .insertInto('circle_invite')
        .values(
          recipients.map((r) => ({
            session_id: id,
            employee_id: r.id,
            sequence: 0,
            method: 'REQUEST' as const,
            language: languages.get(r.id) ?? 'nb',
            state: 'pending' as const,
          })),
        )
        .execute();
    }
    return id;
  });
}

/** Cancels a session ahead: a member does it; those invited get the cancellation (same UID, higher SEQUENCE). */
export async function cancelSession(ctx: AppContext, actor: Actor, groupId: number, sessionId: number): Promise<void> {
  await circleFor(ctx, actor.employeeId, groupId);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const session = await trx
      .selectFrom('circle_session')
      .select(['id', 'sequence', 'cancelled_at', 'starts_at'])
      .where('id', '=', sessionId)
      .where('group_id', '=', groupId)
      .forUpdate()
      .executeTakeFirst();
    if (!session) throw new AppError('not_found', { reason: 'session_unknown' });
    if (session.cancelled_at) return;
    const sequence = session.sequence + 1;
    await trx.updateTable('circle_session').set({ cancelled_at: now, sequence }).where('id', '=', sessionId).execute();
    const invited = await trx
      .selectFrom('circle_invite')
      .select('employee_id')
      .distinct()
      .where('session_id', '=', sessionId)
      .where('method', '=', 'REQUEST')
      .execute();
    if (invited.length > 0 && session.starts_at.getTime() > now.getTime()) {
      const languages = await employeeLanguages(
        trx,
        invited.map((r) => r.employee_id),
      );
      await trx
        .insertInto('circle_invite')
        .values(
          invited.map((r) => ({
            session_id: sessionId,
            employee_id: r.employee_id,
            sequence,
            method: 'CANCEL' as const,
            language: languages.get(r.employee_id) ?? 'nb',
            state: 'pending' as const,
          })),
        )
        .execute();
    }
  });
}

export interface SessionView {
  id: number;
  groupId: number;
  groupName: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  videoLink: string | null;
  facilitator: Person;
  theme: string;
  structure: CircleStructure | null;
  areas: string[];
  cancelledAt: Date | null;
}

/** A session with its group's and facilitator's names: the one query the pages and the invitations read sessions by. */
export const sessionQuery = (ctx: AppContext) =>
  ctx.db
    .selectFrom('circle_session as s')
    .innerJoin('colleague_group as g', 'g.id', 's.group_id')
    .innerJoin('employee as f', 'f.id', 's.facilitator_id')
    .select([
      's.id',
      's.group_id',
      'g.name as group_name',
      's.starts_at',
      's.ends_at',
      's.place',
      's.video_link',
      's.facilitator_id',
      'f.name as facilitator_name',
      's.theme',
      's.structure',
      's.areas',
      's.cancelled_at',
    ]);

type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionQuery>['execute']>>[number];
export const toView = (r: SessionRow): SessionView => ({
  id: Number(r.id),
  groupId: Number(r.group_id),
  groupName: r.group_name,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  place: r.place,
  videoLink: r.video_link,
  facilitator: { id: r.facilitator_id, name: r.facilitator_name },
  theme: r.theme,
  structure: r.structure,
  areas: r.areas,
  cancelledAt: r.cancelled_at,
});

/** All sessions of a group, past ones included (they stay with the group), by start. */
export async function sessionsOfCircle(ctx: AppContext, groupId: number): Promise<SessionView[]> {
  return (await sessionQuery(ctx).where('s.group_id', '=', groupId).orderBy('s.starts_at').orderBy('s.id').execute()).map(toView);
}

/** The coming sessions of the groups the employee is in now, on their own page. */
export async function upcomingFor(ctx: AppContext, employeeId: string): Promise<SessionView[]> {
  const rows = await sessionQuery(ctx)
    .innerJoin('colleague_group_member as m', 'm.group_id', 's.group_id')
    .where('m.employee_id', '=', employeeId)
    .where('m.removed_at', 'is', null)
    .where('s.ends_at', '>', ctx.now())
    .where('s.cancelled_at', 'is', null)
    .orderBy('s.starts_at')
    .limit(50)
    .execute();
  return rows.map(toView);
}

export interface HeldCount {
  officeId: string;
  officeName: string;
  /** A tertial, as 2026-T1. */
  period: string;
  /** Null when fewer than k: the reader is told "fewer than k", never the number. */
  sessions: number | null;
}

/**
 * What a leader sees of kollegaveiledning: the number of sessions held (not cancelled, over) per
 * office they lead and tertial, a number only from k up (the disclosure module's threshold,
 * `releasedCount`, as every number shown). No names, no themes, no
 * notes, and no total beside the cells (a total and a suppressed cell could be subtracted).
 */
export async function heldCounts(ctx: AppContext, actor: Actor): Promise<{ k: number; rows: HeldCount[] }> {
  const thresholds = thresholdsOf(ctx);
  const k = thresholds.answers;
  const tree = await loadUnitTree(ctx.db);
  const offices = [...tree.values()].filter((u) => u.kind === 'office' && actor.leaderOf.some((led) => isWithin(tree, u.id, led)));
  if (offices.length === 0) return { k, rows: [] };
  const zone = ctx.config.TIME_ZONE;
  const { rows } = await sql<{ office_id: string; year: number; tertial: number; n: number }>`
    select g.office_id,
           extract(year from s.starts_at at time zone ${zone})::int as year,
           (floor((extract(month from s.starts_at at time zone ${zone}) - 1) / 4) + 1)::int as tertial,
           count(*)::int as n
    from circle_session s join colleague_group g on g.id = s.group_id
    where s.cancelled_at is null and s.ends_at <= ${ctx.now().toISOString()}::timestamptz
      and g.office_id in (${sql.join(offices.map((o) => o.id))})
    group by 1, 2, 3
    order by 2 desc, 3 desc, 1`.execute(ctx.db);
  const names = new Map(offices.map((o) => [o.id, o.name]));
  return {
    k,
    rows: rows.map((r) => ({
      officeId: r.office_id,
      officeName: names.get(r.office_id) ?? r.office_id,
      period: `${r.year}-T${r.tertial}`,
      sessions: releasedCount(Number(r.n), thresholds),
    })),
  };
}

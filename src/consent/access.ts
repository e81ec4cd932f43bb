import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { isWithin, officeOf, type Actor, type UnitTree } from '../access/scope.ts';
import { loadUnitTree } from '../access/actor.ts';
import { localDate } from '../time/zone.ts';
import type { ShareWhat } from '../db/schema.ts';

/**
 * Who may read one counselor's individual results. Nobody but the counselor, unless the counselor
 * shares them (with their leader or a colleague group they are in) or their office has a published
 * policy whose start date has come. Decided here as a pure function of the facts; the database
 * wrapper below only gathers the facts.
 */
export type AccessReason = 'self' | 'shared-with-leader' | 'shared-with-group' | 'office-policy';
export type AccessDecision = { allowed: true; reason: AccessReason } | { allowed: false; reason: 'not-shared' | 'unknown-counselor' };

export interface ActiveShare {
  grantee_kind: 'leader' | 'group';
  group_id: number | null;
  what: ShareWhat;
}

export interface ActivePolicy {
  starts_on: string;
  includes_comments: boolean;
}

export interface AccessFacts {
  actor: Actor;
  tree: UnitTree;
  counselor: { id: string; unitId: string } | null;
  /** The counselor's shares that are not revoked. */
  shares: ActiveShare[];
  /** Groups in which both the actor and the counselor are current members. */
  sharedGroupIds: number[];
  /** Published, not withdrawn policies of the counselor's office. */
  policies: ActivePolicy[];
  /** Today's local date, YYYY-MM-DD. */
  today: string;
}

/**
 * "Their leader": someone who leads the counselor's office or a unit between it and the counselor.
 * A leader grant above the office (a county) does not count: drill-down stops at office level.
 */
export function leadsCounselor(actor: Actor, tree: UnitTree, counselorUnitId: string): boolean {
  const office = officeOf(tree, counselorUnitId);
  if (!office) return false;
  return actor.leaderOf.some((led) => isWithin(tree, counselorUnitId, led) && isWithin(tree, led, office.id));
}

export function decideIndividualAccess(facts: AccessFacts, what: ShareWhat): AccessDecision {
  const { actor, counselor } = facts;
  if (!counselor) return { allowed: false, reason: 'unknown-counselor' };
  if (actor.employeeId === counselor.id) return { allowed: true, reason: 'self' };
  const isLeader = leadsCounselor(actor, facts.tree, counselor.unitId);
  const shares = facts.shares.filter((s) => s.what === what);
  if (isLeader && shares.some((s) => s.grantee_kind === 'leader')) return { allowed: true, reason: 'shared-with-leader' };
  if (shares.some((s) => s.grantee_kind === 'group' && s.group_id !== null && facts.sharedGroupIds.includes(s.group_id))) {
    return { allowed: true, reason: 'shared-with-group' };
  }
  if (isLeader && facts.policies.some((p) => p.starts_on <= facts.today && (what === 'figures' || p.includes_comments))) {
    return { allowed: true, reason: 'office-policy' };
  }
  return { allowed: false, reason: 'not-shared' };
}

/** Gathers the facts for one actor and counselor from the database. */
export async function accessFacts(ctx: AppContext, actor: Actor, counselorId: string, tree?: UnitTree): Promise<AccessFacts> {
  return (await accessFactsForMany(ctx, actor, [counselorId], tree)).get(counselorId)!;
}

/**
 * The same facts for many counselors at once, in four queries whatever their number (a leader's
 * page asks about every counselor of the office). Every id asked for is in the result; an unknown
 * or inactive one has `counselor: null`.
 */
export async function accessFactsForMany(
  ctx: AppContext,
  actor: Actor,
  counselorIds: string[],
  tree?: UnitTree,
): Promise<Map<string, AccessFacts>> {
  const unitTree = tree ?? (await loadUnitTree(ctx.db));
  const today = localDate(ctx.now(), ctx.config.TIME_ZONE);
  const out = new Map<string, AccessFacts>();
  for (const id of counselorIds)
    out.set(id, { actor, tree: unitTree, counselor: null, shares: [], sharedGroupIds: [], policies: [], today });
  if (counselorIds.length === 0) return out;
  const employees = await ctx.db
    .selectFrom('employee')
    .select(['id', 'unit_id'])
    .where('id', 'in', counselorIds)
    .where('active', '=', true)
    .execute();
  if (employees.length === 0) return out;
  const ids = employees.map((e) => e.id);
  const shares = await ctx.db
    .selectFrom('result_share')
    .select(['counselor_id', 'grantee_kind', 'group_id', 'what'])
    .where('counselor_id', 'in', ids)
    .where('revoked_at', 'is', null)
    .execute();
  const sharedGroups = (
    await sql<{ employee_id: string; group_id: number }>`
      select a.employee_id, a.group_id from colleague_group_member a
      join colleague_group_member b on b.group_id = a.group_id and b.employee_id = ${actor.employeeId} and b.removed_at is null
      where a.employee_id in (${sql.join(ids)}) and a.removed_at is null`.execute(ctx.db)
  ).rows;
  const officeIds = [...new Set(employees.map((e) => officeOf(unitTree, e.unit_id)?.id).filter((id): id is string => id !== undefined))];
  const policies =
    officeIds.length > 0
      ? await ctx.db
          .selectFrom('office_policy')
          .select(['office_id', 'starts_on', 'includes_comments'])
          .where('office_id', 'in', officeIds)
          .where('withdrawn_at', 'is', null)
          .execute()
      : [];
  for (const e of employees) {
    const office = officeOf(unitTree, e.unit_id);
    out.set(e.id, {
      actor,
      tree: unitTree,
      counselor: { id: e.id, unitId: e.unit_id },
      shares: shares
        .filter((s) => s.counselor_id === e.id)
        .map((s) => ({ grantee_kind: s.grantee_kind, what: s.what, group_id: s.group_id === null ? null : Number(s.group_id) })),
      sharedGroupIds: sharedGroups.filter((g) => g.employee_id === e.id).map((g) => Number(g.group_id)),
      policies: office
        ? policies
            .filter((p) => p.office_id === office.id)
            .map((p) => ({ starts_on: String(p.starts_on).slice(0, 10), includes_comments: p.includes_comments }))
        : [],
      today,
    });
  }
  return out;
}

/** May `actor` read `counselorId`'s individual figures (or comments) now, and why. */
export async function canReadIndividual(ctx: AppContext, actor: Actor, counselorId: string, what: ShareWhat): Promise<AccessDecision> {
  return decideIndividualAccess(await accessFacts(ctx, actor, counselorId), what);
}

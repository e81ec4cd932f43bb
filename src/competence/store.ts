import type { AppContext } from '../core/context.ts';
import { loadUnitTree } from '../access/actor.ts';
import type { Actor, UnitTree } from '../access/scope.ts';
import { AppError } from '../core/errors.ts';
import type { CompetenceForm } from '../db/schema.ts';
import { mayEdit, mayRead, numberedMarks } from './core.ts';
import { parsePeriodKey, type PeriodKind } from '../time/periods.ts';

/** The register's database edge: every read and write checks the office against the actor (core.ts). */

export interface ActivityInput {
  form: CompetenceForm;
  title: string;
  ledBy: string;
  targetGroup: string;
  /** A local date, YYYY-MM-DD. */
  heldOn: string;
  areas: string[];
  expectedOutcome: string;
  observedOutcome: string | null;
}

export interface Activity extends ActivityInput {
  id: number;
  officeId: string;
}

const COLUMNS = [
  'id',
  'office_id',
  'form',
  'title',
  'led_by',
  'target_group',
  'held_on',
  'areas',
  'expected_outcome',
  'observed_outcome',
] as const;

type Row = {
  id: number;
  office_id: string;
  form: CompetenceForm;
  title: string;
  led_by: string;
  target_group: string;
  held_on: string;
  areas: string[];
  expected_outcome: string;
  observed_outcome: string | null;
};

const toActivity = (r: Row): Activity => ({
  id: Number(r.id),
  officeId: r.office_id,
  form: r.form,
  title: r.title,
  ledBy: r.led_by,
  targetGroup: r.target_group,
  heldOn: r.held_on,
  areas: r.areas,
  expectedOutcome: r.expected_outcome,
  observedOutcome: r.observed_outcome,
});

const columnsOf = (input: ActivityInput) => ({
  form: input.form,
  title: input.title,
  led_by: input.ledBy,
  target_group: input.targetGroup,
  held_on: input.heldOn,
  areas: input.areas,
  expected_outcome: input.expectedOutcome,
  observed_outcome: input.observedOutcome,
});

/** An office's activities, oldest first; `from`/`to` (local dates, to exclusive) narrow them to a span. No access check: callers check mayRead. */
export async function activitiesOf(ctx: AppContext, officeId: string, span: { from?: string; to?: string } = {}): Promise<Activity[]> {
  let query = ctx.db.selectFrom('competence_activity').select(COLUMNS).where('office_id', '=', officeId);
  if (span.from) query = query.where('held_on', '>=', span.from);
  if (span.to) query = query.where('held_on', '<', span.to);
  const rows = await query.orderBy('held_on').orderBy('id').execute();
  return rows.map(toActivity);
}

/** The register of an office the actor may read (404 otherwise: a register outside one's office is not there for them). */
export async function registerFor(ctx: AppContext, actor: Actor, tree: UnitTree, officeId: string): Promise<Activity[]> {
  if (!mayRead(actor, tree, officeId)) throw new AppError('not_found', { reason: 'unit_unknown' });
  return activitiesOf(ctx, officeId);
}

/** One activity, for a reader of its office (404 for anyone else and for an unknown id). */
export async function activityFor(ctx: AppContext, actor: Actor, id: number, tree?: UnitTree): Promise<Activity> {
  const row = await ctx.db.selectFrom('competence_activity').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row || !mayRead(actor, tree ?? (await loadUnitTree(ctx.db)), row.office_id))
    throw new AppError('not_found', { reason: 'competence_activity_unknown' });
  return toActivity(row);
}

const assertEditor = (actor: Actor, tree: UnitTree, officeId: string) => {
  if (!mayEdit(actor, tree, officeId)) throw new AppError('forbidden', { reason: 'competence_leaders_only' });
};

export async function createActivity(ctx: AppContext, actor: Actor, officeId: string, input: ActivityInput): Promise<number> {
  const tree = await loadUnitTree(ctx.db);
  if (!tree.has(officeId)) throw new AppError('not_found', { reason: 'unit_unknown' });
  assertEditor(actor, tree, officeId);
  const row = await ctx.db
    .insertInto('competence_activity')
    .values({ office_id: officeId, ...columnsOf(input), created_by: actor.employeeId, created_at: ctx.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Changes an activity (its office stays): 404 unless the actor reads its office, 403 unless they write it. */
export async function updateActivity(ctx: AppContext, actor: Actor, id: number, input: ActivityInput): Promise<Activity> {
  const tree = await loadUnitTree(ctx.db);
  const current = await activityFor(ctx, actor, id, tree);
  assertEditor(actor, tree, current.officeId);
  await ctx.db
    .updateTable('competence_activity')
    .set({ ...columnsOf(input), updated_by: actor.employeeId, updated_at: ctx.now() })
    .where('id', '=', id)
    .execute();
  return { ...current, ...input };
}

export async function deleteActivity(ctx: AppContext, actor: Actor, id: number): Promise<string> {
  const tree = await loadUnitTree(ctx.db);
  const current = await activityFor(ctx, actor, id, tree);
  assertEditor(actor, tree, current.officeId);
  await ctx.db.deleteFrom('competence_activity').where('id', '=', id).execute();
  return current.officeId;
}

/**
 * The activities to mark on an office's results over time, for its own report: null unless the unit
 * is an office whose register the reader reads (its leaders; analysts comparing offices get none, so
 * the marks never line offices up). `periods`: the trend's period keys, oldest first.
 */
export async function marksForReport(
  ctx: AppContext,
  actor: Actor,
  tree: UnitTree,
  unitId: string,
  kind: PeriodKind,
  periods: readonly string[],
): Promise<Array<Activity & { number: number; period: string }> | null> {
  if (tree.get(unitId)?.kind !== 'office' || !mayRead(actor, tree, unitId) || periods.length === 0) return null;
  const first = parsePeriodKey(periods[0]);
  const last = parsePeriodKey(periods[periods.length - 1]);
  if (!first || !last) return null;
  const activities = await activitiesOf(ctx, unitId, { from: first.from, to: last.to });
  return numberedMarks(activities, periods, kind);
}

import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { AppError, fieldProblem } from '../core/errors.ts';
import type { FieldCode } from '../core/error-messages.ts';
import { discussionCutoff, type DiscussionTarget } from './core.ts';
import { officeStaff } from './store.ts';

/**
 * "Drøft en sak": a counselor asks one colleague of their office, or one of their groups, for a short
 * talk about a short topic. The request is a notice on the recipients' own pages (/me, /groups) until
 * each marks it done, the asker withdraws it (deleted) or it is DISCUSSION_RETENTION_DAYS old (not
 * shown, then deleted by the worker's retention). Nobody else can read it: not the leader, not an
 * administrator (every read and write here is by the signed-in employee's own id, and another's
 * request is "not found").
 */

const invalid = (field: string, code: FieldCode, message: string) =>
  new AppError('invalid_input', { status: 422, fields: [fieldProblem(field, code, message)] });

const currentGroupIds = (ctx: AppContext, employeeId: string) =>
  ctx.db.selectFrom('colleague_group_member').select('group_id').where('employee_id', '=', employeeId).where('removed_at', 'is', null);

export async function askDiscussion(ctx: AppContext, askerId: string, target: DiscussionTarget, topic: string): Promise<number> {
  if (target.kind === 'employee') {
    const staff = await officeStaff(ctx, askerId);
    if (target.id === askerId || !staff.some((p) => p.id === target.id))
      throw invalid('to', 'discussion_target', 'not a colleague in your office');
  } else {
    const member = await currentGroupIds(ctx, askerId).where('group_id', '=', target.id).executeTakeFirst();
    if (!member) throw invalid('to', 'discussion_target', 'not one of your groups');
  }
  const row = await ctx.db
    .insertInto('circle_discussion')
    .values({
      asker_id: askerId,
      recipient_id: target.kind === 'employee' ? target.id : null,
      group_id: target.kind === 'group' ? target.id : null,
      topic,
      created_at: ctx.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface RequestToMe {
  id: number;
  askerName: string;
  /** The group it was asked in, or null when asked of the reader alone. */
  groupName: string | null;
  topic: string;
  createdAt: Date;
}

export interface MyRequest {
  id: number;
  /** The colleague's or the group's name. */
  to: string;
  kind: 'employee' | 'group';
  topic: string;
  createdAt: Date;
  /** How many of those asked have marked it done, of how many. */
  done: number;
  recipients: number;
}

/** What the employee sees of requests: those to them not yet marked done, and their own. */
export async function discussionsFor(ctx: AppContext, employeeId: string): Promise<{ toMe: RequestToMe[]; mine: MyRequest[] }> {
  const cutoff = discussionCutoff(ctx.now());
  const toMe = await ctx.db
    .selectFrom('circle_discussion as d')
    .innerJoin('employee as a', 'a.id', 'd.asker_id')
    .leftJoin('colleague_group as g', 'g.id', 'd.group_id')
    .select(['d.id', 'a.name as asker_name', 'g.name as group_name', 'd.topic', 'd.created_at'])
    .where('d.created_at', '>', cutoff)
    .where('d.asker_id', '!=', employeeId)
    .where((eb) => eb.or([eb('d.recipient_id', '=', employeeId), eb('d.group_id', 'in', currentGroupIds(ctx, employeeId))]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('circle_discussion_done as x')
            .select('x.discussion_id')
            .whereRef('x.discussion_id', '=', 'd.id')
            .where('x.employee_id', '=', employeeId),
        ),
      ),
    )
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(100)
    .execute();
  const { rows: mine } = await sql<{
    id: number;
    to_name: string;
    kind: 'employee' | 'group';
    topic: string;
    created_at: Date;
    done: number;
    recipients: number;
  }>`
    select d.id, coalesce(r.name, g.name) as to_name, case when d.recipient_id is null then 'group' else 'employee' end as kind,
           d.topic, d.created_at,
           (select count(*)::int from circle_discussion_done x where x.discussion_id = d.id) as done,
           case when d.recipient_id is not null then 1
                else (select count(*)::int from colleague_group_member m
                      where m.group_id = d.group_id and m.removed_at is null and m.employee_id <> d.asker_id) end as recipients
    from circle_discussion d
    left join employee r on r.id = d.recipient_id
    left join colleague_group g on g.id = d.group_id
    where d.asker_id = ${employeeId} and d.created_at > ${cutoff.toISOString()}::timestamptz
    order by d.created_at desc, d.id desc
    limit 100`.execute(ctx.db);
  return {
    toMe: toMe.map((r) => ({
      id: Number(r.id),
      askerName: r.asker_name,
      groupName: r.group_name,
      topic: r.topic,
      createdAt: r.created_at,
    })),
    mine: mine.map((r) => ({
      id: Number(r.id),
      to: r.to_name,
      kind: r.kind,
      topic: r.topic,
      createdAt: new Date(r.created_at),
      done: Number(r.done),
      recipients: Number(r.recipients),
    })),
  };
}

/** A recipient marks a request done (or dismisses it): gone from their page, still on the other members'. */
export async function markDiscussionDone(ctx: AppContext, employeeId: string, id: number): Promise<void> {
  const row = await ctx.db
    .selectFrom('circle_discussion as d')
    .select('d.id')
    .where('d.id', '=', id)
    .where('d.created_at', '>', discussionCutoff(ctx.now()))
    .where('d.asker_id', '!=', employeeId)
    .where((eb) => eb.or([eb('d.recipient_id', '=', employeeId), eb('d.group_id', 'in', currentGroupIds(ctx, employeeId))]))
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', { reason: 'discussion_unknown' });
  await ctx.db
    .insertInto('circle_discussion_done')
    .values({ discussion_id: id, employee_id: employeeId, done_at: ctx.now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The asker withdraws their request: deleted, for everyone, at once. */
export async function withdrawDiscussion(ctx: AppContext, employeeId: string, id: number): Promise<void> {
  // Intent first (src/ledger): a restored backup must not bring the request back.
  await ctx.ledger?.record({ kind: 'discussion_withdrawn', employee: employeeId, discussion: id }, ctx.now());
  const gone = await ctx.db.deleteFrom('circle_discussion').where('id', '=', id).where('asker_id', '=', employeeId).executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) throw new AppError('not_found', { reason: 'discussion_unknown' });
}

/** Retention: requests older than DISCUSSION_RETENTION_DAYS are deleted (their done marks with them). */
export async function deleteOldDiscussions(ctx: AppContext): Promise<number> {
  const gone = await ctx.db.deleteFrom('circle_discussion').where('created_at', '<=', discussionCutoff(ctx.now())).executeTakeFirst();
  return Number(gone.numDeletedRows);
}

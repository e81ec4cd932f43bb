import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { audit, loadUnitTree } from '../access/actor.ts';
import type { Actor, UnitTree } from '../access/scope.ts';
import type { Database } from '../db/database.ts';
import { monthOf } from '../intake/service.ts';
import type { PeriodKind } from '../time/periods.ts';
import { closingRulesOf, lastFinalMonth } from '../time/closing.ts';
import { AppError, fieldProblem } from '../core/errors.ts';
import { localResults, type AnswerCount, type LocalResults } from './results.ts';
import {
  MAX_LOCAL_QUESTIONS,
  audiencesOf,
  canManage,
  capViolation,
  violationProblem,
  effectiveWindow,
  endedWindow,
  monthIndex,
  nextStatus,
  windowProblems,
  type LocalText,
  type ProposalInput,
  type WindowedQuestion,
} from './rules.ts';
import type { LocalQuestionStatus } from '../db/schema.ts';

/** Serialises approvals, so two reviewers cannot together break the cap. */
const APPROVAL_LOCK = 7345911;

export interface LocalQuestion {
  id: number;
  owner_unit_id: string;
  owner_name: string;
  owner_kind: 'office' | 'county';
  text: LocalText;
  start_month: string;
  end_month: string;
  proposed_end_month: string;
  status: LocalQuestionStatus;
  proposed_by: string;
  proposed_by_name: string;
  proposed_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  closed_by: string | null;
  closed_at: Date | null;
}

const parseText = (raw: unknown): LocalText => (typeof raw === 'string' ? JSON.parse(raw) : raw) as LocalText;

export const currentMonth = (ctx: AppContext) => monthOf(ctx.now(), ctx.config.TIME_ZONE);

function baseQuery(db: Database) {
  return db
    .selectFrom('local_question as q')
    .innerJoin('unit as u', 'u.id', 'q.owner_unit_id')
    .leftJoin('employee as e', 'e.id', 'q.proposed_by')
    .select([
      'q.id',
      'q.owner_unit_id',
      'u.name as owner_name',
      'u.kind as owner_kind',
      'q.text',
      'q.start_month',
      'q.end_month',
      'q.proposed_end_month',
      'q.status',
      'q.proposed_by',
      'e.name as proposed_by_name',
      'q.proposed_at',
      'q.decided_by',
      'q.decided_at',
      'q.decision_reason',
      'q.closed_by',
      'q.closed_at',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];
const toQuestion = (r: Row): LocalQuestion => ({
  ...r,
  id: Number(r.id),
  owner_kind: r.owner_kind as 'office' | 'county',
  text: parseText(r.text),
  proposed_by_name: r.proposed_by_name ?? r.proposed_by,
});

export async function getQuestion(db: Database, id: number): Promise<LocalQuestion | undefined> {
  const row = await baseQuery(db).where('q.id', '=', id).executeTakeFirst();
  return row ? toQuestion(row) : undefined;
}

/** Questions of the given owners, newest first. */
export async function questionsOf(db: Database, ownerUnitIds: string[]): Promise<LocalQuestion[]> {
  if (ownerUnitIds.length === 0) return [];
  const rows = await baseQuery(db)
    .where('q.owner_unit_id', 'in', ownerUnitIds)
    .orderBy('q.start_month', 'desc')
    .orderBy('q.id', 'desc')
    .execute();
  return rows.map(toQuestion);
}

/** The review queue (oldest first) and the latest decisions. */
export async function reviewQueue(db: Database): Promise<{ pending: LocalQuestion[]; decided: LocalQuestion[] }> {
  const [pending, decided] = await Promise.all([
    baseQuery(db).where('q.status', '=', 'pending').orderBy('q.proposed_at').orderBy('q.id').execute(),
    baseQuery(db).where('q.decided_at', 'is not', null).orderBy('q.decided_at', 'desc').orderBy('q.id', 'desc').limit(50).execute(),
  ]);
  return { pending: pending.map(toQuestion), decided: decided.map(toQuestion) };
}

/** Approved and ended questions of these owners: what the cap counts. */
async function activeOf(db: Database, owners: string[]): Promise<WindowedQuestion[]> {
  if (owners.length === 0) return [];
  const rows = await db
    .selectFrom('local_question')
    .select(['id', 'owner_unit_id', 'status', 'start_month', 'end_month'])
    .where('owner_unit_id', 'in', owners)
    .where('status', 'in', ['approved', 'ended'])
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** For the review page: would approving this question break the cap as things stand? */
export async function capCheck(db: Database, tree: UnitTree, q: Pick<LocalQuestion, 'id' | 'owner_unit_id' | 'start_month' | 'end_month'>) {
  const audiences = audiencesOf(tree, q.owner_unit_id);
  const existing = await activeOf(db, [...new Set(audiences.flat())]);
  return capViolation(q, existing, audiences);
}

export async function propose(ctx: AppContext, actor: Actor, input: ProposalInput): Promise<LocalQuestion> {
  const tree = await loadUnitTree(ctx.db);
  const owner = tree.get(input.owner_unit_id);
  if (!owner || !owner.active || (owner.kind !== 'office' && owner.kind !== 'county')) {
    throw new AppError('invalid_input', {
      status: 422,
      fields: [fieldProblem('owner_unit_id', 'unknown', 'not an active office or county')],
    });
  }
  if (!canManage(actor, tree, owner.id)) {
    throw new AppError('forbidden', { reason: 'question_outside_access' });
  }
  const problems = windowProblems(input, currentMonth(ctx));
  if (problems.length > 0) throw new AppError('invalid_input', { fields: problems });
  const violation = capViolation(input, await activeOf(ctx.db, [owner.id]), []);
  if (violation) throw new AppError('conflict', { reason: 'too_many_local_questions', fields: [violationProblem(violation)] });

  const text: LocalText = {
    nb: input.text_nb,
    ...(input.text_nn ? { nn: input.text_nn } : {}),
    ...(input.text_en ? { en: input.text_en } : {}),
  };
  const now = ctx.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('local_question')
      .values({
        owner_unit_id: owner.id,
        text: JSON.stringify(text),
        start_month: input.start_month,
        end_month: input.end_month,
        proposed_end_month: input.end_month,
        proposed_by: actor.employeeId,
        proposed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, {
      actorId: actor.employeeId,
      action: 'local_question.propose',
      unitId: owner.id,
      detail: { question_id: Number(row.id) },
      at: now,
    });
    return Number(row.id);
  });
  return (await getQuestion(ctx.db, id))!;
}

/** Approve or reject (administrator); withdraw a pending one or end an approved one early (owner). */
export async function transition(
  ctx: AppContext,
  actor: Actor,
  id: number,
  action: 'approve' | 'reject' | 'withdraw' | 'end',
  reason?: string,
): Promise<LocalQuestion> {
  const tree = await loadUnitTree(ctx.db);
  const now = ctx.now();
  const month = currentMonth(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    if (action === 'approve') await sql`select pg_advisory_xact_lock(${APPROVAL_LOCK})`.execute(trx);
    const q = await trx.selectFrom('local_question').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!q) throw new AppError('not_found', { reason: 'question_unknown' });
    if (action === 'approve' || action === 'reject') {
      if (!actor.administrator) throw new AppError('forbidden', { reason: 'administrators_only' });
    } else if (!canManage(actor, tree, q.owner_unit_id)) {
      throw new AppError('forbidden', { reason: 'question_outside_access' });
    }
    const to = nextStatus(q.status, action);
    if (!to)
      throw new AppError('conflict', {
        reason: action === 'end' ? 'question_not_approved' : 'question_not_pending',
        detail: `the question is ${q.status}`,
      });

    if (action === 'approve') {
      if (monthIndex(q.end_month) < monthIndex(month)) {
        throw new AppError('conflict', {
          reason: 'question_window_passed',
          fields: [fieldProblem('end_month', 'month_over', 'the last month is over; propose it again with a new window')],
        });
      }
      const audiences = audiencesOf(tree, q.owner_unit_id);
      const existing = await activeOf(trx, [...new Set(audiences.flat())]);
      const violation = capViolation({ ...q, id: Number(q.id) }, existing, audiences);
      if (violation) throw new AppError('conflict', { reason: 'too_many_local_questions', fields: [violationProblem(violation)] });
      await trx
        .updateTable('local_question')
        .set({ status: to, decided_by: actor.employeeId, decided_at: now, decision_reason: reason ?? null })
        .where('id', '=', id)
        .execute();
    } else if (action === 'reject') {
      await trx
        .updateTable('local_question')
        .set({ status: to, decided_by: actor.employeeId, decided_at: now, decision_reason: reason ?? null })
        .where('id', '=', id)
        .execute();
    } else if (action === 'withdraw') {
      await trx
        .updateTable('local_question')
        .set({ status: to, closed_by: actor.employeeId, closed_at: now })
        .where('id', '=', id)
        .execute();
    } else {
      await trx
        .updateTable('local_question')
        .set({ status: to, closed_by: actor.employeeId, closed_at: now, ...endedWindow(q, month) })
        .where('id', '=', id)
        .execute();
    }
    await audit(trx, {
      actorId: actor.employeeId,
      action: `local_question.${action}`,
      unitId: q.owner_unit_id,
      detail: { question_id: id, ...(reason ? { reason } : {}) },
      at: now,
    });
  });
  return (await getQuestion(ctx.db, id))!;
}

// ----- The survey -----

export interface SurveyQuestion {
  id: number;
  owner_unit_id: string;
  owner_name: string;
  owner_kind: 'office' | 'county';
  text: LocalText;
}

/**
 * The approved questions for a meeting: owned by the meeting's office or county (the unit or any
 * unit above it), covering the meeting's month. County questions first, then the office's, each in
 * the order they were proposed; never more than MAX_LOCAL_QUESTIONS.
 */
export async function questionsForMeeting(db: Database, meetingId: string): Promise<SurveyQuestion[]> {
  const result = await sql<{ id: number; owner_unit_id: string; owner_name: string; owner_kind: 'office' | 'county'; text: unknown }>`
    with recursive up (id, parent_id, depth) as (
      select u.id, u.parent_id, 0 from unit u join meeting m on m.unit_id = u.id where m.id = ${meetingId}
      union all
      select u.id, u.parent_id, up.depth + 1 from unit u join up on u.id = up.parent_id where up.depth < 16
    )
    select q.id, q.owner_unit_id, o.name as owner_name, o.kind as owner_kind, q.text
      from local_question q
      join unit o on o.id = q.owner_unit_id
      join meeting m on m.id = ${meetingId}
     where q.owner_unit_id in (select id from up)
       and q.status = 'approved'
       and q.start_month <= m.month and q.end_month >= m.month
     order by case o.kind when 'county' then 0 else 1 end, q.id
     limit ${MAX_LOCAL_QUESTIONS}`.execute(db);
  return result.rows.map((r) => ({ ...r, id: Number(r.id), text: parseText(r.text) }));
}

export interface LocalAnswer {
  questionId: number;
  /** 1..6, or null for "don't know / not relevant". */
  value: number | null;
}

/**
 * Adds one survey's local answers to the counts, inside the transaction that stores the response
 * (`db` is that transaction). Only answers to questions that apply to this meeting now are kept
 * (a question ended while the page was open is dropped, as is anything posted for another office's
 * question). Rows are written in one statement in a fixed order, so concurrent submissions lock
 * count rows in the same order and cannot deadlock.
 */
export async function storeLocalAnswers(db: Database, meetingId: string, answers: LocalAnswer[]): Promise<number> {
  if (answers.length === 0) return 0;
  const applicable = new Set((await questionsForMeeting(db, meetingId)).map((q) => q.id));
  const kept = answers.filter((a) => applicable.has(a.questionId));
  if (kept.length === 0) return 0;
  const meeting = await db.selectFrom('meeting').select('month').where('id', '=', meetingId).executeTakeFirstOrThrow();
  const rows = kept
    .map((a) => ({ question_id: a.questionId, month: meeting.month, value: a.value ?? 0, answers: 1 }))
    .sort((a, b) => a.question_id - b.question_id || a.value - b.value);
  await db
    .insertInto('local_answer')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['question_id', 'month', 'value']).doUpdateSet({ answers: sql`local_answer.answers + excluded.answers` }),
    )
    .execute();
  return rows.length;
}

// ----- Results -----

export async function answerCounts(db: Database, questionId: number): Promise<AnswerCount[]> {
  const rows = await db.selectFrom('local_answer').select(['month', 'value', 'answers']).where('question_id', '=', questionId).execute();
  return rows.map((r) => ({ month: String(r.month).slice(0, 10), value: Number(r.value), answers: Number(r.answers) }));
}

/** The results of one question for someone who may read them (403 for anyone else, administrators included). */
export async function resultsFor(
  ctx: AppContext,
  actor: Actor,
  id: number,
  kind: PeriodKind,
): Promise<{ question: LocalQuestion; results: LocalResults }> {
  const question = await getQuestion(ctx.db, id);
  if (!question) throw new AppError('not_found', { reason: 'question_unknown' });
  const tree = await loadUnitTree(ctx.db);
  if (!canManage(actor, tree, question.owner_unit_id)) throw new AppError('forbidden', { reason: 'question_outside_access' });
  const counts = await answerCounts(ctx.db, id);
  const results = localResults({
    counts,
    window: effectiveWindow(question),
    currentMonth: currentMonth(ctx),
    finalThrough: lastFinalMonth(ctx.now(), closingRulesOf(ctx.config)),
    kind,
    k: ctx.config.MIN_ANSWERS,
  });
  return { question, results };
}

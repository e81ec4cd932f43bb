import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import type { UnitTree } from '../access/scope.ts';
import { SENT_STATES } from '../db/schema.ts';
import { closingRulesOf, lastFinalMonth } from '../time/closing.ts';
import { addMonths } from '../time/periods.ts';
import { rollUpCounts } from './group-table.ts';

/**
 * Meetings registered, excluded, invited and answered, for response rates. Meetings and invitations
 * are not answers and are counted as they happen; answers are counted for final months only, like
 * every figure (time/closing.ts), so a count never moves with one new answer and the answered count
 * of a period is the n its figures rest on.
 */

export interface DispatchCounts {
  period: string;
  /** Meetings the case systems registered. */
  registered: number;
  /** Registered but not invited by rule (too old, opted out, quarantine …). */
  excluded: number;
  /** Invitations that went out. */
  invited: number;
  /** Answers in the period's final months. */
  answered: number;
  /** answered / invited once the period has closed; null before (or when nothing went out). */
  rate: number | null;
}

const rateOf = (answered: number, invited: number, closed: boolean) =>
  closed && invited > 0 ? Math.round((answered / invited) * 1000) / 1000 : null;
const closedBy = (periodTo: string, finalThrough: string) => addMonths(periodTo, -1) <= finalThrough;

const sentStates = sql.join(SENT_STATES.map((s) => sql.lit(s)));

/**
 * Meetings [registered, excluded, invited, answered] per (unit × fixed period) of one year, rolled up
 * the tree. Answers are counted from the response table: an invitation does not keep whether it
 * was answered once its link has expired (retention/invitations.ts).
 */
export async function dispatchByUnit(ctx: AppContext, year: number, tree: UnitTree, finalThrough: string): Promise<Map<string, number[]>> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const meetings = (
    await sql<{ unitId: string; month: string; registered: number; excluded: number; invited: number }>`
      select m.unit_id as "unitId", to_char(m.month, 'YYYY-MM-DD') as month, count(*)::int as registered,
             (count(*) filter (where m.exclusion_reason is not null))::int as excluded,
             (count(i.meeting_id) filter (where i.state in (${sentStates})))::int as invited
      from meeting m left join invitation i on i.meeting_id = m.id
      where m.month >= ${from}::date and m.month < ${to}::date
      group by 1, 2`.execute(ctx.db)
  ).rows;
  const answers = (
    await sql<{ unitId: string; month: string; answered: number }>`
      select unit_id as "unitId", to_char(month, 'YYYY-MM-DD') as month, count(*)::int as answered
      from response where month >= ${from}::date and month < ${to}::date and month <= ${finalThrough}::date
      group by 1, 2`.execute(ctx.db)
  ).rows;
  return rollUpCounts(
    tree,
    [year],
    [
      ...meetings.map((r) => ({ unitId: r.unitId, month: r.month, counts: [r.registered, r.excluded, r.invited, 0] })),
      ...answers.map((r) => ({ unitId: r.unitId, month: r.month, counts: [0, 0, 0, r.answered] })),
    ],
    4,
  );
}

/** Response-rate rows from stored counts; the rate once the period has closed. */
export function dispatchFromCounts(period: string, counts: number[] = [0, 0, 0, 0], closed = true): DispatchCounts {
  const [registered, excluded, invited, answered] = counts;
  return { period, registered, excluded, invited, answered, rate: rateOf(answered, invited, closed) };
}

/** Meetings registered, invited and answered per period, for one unit and everything under it, or for one counselor. */
export async function dispatchCounts(
  ctx: AppContext,
  scope: { unitIds: string[] } | { counselorId: string },
  periods: Array<{ key: string; from: string; to: string }>,
): Promise<DispatchCounts[]> {
  if (periods.length === 0) return [];
  const finalThrough = lastFinalMonth(ctx.now(), closingRulesOf(ctx.config));
  const from = periods.map((p) => p.from).sort()[0];
  const to = periods
    .map((p) => p.to)
    .sort()
    .at(-1)!;
  let meetings = ctx.db
    .selectFrom('meeting as m')
    .leftJoin('invitation as i', 'i.meeting_id', 'm.id')
    .select([
      sql<string>`to_char(m.month, 'YYYY-MM-DD')`.as('month'),
      sql<number>`count(*)::int`.as('registered'),
      sql<number>`(count(*) filter (where m.exclusion_reason is not null))::int`.as('excluded'),
      sql<number>`(count(i.meeting_id) filter (where i.state in (${sentStates})))::int`.as('invited'),
    ])
    .where(sql<boolean>`m.month >= ${from}::date`)
    .where(sql<boolean>`m.month < ${to}::date`)
    .groupBy(sql`1`);
  let answers = ctx.db
    .selectFrom('response')
    .select([sql<string>`to_char(month, 'YYYY-MM-DD')`.as('month'), sql<number>`count(*)::int`.as('answered')])
    .where(sql<boolean>`month >= ${from}::date`)
    .where(sql<boolean>`month < ${to}::date`)
    .where(sql<boolean>`month <= ${finalThrough}::date`)
    .groupBy(sql`1`);
  if ('counselorId' in scope) {
    meetings = meetings.where('m.counselor_id', '=', scope.counselorId);
    answers = answers.where('counselor_id', '=', scope.counselorId);
  } else if (scope.unitIds.length > 0) {
    meetings = meetings.where('m.unit_id', 'in', scope.unitIds);
    answers = answers.where('unit_id', 'in', scope.unitIds);
  } else return periods.map((p) => ({ period: p.key, registered: 0, excluded: 0, invited: 0, answered: 0, rate: null }));
  const [meetingRows, answerRows] = await Promise.all([meetings.execute(), answers.execute()]);
  return periods.map((p) => {
    const within = (r: { month: string }) => r.month >= p.from && r.month < p.to;
    const sum = (f: 'registered' | 'excluded' | 'invited') => meetingRows.filter(within).reduce((s, r) => s + r[f], 0);
    const invited = sum('invited');
    const answered = answerRows.filter(within).reduce((s, r) => s + r.answered, 0);
    return {
      period: p.key,
      registered: sum('registered'),
      excluded: sum('excluded'),
      invited,
      answered,
      rate: rateOf(answered, invited, closedBy(p.to, finalThrough)),
    };
  });
}

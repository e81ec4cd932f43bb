import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../core/context.ts';
import type { UnitTree } from '../access/scope.ts';
import { SENT_STATES } from '../db/schema.ts';
import { EXCLUSION_REASONS, type ExclusionReason } from '../dispatch/rules.ts';
import { closingRulesOf, lastFinalMonth } from '../time/closing.ts';
import { addMonths } from '../time/periods.ts';
import { rollUpCounts } from './group-table.ts';

/**
 * Meetings registered, excluded, invited and answered, for response rates. Meetings and invitations
 * are not answers and are counted as they happen; answers are counted for final months only, like
 * every figure (time/closing.ts), so a count never moves with one new answer and the answered count
 * of a period is the n its figures rest on.
 *
 * Every registered meeting is counted in exactly one of: excluded (by the reason the dispatch rules
 * recorded), invited (the invitation went out), waiting (scheduled, not sent yet) or undelivered (the
 * send failed, or was cancelled before it went out). So registered = excluded + invited + waiting +
 * undelivered in every table, and answered ≤ invited.
 */

/** A reason in the data the rules do not name (older data) is counted as 'other', so the reasons still add up. */
export type ExclusionSlot = ExclusionReason | 'other';
export const EXCLUSION_SLOTS: readonly ExclusionSlot[] = [...EXCLUSION_REASONS, 'other'];

export interface DispatchCounts {
  period: string;
  /** Meetings the case systems registered. */
  registered: number;
  /** Registered but not invited by rule (too old, opted out, quarantine …). */
  excluded: number;
  /** The excluded by reason (reasons that occur only); they add up to `excluded`. */
  excluded_by_reason: Partial<Record<ExclusionSlot, number>>;
  /** Not excluded, invitation not sent yet. */
  waiting: number;
  /** Not excluded, invitation not delivered (failed, or cancelled before sending). */
  undelivered: number;
  /** Invitations that went out. */
  invited: number;
  /** Answers in the period's final months. */
  answered: number;
  /** answered / invited once the period has closed; null before (or when nothing went out). */
  rate: number | null;
}

const inList = (states: readonly string[]) => sql.join(states.map((s) => sql.lit(s)));
const known = sql.join(EXCLUSION_REASONS.map((r) => sql.lit(r)));

/**
 * Which of the outcomes a meeting row (`m`, left-joined to its invitation `i`) is in, as SQL
 * predicates; monitoring counts with the same ones.
 */
export const OUTCOME = {
  excluded: sql<boolean>`m.exclusion_reason is not null`,
  invited: sql<boolean>`m.exclusion_reason is null and i.state in (${inList(SENT_STATES)})`,
  waiting: sql<boolean>`m.exclusion_reason is null and i.state in ('scheduled', 'sending')`,
  undelivered: sql<boolean>`m.exclusion_reason is null and (i.state is null or i.state not in (${inList([...SENT_STATES, 'scheduled', 'sending'])}))`,
};

const slotPredicate = (slot: ExclusionSlot) =>
  slot === 'other' ? sql<boolean>`m.exclusion_reason not in (${known})` : sql<boolean>`m.exclusion_reason = ${sql.lit(slot)}`;

/** The stored dispatch counts of a cell, in this order (report_cell.dispatch). */
const FIELDS = ['registered', 'excluded', 'invited', 'answered', 'waiting', 'undelivered'] as const;
export const DISPATCH_WIDTH = FIELDS.length + EXCLUSION_SLOTS.length;

/** The outcome counts of `meeting m left join invitation i` per group, as `registered`, …, `undelivered`, `r0` … (one per slot). */
const outcomeColumns: RawBuilder<unknown> = sql.join([
  sql`count(*)::int as registered`,
  sql`(count(*) filter (where ${OUTCOME.excluded}))::int as excluded`,
  sql`(count(*) filter (where ${OUTCOME.invited}))::int as invited`,
  sql`(count(*) filter (where ${OUTCOME.waiting}))::int as waiting`,
  sql`(count(*) filter (where ${OUTCOME.undelivered}))::int as undelivered`,
  ...EXCLUSION_SLOTS.map((slot, i) => sql`(count(*) filter (where ${slotPredicate(slot)}))::int as ${sql.ref(`r${i}`)}`),
]);

interface OutcomeRow {
  registered: number;
  excluded: number;
  invited: number;
  waiting: number;
  undelivered: number;
  [slot: `r${number}`]: number;
}

const toArray = (r: OutcomeRow, answered = 0): number[] => [
  r.registered,
  r.excluded,
  r.invited,
  answered,
  r.waiting,
  r.undelivered,
  ...EXCLUSION_SLOTS.map((_, i) => r[`r${i}`] ?? 0),
];

const rateOf = (answered: number, invited: number, closed: boolean) =>
  closed && invited > 0 ? Math.round((answered / invited) * 1000) / 1000 : null;
const closedBy = (periodTo: string, finalThrough: string) => addMonths(periodTo, -1) <= finalThrough;

/**
 * Meetings by outcome and answers per (unit × fixed period) of one year, rolled up the tree, in the
 * stored order (DISPATCH_WIDTH numbers). Answers are counted from the response table: an invitation
 * does not keep whether it was answered once its link has expired (retention/invitations.ts).
 */
export async function dispatchByUnit(ctx: AppContext, year: number, tree: UnitTree, finalThrough: string): Promise<Map<string, number[]>> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const meetings = (
    await sql<OutcomeRow & { unitId: string; month: string }>`
      select m.unit_id as "unitId", to_char(m.month, 'YYYY-MM-DD') as month, ${outcomeColumns}
      from meeting m left join invitation i on i.meeting_id = m.id
      where m.month >= ${from}::date and m.month < ${to}::date
      group by 1, 2`.execute(ctx.db)
  ).rows;
  const answers = await answerCounts(ctx, { from, to, finalThrough });
  const none = Array(DISPATCH_WIDTH).fill(0) as number[];
  return rollUpCounts(
    tree,
    [year],
    [
      ...meetings.map((r) => ({ unitId: r.unitId, month: r.month, counts: toArray(r) })),
      ...answers.map((r) => ({ unitId: r.unit_id, month: `${r.month}-01`, counts: none.map((_, i) => (i === 3 ? r.answered : 0)) })),
    ],
    DISPATCH_WIDTH,
  );
}

/** Response-rate rows from stored counts; the rate once the period has closed. */
export function dispatchFromCounts(period: string, counts: number[] = [], closed = true): DispatchCounts {
  const at = (i: number) => counts[i] ?? 0;
  const [registered, excluded, invited, answered, waiting, undelivered] = FIELDS.map((_, i) => at(i));
  const excluded_by_reason: DispatchCounts['excluded_by_reason'] = {};
  EXCLUSION_SLOTS.forEach((slot, i) => {
    if (at(FIELDS.length + i) > 0) excluded_by_reason[slot] = at(FIELDS.length + i);
  });
  return {
    period,
    registered,
    excluded,
    excluded_by_reason,
    waiting,
    undelivered,
    invited,
    answered,
    rate: rateOf(answered, invited, closed),
  };
}

/**
 * Answers per counselor, unit, month and channel in [from, to), final months only (through
 * `finalThrough`, 'YYYY-MM-01'), for the units given (all when omitted). Counts of answers for
 * response rates and monitoring come from here; no answer's content is read.
 */
export async function answerCounts(
  ctx: AppContext,
  range: { from: string; to: string; finalThrough: string; unitIds?: string[] },
): Promise<Array<{ counselor_id: string; unit_id: string; month: string; channel: string; answered: number }>> {
  const units = range.unitIds === undefined ? sql`true` : sql`unit_id = any(${range.unitIds}::text[])`;
  const result = await sql<{ counselor_id: string; unit_id: string; month: string; channel: string; answered: number }>`
    select counselor_id, unit_id, to_char(month, 'YYYY-MM') as month, channel, answered
    from (
      select counselor_id, unit_id, month, channel, count(*)::int as answered
      from response
      where month >= ${range.from}::date and month < ${range.to}::date and month <= ${range.finalThrough}::date and ${units}
      group by counselor_id, unit_id, month, channel
    ) grouped`.execute(ctx.db);
  return result.rows;
}

/** Meetings by outcome and answers per period, for one unit and everything under it, or for one counselor. */
export async function dispatchCounts(
  ctx: AppContext,
  scope: { unitIds: string[] } | { counselorId: string },
  periods: Array<{ key: string; from: string; to: string }>,
): Promise<DispatchCounts[]> {
  if (periods.length === 0) return [];
  const finalThrough = lastFinalMonth(ctx.now(), closingRulesOf(ctx.config));
  const from = periods.map((p) => p.from).sort()[0]!;
  const to = periods
    .map((p) => p.to)
    .sort()
    .at(-1)!;
  if ('unitIds' in scope && scope.unitIds.length === 0) return periods.map((p) => dispatchFromCounts(p.key, [], false));
  const where = 'counselorId' in scope ? sql`m.counselor_id = ${scope.counselorId}` : sql`m.unit_id = any(${scope.unitIds}::text[])`;
  const answerWhere = 'counselorId' in scope ? sql`counselor_id = ${scope.counselorId}` : sql`unit_id = any(${scope.unitIds}::text[])`;
  const [meetingRows, answerRows] = await Promise.all([
    sql<OutcomeRow & { month: string }>`
      select to_char(m.month, 'YYYY-MM-DD') as month, ${outcomeColumns}
      from meeting m left join invitation i on i.meeting_id = m.id
      where m.month >= ${from}::date and m.month < ${to}::date and ${where}
      group by 1`
      .execute(ctx.db)
      .then((r) => r.rows),
    sql<{ month: string; answered: number }>`
      select to_char(month, 'YYYY-MM-DD') as month, count(*)::int as answered from response
      where month >= ${from}::date and month < ${to}::date and month <= ${finalThrough}::date and ${answerWhere}
      group by 1`
      .execute(ctx.db)
      .then((r) => r.rows),
  ]);
  return periods.map((p) => {
    const within = (r: { month: string }) => r.month >= p.from && r.month < p.to;
    const sums = Array(DISPATCH_WIDTH).fill(0) as number[];
    for (const r of meetingRows.filter(within)) toArray(r).forEach((c, i) => (sums[i] += c));
    sums[3] = answerRows.filter(within).reduce((s, r) => s + r.answered, 0);
    return dispatchFromCounts(p.key, sums, closedBy(p.to, finalThrough));
  });
}

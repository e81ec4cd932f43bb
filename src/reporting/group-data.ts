import { sql } from 'kysely';
import type { AppContext } from '../app.ts';
import { loadUnitTree } from '../access/actor.ts';
import type { UnitTree } from '../access/scope.ts';
import { NATIONAL_INSTRUMENT } from '../survey/instrument.ts';
import type { Thresholds } from '../disclosure/relations.ts';
import { periodOf } from '../time/periods.ts';
import { buildReleaseTable, rollUpCounts, type AnswerTally, type FullReleaseTable, type GroupCell, type MeasureTally, type ReleaseTable } from '../disclosure/group-table.ts';
import type { Figure } from '../disclosure/figures.ts';

/**
 * The database edge of group reports: month-level tallies of the national instrument's answers for
 * whole years, handed to the pure released table, and meeting/invitation counts for response rates.
 */

export function thresholdsOf(ctx: AppContext): Thresholds {
  return { answers: ctx.config.MIN_ANSWERS, comments: ctx.config.MIN_ANSWERS_COMMENTS, counselors: ctx.config.MIN_COUNSELORS };
}

/** Statements, then the overall rating, then NAV in general. */
export const MEASURE_COUNT = NATIONAL_INSTRUMENT.statements.length + 2;
export const OVERALL = NATIONAL_INSTRUMENT.statements.length;
export const NAV_GENERAL = NATIONAL_INSTRUMENT.statements.length + 1;

/** Computes the released table for whole years from the answers (the expensive part: the whole tree). */
export async function computeReleaseTable(ctx: AppContext, years: number[], tree: UnitTree): Promise<FullReleaseTable> {
  const from = `${Math.min(...years)}-01-01`;
  const to = `${Math.max(...years) + 1}-01-01`;
  const { id, version } = NATIONAL_INSTRUMENT;
  const answers = (
    await sql<AnswerTally>`
      select unit_id as "unitId", to_char(month, 'YYYY-MM-DD') as month, counselor_id as "counselorId", count(*)::int as n
      from response
      where instrument_id = ${id} and instrument_version = ${version} and month >= ${from}::date and month < ${to}::date
      group by 1, 2, 3`.execute(ctx.db)
  ).rows;
  const measureRows = (
    await sql<Omit<MeasureTally, 'distribution'> & { d1: number; d2: number; d3: number; d4: number; d5: number; d6: number }>`
      select r.unit_id as "unitId", to_char(r.month, 'YYYY-MM-DD') as month, r.counselor_id as "counselorId", (a.idx - 1)::int as measure,
             count(a.v)::int as n, coalesce(sum(a.v), 0)::int as sum,
             count(*) filter (where a.v >= 4)::int as positive, count(*) filter (where a.v is null)::int as "dontKnow",
             count(*) filter (where a.v = 1)::int as d1, count(*) filter (where a.v = 2)::int as d2, count(*) filter (where a.v = 3)::int as d3,
             count(*) filter (where a.v = 4)::int as d4, count(*) filter (where a.v = 5)::int as d5, count(*) filter (where a.v = 6)::int as d6
      from response r cross join lateral unnest(r.answers || array[r.overall, r.nav_general]) with ordinality as a(v, idx)
      where r.instrument_id = ${id} and r.instrument_version = ${version} and r.month >= ${from}::date and r.month < ${to}::date
      group by 1, 2, 3, 4`.execute(ctx.db)
  ).rows;
  const measures: MeasureTally[] = measureRows.map(({ d1, d2, d3, d4, d5, d6, ...rest }) => ({ ...rest, distribution: [d1, d2, d3, d4, d5, d6] }));
  return buildReleaseTable({ tree, years, measureCount: MEASURE_COUNT, answers, measures, thresholds: thresholdsOf(ctx) });
}

/**
 * Recomputes one year's snapshot if it is missing or older than REPORT_REFRESH_SECONDS (or always,
 * with `force`). One transaction under an advisory lock, so concurrent readers and nodes never see
 * half a snapshot and only one of them does the work; with `skipIfLocked` a node that finds the lock
 * taken goes on instead of waiting. Returns whether it recomputed.
 */
export async function ensureSnapshot(ctx: AppContext, year: number, tree: UnitTree, opts: { force?: boolean; skipIfLocked?: boolean } = {}): Promise<boolean> {
  const isFresh = (row: { computed_at: Date } | undefined) =>
    !opts.force && row !== undefined && ctx.now().getTime() - new Date(row.computed_at).getTime() < ctx.config.REPORT_REFRESH_SECONDS * 1000;
  if (isFresh(await ctx.db.selectFrom('report_snapshot').select('computed_at').where('year', '=', year).executeTakeFirst())) return false;
  return ctx.db.transaction().execute(async (trx) => {
    if (opts.skipIfLocked) {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(7345920, ${year}::int) as locked`.execute(trx);
      if (!rows[0]?.locked) return false;
    } else {
      await sql`select pg_advisory_xact_lock(7345920, ${year}::int)`.execute(trx);
    }
    if (isFresh(await trx.selectFrom('report_snapshot').select('computed_at').where('year', '=', year).executeTakeFirst())) return false;
    const table = await computeReleaseTable({ ...ctx, db: trx }, [year], tree);
    await trx.deleteFrom('report_cell').where('year', '=', year).execute();
    const dispatch = await dispatchByUnit({ ...ctx, db: trx }, year, tree);
    const rows = table.cells().map((c) => ({
      unit_id: c.unitId,
      period: c.period,
      year,
      answers: c.answers,
      released: c.released,
      measures: JSON.stringify(c.measures),
      dispatch: JSON.stringify(dispatch.get(`${c.unitId}@${c.period}`) ?? [0, 0, 0, 0]),
    }));
    for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('report_cell').values(rows.slice(i, i + 2000)).execute();
    await trx
      .insertInto('report_snapshot')
      .values({ year, computed_at: ctx.now() })
      .onConflict((oc) => oc.column('year').doUpdateSet({ computed_at: ctx.now() }))
      .execute();
    return true;
  });
}

/** The released cells of the given units (all units when omitted) for whole years, from the stored snapshots. */
export async function loadReleaseTable(ctx: AppContext, years: number[], tree?: UnitTree, unitIds?: string[]): Promise<{ table: ReleaseTable; tree: UnitTree }> {
  const unitTree = tree ?? (await loadUnitTree(ctx.db));
  const snapshots = await ctx.db.selectFrom('report_snapshot').select(['year', 'computed_at']).where('year', 'in', years).execute();
  for (const year of years) {
    // A missing snapshot (or REPORT_REFRESH_SECONDS=0) is computed before answering; a stale one is
    // served as it is: the worker's refresher (reporting/refresher.ts) recomputes it, so readers
    // never wait for it and web nodes never spend their CPU on it.
    const row = snapshots.find((s) => s.year === year);
    if (!row || ctx.config.REPORT_REFRESH_SECONDS === 0) await ensureSnapshot(ctx, year, unitTree);
  }
  const cells = await readCells(ctx, years, unitIds);
  // A unit the snapshot does not know yet (the organisation changed since): recompute once.
  const stale = years.filter((y) => (unitIds ?? []).some((u) => unitTree.has(u) && !cells.has(`${u}@${y}`)));
  if (stale.length > 0) {
    for (const year of stale) await ensureSnapshot(ctx, year, unitTree, { force: true });
    for (const [key, cell] of await readCells(ctx, stale, unitIds)) cells.set(key, cell);
  }
  const thresholds = thresholdsOf(ctx);
  return {
    tree: unitTree,
    table: {
      thresholds,
      cell(unitId, periodKey) {
        const found = cells.get(`${unitId}@${periodKey}`);
        if (!found) throw new Error(`No cell ${unitId}@${periodKey} loaded`);
        return found;
      },
    },
  };
}

async function readCells(ctx: AppContext, years: number[], unitIds?: string[]): Promise<Map<string, GroupCell>> {
  let query = ctx.db.selectFrom('report_cell').select(['unit_id', 'period', 'answers', 'released', 'measures', 'dispatch']).where('year', 'in', years);
  if (unitIds) {
    if (unitIds.length === 0) query = query.where(sql<boolean>`false`);
    else query = query.where('unit_id', 'in', unitIds);
  }
  const cells = new Map<string, GroupCell>();
  for (const r of await query.execute()) {
    const json = <T,>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
    cells.set(`${r.unit_id}@${r.period}`, { unitId: r.unit_id, period: r.period, answers: r.answers, released: r.released, measures: json<Figure[]>(r.measures), dispatch: json<number[]>(r.dispatch) });
  }
  return cells;
}

export interface DispatchCounts {
  period: string;
  /** Meetings the case systems registered. */
  registered: number;
  /** Registered but not invited by rule (too old, opted out, quarantine …). */
  excluded: number;
  /** Invitations that went out. */
  invited: number;
  answered: number;
  /** answered / invited, or null before anything went out. */
  rate: number | null;
}

/** Invitation states in which the invitation went out ('closed': its link has expired, answered or not). */
export const SENT_STATES = ['sent', 'reminding', 'reminded', 'answered', 'expired', 'closed'] as const;
const sentStates = sql.join(SENT_STATES.map((s) => sql.lit(s)));

/**
 * Meetings [registered, excluded, invited, answered] per (unit × fixed period) of one year, rolled up
 * the tree. Answers are counted from the response table: an invitation does not keep whether it
 * was answered once its link has expired (retention/invitations.ts).
 */
async function dispatchByUnit(ctx: AppContext, year: number, tree: UnitTree): Promise<Map<string, number[]>> {
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
      from response where month >= ${from}::date and month < ${to}::date
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

/** Response-rate rows from stored counts. */
export function dispatchFromCounts(period: string, counts: number[] = [0, 0, 0, 0]): DispatchCounts {
  const [registered, excluded, invited, answered] = counts;
  return { period, registered, excluded, invited, answered, rate: invited > 0 ? Math.round((answered / invited) * 1000) / 1000 : null };
}

/** Meetings registered, invited and answered per period, for one unit and everything under it, or for one counselor. */
export async function dispatchCounts(
  ctx: AppContext,
  scope: { unitIds: string[] } | { counselorId: string },
  periods: Array<{ key: string; from: string; to: string }>,
): Promise<DispatchCounts[]> {
  if (periods.length === 0) return [];
  const from = periods.map((p) => p.from).sort()[0];
  const to = periods.map((p) => p.to).sort().at(-1)!;
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
    return { period: p.key, registered: sum('registered'), excluded: sum('excluded'), invited, answered, rate: invited > 0 ? Math.round((answered / invited) * 1000) / 1000 : null };
  });
}

/** The last `count` periods of a kind, oldest first, ending with the one holding `month`. */
export function lastPeriods(month: string, kind: 'month' | 'tertial' | 'year', count: number) {
  const out = [];
  let current = periodOf(month, kind);
  for (let i = 0; i < count; i++) {
    out.unshift(current);
    const year = Number(current.from.slice(0, 4));
    const m = Number(current.from.slice(5, 7));
    const previousMonth = m === 1 ? `${year - 1}-12-01` : `${year}-${String(m - 1).padStart(2, '0')}-01`;
    current = periodOf(previousMonth, kind);
  }
  return out;
}

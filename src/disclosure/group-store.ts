import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { loadUnitTree } from '../access/actor.ts';
import type { UnitTree } from '../access/scope.ts';
import { AGREE_FROM, NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import type { Thresholds } from './relations.ts';
import { closingRulesOf, lastFinalMonth } from '../time/closing.ts';
import {
  buildReleaseTable,
  type AnswerTally,
  type DecidedCell,
  type FullReleaseTable,
  type GroupCell,
  type MeasureTally,
  type ReleaseTable,
} from './group-table.ts';
import type { Figure } from './figures.ts';
import { DISPATCH_WIDTH, dispatchByUnit } from './counts.ts';

/**
 * The database edge of the released group table: month-level tallies of the national instrument's
 * answers for whole years, handed to the pure table (group-table.ts) with the decisions taken when
 * earlier periods closed, and stored as a snapshot every reader and node reads.
 */

export function thresholdsOf(ctx: AppContext): Thresholds {
  return { answers: ctx.config.MIN_ANSWERS, comments: ctx.config.MIN_ANSWERS_COMMENTS, counselors: ctx.config.MIN_COUNSELORS };
}

/** Statements, then the overall rating, then NAV in general. */
export const MEASURE_COUNT = NATIONAL_INSTRUMENT.statements.length + 2;
export const OVERALL = NATIONAL_INSTRUMENT.statements.length;
export const NAV_GENERAL = NATIONAL_INSTRUMENT.statements.length + 1;

/** Computes the released table for whole years from the answers (the expensive part: the whole tree). */
export async function computeReleaseTable(
  ctx: AppContext,
  years: number[],
  tree: UnitTree,
  decided?: ReadonlyMap<string, DecidedCell>,
): Promise<FullReleaseTable> {
  const finalThrough = lastFinalMonth(ctx.now(), closingRulesOf(ctx.config));
  const from = `${Math.min(...years)}-01-01`;
  const to = `${Math.max(...years) + 1}-01-01`;
  const { id, version } = NATIONAL_INSTRUMENT;
  const answers = (
    await sql<AnswerTally>`
      select unit_id as "unitId", to_char(month, 'YYYY-MM-DD') as month, counselor_id as "counselorId", count(*)::int as n
      from response
      where instrument_id = ${id} and instrument_version = ${version} and month >= ${from}::date and month < ${to}::date and month <= ${finalThrough}::date
      group by 1, 2, 3`.execute(ctx.db)
  ).rows;
  const measureRows = (
    await sql<Omit<MeasureTally, 'distribution'> & { d1: number; d2: number; d3: number; d4: number; d5: number; d6: number }>`
      select r.unit_id as "unitId", to_char(r.month, 'YYYY-MM-DD') as month, r.counselor_id as "counselorId", (a.idx - 1)::int as measure,
             count(a.v)::int as n, coalesce(sum(a.v), 0)::int as sum,
             count(*) filter (where a.v >= ${sql.lit(AGREE_FROM)})::int as positive, count(*) filter (where a.v is null)::int as "dontKnow",
             count(*) filter (where a.v = 1)::int as d1, count(*) filter (where a.v = 2)::int as d2, count(*) filter (where a.v = 3)::int as d3,
             count(*) filter (where a.v = 4)::int as d4, count(*) filter (where a.v = 5)::int as d5, count(*) filter (where a.v = 6)::int as d6
      from response r cross join lateral unnest(r.answers || array[r.overall, r.nav_general]) with ordinality as a(v, idx)
      where r.instrument_id = ${id} and r.instrument_version = ${version} and r.month >= ${from}::date and r.month < ${to}::date
        and r.month <= ${finalThrough}::date
      group by 1, 2, 3, 4`.execute(ctx.db)
  ).rows;
  const measures: MeasureTally[] = measureRows.map(({ d1, d2, d3, d4, d5, d6, ...rest }) => ({
    ...rest,
    distribution: [d1, d2, d3, d4, d5, d6],
  }));
  return buildReleaseTable({
    tree,
    years,
    measureCount: MEASURE_COUNT,
    answers,
    measures,
    thresholds: thresholdsOf(ctx),
    finalThrough,
    decided,
  });
}

/**
 * Recomputes one year's snapshot if it is missing or older than REPORT_REFRESH_SECONDS (or always,
 * with `force`). One transaction under an advisory lock, so concurrent readers and nodes never see
 * half a snapshot and only one of them does the work; with `skipIfLocked` a node that finds the lock
 * taken goes on instead of waiting. Returns whether it recomputed.
 */
export async function ensureSnapshot(
  ctx: AppContext,
  year: number,
  tree: UnitTree,
  opts: { force?: boolean; skipIfLocked?: boolean } = {},
): Promise<boolean> {
  const isFresh = (row: { computed_at: Date } | undefined) =>
    !opts.force &&
    row !== undefined &&
    ctx.now().getTime() - new Date(row.computed_at).getTime() < ctx.config.REPORT_REFRESH_SECONDS * 1000;
  if (isFresh(await ctx.db.selectFrom('report_snapshot').select('computed_at').where('year', '=', year).executeTakeFirst())) return false;
  return ctx.db.transaction().execute(async (trx) => {
    if (opts.skipIfLocked) {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(7345920, ${year}::int) as locked`.execute(trx);
      if (!rows[0]?.locked) return false;
    } else {
      await sql`select pg_advisory_xact_lock(7345920, ${year}::int)`.execute(trx);
    }
    if (isFresh(await trx.selectFrom('report_snapshot').select('computed_at').where('year', '=', year).executeTakeFirst())) return false;
    // Cells whose period had closed keep their decisions: readers may have them already.
    const decided = new Map<string, DecidedCell>();
    const before = await trx
      .selectFrom('report_cell')
      .select(['unit_id', 'period', 'answers', 'released', 'measures'])
      .where('year', '=', year)
      .where('closed', '=', true)
      .execute();
    for (const r of before) {
      const figures = (typeof r.measures === 'string' ? JSON.parse(r.measures) : r.measures) as Figure[];
      decided.set(`${r.unit_id}@${r.period}`, { answers: r.answers, released: r.released, measures: figures.map((f) => !f.suppressed) });
    }
    const table = await computeReleaseTable({ ...ctx, db: trx }, [year], tree, decided);
    await trx.deleteFrom('report_cell').where('year', '=', year).execute();
    const dispatch = await dispatchByUnit({ ...ctx, db: trx }, year, tree, lastFinalMonth(ctx.now(), closingRulesOf(ctx.config)));
    const rows = table.cells().map((c) => ({
      unit_id: c.unitId,
      period: c.period,
      year,
      closed: c.closed,
      answers: c.answers,
      released: c.released,
      measures: JSON.stringify(c.measures),
      counts: JSON.stringify(c.counts ?? []),
      dispatch: JSON.stringify(dispatch.get(`${c.unitId}@${c.period}`) ?? Array(DISPATCH_WIDTH).fill(0)),
    }));
    for (let i = 0; i < rows.length; i += 2000)
      await trx
        .insertInto('report_cell')
        .values(rows.slice(i, i + 2000))
        .execute();
    await trx
      .insertInto('report_snapshot')
      .values({ year, computed_at: ctx.now() })
      .onConflict((oc) => oc.column('year').doUpdateSet({ computed_at: ctx.now() }))
      .execute();
    return true;
  });
}

/** The released cells of the given units (all units when omitted) for whole years, from the stored snapshots. */
export async function loadReleaseTable(
  ctx: AppContext,
  years: number[],
  tree?: UnitTree,
  unitIds?: string[],
): Promise<{ table: ReleaseTable; tree: UnitTree }> {
  const unitTree = tree ?? (await loadUnitTree(ctx.db));
  const snapshots = await ctx.db.selectFrom('report_snapshot').select(['year', 'computed_at']).where('year', 'in', years).execute();
  for (const year of years) {
    // A missing snapshot (or REPORT_REFRESH_SECONDS=0) is computed before answering; a stale one is
    // served as it is: the worker's refresher (disclosure/refresher.ts) recomputes it, so readers
    // never wait for it and web nodes never spend their CPU on it.
    const row = snapshots.find((s) => s.year === year);
    if (!row || ctx.config.REPORT_REFRESH_SECONDS === 0) await ensureSnapshot(ctx, year, unitTree);
  }
  const cells = await readCells(ctx, years, unitIds);
  // A unit the snapshot does not know yet (the organisation changed since), or dispatch counts in an
  // older, shorter form (without the outcomes that make them add up): recompute once.
  const stale = years.filter(
    (y) =>
      (unitIds ?? []).some((u) => unitTree.has(u) && !cells.has(`${u}@${y}`)) ||
      [...cells.values()].some((c) => c.period.startsWith(String(y)) && (c.dispatch?.length ?? 0) < DISPATCH_WIDTH),
  );
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
  let query = ctx.db
    .selectFrom('report_cell')
    .select(['unit_id', 'period', 'closed', 'answers', 'released', 'measures', 'counts', 'dispatch'])
    .where('year', 'in', years);
  if (unitIds) {
    if (unitIds.length === 0) query = query.where(sql<boolean>`false`);
    else query = query.where('unit_id', 'in', unitIds);
  }
  const cells = new Map<string, GroupCell>();
  for (const r of await query.execute()) {
    const json = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
    cells.set(`${r.unit_id}@${r.period}`, {
      unitId: r.unit_id,
      period: r.period,
      closed: r.closed,
      answers: r.answers,
      released: r.released,
      measures: json<Figure[]>(r.measures),
      counts: json<Array<[number, number]>>(r.counts),
      dispatch: json<number[]>(r.dispatch),
    });
  }
  return cells;
}

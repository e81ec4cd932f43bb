import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import { activeColumns, CASE_MIX_COVARIATES, type CaseMixProfile, type Covariate } from './coding.ts';
import { addPooled, emptyPooled, type PooledStats, type UnitItemStats } from './model.ts';

/**
 * Sufficient statistics for the fair comparison, kept per instrument version, month, item and
 * counselor (+ the unit recorded with the meeting), refreshed incrementally.
 *
 * A trigger on `response` appends the (instrument version, month) of every inserted, changed or deleted
 * answer to fairness_dirty_month. `refreshFairnessStats` (called by a report request, and safe to call from
 * a worker) recomputes only those months with SQL aggregates and clears their marks in one transaction.
 * Per unit it stores n, Σy, Σy², Σx; nationally per month and item also Σxxᵀ and Σxy (see model.ts).
 */

const FAIRNESS_LOCK = 7345950;

export interface MonthKey {
  instrumentId: string;
  instrumentVersion: number;
  month: string;
}

export interface RefreshResult {
  /** Months recomputed, sorted. */
  months: MonthKey[];
}

function condition(c: Covariate): RawBuilder<unknown> {
  const column = sql.ref(`a.${c.field}`);
  if (c.values === null) return sql`${column} is null`;
  if (c.values.every((v) => typeof v === 'boolean')) return sql`${column} = ${c.values[0]}`;
  return sql`${column} in (${sql.join(c.values.map((v) => sql`${v}`))})`;
}

/** Recomputes the statistics of months that received or lost answers since the last refresh. */
export async function refreshFairnessStats(db: Database, covariates: readonly Covariate[] = CASE_MIX_COVARIATES): Promise<RefreshResult> {
  const names = covariates.map((c) => c.name);
  return db.transaction().execute(async (trx) => {
    // One refresher at a time; READ COMMITTED gives each later statement a snapshot taken after the lock.
    await sql`select pg_advisory_xact_lock(${FAIRNESS_LOCK})`.execute(trx);
    // Months computed with another coding are recomputed too.
    const dirty = (
      await sql<{ instrument_id: string; instrument_version: number; month: string }>`
        with taken as (delete from fairness_dirty_month returning instrument_id, instrument_version, month)
        select instrument_id, instrument_version, month from taken
        union
        select instrument_id, instrument_version, month from fairness_pooled_stats where covariates <> ${names}::text[]
        order by 1, 2, 3`.execute(trx)
    ).rows;
    if (dirty.length === 0) return { months: [] };
    const ids = dirty.map((d) => d.instrument_id);
    const versions = dirty.map((d) => d.instrument_version);
    const months = dirty.map((d) => d.month);
    const dirtySet = sql`select * from unnest(${ids}::text[], ${versions}::int[], ${months}::date[]) as d(instrument_id, instrument_version, month)`;
    await sql`delete from fairness_unit_stats where (instrument_id, instrument_version, month) in (${dirtySet})`.execute(trx);
    await sql`delete from fairness_pooled_stats where (instrument_id, instrument_version, month) in (${dirtySet})`.execute(trx);

    // One statement, one snapshot: the per-unit sums and the national cells come from the same answers.
    const sumX = sql.join(covariates.map((c) => sql`count(*) filter (where ${condition(c)})`));
    const cells = (
      await sql<{
        instrument_id: string; instrument_version: number; month: string; item: number;
        age_band: string | null; benefit: string | null; recent_adverse_decision: boolean | null; interpreter_used: boolean | null;
        first_meeting: boolean | null; innsatsgruppe: string | null; n: number; sum_y: number; sum_yy: number;
      }>`
        with answered as materialized (
          select r.instrument_id, r.instrument_version, r.month, i.item, r.counselor_id, r.unit_id,
                 r.age_band, r.benefit, r.recent_adverse_decision, r.interpreter_used, r.first_meeting, r.innsatsgruppe, i.v::float8 as y
          from response r
          join (${dirtySet}) d using (instrument_id, instrument_version, month)
          -- Statements are items 1..S, the overall rating (appended last, position S+1) item 0.
          cross join lateral (
            select (s.idx % (cardinality(r.answers) + 1))::int as item, s.v
            from unnest(array_append(r.answers, r.overall)) with ordinality as s(v, idx)
          ) i
          where i.v is not null
        ), units as (
          insert into fairness_unit_stats (instrument_id, instrument_version, month, item, counselor_id, unit_id, n, sum_y, sum_yy, sum_x)
          select a.instrument_id, a.instrument_version, a.month, a.item, a.counselor_id, a.unit_id, count(*), sum(a.y), sum(a.y * a.y),
                 array[${sumX}]::float8[]
          from answered a
          group by 1, 2, 3, 4, 5, 6
        )
        select a.instrument_id, a.instrument_version, a.month, a.item, a.age_band, a.benefit, a.recent_adverse_decision, a.interpreter_used,
               a.first_meeting, a.innsatsgruppe, count(*)::int as n, sum(a.y) as sum_y, sum(a.y * a.y) as sum_yy
        from answered a
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(trx)
    ).rows;

    const k = covariates.length;
    const pooled = new Map<string, { key: MonthKey & { item: number }; stats: PooledStats }>();
    for (const cell of cells) {
      const id = `${cell.instrument_id}|${cell.instrument_version}|${cell.month}|${cell.item}`;
      let entry = pooled.get(id);
      if (!entry) {
        entry = { key: { instrumentId: cell.instrument_id, instrumentVersion: cell.instrument_version, month: cell.month, item: cell.item }, stats: emptyPooled(k) };
        pooled.set(id, entry);
      }
      addCell(entry.stats, activeColumns(cell as CaseMixProfile, covariates), cell.n, Number(cell.sum_y), Number(cell.sum_yy));
    }
    await sql`update fairness_generation set generation = generation + 1`.execute(trx);
    const rows = [...pooled.values()];
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('fairness_pooled_stats' as never)
        .values(
          rows.slice(i, i + 200).map(({ key, stats }) => ({
            instrument_id: key.instrumentId,
            instrument_version: key.instrumentVersion,
            month: key.month,
            item: key.item,
            covariates: names,
            n: stats.n,
            sum_y: stats.sumY,
            sum_yy: stats.sumYY,
            sum_x: [...stats.sumX],
            sum_xx: [...stats.sumXX],
            sum_xy: [...stats.sumXY],
          })) as never,
        )
        .execute();
    }
    return {
      months: dirty
        .map((d) => ({ instrumentId: d.instrument_id, instrumentVersion: d.instrument_version, month: d.month }))
        .filter((m, i, all) => i === 0 || JSON.stringify(all[i - 1]) !== JSON.stringify(m)),
    };
  });
}

/** Adds a cell of n answers sharing one case-mix profile (active columns) to national sums. */
export function addCell(into: PooledStats, active: readonly number[], n: number, sumY: number, sumYY: number): void {
  const k = into.sumX.length;
  into.n += n;
  into.sumY += sumY;
  into.sumYY += sumYY;
  for (const a of active) {
    into.sumX[a] += n;
    into.sumXY[a] += sumY;
    for (const b of active) into.sumXX[a * k + b] += n;
  }
}

/** Marks every month dirty so the next refresh rebuilds everything (after a coding change, or to check). */
export async function markAllMonthsDirty(db: Database): Promise<void> {
  await sql`insert into fairness_dirty_month (instrument_id, instrument_version, month)
            select distinct instrument_id, instrument_version, month from response
            union select instrument_id, instrument_version, month from fairness_pooled_stats`.execute(db);
}

export interface YearStats {
  instrumentId: string;
  instrumentVersion: number;
  year: number;
  covariates: readonly Covariate[];
  /** Per item (0 = overall, 1..S statements). */
  items: Map<number, YearItemStats>;
}

/** One item's year: sums per (counselor, unit recorded at the meeting), and the national sums. */
export interface YearItemStats {
  units: Array<UnitItemStats & { counselorId: string; unitId: string }>;
  pooled: PooledStats;
}

/** Changes whenever a refresh changed the statistics. */
export async function statsGeneration(db: Database): Promise<number> {
  const row = (await sql<{ generation: number }>`select generation from fairness_generation`.execute(db)).rows[0];
  return Number(row?.generation ?? 0);
}

/** Instrument versions and years that have statistics, newest first. */
export async function availableYears(db: Database): Promise<Array<{ instrumentId: string; instrumentVersion: number; year: number }>> {
  const rows = (
    await sql<{ instrument_id: string; instrument_version: number; year: number }>`
      select distinct instrument_id, instrument_version, extract(year from month)::int as year
      from fairness_pooled_stats order by year desc, instrument_id, instrument_version desc`.execute(db)
  ).rows;
  return rows.map((r) => ({ instrumentId: r.instrument_id, instrumentVersion: r.instrument_version, year: r.year }));
}

/** Loads a year of statistics for one instrument version, summed over months (in memory: sums only). */
export async function loadYearStats(
  db: Database,
  key: { instrumentId: string; instrumentVersion: number; year: number },
  covariates: readonly Covariate[] = CASE_MIX_COVARIATES,
): Promise<YearStats> {
  const k = covariates.length;
  const from = `${key.year}-01-01`;
  const to = `${key.year + 1}-01-01`;
  const pooledRows = (
    await sql<{ item: number; covariates: string[]; n: number; sum_y: number; sum_yy: number; sum_x: number[]; sum_xx: number[]; sum_xy: number[] }>`
      select item, covariates, n, sum_y, sum_yy, sum_x, sum_xx, sum_xy from fairness_pooled_stats
      where instrument_id = ${key.instrumentId} and instrument_version = ${key.instrumentVersion} and month >= ${from}::date and month < ${to}::date`.execute(db)
  ).rows;
  const items: YearStats['items'] = new Map();
  const names = covariates.map((c) => c.name).join('|');
  for (const r of pooledRows) {
    if (r.covariates.join('|') !== names) throw new Error('fairness statistics were computed with another case-mix coding: refresh them first');
    let entry = items.get(r.item);
    if (!entry) items.set(r.item, (entry = { units: [], pooled: emptyPooled(k) }));
    addPooled(entry.pooled, {
      n: r.n, sumY: r.sum_y, sumYY: r.sum_yy, sumX: Float64Array.from(r.sum_x), sumXX: Float64Array.from(r.sum_xx), sumXY: Float64Array.from(r.sum_xy),
    });
  }
  // Months are added up in SQL, element by element of Σx, so one row per counselor, unit and item comes back
  // (10,000 counselors × 7 items nationally, however many answers).
  const sumX = sql.join(covariates.map((_, i) => sql`sum(sum_x[${sql.lit(i + 1)}])`));
  const unitRows = (
    await sql<{ item: number; counselor_id: string; unit_id: string; n: number; sum_y: number; sum_yy: number; sum_x: number[] }>`
      select item, counselor_id, unit_id, sum(n)::int as n, sum(sum_y) as sum_y, sum(sum_yy) as sum_yy, array[${sumX}]::float8[] as sum_x
      from fairness_unit_stats
      where instrument_id = ${key.instrumentId} and instrument_version = ${key.instrumentVersion} and month >= ${from}::date and month < ${to}::date
      group by item, counselor_id, unit_id`.execute(db)
  ).rows;
  const byItem = new Map<number, Map<string, UnitItemStats & { counselorId: string; unitId: string }>>();
  for (const r of unitRows) {
    let units = byItem.get(r.item);
    if (!units) byItem.set(r.item, (units = new Map()));
    if (r.sum_x.length !== k) throw new Error('fairness statistics were computed with another case-mix coding: refresh them first');
    const id = `${r.counselor_id}\u0000${r.unit_id}`;
    units.set(id, { unit: id, counselorId: r.counselor_id, unitId: r.unit_id, n: r.n, sumY: r.sum_y, sumYY: r.sum_yy, sumX: Float64Array.from(r.sum_x) });
  }
  for (const [item, units] of byItem) {
    const entry = items.get(item);
    if (entry) entry.units = [...units.values()];
  }
  return { ...key, covariates, items };
}

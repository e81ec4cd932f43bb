import { sql, type RawBuilder } from 'kysely';
import { loadUnitTree } from '../access/actor.ts';
import { officeOf, type UnitTree } from '../access/scope.ts';
import type { Database } from '../db/database.ts';
import { CASE_MIX_COVARIATES, type Covariate } from './coding.ts';
import type { UnitItemStats } from './model.ts';
import { fairFits, treeKey, type FairFits } from './report.ts';
import { availableYears, loadYearStats, type PeriodStatsKey } from './store.ts';
import { parsePeriodKey } from '../time/periods.ts';

/**
 * Fitted fair comparisons kept in fairness_fit, so readers do not fit: the worker (refresher.ts) fits every year
 * whose statistics changed (and the office level again when the organisation changed), and a reader takes the kept
 * fit while it matches the statistics it would fit on. A counselor's own report then needs only the kept
 * counselor-level parameters and that counselor's own sums (readCounselorSums), not every counselor's.
 */

export interface YearKey {
  instrumentId: string;
  instrumentVersion: number;
  year: number;
}

/** The generation and computing time of a year's statistics (without loading them). */
export async function yearStatsVersion(db: Database, key: YearKey): Promise<{ generation: number; computedAt: string | null }> {
  const row = (
    await sql<{ generation: number | null; computed_at: Date | string | null }>`
      select max(generation) as generation, max(computed_at) as computed_at from fairness_year_stats
      where instrument_id = ${key.instrumentId} and instrument_version = ${key.instrumentVersion} and year = ${key.year}`.execute(db)
  ).rows[0];
  return { generation: Number(row?.generation ?? 0), computedAt: row?.computed_at ? new Date(row.computed_at).toISOString() : null };
}

/**
 * The kept fits of a year and level, if they were computed from the given statistics generation, under the current
 * rules, and with the given organisation (`tree`: treeKey of it; both levels come from one nested model over it).
 */
export async function readFits(db: Database, key: YearKey, level: FairFits['level'], generation: number, tree: string): Promise<FairFits | null> {
  const row = (
    await sql<{ fits: FairFits | string }>`
      select fits from fairness_fit
      where instrument_id = ${key.instrumentId} and instrument_version = ${key.instrumentVersion} and year = ${key.year} and level = ${level}
        and generation = ${generation} and tree_key = ${tree}`.execute(db)
  ).rows[0];
  if (!row) return null;
  return typeof row.fits === 'string' ? (JSON.parse(row.fits) as FairFits) : row.fits;
}

async function writeFits(db: Database, key: YearKey, fits: FairFits): Promise<void> {
  await sql`
    insert into fairness_fit (instrument_id, instrument_version, year, level, generation, tree_key, computed_at, fits)
    values (${key.instrumentId}, ${key.instrumentVersion}, ${key.year}, ${fits.level}, ${fits.generation}, ${fits.treeKey}, clock_timestamp(), ${JSON.stringify(fits)}::jsonb)
    on conflict (instrument_id, instrument_version, year, level) do update
      set generation = excluded.generation, tree_key = excluded.tree_key, computed_at = excluded.computed_at, fits = excluded.fits`.execute(db);
}

/**
 * Fits every year whose kept fits are missing or older than its statistics (or, for offices, made with another
 * organisation), and keeps them. Returns what was fitted. Run by the worker after refreshing the statistics.
 */
export async function refreshFits(db: Database, covariates: readonly Covariate[] = CASE_MIX_COVARIATES, tree?: UnitTree): Promise<Array<YearKey & { level: FairFits['level'] }>> {
  const unitTree = tree ?? (await loadUnitTree(db));
  const currentTree = treeKey(unitTree);
  const done: Array<YearKey & { level: FairFits['level'] }> = [];
  const kept = (
    await sql<{ instrument_id: string; instrument_version: number; year: number; level: string; generation: number; tree_key: string }>`
      select instrument_id, instrument_version, year, level, generation, tree_key from fairness_fit`.execute(db)
  ).rows;
  // Years no longer with statistics (every answer deleted) lose their fits too.
  await sql`delete from fairness_fit f where not exists (select 1 from fairness_year_stats s
    where s.instrument_id = f.instrument_id and s.instrument_version = f.instrument_version and s.year = f.year)`.execute(db);
  for (const key of await availableYears(db)) {
    const { generation } = await yearStatsVersion(db, key);
    const keptOf = (level: string) => kept.find((k) => k.instrument_id === key.instrumentId && k.instrument_version === key.instrumentVersion && k.year === key.year && k.level === level);
    const office = keptOf('office');
    const counselor = keptOf('counselor');
    const officeStale = !office || Number(office.generation) !== generation || office.tree_key !== currentTree;
    const counselorStale = !counselor || Number(counselor.generation) !== generation || counselor.tree_key !== currentTree;
    if (!officeStale && !counselorStale) continue;
    const stats = await loadYearStats(db, key, covariates);
    const fits = fairFits(stats, unitTree);
    await writeFits(db, key, fits.office);
    await writeFits(db, key, fits.counselor);
    done.push({ ...key, level: 'office' }, { ...key, level: 'counselor' });
  }
  return done;
}

/**
 * One counselor's own sums per item for a year, summed over the units they answered for, read out of the packed
 * year rows in SQL (their slots only), without loading every counselor's; with the generation of the statistics
 * they were read from (the same statement), so the model applied to them can be the one fitted on the same.
 */
export async function readCounselorSums(
  db: Database,
  key: YearKey,
  counselorId: string,
  covariates: readonly Covariate[] = CASE_MIX_COVARIATES,
): Promise<{ generation: number; items: Map<number, UnitItemStats>; units: string[] }> {
  const k = covariates.length;
  const width = (3 + k) * 8;
  const rows = (
    await sql<{ item: number; generation: number; sums: Uint8Array[]; unit_ids: string[] }>`
      select item, max(generation) over () as generation, array(
               select substring(sums from ((p - 1) / 2) * ${width} + 1 for ${width})
               from unnest(array_positions(units, ${counselorId}::text)) p where p % 2 = 1 order by p) as sums,
             array(select units[p + 1] from unnest(array_positions(units, ${counselorId}::text)) p where p % 2 = 1 order by p) as unit_ids
      from fairness_year_stats
      where instrument_id = ${key.instrumentId} and instrument_version = ${key.instrumentVersion} and year = ${key.year}`.execute(db)
  ).rows;
  return { generation: Number(rows[0]?.generation ?? 0), items: sumSlots(rows, counselorId, k), units: unitsOf(rows) };
}

/** The month rows of a tertial, as a common table `m` (month, item, units, sums, pooled). */
function tertialRows(key: PeriodStatsKey): RawBuilder<unknown> {
  const period = parsePeriodKey(key.period);
  if (!period || period.kind !== 'tertial') throw new Error(`not a tertial: ${key.period}`);
  return sql`select month, item, units, sums, pooled from fairness_month_stats
    where instrument_id = ${key.instrumentId} and instrument_version = ${key.instrumentVersion} and month >= ${period.from}::date and month < ${period.to}::date`;
}

/**
 * A digest of the tertial rows in `m`: their national sums and the size of their packed unit sums. A final month's row
 * changes only when answers leave it (retention; answers are never edited and none can arrive once it is final), and
 * every such change moves its national n, so the digest names the statistics a tertial's fit is made from. Unlike the
 * year's generation it does not move when another month of the year receives answers, so a closed tertial of the
 * current year is not refitted every minute.
 */
const TERTIAL_DIGEST = sql`(select md5(coalesce(string_agg(to_char(month, 'YYYY-MM') || ':' || item || ':' || octet_length(sums) || ':' || pooled::text, ';' order by month, item), '')) from m)`;

/**
 * What a period's statistics are, for keeping fits made from them: a year by its generation (as fairness_fit keeps
 * them), a tertial by the digest of its months (TERTIAL_DIGEST).
 */
export async function periodStatsVersion(db: Database, key: PeriodStatsKey): Promise<{ generation: number; version: string }> {
  if (/^\d{4}$/.test(key.period)) {
    const { generation } = await yearStatsVersion(db, { instrumentId: key.instrumentId, instrumentVersion: key.instrumentVersion, year: Number(key.period) });
    return { generation, version: `g${generation}` };
  }
  const row = (await sql<{ version: string }>`with m as (${tertialRows(key)}) select ${TERTIAL_DIGEST} as version`.execute(db)).rows[0];
  return { generation: 0, version: `t${row.version}` };
}

/**
 * One counselor's own sums per item for a year or a tertial, with the version of the statistics they were read from
 * (periodStatsVersion; the same statement). A year's come from its packed rows (readCounselorSums); a tertial's are
 * read out of its months' rows the same way, their slots only, and summed.
 */
export async function readCounselorPeriodSums(
  db: Database,
  key: PeriodStatsKey,
  counselorId: string,
  covariates: readonly Covariate[] = CASE_MIX_COVARIATES,
): Promise<{ generation: number; version: string; items: Map<number, UnitItemStats>; units: string[] }> {
  if (/^\d{4}$/.test(key.period)) {
    const own = await readCounselorSums(db, { instrumentId: key.instrumentId, instrumentVersion: key.instrumentVersion, year: Number(key.period) }, counselorId, covariates);
    return { generation: own.generation, version: `g${own.generation}`, items: own.items, units: own.units };
  }
  const k = covariates.length;
  const width = (3 + k) * 8;
  const rows = (
    await sql<{ item: number; version: string; sums: Uint8Array[]; unit_ids: string[] }>`
      with m as (${tertialRows(key)})
      select item, ${TERTIAL_DIGEST} as version, array(
               select substring(sums from ((p - 1) / 2) * ${width} + 1 for ${width})
               from unnest(array_positions(units, ${counselorId}::text)) p where p % 2 = 1 order by p) as sums,
             array(select units[p + 1] from unnest(array_positions(units, ${counselorId}::text)) p where p % 2 = 1 order by p) as unit_ids
      from m`.execute(db)
  ).rows;
  const version = rows.length > 0 ? `t${rows[0].version}` : (await periodStatsVersion(db, key)).version;
  return { generation: 0, version, items: sumSlots(rows, counselorId, k), units: unitsOf(rows) };
}

/** The units a counselor's sums were read from (the unit recorded with each meeting), once each. */
function unitsOf(rows: ReadonlyArray<{ unit_ids: string[] }>): string[] {
  return [...new Set(rows.flatMap((r) => r.unit_ids))].sort();
}

/** The one office of a counselor's units, or null when they belong to more than one (see counselorSums in report.ts). */
export function officeOfUnits(tree: UnitTree, units: readonly string[]): string | null {
  const offices = new Set(units.map((u) => officeOf(tree, u)?.id ?? u));
  return offices.size === 1 ? [...offices][0] : null;
}

/** Sums a counselor's packed slots (n, Σy, Σy², Σx) per item over rows (their units, and for a tertial its months). */
function sumSlots(rows: ReadonlyArray<{ item: number; sums: Uint8Array[] }>, counselorId: string, k: number): Map<number, UnitItemStats> {
  const width = (3 + k) * 8;
  const out = new Map<number, UnitItemStats>();
  for (const r of rows) {
    if (r.sums.length === 0) continue;
    let total = out.get(r.item);
    if (!total) out.set(r.item, (total = { unit: counselorId, n: 0, sumY: 0, sumYY: 0, sumX: new Float64Array(k) }));
    for (const bytes of r.sums) {
      if (bytes.byteLength !== width) throw new Error('fairness statistics were computed with another case-mix coding: refresh them first');
      const copy = new Uint8Array(width);
      copy.set(bytes);
      const v = new Float64Array(copy.buffer);
      total.n += v[0];
      total.sumY += v[1];
      total.sumYY += v[2];
      for (let a = 0; a < k; a++) total.sumX[a] += v[3 + a];
    }
  }
  return out;
}

import { sql } from 'kysely';
import { loadUnitTree } from '../access/actor.ts';
import type { UnitTree } from '../access/scope.ts';
import type { Database } from '../db/database.ts';
import { CASE_MIX_COVARIATES, type Covariate } from './coding.ts';
import type { UnitItemStats } from './model.ts';
import { counselorFits, officeFits, treeKey, type FairFits } from './report.ts';
import { availableYears, loadYearStats } from './store.ts';

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

/** The kept fits of a year and level, if they were computed from the given statistics generation (and organisation). */
export async function readFits(db: Database, key: YearKey, level: FairFits['level'], generation: number, tree?: string): Promise<FairFits | null> {
  const row = (
    await sql<{ fits: FairFits | string }>`
      select fits from fairness_fit
      where instrument_id = ${key.instrumentId} and instrument_version = ${key.instrumentVersion} and year = ${key.year} and level = ${level}
        and generation = ${generation} and tree_key = ${tree ?? ''}`.execute(db)
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
    const counselorStale = !counselor || Number(counselor.generation) !== generation;
    if (!officeStale && !counselorStale) continue;
    const stats = await loadYearStats(db, key, covariates);
    if (officeStale) {
      await writeFits(db, key, officeFits(stats, unitTree));
      done.push({ ...key, level: 'office' });
    }
    if (counselorStale) {
      await writeFits(db, key, counselorFits(stats));
      done.push({ ...key, level: 'counselor' });
    }
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
): Promise<{ generation: number; items: Map<number, UnitItemStats> }> {
  const k = covariates.length;
  const width = (3 + k) * 8;
  const rows = (
    await sql<{ item: number; generation: number; sums: Uint8Array[] }>`
      select item, max(generation) over () as generation, array(
               select substring(sums from ((p - 1) / 2) * ${width} + 1 for ${width})
               from unnest(array_positions(units, ${counselorId}::text)) p where p % 2 = 1 order by p) as sums
      from fairness_year_stats
      where instrument_id = ${key.instrumentId} and instrument_version = ${key.instrumentVersion} and year = ${key.year}`.execute(db)
  ).rows;
  const out = new Map<number, UnitItemStats>();
  for (const r of rows) {
    if (r.sums.length === 0) continue;
    const total: UnitItemStats = { unit: counselorId, n: 0, sumY: 0, sumYY: 0, sumX: new Float64Array(k) };
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
    out.set(r.item, total);
  }
  return { generation: Number(rows[0]?.generation ?? 0), items: out };
}

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
  const row = await db
    .selectFrom('fairness_year_stats')
    .select((eb) => [eb.fn.max<number | null>('generation').as('generation'), eb.fn.max<Date | null>('computed_at').as('computed_at')])
    .where((eb) => eb.and(yearIs(key)))
    .executeTakeFirst();
  return { generation: Number(row?.generation ?? 0), computedAt: row?.computed_at ? new Date(row.computed_at).toISOString() : null };
}

/**
 * The kept fits of a year and level, if they were computed from the given statistics generation, under the current
 * rules, and with the given organisation (`tree`: treeKey of it; both levels come from one nested model over it).
 */
export async function readFits(
  db: Database,
  key: YearKey,
  level: FairFits['level'],
  generation: number,
  tree: string,
): Promise<FairFits | null> {
  const row = await db
    .selectFrom('fairness_fit')
    .select('fits')
    .where((eb) => eb.and({ ...yearIs(key), level, generation, tree_key: tree }))
    .executeTakeFirst();
  if (!row) return null;
  return (typeof row.fits === 'string' ? JSON.parse(row.fits) : row.fits) as FairFits;
}

async function writeFits(db: Database, key: YearKey, fits: FairFits): Promise<void> {
  await db
    .insertInto('fairness_fit')
    .values((eb) => ({
      ...yearIs(key),
      level: fits.level,
      generation: fits.generation,
      tree_key: fits.treeKey,
      computed_at: eb.fn<Date>('clock_timestamp'),
      fits: JSON.stringify(fits),
    }))
    .onConflict((oc) =>
      oc.columns(['instrument_id', 'instrument_version', 'year', 'level']).doUpdateSet((eb) => ({
        generation: eb.ref('excluded.generation'),
        tree_key: eb.ref('excluded.tree_key'),
        computed_at: eb.ref('excluded.computed_at'),
        fits: eb.ref('excluded.fits'),
      })),
    )
    .execute();
}

/**
 * Fits every year whose kept fits are missing or older than its statistics (or, for offices, made with another
 * organisation), and keeps them. Returns what was fitted. Run by the worker after refreshing the statistics.
 */
export async function refreshFits(
  db: Database,
  covariates: readonly Covariate[] = CASE_MIX_COVARIATES,
  tree?: UnitTree,
): Promise<Array<YearKey & { level: FairFits['level'] }>> {
  const unitTree = tree ?? (await loadUnitTree(db));
  const currentTree = treeKey(unitTree);
  const done: Array<YearKey & { level: FairFits['level'] }> = [];
  const kept = await db
    .selectFrom('fairness_fit')
    .select(['instrument_id', 'instrument_version', 'year', 'level', 'generation', 'tree_key'])
    .execute();
  // Years no longer with statistics (every answer deleted) lose their fits too.
  await db
    .deleteFrom('fairness_fit as f')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('fairness_year_stats as s')
            .select(eb.lit(1).as('one'))
            .whereRef('s.instrument_id', '=', 'f.instrument_id')
            .whereRef('s.instrument_version', '=', 'f.instrument_version')
            .whereRef('s.year', '=', 'f.year'),
        ),
      ),
    )
    .execute();
  for (const key of await availableYears(db)) {
    const { generation } = await yearStatsVersion(db, key);
    const keptOf = (level: string) =>
      kept.find(
        (k) =>
          k.instrument_id === key.instrumentId &&
          k.instrument_version === key.instrumentVersion &&
          k.year === key.year &&
          k.level === level,
      );
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
  const rows = await db
    .selectFrom('fairness_year_stats')
    .select((eb) => [
      'item',
      eb.fn.max('generation').over().as('generation'),
      ownSlots(counselorId, width).as('sums'),
      ownUnits(counselorId).as('unit_ids'),
    ])
    .where((eb) => eb.and(yearIs(key)))
    .execute();
  return { generation: Number(rows[0]?.generation ?? 0), items: sumSlots(rows, counselorId, k), units: unitsOf(rows) };
}

/** The rows of one instrument version and year. */
const yearIs = (key: YearKey) => ({ instrument_id: key.instrumentId, instrument_version: key.instrumentVersion, year: key.year });

// A counselor's slots of a packed row (`sums`, `units`: see store.ts), in row order. Raw SQL: ARRAY(subquery),
// unnest and array_positions over an array column, and substring of a bytea, which the query builder has no form for.
/** The counselor's packed sums (n, Σy, Σy², Σx: `width` bytes) of each unit they answered for. */
const ownSlots = (counselorId: string, width: number): RawBuilder<Uint8Array[]> =>
  sql<Uint8Array[]>`array(select substring(sums from ((p - 1) / 2) * ${width} + 1 for ${width})
    from unnest(array_positions(units, ${counselorId}::text)) p where p % 2 = 1 order by p)`;
/** The units of those slots (the unit recorded with the meetings). */
const ownUnits = (counselorId: string): RawBuilder<string[]> =>
  sql<string[]>`array(select units[p + 1] from unnest(array_positions(units, ${counselorId}::text)) p where p % 2 = 1 order by p)`;

/** The month rows of a tertial, for a common table `m` (month, item, units, sums, pooled). */
function tertialRows(db: Database, key: PeriodStatsKey) {
  const period = parsePeriodKey(key.period);
  if (!period || period.kind !== 'tertial') throw new Error(`not a tertial: ${key.period}`);
  return db
    .selectFrom('fairness_month_stats')
    .select(['month', 'item', 'units', 'sums', 'pooled'])
    .where('instrument_id', '=', key.instrumentId)
    .where('instrument_version', '=', key.instrumentVersion)
    .where('month', '>=', period.from)
    .where('month', '<', period.to);
}

/**
 * A digest of the tertial rows in `m`: their national sums and the size of their packed unit sums. A final month's row
 * changes only when answers leave it (retention; answers are never edited and none can arrive once it is final), and
 * every such change moves its national n, so the digest names the statistics a tertial's fit is made from. Unlike the
 * year's generation it does not move when another month of the year receives answers, so a closed tertial of the
 * current year is not refitted every minute. Raw SQL, typed: a special aggregate (string_agg ordered inside the
 * aggregate, over text concatenated from columns of four types with untyped ':' literals) in a scalar subquery of `m`;
 * the query builder would send those literals as parameters, and the digest must stay what it was.
 */
const TERTIAL_DIGEST = sql<string>`(select md5(coalesce(string_agg(to_char(month, 'YYYY-MM') || ':' || item || ':' || octet_length(sums) || ':' || pooled::text, ';' order by month, item), '')) from m)`;

/**
 * What a period's statistics are, for keeping fits made from them: a year by its generation (as fairness_fit keeps
 * them), a tertial by the digest of its months (TERTIAL_DIGEST).
 */
export async function periodStatsVersion(db: Database, key: PeriodStatsKey): Promise<{ generation: number; version: string }> {
  if (/^\d{4}$/.test(key.period)) {
    const { generation } = await yearStatsVersion(db, {
      instrumentId: key.instrumentId,
      instrumentVersion: key.instrumentVersion,
      year: Number(key.period),
    });
    return { generation, version: `g${generation}` };
  }
  const row = await db
    .with('m', () => tertialRows(db, key))
    .selectNoFrom(TERTIAL_DIGEST.as('version'))
    .executeTakeFirstOrThrow();
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
    const own = await readCounselorSums(
      db,
      { instrumentId: key.instrumentId, instrumentVersion: key.instrumentVersion, year: Number(key.period) },
      counselorId,
      covariates,
    );
    return { generation: own.generation, version: `g${own.generation}`, items: own.items, units: own.units };
  }
  const k = covariates.length;
  const width = (3 + k) * 8;
  const rows = await db
    .with('m', () => tertialRows(db, key))
    .selectFrom('m')
    .select(['item', TERTIAL_DIGEST.as('version'), ownSlots(counselorId, width).as('sums'), ownUnits(counselorId).as('unit_ids')])
    .execute();
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

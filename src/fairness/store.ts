import { expressionBuilder, sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ResponseTable } from '../db/schema.ts';
import type { Database } from '../db/database.ts';
import { CASE_MIX_COVARIATES, type Covariate } from './coding.ts';
import { addPooled, emptyPooled, type PooledStats, type UnitItemStats } from './model.ts';
import { parsePeriodKey } from '../time/periods.ts';

/**
 * Sufficient statistics for the fair comparison, kept per instrument version, period and item in compact form,
 * refreshed incrementally off the read path.
 *
 * A trigger on `response` appends the (instrument version, month) of every inserted, changed or deleted answer to
 * fairness_dirty_month. `refreshFairnessStats` (run by the background worker, see refresher.ts) recomputes only
 * those months from their answers, and moves each affected year by the month's change (new sums minus the sums
 * stored for the month before), all in one transaction. Every sum is a sum of small integers, so float8 holds it
 * exactly and a year kept up to date this way equals one rebuilt from scratch.
 *
 * One row per period and item (fairness_month_stats, fairness_year_stats) holds, for every unit (counselor + the
 * unit recorded with the meeting), n, Σy, Σy² and Σx packed as little-endian float8 in a bytea, and nationally n,
 * Σy, Σy², Σx, Σxxᵀ, Σxy: all the random-intercept fit needs (see model.ts). A report reads seven rows for a year.
 */

const FAIRNESS_LOCK = 7345950;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
  throw new Error('fairness statistics are stored as little-endian float8; this platform is big-endian');

export interface MonthKey {
  instrumentId: string;
  instrumentVersion: number;
  month: string;
}

export interface RefreshResult {
  /** Months recomputed, sorted. */
  months: MonthKey[];
  /** Another refresher held the lock (only with `wait: false`); nothing was done. */
  busy?: boolean;
}

/** One period's statistics for one item: units (sorted keys "counselor\0unit") with [n, Σy, Σy², Σx…] each, and national sums. */
export interface PeriodItemStats {
  keys: string[];
  /** keys.length × (3 + k): n, Σy, Σy², Σx per unit. */
  sums: Float64Array;
  pooled: PooledStats;
}

const KEY_SEPARATOR = '\u0000';

/** Expressions over an answer (`response as a`), for the case-mix masks. */
const answer = expressionBuilder<{ a: ResponseTable }, 'a'>();

function condition(c: Covariate): Expression<SqlBool> {
  const column = answer.ref(`a.${c.field}`);
  if (c.values === null) return answer(column, 'is', null);
  if (c.values.every((v) => typeof v === 'boolean')) return answer(column, '=', c.values[0]);
  return answer(column, 'in', c.values);
}

/**
 * The case mix of an answer as bit masks of 30 covariates each (bit i of mask m: covariate 30m + i applies). The
 * ARRAY[…] around them is raw SQL: the query builder has no array constructor over expressions.
 */
function maskColumns(covariates: readonly Covariate[]): RawBuilder<number[]> {
  const masks: Expression<number>[] = [];
  for (let start = 0; start < Math.max(1, covariates.length); start += 30) {
    const chunk = covariates.slice(start, start + 30);
    const terms = chunk.map((c, i) =>
      answer
        .case()
        .when(condition(c))
        .then(answer.lit(2 ** i))
        .else(answer.lit(0))
        .end(),
    );
    masks.push(terms.length === 0 ? answer.lit(0) : terms.reduce((sum, term) => answer(sum, '+', term)));
  }
  return sql<number[]>`array[${sql.join(masks)}]::int[]`;
}

/**
 * One string per answer: the case-mix masks, ';', then the values (statements 1..S, the overall rating appended
 * last as item 0), a "don't know" as an empty value. The masks part is the national cell's key as it is. Raw SQL,
 * typed: array_append and array_to_string with a null string, which the query builder has no form for.
 */
function packedAnswer(covariates: readonly Covariate[]): RawBuilder<string> {
  return sql<string>`array_to_string(${maskColumns(covariates)}, ',') || ';' || array_to_string(array_append(a.answers, a.overall), ',', '')`;
}

/** Takes the refreshers' lock for the rest of the transaction: waits for it, or with `wait: false` says whether it got it. */
async function lockRefresh(trx: Database, wait: boolean): Promise<boolean> {
  if (wait) {
    await trx.selectNoFrom((eb) => eb.fn<void>('pg_advisory_xact_lock', [eb.val(FAIRNESS_LOCK)]).as('locked')).execute();
    return true;
  }
  return (
    await trx.selectNoFrom((eb) => eb.fn<boolean>('pg_try_advisory_xact_lock', [eb.val(FAIRNESS_LOCK)]).as('ok')).executeTakeFirstOrThrow()
  ).ok;
}

/** The key of a dirty month (fairness_dirty_month), also selected from response and fairness_month_stats. */
const MONTH_KEY = ['instrument_id', 'instrument_version', 'month'] as const;

/** The columns of a stored period row (fairness_month_stats, fairness_year_stats) that decode() reads. */
const STORED = ['item', 'covariates', 'units', 'sums', 'pooled'] as const;

/** The month rows of one instrument version and month. */
const monthIs = (key: MonthKey) => ({ instrument_id: key.instrumentId, instrument_version: key.instrumentVersion, month: key.month });
/** The year rows of one instrument version and year. */
const yearIs = (key: { instrumentId: string; instrumentVersion: number; year: number }) => ({
  instrument_id: key.instrumentId,
  instrument_version: key.instrumentVersion,
  year: key.year,
});

/** A month's statistics from its answers: one indexed scan, sums in memory. */
async function computeMonth(db: Database, key: MonthKey, covariates: readonly Covariate[]): Promise<Map<number, PeriodItemStats>> {
  const k = covariates.length;
  const stride = 3 + k;
  const rows = await db
    .selectFrom('response as a')
    .select(['a.counselor_id as c', 'a.unit_id as u', packedAnswer(covariates).as('p')])
    .where('a.instrument_id', '=', key.instrumentId)
    .where('a.instrument_version', '=', key.instrumentVersion)
    .where('a.month', '=', key.month)
    .execute();
  const unitIndex = new Map<string, number>();
  const byCounselor = new Map<string, Map<string, number>>();
  const unitOf = new Int32Array(rows.length);
  let items = 0;
  rows.forEach((r, i) => {
    let units = byCounselor.get(r.c);
    if (!units) byCounselor.set(r.c, (units = new Map()));
    let index = units.get(r.u);
    if (index === undefined) {
      index = unitIndex.size;
      units.set(r.u, index);
      unitIndex.set(r.c + KEY_SEPARATOR + r.u, index);
    }
    unitOf[i] = index;
    let commas = 0;
    for (let j = r.p.indexOf(';') + 1; j < r.p.length; j++) if (r.p.charCodeAt(j) === 44) commas++;
    items = Math.max(items, commas + 1);
  });
  const U = unitIndex.size;
  const perItem = Array.from({ length: items }, () => new Float64Array(U * stride));
  // National sums by case-mix profile first (few distinct profiles), expanded into Σx, Σxxᵀ, Σxy at the end.
  const cells = new Map<string, { active: number[]; sums: Float64Array }>();
  const activeOf = (masks: number[]): number[] => {
    const active: number[] = [];
    masks.forEach((mask, m) => {
      for (let bit = 0; bit < 30 && 30 * m + bit < k; bit++) if (mask & (1 << bit)) active.push(30 * m + bit);
    });
    return active;
  };
  rows.forEach((r, i) => {
    const text = r.p;
    const split = text.indexOf(';');
    const profile = text.slice(0, split);
    let cell = cells.get(profile);
    if (!cell) cells.set(profile, (cell = { active: activeOf(profile.split(',').map(Number)), sums: new Float64Array(items * 3) }));
    const active = cell.active;
    const o = unitOf[i] * stride;
    // Values in order; L = number of values in this answer, position p (0-based) is item (p + 1) mod L.
    let L = 1;
    for (let j = split + 1; j < text.length; j++) if (text.charCodeAt(j) === 44) L++;
    let position = 0;
    let value = 0;
    let digits = 0;
    for (let j = split + 1; j <= text.length; j++) {
      const ch = j < text.length ? text.charCodeAt(j) : 44;
      if (ch !== 44) {
        if (ch < 48 || ch > 57)
          throw new Error(`fairness refresh: answer values must be whole numbers 1..6, got "${text.slice(split + 1)}"`);
        value = value * 10 + (ch - 48);
        digits++;
        continue;
      }
      if (digits > 0) {
        const y = value;
        const item = (position + 1) % L;
        const data = perItem[item];
        data[o] += 1;
        data[o + 1] += y;
        data[o + 2] += y * y;
        for (let a = 0; a < active.length; a++) data[o + 3 + active[a]] += 1;
        cell.sums[item * 3] += 1;
        cell.sums[item * 3 + 1] += y;
        cell.sums[item * 3 + 2] += y * y;
      }
      position++;
      value = 0;
      digits = 0;
    }
  });
  const keys = [...unitIndex.keys()];
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  const out = new Map<number, PeriodItemStats>();
  for (let item = 0; item < items; item++) {
    const pooled = emptyPooled(k);
    for (const cell of cells.values()) {
      const n = cell.sums[item * 3];
      if (n > 0) addCell(pooled, cell.active, n, cell.sums[item * 3 + 1], cell.sums[item * 3 + 2]);
    }
    if (pooled.n === 0) continue;
    const data = perItem[item];
    const kept = order.filter((u) => data[u * stride] > 0);
    const sums = new Float64Array(kept.length * stride);
    kept.forEach((u, i) => sums.set(data.subarray(u * stride, (u + 1) * stride), i * stride));
    out.set(item, { keys: kept.map((u) => keys[u]), sums, pooled });
  }
  return out;
}

const pooledToArray = (p: PooledStats): number[] => [p.n, p.sumY, p.sumYY, ...p.sumX, ...p.sumXX, ...p.sumXY];

function pooledFromArray(values: readonly number[], k: number): PooledStats {
  if (values.length !== 3 + 2 * k + k * k)
    throw new Error('fairness statistics were computed with another case-mix coding: refresh them first');
  return {
    n: values[0],
    sumY: values[1],
    sumYY: values[2],
    sumX: Float64Array.from(values.slice(3, 3 + k)),
    sumXX: Float64Array.from(values.slice(3 + k, 3 + k + k * k)),
    sumXY: Float64Array.from(values.slice(3 + k + k * k)),
  };
}

function toBytes(sums: Float64Array): Buffer {
  return Buffer.from(sums.buffer, sums.byteOffset, sums.byteLength);
}

function fromBytes(bytes: Uint8Array, expected: number): Float64Array {
  if (bytes.byteLength !== expected * 8)
    throw new Error('fairness statistics were computed with another case-mix coding: refresh them first');
  // Copied: the driver's buffer need not be 8-byte aligned.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

interface StoredRow {
  item: number;
  covariates: string[];
  units: string[];
  sums: Uint8Array;
  pooled: number[];
}

/** Stored as counselor, unit, counselor, unit, … (a text value cannot hold the NUL of the in-memory key). */
const unitsToArray = (keys: readonly string[]): string[] => keys.flatMap((key) => key.split(KEY_SEPARATOR));

function decode(row: StoredRow, k: number): PeriodItemStats {
  const keys = new Array<string>(row.units.length / 2);
  for (let i = 0; i < keys.length; i++) keys[i] = row.units[2 * i] + KEY_SEPARATOR + row.units[2 * i + 1];
  return { keys, sums: fromBytes(row.sums, keys.length * (3 + k)), pooled: pooledFromArray(row.pooled, k) };
}

/** The signed sum of periods' statistics, unit by unit (units left with no answers are dropped; undefined when nothing is left). */
function sumPeriods(parts: ReadonlyArray<readonly [PeriodItemStats | undefined, 1 | -1]>, k: number): PeriodItemStats | undefined {
  const stride = 3 + k;
  const byKey = new Map<string, Float64Array>();
  const pooled = emptyPooled(k);
  for (const [from, sign] of parts) {
    if (!from) continue;
    from.keys.forEach((key, i) => {
      let row = byKey.get(key);
      if (!row) byKey.set(key, (row = new Float64Array(stride)));
      for (let a = 0; a < stride; a++) row[a] += sign * from.sums[i * stride + a];
    });
    const p = from.pooled;
    addPooled(
      pooled,
      sign === 1
        ? p
        : {
            n: -p.n,
            sumY: -p.sumY,
            sumYY: -p.sumYY,
            sumX: p.sumX.map((v) => -v),
            sumXX: p.sumXX.map((v) => -v),
            sumXY: p.sumXY.map((v) => -v),
          },
    );
  }
  if (pooled.n === 0) return undefined;
  const keys = [...byKey.keys()].filter((key) => byKey.get(key)![0] !== 0).sort();
  const sums = new Float64Array(keys.length * stride);
  keys.forEach((key, i) => sums.set(byKey.get(key)!, i * stride));
  return { keys, sums, pooled };
}

/** year += fresh − old, unit by unit. */
function applyChange(
  year: PeriodItemStats | undefined,
  old: PeriodItemStats | undefined,
  fresh: PeriodItemStats | undefined,
  k: number,
): PeriodItemStats | undefined {
  return sumPeriods(
    [
      [year, 1],
      [old, -1],
      [fresh, 1],
    ],
    k,
  );
}

/**
 * Recomputes the statistics of months that received or lost answers since the last refresh, and moves their years
 * by the change. With `wait: false` it returns at once (busy) when another refresher holds the lock.
 */
export async function refreshFairnessStats(
  db: Database,
  covariates: readonly Covariate[] = CASE_MIX_COVARIATES,
  opts: { wait?: boolean } = {},
): Promise<RefreshResult> {
  const names = covariates.map((c) => c.name);
  const k = covariates.length;
  return db.transaction().execute(async (trx) => {
    // One refresher at a time; READ COMMITTED gives each later statement a snapshot taken after the lock.
    if (!(await lockRefresh(trx, opts.wait !== false))) return { months: [], busy: true };
    // Statistics kept with another coding cannot be moved by a change: rebuild everything.
    const otherCoding = Number(
      (
        await trx
          .selectFrom(
            trx
              .selectFrom('fairness_month_stats')
              .select('covariates')
              .unionAll(trx.selectFrom('fairness_year_stats').select('covariates'))
              .as('s'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          // eb.val: one text[] parameter (a bare array would be a list of values).
          .where((eb) => eb('covariates', '<>', eb.val(names)))
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (otherCoding > 0) {
      await trx
        .insertInto('fairness_dirty_month')
        .columns(MONTH_KEY)
        .expression(trx.selectFrom('fairness_month_stats').select(MONTH_KEY).distinct())
        .execute();
      await trx.deleteFrom('fairness_month_stats').execute();
      await trx.deleteFrom('fairness_year_stats').execute();
      await trx
        .insertInto('fairness_dirty_month')
        .columns(MONTH_KEY)
        .expression(trx.selectFrom('response').select(MONTH_KEY).distinct())
        .execute();
    }
    const dirty = (
      await trx
        .with('taken', (qc) => qc.deleteFrom('fairness_dirty_month').returning(MONTH_KEY))
        .selectFrom('taken')
        .select(MONTH_KEY)
        .distinct()
        .orderBy('instrument_id')
        .orderBy('instrument_version')
        .orderBy('month')
        .execute()
    ).map((d) => ({ instrumentId: d.instrument_id, instrumentVersion: d.instrument_version, month: d.month }));
    if (dirty.length === 0) return { months: [] };
    const generation = Number(
      (
        await trx
          .updateTable('fairness_generation')
          .set((eb) => ({ generation: eb('generation', '+', 1) }))
          .returning('generation')
          .executeTakeFirstOrThrow()
      ).generation,
    );

    // Month by month: new sums from the answers, the old ones from the table; the year collects both.
    const years = new Map<
      string,
      {
        instrumentId: string;
        instrumentVersion: number;
        year: number;
        changes: Array<{ old: Map<number, PeriodItemStats>; fresh: Map<number, PeriodItemStats> }>;
      }
    >();
    for (const key of dirty) {
      const fresh = await computeMonth(trx, key, covariates);
      const oldRows = await trx
        .selectFrom('fairness_month_stats')
        .select(STORED)
        .where((eb) => eb.and(monthIs(key)))
        .execute();
      const old = new Map(oldRows.map((r) => [r.item, decode(r, k)]));
      await trx
        .deleteFrom('fairness_month_stats')
        .where((eb) => eb.and(monthIs(key)))
        .execute();
      for (const [item, stats] of fresh) {
        await trx
          .insertInto('fairness_month_stats')
          .values({
            ...monthIs(key),
            item,
            covariates: names,
            units: unitsToArray(stats.keys),
            sums: toBytes(stats.sums),
            pooled: pooledToArray(stats.pooled),
          })
          .execute();
      }
      const year = Number(key.month.slice(0, 4));
      const yearKey = `${key.instrumentId}\u0000${key.instrumentVersion}\u0000${year}`;
      let entry = years.get(yearKey);
      if (!entry)
        years.set(yearKey, (entry = { instrumentId: key.instrumentId, instrumentVersion: key.instrumentVersion, year, changes: [] }));
      entry.changes.push({ old, fresh });
    }

    for (const y of years.values()) {
      const stored = await trx
        .selectFrom('fairness_year_stats')
        .select(STORED)
        .where((eb) => eb.and(yearIs(y)))
        .execute();
      const current = new Map<number, PeriodItemStats | undefined>(stored.map((r) => [r.item, decode(r, k)]));
      const touched = new Set<number>();
      for (const { old, fresh } of y.changes) {
        for (const item of new Set([...old.keys(), ...fresh.keys()])) {
          current.set(item, applyChange(current.get(item), old.get(item), fresh.get(item), k));
          touched.add(item);
        }
      }
      for (const item of touched) {
        const stats = current.get(item);
        await trx
          .deleteFrom('fairness_year_stats')
          .where((eb) => eb.and({ ...yearIs(y), item }))
          .execute();
        if (!stats) continue;
        await trx
          .insertInto('fairness_year_stats')
          .values((eb) => ({
            ...yearIs(y),
            item,
            covariates: names,
            units: unitsToArray(stats.keys),
            sums: toBytes(stats.sums),
            pooled: pooledToArray(stats.pooled),
            generation,
            computed_at: eb.fn<Date>('clock_timestamp'),
          }))
          .execute();
      }
    }
    return { months: dirty };
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
  await db
    .insertInto('fairness_dirty_month')
    .columns(MONTH_KEY)
    .expression(db.selectFrom('response').select(MONTH_KEY).distinct().union(db.selectFrom('fairness_month_stats').select(MONTH_KEY)))
    .execute();
}

/** Rebuilds every month and year from the answers (the check that incremental refreshes end where a rebuild ends). */
export async function rebuildFairnessStats(db: Database, covariates: readonly Covariate[] = CASE_MIX_COVARIATES): Promise<RefreshResult> {
  await db.transaction().execute(async (trx) => {
    await lockRefresh(trx, true);
    await markAllMonthsDirty(trx);
    await trx.deleteFrom('fairness_month_stats').execute();
    await trx.deleteFrom('fairness_year_stats').execute();
  });
  return refreshFairnessStats(db, covariates);
}

/** Whether answers arrived (or left) since the last refresh. */
export async function hasDirtyMonths(db: Database): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => eb.exists(eb.selectFrom('fairness_dirty_month').select(eb.lit(1).as('one'))).as('dirty'))
    .executeTakeFirstOrThrow();
  return row.dirty === true;
}

export interface YearStats {
  instrumentId: string;
  instrumentVersion: number;
  year: number;
  /** The fixed period the statistics cover: the year ("2026") or one of its tertials ("2026-T2"). */
  period: string;
  covariates: readonly Covariate[];
  /** Per item (0 = overall, 1..S statements). */
  items: Map<number, YearItemStats>;
  /** The refresh that last changed this year, and when it finished computing (null: no statistics). */
  generation: number;
  computedAt: string | null;
}

/** One item's year: sums per (counselor, unit recorded at the meeting), and the national sums. */
export interface YearItemStats {
  units: Array<UnitItemStats & { counselorId: string; unitId: string }>;
  pooled: PooledStats;
}

/** An instrument version and a fixed period with fair-comparison statistics: a year ("2026") or a tertial ("2026-T2"). */
export interface PeriodStatsKey {
  instrumentId: string;
  instrumentVersion: number;
  period: string;
}

/** Changes whenever a refresh changed the statistics. */
export async function statsGeneration(db: Database): Promise<number> {
  const row = await db.selectFrom('fairness_generation').select('generation').executeTakeFirst();
  return Number(row?.generation ?? 0);
}

/** Instrument versions and years that have statistics, newest first. */
export async function availableYears(db: Database): Promise<Array<{ instrumentId: string; instrumentVersion: number; year: number }>> {
  const rows = await db
    .selectFrom('fairness_year_stats')
    .select(['instrument_id', 'instrument_version', 'year'])
    .distinct()
    .orderBy('year', 'desc')
    .orderBy('instrument_id')
    .orderBy('instrument_version', 'desc')
    .execute();
  return rows.map((r) => ({ instrumentId: r.instrument_id, instrumentVersion: r.instrument_version, year: r.year }));
}

/** The months (YYYY-MM-01) of an instrument version that have statistics, newest first. */
export async function monthsWithStats(db: Database, key: { instrumentId: string; instrumentVersion: number }): Promise<string[]> {
  const rows = await db
    .selectFrom('fairness_month_stats')
    .select((eb) => eb.fn<string>('to_char', ['month', eb.val('YYYY-MM-DD')]).as('month'))
    .distinct()
    .where('instrument_id', '=', key.instrumentId)
    .where('instrument_version', '=', key.instrumentVersion)
    .orderBy('month', 'desc')
    .execute();
  return rows.map((r) => r.month);
}

function decodeYearStats(
  key: { instrumentId: string; instrumentVersion: number; year: number; period: string },
  covariates: readonly Covariate[],
  items: Map<number, PeriodItemStats>,
  version: { generation: number; computedAt: string | null },
): YearStats {
  const k = covariates.length;
  const stride = 3 + k;
  const out: YearStats['items'] = new Map();
  for (const [item, stats] of items) {
    const units = stats.keys.map((id, i) => {
      const o = i * stride;
      const cut = id.indexOf(KEY_SEPARATOR);
      return {
        unit: id,
        counselorId: id.slice(0, cut),
        unitId: id.slice(cut + 1),
        n: stats.sums[o],
        sumY: stats.sums[o + 1],
        sumYY: stats.sums[o + 2],
        sumX: stats.sums.subarray(o + 3, o + stride),
      };
    });
    out.set(item, { units, pooled: stats.pooled });
  }
  return { ...key, covariates, items: out, ...version };
}

function checkCoding(row: StoredRow, covariates: readonly Covariate[]): void {
  if (row.covariates.join('|') !== covariates.map((c) => c.name).join('|'))
    throw new Error('fairness statistics were computed with another case-mix coding: refresh them first');
}

/** Loads a year of statistics for one instrument version: one row per item. */
export async function loadYearStats(
  db: Database,
  key: { instrumentId: string; instrumentVersion: number; year: number },
  covariates: readonly Covariate[] = CASE_MIX_COVARIATES,
): Promise<YearStats> {
  const k = covariates.length;
  const rows = await db
    .selectFrom('fairness_year_stats')
    .select([...STORED, 'generation', 'computed_at'])
    .where((eb) => eb.and(yearIs(key)))
    .execute();
  const items = new Map<number, PeriodItemStats>();
  let generation = 0;
  let computedAt: string | null = null;
  for (const r of rows) {
    checkCoding(r, covariates);
    items.set(r.item, decode(r, k));
    generation = Math.max(generation, Number(r.generation));
    const at = new Date(r.computed_at).toISOString();
    if (computedAt === null || at > computedAt) computedAt = at;
  }
  return decodeYearStats(
    { instrumentId: key.instrumentId, instrumentVersion: key.instrumentVersion, year: key.year, period: String(key.year) },
    covariates,
    items,
    { generation, computedAt },
  );
}

/** The months of a tertial, as [first, first after] ISO dates; throws for anything but "YYYY-Tn". */
function tertialMonths(period: string): { from: string; to: string; year: number } {
  const parsed = parsePeriodKey(period);
  if (!parsed || parsed.kind !== 'tertial') throw new Error(`not a tertial: ${period}`);
  return { from: parsed.from, to: parsed.to, year: Number(period.slice(0, 4)) };
}

/**
 * A tertial's statistics in the shape of a year's: for each item, the sum of its four months' rows (each month row
 * holds the same packed sums as a year row, and a year row is exactly the sum of its months). The generation and
 * computing time are the year's (the last refresh that changed any month of the year).
 */
export async function loadTertialStats(
  db: Database,
  key: PeriodStatsKey,
  covariates: readonly Covariate[] = CASE_MIX_COVARIATES,
): Promise<YearStats> {
  const k = covariates.length;
  const { from, to, year } = tertialMonths(key.period);
  // One statement: the months and the year's generation from the same snapshot.
  const rows = await db
    .selectFrom('fairness_month_stats as m')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('fairness_year_stats')
          .select((eb) => [eb.fn.max('generation').as('generation'), eb.fn.max('computed_at').as('computed_at')])
          .where((eb) => eb.and(yearIs({ ...key, year })))
          .as('y'),
      (join) => join.onTrue(),
    )
    .select(['m.item', 'm.covariates', 'm.units', 'm.sums', 'm.pooled', 'y.generation', 'y.computed_at'])
    .where('m.instrument_id', '=', key.instrumentId)
    .where('m.instrument_version', '=', key.instrumentVersion)
    .where('m.month', '>=', from)
    .where('m.month', '<', to)
    .orderBy('m.month')
    .orderBy('m.item')
    .execute();
  const parts = new Map<number, Array<readonly [PeriodItemStats, 1]>>();
  for (const r of rows) {
    checkCoding(r, covariates);
    parts.set(r.item, [...(parts.get(r.item) ?? []), [decode(r, k), 1] as const]);
  }
  const items = new Map<number, PeriodItemStats>();
  for (const [item, list] of parts) {
    const total = sumPeriods(list, k);
    if (total) items.set(item, total);
  }
  const version =
    rows.length > 0 && rows[0].generation !== null
      ? { generation: Number(rows[0].generation), computedAt: new Date(rows[0].computed_at!).toISOString() }
      : { generation: 0, computedAt: null };
  return decodeYearStats(
    { instrumentId: key.instrumentId, instrumentVersion: key.instrumentVersion, year, period: key.period },
    covariates,
    items,
    version,
  );
}

/** A year's or a tertial's statistics (period "2026" or "2026-T2"). */
export async function loadPeriodStats(
  db: Database,
  key: PeriodStatsKey,
  covariates: readonly Covariate[] = CASE_MIX_COVARIATES,
): Promise<YearStats> {
  return /^\d{4}$/.test(key.period)
    ? loadYearStats(db, { instrumentId: key.instrumentId, instrumentVersion: key.instrumentVersion, year: Number(key.period) }, covariates)
    : loadTertialStats(db, key, covariates);
}

/** Decoded stored rows of a period, for tests and checks. */
export async function loadStoredPeriod(
  db: Database,
  period:
    { instrumentId: string; instrumentVersion: number; month: string } | { instrumentId: string; instrumentVersion: number; year: number },
  covariates: readonly Covariate[] = CASE_MIX_COVARIATES,
): Promise<Map<number, PeriodItemStats>> {
  const rows =
    'month' in period
      ? await db
          .selectFrom('fairness_month_stats')
          .select(STORED)
          .where((eb) => eb.and(monthIs(period)))
          .execute()
      : await db
          .selectFrom('fairness_year_stats')
          .select(STORED)
          .where((eb) => eb.and(yearIs(period)))
          .execute();
  return new Map(rows.map((r) => [r.item, decode(r, covariates.length)]));
}

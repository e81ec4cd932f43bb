import {
  explainCaseMixFromTotals,
  fitRandomInterceptFromTotals,
  normalQuantile,
  answersNeededForReliability,
  fitNestedRandomIntercept,
  spearman,
  StatsInputError,
  type NestedFit,
  type FixedEffect,
  type CrossProductTotals,
  type RandomInterceptFit,
  type UnitSufficientStats,
  type UnitSums,
} from '../stats/index.ts';
import type { Covariate } from './coding.ts';

/**
 * The fair comparison of units on one item, from sufficient statistics. Pure: no database, no HTTP.
 *
 * The REML fit uses Σxxᵀ and Σxy only through their sums over all units, so the store keeps those sums
 * nationally (PooledStats) and per unit only n, Σy, Σy² and Σx; `compactUnits` picks the model's columns and
 * fitRandomInterceptFromTotals fits from that. (`assembleUnits` gives the same as full per-unit statistics,
 * with the national sums put on the first unit; model.test.ts checks both give the fit of the full statistics.)
 */

/** A unit's sums for one item (a counselor, or an office rolled up from its counselors). */
export interface UnitItemStats {
  unit: string;
  n: number;
  sumY: number;
  sumYY: number;
  /** Σx over the unit's answers, one entry per covariate of the full coding. */
  sumX: Float64Array;
}

/** National sums for one item: n, Σy, Σy², Σx, Σxxᵀ (k×k row-major) and Σxy over every answer. */
export interface PooledStats {
  n: number;
  sumY: number;
  sumYY: number;
  sumX: Float64Array;
  sumXX: Float64Array;
  sumXY: Float64Array;
}

export function emptyPooled(k: number): PooledStats {
  return { n: 0, sumY: 0, sumYY: 0, sumX: new Float64Array(k), sumXX: new Float64Array(k * k), sumXY: new Float64Array(k) };
}

export function addPooled(into: PooledStats, from: PooledStats): void {
  into.n += from.n;
  into.sumY += from.sumY;
  into.sumYY += from.sumYY;
  for (let i = 0; i < into.sumX.length; i++) {
    into.sumX[i] += from.sumX[i];
    into.sumXY[i] += from.sumXY[i];
  }
  for (let i = 0; i < into.sumXX.length; i++) into.sumXX[i] += from.sumXX[i];
}

/** Adds unit sums under a (possibly new) unit key, e.g. months into a year or counselors into offices. */
export function addUnit(into: Map<string, UnitItemStats>, unit: string, from: Omit<UnitItemStats, 'unit'>): void {
  let s = into.get(unit);
  if (!s) {
    s = { unit, n: 0, sumY: 0, sumYY: 0, sumX: new Float64Array(from.sumX.length) };
    into.set(unit, s);
  }
  s.n += from.n;
  s.sumY += from.sumY;
  s.sumYY += from.sumYY;
  for (let i = 0; i < s.sumX.length; i++) s.sumX[i] += from.sumX[i];
}

export interface DroppedCovariate {
  name: string;
  /**
   * constant: no variation in the period's data; collinear: follows from the intercept and the columns kept before it;
   * sparse: too few answers carry it nationally to publish a coefficient (merged with its field's reference level,
   * see MIN_LEVEL_ANSWERS in report.ts).
   */
  reason: 'constant' | 'collinear' | 'sparse';
}

/**
 * The candidate columns the period's data can identify: a column that is constant (say, no interpreter was
 * recorded all year) or a combination of the intercept and earlier columns (say, two fields always missing
 * together) is dropped, as R's lm drops aliased terms. Decided on the covariance of x over all answers.
 *
 * With `minResidual`, a column is also dropped ('sparse') when what is left of it once the intercept and the
 * columns kept before it explain it, n × that variance, is below `minResidual`: its coefficient would rest on a few
 * answers only (say, two fields missing together in every answer but one: the second field's coefficient is that one
 * answer's). For a lone 0/1 column held by a of n answers this is a(n − a)/n.
 */
export function identifiableColumns(
  pooled: PooledStats,
  candidates: readonly number[],
  names: readonly string[],
  minResidual = 0,
): { kept: number[]; dropped: DroppedCovariate[] } {
  const k = pooled.sumX.length;
  const n = pooled.n;
  const kept: number[] = [];
  const dropped: DroppedCovariate[] = [];
  if (n === 0) return { kept, dropped: candidates.map((c) => ({ name: names[c], reason: 'constant' })) };
  const cov = (a: number, b: number) => pooled.sumXX[a * k + b] / n - (pooled.sumX[a] / n) * (pooled.sumX[b] / n);
  // Incremental Cholesky of the kept columns' covariance; a candidate's pivot is its variance left unexplained.
  const rows: number[][] = [];
  for (const c of candidates) {
    const variance = cov(c, c);
    if (!(variance > 1e-12)) {
      dropped.push({ name: names[c], reason: 'constant' });
      continue;
    }
    const row: number[] = [];
    let pivot = variance;
    for (let i = 0; i < kept.length; i++) {
      let s = cov(c, kept[i]);
      for (let j = 0; j < i; j++) s -= row[j] * rows[i][j];
      const value = s / rows[i][i];
      row.push(value);
      pivot -= value * value;
    }
    if (!(pivot > 1e-9 * variance)) {
      dropped.push({ name: names[c], reason: 'collinear' });
      continue;
    }
    if (n * pivot < minResidual) {
      dropped.push({ name: names[c], reason: 'sparse' });
      continue;
    }
    row.push(Math.sqrt(pivot));
    rows.push(row);
    kept.push(c);
  }
  return { kept, dropped };
}

/** Unit statistics for fitRandomIntercept on the chosen columns, with the national cross-products attached. */
export function assembleUnits(units: readonly UnitItemStats[], pooled: PooledStats, columns: readonly number[]): UnitSufficientStats[] {
  const k = pooled.sumX.length;
  const m = columns.length;
  const totalN = units.reduce((s, u) => s + u.n, 0);
  if (totalN !== pooled.n) {
    throw new StatsInputError(
      'shape_mismatch',
      `unit statistics hold ${totalN} answers but the national sums ${pooled.n}: refresh the statistics`,
    );
  }
  let carrier = units.findIndex((u) => u.n > 0);
  return units.map((u, index) => {
    const sumX = new Float64Array(m);
    columns.forEach((c, a) => (sumX[a] = u.sumX[c]));
    const sumXX = new Float64Array(m * m);
    const sumXY = new Float64Array(m);
    if (index === carrier) {
      columns.forEach((ca, a) => {
        sumXY[a] = pooled.sumXY[ca];
        columns.forEach((cb, b) => (sumXX[a * m + b] = pooled.sumXX[ca * k + cb]));
      });
      carrier = -2;
    }
    return { unit: u.unit, n: u.n, sumY: u.sumY, sumYY: u.sumYY, sumX, sumXX, sumXY };
  });
}

/** Units' n, Σy, Σy², Σx on the chosen columns, and the national cross-products on them, for fitRandomInterceptFromTotals. */
export function compactUnits(
  units: readonly UnitItemStats[],
  pooled: PooledStats,
  columns: readonly number[],
): { units: UnitSums[]; totals: CrossProductTotals } {
  const k = pooled.sumX.length;
  const m = columns.length;
  let totalN = 0;
  for (const u of units) totalN += u.n;
  if (totalN !== pooled.n) {
    throw new StatsInputError(
      'shape_mismatch',
      `unit statistics hold ${totalN} answers but the national sums ${pooled.n}: refresh the statistics`,
    );
  }
  const sumXX = new Float64Array(m * m);
  const sumXY = new Float64Array(m);
  columns.forEach((ca, a) => {
    sumXY[a] = pooled.sumXY[ca];
    columns.forEach((cb, b) => (sumXX[a * m + b] = pooled.sumXX[ca * k + cb]));
  });
  const out = units.map((u) => {
    const sumX = new Float64Array(m);
    for (let a = 0; a < m; a++) sumX[a] = u.sumX[columns[a]];
    return { unit: u.unit, n: u.n, sumY: u.sumY, sumYY: u.sumYY, sumX };
  });
  return { units: out, totals: { sumXX, sumXY } };
}

/** One unit's figures on one item. */
export interface FairEstimate {
  unit: string;
  n: number;
  rawMean: number;
  /** Raw mean moved to the national case mix (not shrunken). */
  adjustedMean: number;
  /** Case-mix adjusted and shrunken toward the national level; equals adjustedMean when there is no shrinkage. */
  estimate: number;
  interval: { lower: number; upper: number };
  /** σ²_b/(σ²_b + σ²_w/n); null when the between-unit variance could not be estimated. */
  reliability: number | null;
  /** 'higher'/'lower' only when the interval excludes the reference level. */
  differs: 'higher' | 'lower' | null;
  /** The adjusted mean had innsatsgruppe (set by the counselor) been adjusted for too. */
  adjustedMeanWithCounselorSet: number | null;
}

export interface CounselorSetEffect {
  coefficients: FixedEffect[];
  /** SD and largest absolute change over units of the adjusted mean when the counselor-set covariates are added. */
  changeSd: number;
  changeMaxAbs: number;
}

export interface ItemAnalysis {
  /** Whether unit effects were shrunken (false: too few units nationally to estimate between-unit variance). */
  shrinkage: boolean;
  covariates: string[];
  dropped: DroppedCovariate[];
  coefficients: FixedEffect[];
  referenceLevel: number;
  betweenVariance: number | null;
  withinVariance: number;
  answersForReliability07: number | null;
  /** From explainCaseMix: how much adjustment mattered. */
  adjustmentSd: number;
  adjustmentMaxAbs: number;
  betweenVarianceRatio: number | null;
  rankCorrelation: number | null;
  flagChanges: number | null;
  counselorSet: CounselorSetEffect | null;
  estimates: Map<string, FairEstimate>;
}

export interface AnalyzeOptions {
  covariates: readonly Covariate[];
  confidence?: number;
  /**
   * A fit at a finer level (counselors) to borrow the case-mix coefficients from when this level has too few
   * units for a mixed model (fewer than three offices): then no shrinkage, and intervals from the within variance.
   */
  fallback?: RandomInterceptFit;
  /** Also fit the model with the counselor-set covariates, to show their effect apart (default true; one more fit). */
  showCounselorSet?: boolean;
  /**
   * Case-mix levels too sparse to carry a coefficient (report.ts decides which): `columns` are left out before
   * fitting, so their answers count with their field's reference level, and any column with less than `minResidual`
   * left once the others explain it is left out too (identifiableColumns). Both are listed as dropped 'sparse'.
   */
  sparse?: { columns: readonly number[]; minResidual: number };
}

const sd = (values: number[]) => {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
};

/**
 * The columns a fair model of one item is fitted on: what the data can identify outside the counselor-set ones
 * (`chosen`), and with them (`withSet`); and what is not in the model: merged sparse levels, then what the data
 * cannot identify (counselor-set columns only where their model is fitted). The same for both models (analyzeItem,
 * analyzeNested).
 */
function modelColumns(pooled: PooledStats, options: AnalyzeOptions) {
  const names = options.covariates.map((c) => c.name);
  const merged = new Set(options.sparse?.columns ?? []);
  const minResidual = options.sparse?.minResidual ?? 0;
  const showSet = options.showCounselorSet !== false;
  const isSet = (i: number) => options.covariates[i].counselorSet;
  const all = options.covariates.map((_, i) => i).filter((i) => !merged.has(i));
  const chosen = identifiableColumns(
    pooled,
    all.filter((i) => !isSet(i)),
    names,
    minResidual,
  );
  const withSet = identifiableColumns(pooled, [...chosen.kept, ...all.filter(isSet)], names, minResidual);
  const dropped: DroppedCovariate[] = [
    ...[...merged]
      .filter((c) => showSet || !isSet(c))
      .sort((a, b) => a - b)
      .map((c) => ({ name: names[c], reason: 'sparse' as const })),
    ...chosen.dropped,
    ...(showSet ? withSet.dropped.filter((d) => isSet(names.indexOf(d.name))) : []),
  ];
  return { names, showSet, isSet, chosen, withSet, setColumns: withSet.kept.filter(isSet), dropped };
}

/** What adding the counselor-set columns changed: their coefficients, and the spread of the change in each unit's adjusted mean. */
function counselorSetEffect(
  setFixedEffects: readonly FixedEffect[],
  setNames: readonly string[],
  units: ReadonlyArray<{ key: string; adjustedMean: number }>,
  withSetMeans: ReadonlyMap<string, number>,
): CounselorSetEffect {
  const changes = units.map((u) => (withSetMeans.get(u.key) ?? u.adjustedMean) - u.adjustedMean);
  return {
    coefficients: setFixedEffects.filter((f) => setNames.includes(f.name)),
    changeSd: sd(changes),
    changeMaxAbs: Math.max(0, ...changes.map(Math.abs)),
  };
}

/** Case-mix adjusted, shrunken estimates with intervals and reliability for every unit on one item. */
export function analyzeItem(
  units: readonly UnitItemStats[],
  pooled: PooledStats,
  options: AnalyzeOptions,
): ItemAnalysis & { fit: RandomInterceptFit | null } {
  const { names, showSet, isSet, chosen, withSet, setColumns, dropped } = modelColumns(pooled, options);
  const covariates = chosen.kept.map((c) => names[c]);
  const active = units.filter((u) => u.n > 0);
  const z = normalQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2);

  if (active.length < 3) {
    if (!options.fallback)
      throw new StatsInputError('too_few_cases', `fair comparison needs at least 3 units with answers, got ${active.length}`);
    return {
      ...borrowedAnalysis(active, pooled, names, options.fallback, z),
      dropped: dropped.filter((d) => !isSet(names.indexOf(d.name))),
      fit: null,
    };
  }

  const compact = compactUnits(active, pooled, chosen.kept);
  const why = explainCaseMixFromTotals(compact.units, compact.totals, { covariates, confidence: options.confidence });
  const fit = why.adjusted;
  let counselorSet: CounselorSetEffect | null = null;
  const withSetMeans = new Map<string, number>();
  if (setColumns.length > 0 && showSet) {
    const withSetStats = compactUnits(active, pooled, withSet.kept);
    const setFit = fitRandomInterceptFromTotals(withSetStats.units, withSetStats.totals, {
      covariates: withSet.kept.map((c) => names[c]),
      confidence: options.confidence,
    });
    for (const u of setFit.units) withSetMeans.set(u.unit, u.adjustedMean);
    counselorSet = counselorSetEffect(
      setFit.fixedEffects,
      setColumns.map((c) => names[c]),
      fit.units.map((u) => ({ key: u.unit, adjustedMean: u.adjustedMean })),
      withSetMeans,
    );
  }
  const estimates = new Map<string, FairEstimate>();
  for (const u of fit.units) {
    estimates.set(u.unit, {
      unit: u.unit,
      n: u.n,
      rawMean: u.rawMean,
      adjustedMean: u.adjustedMean,
      estimate: u.shrunkenEstimate,
      interval: u.interval,
      reliability: u.reliability,
      differs: u.differsFromReference ? (u.shrunkenEstimate > fit.referenceLevel ? 'higher' : 'lower') : null,
      adjustedMeanWithCounselorSet: withSetMeans.get(u.unit) ?? null,
    });
  }
  return {
    shrinkage: true,
    covariates,
    dropped,
    coefficients: why.coefficients,
    referenceLevel: fit.referenceLevel,
    betweenVariance: fit.betweenVariance,
    withinVariance: fit.withinVariance,
    answersForReliability07: fit.betweenVariance > 0 ? answersNeededForReliability(0.7, fit.betweenVariance, fit.withinVariance) : null,
    adjustmentSd: why.adjustmentSd,
    adjustmentMaxAbs: why.adjustmentMaxAbs,
    betweenVarianceRatio: Number.isFinite(why.betweenVarianceRatio) ? why.betweenVarianceRatio : null,
    rankCorrelation: why.rankCorrelation,
    flagChanges: why.flagChanges,
    counselorSet,
    estimates,
    fit,
  };
}

/** Too few units for a mixed model at this level: adjust with the finer level's coefficients, no shrinkage. */
function borrowedAnalysis(
  units: readonly UnitItemStats[],
  pooled: PooledStats,
  names: readonly string[],
  fallback: RandomInterceptFit,
  z: number,
): Omit<ItemAnalysis, 'dropped'> {
  const columns = fallback.fixedEffects.slice(1).map((f) => names.indexOf(f.name));
  const beta = fallback.fixedEffects.slice(1).map((f) => f.estimate);
  const referenceMix = columns.map((c) => pooled.sumX[c] / pooled.n);
  let referenceLevel = fallback.fixedEffects[0].estimate;
  beta.forEach((b, a) => (referenceLevel += b * referenceMix[a]));
  const estimates = new Map<string, FairEstimate>();
  const adjustments: number[] = [];
  for (const u of units) {
    const rawMean = u.sumY / u.n;
    let adjustment = 0;
    columns.forEach((c, a) => (adjustment -= beta[a] * (u.sumX[c] / u.n - referenceMix[a])));
    adjustments.push(adjustment);
    const adjustedMean = rawMean + adjustment;
    const half = z * Math.sqrt(fallback.withinVariance / u.n);
    const interval = { lower: adjustedMean - half, upper: adjustedMean + half };
    const differs = interval.lower > referenceLevel ? 'higher' : interval.upper < referenceLevel ? 'lower' : null;
    estimates.set(u.unit, {
      unit: u.unit,
      n: u.n,
      rawMean,
      adjustedMean,
      estimate: adjustedMean,
      interval,
      reliability: null,
      differs,
      adjustedMeanWithCounselorSet: null,
    });
  }
  return {
    shrinkage: false,
    covariates: fallback.fixedEffects.slice(1).map((f) => f.name),
    coefficients: fallback.fixedEffects.slice(1),
    referenceLevel,
    betweenVariance: null,
    withinVariance: fallback.withinVariance,
    answersForReliability07: null,
    adjustmentSd: sd(adjustments),
    adjustmentMaxAbs: Math.max(0, ...adjustments.map(Math.abs)),
    betweenVarianceRatio: null,
    rankCorrelation: null,
    flagChanges: null,
    counselorSet: null,
    estimates,
  };
}

/** A counselor's sums for one item within one office (the nested model's unit). */
export interface NestedItemStats extends UnitItemStats {
  office: string;
}

/** The nested model's analysis of one item: offices' own effects, and what a counselor's estimate needs. */
export interface NestedItemAnalysis extends ItemAnalysis {
  /** σ²_counselor within office. */
  counselorVariance: number;
  fit: NestedFit;
  /** Covariate columns (of the full coding) the fit used, in its order. */
  columns: number[];
}

/**
 * Fits `y ~ case mix + (1 | office/counselor)` on one item (the fair comparison's model): an office's estimate is its
 * own effect, adjusted and shrunken, with an interval that carries the variance among its counselors; a counselor's
 * is office + counselor. Needs three offices; `analyzeItem` is the fallback below that. What the adjustment did
 * (adjustmentSd, rank correlation, flag changes, variance ratio) compares offices with and without the case mix
 * under the same nested model.
 */
export function analyzeNested(units: readonly NestedItemStats[], pooled: PooledStats, options: AnalyzeOptions): NestedItemAnalysis {
  const { names, showSet, chosen, withSet, setColumns, dropped } = modelColumns(pooled, options);
  const active = units.filter((u) => u.n > 0);
  const nestedOf = (columns: readonly number[], start?: readonly [number, number]) => {
    const compact = compactUnits(active, pooled, columns);
    const stats = compact.units.map((u, i) => ({ ...u, group: active[i].office }));
    return fitNestedRandomIntercept(stats, compact.totals, {
      covariates: columns.map((c) => names[c]),
      confidence: options.confidence,
      start,
    });
  };
  const fit = nestedOf(chosen.kept);
  // The same data with fewer or more columns: its optimum is near this one.
  const near = [fit.model.thetaGroup, fit.model.thetaUnit] as const;
  const bare = nestedOf([], near);
  const bareById = new Map(bare.groups.map((g) => [g.group, g]));
  const adjustments = fit.groups.map((g) => g.adjustedMean - g.rawMean);
  const pairs = fit.groups.map((g) => [g, bareById.get(g.group)!] as const);
  const varying = new Set(pairs.map(([a]) => a.estimate)).size > 1 && new Set(pairs.map(([, b]) => b.estimate)).size > 1;

  let counselorSet: CounselorSetEffect | null = null;
  const withSetMeans = new Map<string, number>();
  if (setColumns.length > 0 && showSet) {
    const setFit = nestedOf(withSet.kept, near);
    for (const g of setFit.groups) withSetMeans.set(g.group, g.adjustedMean);
    counselorSet = counselorSetEffect(
      setFit.fixedEffects,
      setColumns.map((c) => names[c]),
      fit.groups.map((g) => ({ key: g.group, adjustedMean: g.adjustedMean })),
      withSetMeans,
    );
  }
  const estimates = new Map<string, FairEstimate>();
  for (const g of fit.groups) {
    estimates.set(g.group, {
      unit: g.group,
      n: g.n,
      rawMean: g.rawMean,
      adjustedMean: g.adjustedMean,
      estimate: g.estimate,
      interval: g.interval,
      reliability: g.reliability,
      differs: g.differsFromReference ? (g.estimate > fit.referenceLevel ? 'higher' : 'lower') : null,
      adjustedMeanWithCounselorSet: withSetMeans.get(g.group) ?? null,
    });
  }
  return {
    shrinkage: true,
    covariates: chosen.kept.map((c) => names[c]),
    dropped,
    coefficients: fit.fixedEffects.slice(1),
    referenceLevel: fit.referenceLevel,
    betweenVariance: fit.groupVariance,
    counselorVariance: fit.unitVariance,
    withinVariance: fit.withinVariance,
    // A counselor's figure is office + counselor: the answers a counselor needs for the counselor term to reach 0.7.
    answersForReliability07: fit.unitVariance > 0 ? answersNeededForReliability(0.7, fit.unitVariance, fit.withinVariance) : null,
    adjustmentSd: sd(adjustments),
    adjustmentMaxAbs: Math.max(0, ...adjustments.map(Math.abs)),
    betweenVarianceRatio: bare.groupVariance > 0 ? fit.groupVariance / bare.groupVariance : null,
    rankCorrelation: varying
      ? spearman(
          pairs.map(([a]) => a.estimate),
          pairs.map(([, b]) => b.estimate),
        )
      : 1,
    flagChanges: pairs.filter(([a, b]) => a.differsFromReference !== b.differsFromReference).length,
    counselorSet,
    estimates,
    fit,
    columns: chosen.kept,
  };
}

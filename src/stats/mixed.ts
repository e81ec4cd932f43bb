import { StatsInputError, requireFinite } from './errors.ts';
import { cholesky, choleskyInverse, choleskyLogDet, choleskySolve, zeros } from './linalg.ts';
import { brentMinimize } from './optimize.ts';
import { normalQuantile, twoSidedNormalP } from './distributions.ts';
import { unitReliability } from './reliability.ts';

/**
 * Sufficient statistics of one unit (counselor, office, …) for the random-intercept model
 * y = β₀ + xᵀβ + u_unit + e. Sums over the unit's answers; adding two periods is adding their sums, so a
 * report is updated when answers arrive without rescanning them.
 */
export interface UnitSufficientStats {
  unit: string;
  n: number;
  sumY: number;
  sumYY: number;
  /** Σx (length k, the number of case-mix covariates). */
  sumX: Float64Array;
  /** Σxxᵀ, row-major k×k. */
  sumXX: Float64Array;
  /** Σx·y (length k). */
  sumXY: Float64Array;
}

/** Builds and merges per-unit sufficient statistics, answer by answer or period by period. */
export class SufficientStatsAccumulator {
  readonly covariates: readonly string[];
  private readonly byUnit = new Map<string, UnitSufficientStats>();

  constructor(covariates: readonly string[] = []) {
    this.covariates = [...covariates];
  }

  private statsFor(unit: string): UnitSufficientStats {
    let s = this.byUnit.get(unit);
    if (!s) {
      const k = this.covariates.length;
      s = { unit, n: 0, sumY: 0, sumYY: 0, sumX: new Float64Array(k), sumXX: new Float64Array(k * k), sumXY: new Float64Array(k) };
      this.byUnit.set(unit, s);
    }
    return s;
  }

  /** Add one answer y with its case-mix covariates x (same order as `covariates`). */
  add(unit: string, y: number, x: ArrayLike<number> = []): void {
    const k = this.covariates.length;
    if (x.length !== k)
      throw new StatsInputError('shape_mismatch', `SufficientStatsAccumulator.add: ${x.length} covariates, expected ${k}`);
    if (!Number.isFinite(y))
      throw new StatsInputError('non_finite', `SufficientStatsAccumulator.add: outcome for unit ${unit} is not finite (${y})`);
    for (let a = 0; a < k; a++) {
      if (!Number.isFinite(x[a]))
        throw new StatsInputError(
          'non_finite',
          `SufficientStatsAccumulator.add: covariate ${this.covariates[a]} for unit ${unit} is not finite (${x[a]})`,
        );
    }
    const s = this.statsFor(unit);
    s.n += 1;
    s.sumY += y;
    s.sumYY += y * y;
    for (let a = 0; a < k; a++) {
      const xa = x[a];
      s.sumX[a] += xa;
      s.sumXY[a] += xa * y;
      for (let b = 0; b < k; b++) s.sumXX[a * k + b] += xa * x[b];
    }
  }

  /** Add another unit's (or another period's) sums, e.g. statistics stored per unit and month. */
  merge(stats: UnitSufficientStats): void {
    const k = this.covariates.length;
    if (stats.sumX.length !== k)
      throw new StatsInputError('shape_mismatch', `SufficientStatsAccumulator.merge: ${stats.sumX.length} covariates, expected ${k}`);
    const s = this.statsFor(stats.unit);
    s.n += stats.n;
    s.sumY += stats.sumY;
    s.sumYY += stats.sumYY;
    for (let i = 0; i < k; i++) {
      s.sumX[i] += stats.sumX[i];
      s.sumXY[i] += stats.sumXY[i];
    }
    for (let i = 0; i < k * k; i++) s.sumXX[i] += stats.sumXX[i];
  }

  units(): UnitSufficientStats[] {
    return [...this.byUnit.values()];
  }
}

/** Unit statistics as plain JSON-friendly numbers, for storing per unit and period. */
export interface PlainUnitStats {
  unit: string;
  n: number;
  sumY: number;
  sumYY: number;
  sumX: number[];
  sumXX: number[];
  sumXY: number[];
}

export function unitStatsToPlain(s: UnitSufficientStats): PlainUnitStats {
  return { unit: s.unit, n: s.n, sumY: s.sumY, sumYY: s.sumYY, sumX: [...s.sumX], sumXX: [...s.sumXX], sumXY: [...s.sumXY] };
}

/** Restore stored statistics, checking shapes and values (a corrupt row is an error, not a wrong estimate). */
export function unitStatsFromPlain(p: PlainUnitStats, covariateCount: number): UnitSufficientStats {
  const k = covariateCount;
  if (p.sumX.length !== k || p.sumXY.length !== k || p.sumXX.length !== k * k) {
    throw new StatsInputError('shape_mismatch', `unit ${p.unit}: stored sums do not fit ${k} covariates`);
  }
  if (!Number.isInteger(p.n) || p.n < 0)
    throw new StatsInputError('out_of_range', `unit ${p.unit}: n must be a non-negative integer, got ${p.n}`);
  requireFinite([p.sumY, p.sumYY, ...p.sumX, ...p.sumXX, ...p.sumXY], `unit ${p.unit} stored sums`);
  return {
    unit: p.unit,
    n: p.n,
    sumY: p.sumY,
    sumYY: p.sumYY,
    sumX: Float64Array.from(p.sumX),
    sumXX: Float64Array.from(p.sumXX),
    sumXY: Float64Array.from(p.sumXY),
  };
}

/**
 * Roll unit statistics up a level (e.g. counselor → office, or month → year for one unit) by adding sums:
 * `parentOf` maps each unit id to its parent's id.
 */
export function rollUpSufficientStats(
  stats: readonly UnitSufficientStats[],
  parentOf: (unit: string) => string,
  covariates: readonly string[],
): UnitSufficientStats[] {
  const accumulator = new SufficientStatsAccumulator(covariates);
  for (const s of stats) accumulator.merge({ ...s, unit: parentOf(s.unit) });
  return accumulator.units();
}

export interface RandomInterceptOptions {
  /** Names of the case-mix covariates, in the order of the sums. */
  covariates?: readonly string[];
  /** Covariate mix the adjusted means are standardised to (default: the mean over all answers, "the national mix"). */
  referenceMix?: readonly number[];
  confidence?: number;
}

export interface FixedEffect {
  name: string;
  estimate: number;
  se: number;
  z: number;
  pValue: number;
}

export interface UnitEstimate {
  unit: string;
  n: number;
  /** Mean of the unit's answers. */
  rawMean: number;
  /** Raw mean moved to the reference case mix: ȳ − (x̄_unit − x̄_ref)ᵀβ. Not shrunken. */
  adjustedMean: number;
  /** adjustedMean − rawMean: how much the case mix moved this unit. */
  adjustment: number;
  /** Conditional mode (BLUP) of the unit's random intercept. */
  effect: number;
  /** Reference level + effect: the case-mix adjusted, shrunken estimate for the unit. */
  shrunkenEstimate: number;
  /** Conditional standard deviation of the effect given the data (as lme4's condVar). */
  conditionalSd: number;
  interval: { lower: number; upper: number };
  /** σ²_b/(σ²_b + σ²_w/n). */
  reliability: number;
  /** True only when the interval excludes the reference level. */
  differsFromReference: boolean;
}

export interface RandomInterceptFit {
  fixedEffects: FixedEffect[];
  fixedCovariance: number[][];
  /** σ²_between (random intercept variance). */
  betweenVariance: number;
  /** σ²_within (residual variance). */
  withinVariance: number;
  /** −2 × REML log-likelihood, on lme4's scale (REMLcrit). */
  remlCriterion: number;
  /** Model's expected value at the reference mix: what a typical unit scores with the reference case mix. */
  referenceLevel: number;
  referenceMix: number[];
  nAnswers: number;
  nUnits: number;
  units: UnitEstimate[];
  /** The fit's parameters, to compute a unit's estimate later (unitEstimate) without refitting. */
  model: RandomInterceptModel;
}

/** A unit's own sums for the random-intercept fit: n, Σy, Σy² and Σx (length k). */
export interface UnitSums {
  unit: string;
  n: number;
  sumY: number;
  sumYY: number;
  sumX: ArrayLike<number>;
}

/** Σxxᵀ (k×k row-major) and Σx·y over every answer of every unit: the only place the cross-products enter. */
export interface CrossProductTotals {
  sumXX: ArrayLike<number>;
  sumXY: ArrayLike<number>;
}

/**
 * Linear mixed model with a random intercept per unit, fitted by REML from per-unit sufficient statistics.
 * The residual variance and the fixed effects are profiled out, so the fit is a one-dimensional search
 * over θ = σ²_b/σ²_w. Per-unit Σxxᵀ and Σxy are only used through their totals (see fitRandomInterceptFromTotals).
 */
export function fitRandomIntercept(stats: readonly UnitSufficientStats[], options: RandomInterceptOptions = {}): RandomInterceptFit {
  const k = stats.length > 0 ? stats[0].sumX.length : 0;
  const sumXX = new Float64Array(k * k);
  const sumXY = new Float64Array(k);
  for (const s of stats) {
    if (s.sumX.length !== k || s.sumXX.length !== k * k || s.sumXY.length !== k) {
      throw new StatsInputError('shape_mismatch', `fitRandomIntercept: unit ${s.unit} has sums for a different number of covariates`);
    }
    if (!(s.n > 0)) continue;
    requireFinite(s.sumXX, `fitRandomIntercept unit ${s.unit} Σxx`);
    requireFinite(s.sumXY, `fitRandomIntercept unit ${s.unit} Σxy`);
    for (let i = 0; i < k * k; i++) sumXX[i] += s.sumXX[i];
    for (let i = 0; i < k; i++) sumXY[i] += s.sumXY[i];
  }
  return fitRandomInterceptFromTotals(stats, { sumXX, sumXY }, options);
}

/**
 * The same REML fit from compact statistics: per unit only n, Σy, Σy² and Σx, and the cross-products Σxxᵀ, Σxy
 * as totals over all answers. With γ_j = θ/(1 + n_jθ) and s_j = [n_j, Σx_j] (intercept first),
 *   X'V⁻¹X·σ² = ΣX'X − Σ_j γ_j s_j s_jᵀ,   X'V⁻¹y·σ² = ΣX'y − Σ_j γ_j s_j Σy_j,   y'V⁻¹y·σ² = Σy² − Σ_j γ_j (Σy_j)²,
 * and γ depends on the unit only through n_j, so units are grouped by n once (Σ s_j s_jᵀ, Σ s_j Σy_j, Σ (Σy_j)² per
 * distinct n) and each step of the search costs O(distinct n × p²) whatever the number of units or answers.
 */
export function fitRandomInterceptFromTotals(
  stats: readonly UnitSums[],
  totals: CrossProductTotals,
  options: RandomInterceptOptions = {},
): RandomInterceptFit {
  const k = totals.sumXY.length;
  const covariates = options.covariates ?? Array.from({ length: k }, (_, j) => `x${j + 1}`);
  if (covariates.length !== k)
    throw new StatsInputError('shape_mismatch', `fitRandomIntercept: ${covariates.length} covariate names for ${k} covariates`);
  if (totals.sumXX.length !== k * k)
    throw new StatsInputError('shape_mismatch', `fitRandomIntercept: Σxx has ${totals.sumXX.length} entries for ${k} covariates`);
  requireFinite(totals.sumXX, 'fitRandomIntercept Σxx');
  requireFinite(totals.sumXY, 'fitRandomIntercept Σxy');
  const p = k + 1;
  const units = stats.filter((s) => s.n > 0);
  if (units.length < 3)
    throw new StatsInputError('too_few_cases', `fitRandomIntercept: needs at least 3 units with answers, got ${units.length}`);
  let nAnswers = 0;
  let totalY = 0;
  let totalYY = 0;
  const totalX = new Float64Array(k);
  for (const s of units) {
    if (s.sumX.length !== k)
      throw new StatsInputError('shape_mismatch', `fitRandomIntercept: unit ${s.unit} has sums for a different number of covariates`);
    if (!(Number.isFinite(s.n) && Number.isFinite(s.sumY) && Number.isFinite(s.sumYY)))
      requireFinite([s.n, s.sumY, s.sumYY], `fitRandomIntercept unit ${s.unit}`);
    for (let a = 0; a < k; a++) if (!Number.isFinite(s.sumX[a])) requireFinite(s.sumX, `fitRandomIntercept unit ${s.unit} Σx`);
    nAnswers += s.n;
    totalY += s.sumY;
    totalYY += s.sumYY;
    for (let a = 0; a < k; a++) totalX[a] += s.sumX[a];
  }
  if (nAnswers <= units.length + p) {
    throw new StatsInputError(
      'too_few_cases',
      `fitRandomIntercept: ${nAnswers} answers in ${units.length} units is too few to separate within- from between-unit variance`,
    );
  }
  const J = units.length;
  const meanY = totalY / nAnswers;

  // Units grouped by n. Per group: count, Σ s sᵀ (p×p), Σ s·Σy, Σ (Σy)², and the same with y centred on the
  // national mean (for the gradient's residual sum of squares, where the uncentred form would lose digits).
  const groupOf = new Map<number, number>();
  const groupN: number[] = [];
  for (const s of units) {
    if (!groupOf.has(s.n)) {
      groupOf.set(s.n, groupN.length);
      groupN.push(s.n);
    }
  }
  const G = groupN.length;
  const gCount = new Float64Array(G);
  const gSS = new Float64Array(G * p * p);
  const gSY = new Float64Array(G * p);
  const gYY = new Float64Array(G);
  const gSYc = new Float64Array(G * p);
  const gYYc = new Float64Array(G);
  const s = new Float64Array(p);
  for (const u of units) {
    const g = groupOf.get(u.n)!;
    gCount[g] += 1;
    s[0] = u.n;
    for (let a = 0; a < k; a++) s[a + 1] = u.sumX[a];
    const yc = u.sumY - u.n * meanY;
    const oSS = g * p * p;
    const oSY = g * p;
    for (let a = 0; a < p; a++) {
      gSY[oSY + a] += s[a] * u.sumY;
      gSYc[oSY + a] += s[a] * yc;
      for (let b = 0; b <= a; b++) gSS[oSS + a * p + b] += s[a] * s[b];
    }
    gYY[g] += u.sumY * u.sumY;
    gYYc[g] += yc * yc;
  }

  // The plain (θ = 0) cross-products with the intercept column first.
  const plainA = zeros(p, p);
  const plainB = new Array<number>(p).fill(0);
  plainA[0][0] = nAnswers;
  plainB[0] = totalY;
  for (let a = 0; a < k; a++) {
    plainA[0][a + 1] = plainA[a + 1][0] = totalX[a];
    plainB[a + 1] = totals.sumXY[a];
    for (let b = 0; b < k; b++) plainA[a + 1][b + 1] = totals.sumXX[a * k + b];
  }
  const plainC = totalYY;

  interface Profile {
    objective: number;
    beta: number[];
    factor: number[][];
    rss: number;
  }
  const dfReml = nAnswers - p;
  const profile = (theta: number): Profile => {
    const A = plainA.map((row) => [...row]);
    const b = [...plainB];
    let c = plainC;
    let logDetH = 0;
    for (let g = 0; g < G; g++) {
      const n = groupN[g];
      const shrink = theta / (1 + n * theta); // γ / n
      logDetH += gCount[g] * Math.log1p(n * theta);
      if (shrink === 0) continue;
      const oSS = g * p * p;
      const oSY = g * p;
      for (let a = 0; a < p; a++) {
        b[a] -= shrink * gSY[oSY + a];
        for (let bb = 0; bb <= a; bb++) A[a][bb] -= shrink * gSS[oSS + a * p + bb];
      }
      c -= shrink * gYY[g];
    }
    for (let a = 0; a < p; a++) for (let bb = 0; bb < a; bb++) A[bb][a] = A[a][bb];
    const factor = cholesky(A, 'fitRandomIntercept');
    const beta = choleskySolve(factor, b);
    let rss = c;
    for (let a = 0; a < p; a++) rss -= beta[a] * b[a];
    if (!(rss > 0))
      throw new StatsInputError('too_few_cases', 'fitRandomIntercept: no residual variation left (all answers equal within the model)');
    const objective = dfReml * Math.log(rss / dfReml) + logDetH + choleskyLogDet(factor);
    return { objective, beta, factor, rss };
  };

  // d/dθ of the profiled objective, analytic (envelope theorem for β̂ and σ̂²): its root pins θ̂ down to
  // machine precision, where minimising the objective alone stops at about the square root of it.
  // Per group: Σ_j (Σy_j − βᵀs_j)² = Σ(Σy)² − 2βᵀΣ s Σy + βᵀ(Σ s sᵀ)β (y centred, intercept moved to match), and
  // Σ_j s_jᵀA⁻¹s_j = tr(A⁻¹ Σ s sᵀ).
  const gradient = (theta: number): number => {
    const { beta, factor, rss } = profile(theta);
    const inverse = choleskyInverse(factor);
    const betaC = [...beta];
    betaC[0] -= meanY;
    let dLogDetH = 0;
    let dRss = 0;
    let dLogDetA = 0;
    for (let g = 0; g < G; g++) {
      const n = groupN[g];
      const denominator = 1 + n * theta;
      const dShrink = 1 / (denominator * denominator);
      dLogDetH += (gCount[g] * n) / denominator;
      const oSS = g * p * p;
      const oSY = g * p;
      let squares = gYYc[g];
      let trace = 0;
      for (let a = 0; a < p; a++) {
        squares -= 2 * betaC[a] * gSYc[oSY + a];
        let row = 0;
        for (let bb = 0; bb < a; bb++) {
          const v = gSS[oSS + a * p + bb];
          row += v * betaC[bb];
          trace += 2 * v * inverse[a][bb];
        }
        const d = gSS[oSS + a * p + a];
        squares += betaC[a] * (2 * row + d * betaC[a]);
        trace += d * inverse[a][a];
      }
      dRss -= dShrink * squares;
      dLogDetA -= dShrink * trace;
    }
    return (dfReml * dRss) / rss + dLogDetH + dLogDetA;
  };

  // Locate the optimum over t = sqrt(θ) (lme4's relative SD), widening the bracket if it sits at the edge,
  // then polish by bisection on the gradient. θ = 0 (no between-unit variance) is a legitimate optimum.
  let upper = 4;
  let best = brentMinimize((t) => profile(t * t).objective, 0, upper, 1e-5);
  while (best.x > upper * 0.95 && upper < 1e4) {
    upper *= 10;
    best = brentMinimize((t) => profile(t * t).objective, 0, upper, 1e-5);
  }
  let theta = 0;
  if (gradient(0) < 0) {
    const guess = Math.max(best.x * best.x, 1e-12);
    let low = guess * (1 - 1e-4);
    let high = guess * (1 + 1e-4);
    let gLow = gradient(low);
    let gHigh = gradient(high);
    while (gLow >= 0 && low > 1e-300) gLow = gradient((low /= 4));
    while (gHigh <= 0 && high < 1e12) gHigh = gradient((high *= 4));
    // Regula falsi with the Illinois modification: superlinear, and never leaves the bracket.
    theta = low;
    let side = 0;
    for (let i = 0; i < 200 && high - low > 1e-14 * high; i++) {
      theta = (low * gHigh - high * gLow) / (gHigh - gLow);
      if (!(theta > low && theta < high)) theta = 0.5 * (low + high);
      const g = gradient(theta);
      if (g === 0) break;
      if (g < 0) {
        low = theta;
        gLow = g;
        if (side === -1) gHigh /= 2;
        side = -1;
      } else {
        high = theta;
        gHigh = g;
        if (side === 1) gLow /= 2;
        side = 1;
      }
    }
  }
  const fit = profile(theta);
  const within = fit.rss / dfReml;
  const between = theta * within;
  const covariance = choleskyInverse(fit.factor).map((row) => row.map((v) => v * within));
  const names = ['(Intercept)', ...covariates];
  const fixedEffects = names.map((name, a) => {
    const se = Math.sqrt(covariance[a][a]);
    const z = fit.beta[a] / se;
    return { name, estimate: fit.beta[a], se, z, pValue: twoSidedNormalP(z) };
  });
  const referenceMix = options.referenceMix ? [...options.referenceMix] : Array.from(totalX, (v) => v / nAnswers);
  if (referenceMix.length !== k)
    throw new StatsInputError('shape_mismatch', `fitRandomIntercept: reference mix has ${referenceMix.length} values for ${k} covariates`);
  requireFinite(referenceMix, 'fitRandomIntercept reference mix');
  const model: RandomInterceptModel = {
    beta: fit.beta,
    theta,
    withinVariance: within,
    referenceMix,
    referenceLevel: fit.beta[0] + referenceMix.reduce((sum, m, a) => sum + fit.beta[a + 1] * m, 0),
    z: normalQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2),
  };
  // As before: the reference level summed term by term from the intercept.
  let referenceLevel = fit.beta[0];
  for (let a = 0; a < k; a++) referenceLevel += fit.beta[a + 1] * referenceMix[a];
  model.referenceLevel = referenceLevel;

  return {
    fixedEffects,
    fixedCovariance: covariance,
    betweenVariance: between,
    withinVariance: within,
    remlCriterion: fit.objective + dfReml * (1 + Math.log(2 * Math.PI)),
    referenceLevel,
    referenceMix,
    nAnswers,
    nUnits: J,
    units: units.map((u) => unitEstimate(model, u)),
    model,
  };
}

/** What a unit's estimate needs from a fit: enough to compute one unit later without refitting (kept with cached fits). */
export interface RandomInterceptModel {
  /** Fixed effects, intercept first. */
  beta: number[];
  /** σ²_between / σ²_within. */
  theta: number;
  withinVariance: number;
  referenceMix: number[];
  referenceLevel: number;
  /** Normal quantile of the intervals. */
  z: number;
}

/** One unit's adjusted, shrunken estimate under a fitted model (the same for a unit in the fit or computed later). */
export function unitEstimate(model: RandomInterceptModel, s: UnitSums): UnitEstimate {
  const { beta, theta, withinVariance: within, referenceMix, referenceLevel, z } = model;
  const k = referenceMix.length;
  if (s.sumX.length !== k)
    throw new StatsInputError('shape_mismatch', `unitEstimate: unit ${s.unit} has ${s.sumX.length} covariates, the model ${k}`);
  const n = s.n;
  const rawMean = s.sumY / n;
  let fittedAtOwnMix = beta[0];
  let adjustment = 0;
  for (let a = 0; a < k; a++) {
    const meanX = s.sumX[a] / n;
    fittedAtOwnMix += beta[a + 1] * meanX;
    adjustment -= beta[a + 1] * (meanX - referenceMix[a]);
  }
  const gamma = (n * theta) / (1 + n * theta);
  const effect = gamma * (rawMean - fittedAtOwnMix);
  const conditionalSd = Math.sqrt(within * (theta / (1 + n * theta)));
  const shrunkenEstimate = referenceLevel + effect;
  const interval = { lower: shrunkenEstimate - z * conditionalSd, upper: shrunkenEstimate + z * conditionalSd };
  return {
    unit: s.unit,
    n,
    rawMean,
    adjustedMean: rawMean + adjustment,
    adjustment,
    effect,
    shrunkenEstimate,
    conditionalSd,
    interval,
    reliability: unitReliability(theta * within, within, n),
    differsFromReference: interval.lower > referenceLevel || interval.upper < referenceLevel,
  };
}

/** Convenience: fit the random-intercept model from answer rows (outcome, covariates, unit id per row). */
export function fitRandomInterceptRows(
  y: readonly number[],
  x: readonly (readonly number[])[] | null,
  unitOf: readonly string[],
  options: RandomInterceptOptions = {},
): RandomInterceptFit {
  if (y.length !== unitOf.length || (x !== null && x.length !== y.length)) {
    throw new StatsInputError('shape_mismatch', 'fitRandomInterceptRows: outcome, covariates and units differ in length');
  }
  const k = x === null || x.length === 0 ? (options.covariates?.length ?? 0) : x[0].length;
  const accumulator = new SufficientStatsAccumulator(options.covariates ?? Array.from({ length: k }, (_, j) => `x${j + 1}`));
  y.forEach((v, i) => accumulator.add(unitOf[i], v, x === null ? [] : x[i]));
  return fitRandomIntercept(accumulator.units(), { ...options, covariates: accumulator.covariates });
}

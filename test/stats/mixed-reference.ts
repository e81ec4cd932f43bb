import { StatsInputError, requireFinite } from '../../src/stats/errors.ts';
import { cholesky, choleskyInverse, choleskyLogDet, choleskySolve, zeros } from '../../src/stats/linalg.ts';
import { brentMinimize } from '../../src/stats/optimize.ts';
import { normalQuantile, twoSidedNormalP } from '../../src/stats/distributions.ts';
import { unitReliability } from '../../src/stats/reliability.ts';
import type { RandomInterceptFit, RandomInterceptOptions, UnitEstimate, UnitSufficientStats } from '../../src/stats/mixed.ts';

/**
 * The per-unit REML fit as it was before src/stats/mixed.ts grouped units by n (kept verbatim as the reference:
 * every iteration walks every unit's augmented p×p cross-products). mixed-compact.test.ts checks the grouped
 * fit against it.
 */
/**
 * Linear mixed model with a random intercept per unit, fitted by REML from per-unit sufficient statistics.
 * The residual variance and the fixed effects are profiled out, so the fit is a one-dimensional search
 * over θ = σ²_b/σ²_w, each step costing O(units × p²) regardless of the number of answers.
 */
export function fitRandomInterceptPerUnit(
  stats: readonly UnitSufficientStats[],
  options: RandomInterceptOptions = {},
): Omit<RandomInterceptFit, 'model'> {
  const k = stats.length > 0 ? stats[0].sumX.length : 0;
  const covariates = options.covariates ?? Array.from({ length: k }, (_, j) => `x${j + 1}`);
  if (covariates.length !== k)
    throw new StatsInputError('shape_mismatch', `fitRandomIntercept: ${covariates.length} covariate names for ${k} covariates`);
  const p = k + 1;
  const units = stats.filter((s) => s.n > 0);
  if (units.length < 3)
    throw new StatsInputError('too_few_cases', `fitRandomIntercept: needs at least 3 units with answers, got ${units.length}`);
  let nAnswers = 0;
  for (const s of units) {
    if (s.sumX.length !== k || s.sumXX.length !== k * k || s.sumXY.length !== k) {
      throw new StatsInputError('shape_mismatch', `fitRandomIntercept: unit ${s.unit} has sums for a different number of covariates`);
    }
    requireFinite([s.n, s.sumY, s.sumYY], `fitRandomIntercept unit ${s.unit}`);
    requireFinite(s.sumX, `fitRandomIntercept unit ${s.unit} Σx`);
    requireFinite(s.sumXX, `fitRandomIntercept unit ${s.unit} Σxx`);
    requireFinite(s.sumXY, `fitRandomIntercept unit ${s.unit} Σxy`);
    nAnswers += s.n;
  }
  if (nAnswers <= units.length + p) {
    throw new StatsInputError(
      'too_few_cases',
      `fitRandomIntercept: ${nAnswers} answers in ${units.length} units is too few to separate within- from between-unit variance`,
    );
  }
  const J = units.length;
  // Augmented sums with the intercept column first: s = [n, Σx], S = [[n, Σxᵀ], [Σx, Σxxᵀ]], t = [Σy, Σxy].
  const ns = new Float64Array(J);
  const sumY = new Float64Array(J);
  const sumYY = new Float64Array(J);
  const sx = new Float64Array(J * p);
  const xy = new Float64Array(J * p);
  const xx = new Float64Array(J * p * p);
  const totalX = new Float64Array(k);
  units.forEach((s, j) => {
    ns[j] = s.n;
    sumY[j] = s.sumY;
    sumYY[j] = s.sumYY;
    sx[j * p] = s.n;
    xy[j * p] = s.sumY;
    xx[j * p * p] = s.n;
    for (let a = 0; a < k; a++) {
      totalX[a] += s.sumX[a];
      sx[j * p + a + 1] = s.sumX[a];
      xy[j * p + a + 1] = s.sumXY[a];
      xx[j * p * p + (a + 1)] = s.sumX[a];
      xx[j * p * p + (a + 1) * p] = s.sumX[a];
      for (let b = 0; b < k; b++) xx[j * p * p + (a + 1) * p + (b + 1)] = s.sumXX[a * k + b];
    }
  });

  // Sums over units of the plain (θ = 0) cross-products, and per-unit pieces that get weighted by γ_j/n_j.
  const plainA = zeros(p, p);
  const plainB = new Array<number>(p).fill(0);
  let plainC = 0;
  for (let j = 0; j < J; j++) {
    for (let a = 0; a < p; a++) {
      plainB[a] += xy[j * p + a];
      for (let b = 0; b < p; b++) plainA[a][b] += xx[j * p * p + a * p + b];
    }
    plainC += sumYY[j];
  }

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
    for (let j = 0; j < J; j++) {
      const n = ns[j];
      const shrink = theta / (1 + n * theta); // γ_j / n_j
      logDetH += Math.log1p(n * theta);
      if (shrink === 0) continue;
      const o = j * p;
      const sy = sumY[j];
      for (let a = 0; a < p; a++) {
        const sa = shrink * sx[o + a];
        b[a] -= sa * sy;
        for (let bb = 0; bb <= a; bb++) A[a][bb] -= sa * sx[o + bb];
      }
      c -= shrink * sy * sy;
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
  const gradient = (theta: number): number => {
    const { beta, factor, rss } = profile(theta);
    let dLogDetH = 0;
    let dRss = 0;
    let dLogDetA = 0;
    const column = new Array<number>(p);
    for (let j = 0; j < J; j++) {
      const n = ns[j];
      const denominator = 1 + n * theta;
      const dShrink = 1 / (denominator * denominator);
      dLogDetH += n / denominator;
      const o = j * p;
      let residual = sumY[j];
      for (let a = 0; a < p; a++) {
        column[a] = sx[o + a];
        residual -= beta[a] * sx[o + a];
      }
      dRss -= dShrink * residual * residual;
      const solved = choleskySolve(factor, column);
      let quadratic = 0;
      for (let a = 0; a < p; a++) quadratic += column[a] * solved[a];
      dLogDetA -= dShrink * quadratic;
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
  let referenceLevel = fit.beta[0];
  for (let a = 0; a < k; a++) referenceLevel += fit.beta[a + 1] * referenceMix[a];
  const z = normalQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2);

  const estimates: UnitEstimate[] = units.map((s, j) => {
    const n = ns[j];
    const rawMean = sumY[j] / n;
    let fittedAtOwnMix = fit.beta[0];
    let adjustment = 0;
    for (let a = 0; a < k; a++) {
      const meanX = s.sumX[a] / n;
      fittedAtOwnMix += fit.beta[a + 1] * meanX;
      adjustment -= fit.beta[a + 1] * (meanX - referenceMix[a]);
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
      reliability: unitReliability(between, within, n),
      differsFromReference: interval.lower > referenceLevel || interval.upper < referenceLevel,
    };
  });

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
    units: estimates,
  };
}

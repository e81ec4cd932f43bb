import { StatsInputError, requireFinite } from './errors.ts';
import { cholesky, choleskyInverse, choleskyLogDet, choleskySolve, zeros } from './linalg.ts';
import { brentMinimize } from './optimize.ts';
import { normalQuantile, twoSidedNormalP } from './distributions.ts';
import type { CrossProductTotals, FixedEffect, UnitSums } from './mixed.ts';

/**
 * The nested random-intercept model y = Xβ + u_group + v_unit(group) + e, as lme4's
 * `lmer(y ~ x + (1 | group/unit), REML = TRUE)`: offices (groups) with counselors (units) inside them.
 * Fitted from the same compact statistics as the one-level model (per unit n, Σy, Σx; Σxxᵀ and Σxy as
 * national totals), because every quadratic form the REML criterion needs is a sum over units and groups:
 *
 * With θ_g = σ²_g/σ², θ_u = σ²_u/σ², w_j = 1/(1 + n_j θ_u) and s_j = [n_j, Σx_j] (intercept first), a group's
 * covariance (over σ²) is W + θ_g 11ᵀ with W = I + θ_u ZZᵀ, so by Sherman–Morrison, for any columns a, b,
 *   aᵀV⁻¹b·σ² = aᵀb − Σ_j θ_u w_j a_j b_j − Σ_i d_i (Σ_{j∈i} w_j a_j)(Σ_{j∈i} w_j b_j),
 * where a_j is column a summed over unit j, m_i = Σ_{j∈i} n_j w_j and d_i = θ_g/(1 + θ_g m_i); and
 *   log det V/σ² = Σ_j log(1 + n_j θ_u) + Σ_i log(1 + θ_g m_i).
 * The unit term depends on a unit only through n_j (grouped by n once, as in mixed.ts); the group term costs
 * O(units × p + groups × p²) per evaluation. σ² and β are profiled out, leaving a search over (θ_g, θ_u).
 *
 * A unit belongs to exactly one group: a counselor with answers in two offices is two units, as in R's
 * `office/counselor` (which crosses the factors).
 */

export interface NestedUnitSums extends UnitSums {
  group: string;
}

export interface NestedOptions {
  covariates?: readonly string[];
  /** Covariate mix the levels are standardised to (default: the mean over all answers). */
  referenceMix?: readonly number[];
  confidence?: number;
  /** Where the search starts (θ_g, θ_u), e.g. a fit of the same data with other covariates: fewer steps. */
  start?: readonly [number, number];
  /** 'brent': the slower derivative-free search only (to check the Newton search against). */
  search?: 'newton' | 'brent';
}

/** What a group's or unit's estimate needs from a fit, kept to compute a unit later without refitting. */
export interface NestedModel {
  beta: number[];
  /** σ²_group / σ². */
  thetaGroup: number;
  /** σ²_unit / σ². */
  thetaUnit: number;
  withinVariance: number;
  referenceMix: number[];
  referenceLevel: number;
  z: number;
}

export interface NestedGroupEstimate {
  group: string;
  n: number;
  units: number;
  rawMean: number;
  /** Raw mean moved to the reference mix (not shrunken). */
  adjustedMean: number;
  /** The group's own effect û_i (conditional mode), as lme4's ranef for the group term. */
  effect: number;
  /** Conditional SD of the group's effect (lme4's condVar): it carries the unit-level variance. */
  conditionalSd: number;
  /** referenceLevel + effect. */
  estimate: number;
  interval: { lower: number; upper: number };
  /** 1 − conditional variance / σ²_group: how much of the group's true spread its data pins down. */
  reliability: number;
  differsFromReference: boolean;
  /** Σ n_j/(1 + n_j θ_u) over the group's units (its effective size), for computing a unit later. */
  effectiveAnswers: number;
}

export interface NestedUnitEstimate {
  unit: string;
  group: string;
  n: number;
  rawMean: number;
  adjustedMean: number;
  /** The unit's own effect within its group v̂_j (lme4's ranef for the unit term). */
  effect: number;
  /** Conditional SD of the unit term alone (lme4's condVar for `unit:group`). */
  effectSd: number;
  /** referenceLevel + group effect + unit effect: the unit's level. */
  estimate: number;
  /** Conditional SD of group + unit effect together (the interval's). */
  conditionalSd: number;
  interval: { lower: number; upper: number };
  /** 1 − conditional variance of the unit term / σ²_unit. */
  reliability: number;
  differsFromReference: boolean;
}

export interface NestedFit {
  fixedEffects: FixedEffect[];
  fixedCovariance: number[][];
  groupVariance: number;
  unitVariance: number;
  withinVariance: number;
  /** −2 × REML log-likelihood on lme4's scale (REMLcrit). */
  remlCriterion: number;
  referenceLevel: number;
  referenceMix: number[];
  nAnswers: number;
  groups: NestedGroupEstimate[];
  units: NestedUnitEstimate[];
  model: NestedModel;
}

interface Profile {
  objective: number;
  beta: number[];
  factor: number[][];
  rss: number;
}

export function fitNestedRandomIntercept(
  stats: readonly NestedUnitSums[],
  totals: CrossProductTotals,
  options: NestedOptions = {},
): NestedFit {
  const k = totals.sumXY.length;
  const covariates = options.covariates ?? Array.from({ length: k }, (_, j) => `x${j + 1}`);
  if (covariates.length !== k)
    throw new StatsInputError('shape_mismatch', `fitNestedRandomIntercept: ${covariates.length} covariate names for ${k} covariates`);
  if (totals.sumXX.length !== k * k)
    throw new StatsInputError('shape_mismatch', `fitNestedRandomIntercept: Σxx has ${totals.sumXX.length} entries for ${k} covariates`);
  requireFinite(totals.sumXX, 'fitNestedRandomIntercept Σxx');
  requireFinite(totals.sumXY, 'fitNestedRandomIntercept Σxy');
  const p = k + 1;
  const units = stats.filter((s) => s.n > 0);
  const groupIndex = new Map<string, number>();
  for (const u of units) if (!groupIndex.has(u.group)) groupIndex.set(u.group, groupIndex.size);
  const I = groupIndex.size;
  if (I < 3) throw new StatsInputError('too_few_cases', `fitNestedRandomIntercept: needs at least 3 groups with answers, got ${I}`);
  if (units.length < I + 1)
    throw new StatsInputError(
      'too_few_cases',
      `fitNestedRandomIntercept: ${units.length} units in ${I} groups cannot separate the two levels`,
    );
  let nAnswers = 0;
  let totalY = 0;
  let totalYY = 0;
  const totalX = new Float64Array(k);
  for (const s of units) {
    if (s.sumX.length !== k)
      throw new StatsInputError('shape_mismatch', `fitNestedRandomIntercept: unit ${s.unit} has sums for a different number of covariates`);
    requireFinite([s.n, s.sumY, s.sumYY], `fitNestedRandomIntercept unit ${s.unit}`);
    for (let a = 0; a < k; a++) if (!Number.isFinite(s.sumX[a])) requireFinite(s.sumX, `fitNestedRandomIntercept unit ${s.unit} Σx`);
    nAnswers += s.n;
    totalY += s.sumY;
    totalYY += s.sumYY;
    for (let a = 0; a < k; a++) totalX[a] += s.sumX[a];
  }
  if (nAnswers <= units.length + p)
    throw new StatsInputError('too_few_cases', `fitNestedRandomIntercept: ${nAnswers} answers in ${units.length} units is too few`);
  const meanY = totalY / nAnswers;
  const J = units.length;

  // y centred on the national mean throughout (digits); the intercept moves back at the end.
  const sOf = new Float64Array(J * p);
  const yOf = new Float64Array(J);
  const nOf = new Float64Array(J);
  const gOf = new Int32Array(J);
  units.forEach((u, j) => {
    nOf[j] = u.n;
    yOf[j] = u.sumY - u.n * meanY;
    gOf[j] = groupIndex.get(u.group)!;
    sOf[j * p] = u.n;
    for (let a = 0; a < k; a++) sOf[j * p + a + 1] = u.sumX[a];
  });
  // Unit term grouped by n: Σ s sᵀ, Σ s·y, Σ y² per distinct n.
  const byN = new Map<number, number>();
  const nValues: number[] = [];
  for (let j = 0; j < J; j++) if (!byN.has(nOf[j])) byN.set(nOf[j], (nValues.push(nOf[j]), nValues.length - 1));
  const G = nValues.length;
  const gSS = new Float64Array(G * p * p);
  const gSY = new Float64Array(G * p);
  const gYY = new Float64Array(G);
  const gCount = new Float64Array(G);
  for (let j = 0; j < J; j++) {
    const g = byN.get(nOf[j])!;
    gCount[g] += 1;
    for (let a = 0; a < p; a++) {
      gSY[g * p + a] += sOf[j * p + a] * yOf[j];
      for (let b = 0; b <= a; b++) gSS[g * p * p + a * p + b] += sOf[j * p + a] * sOf[j * p + b];
    }
    gYY[g] += yOf[j] * yOf[j];
  }
  const plainA = zeros(p, p);
  const plainB = new Array<number>(p).fill(0);
  plainA[0][0] = nAnswers;
  for (let a = 0; a < k; a++) {
    plainA[0][a + 1] = plainA[a + 1][0] = totalX[a];
    plainB[a + 1] = totals.sumXY[a] - meanY * totalX[a];
    for (let b = 0; b < k; b++) plainA[a + 1][b + 1] = totals.sumXX[a * k + b];
  }
  const plainC = totalYY - nAnswers * meanY * meanY;
  const dfReml = nAnswers - p;

  const groupA = new Float64Array(I * p);
  const groupY = new Float64Array(I);
  const groupM = new Float64Array(I);
  // For the θ_u gradient: Σ n_j w_j² s_j, Σ n_j w_j² y_j and Σ n_j² w_j² per group.
  const groupB = new Float64Array(I * p);
  const groupYB = new Float64Array(I);
  const groupQ = new Float64Array(I);
  /** The group sums for a θ_u (into groupA, groupY, groupM and, with `gradient`, groupB, groupYB, groupQ); returns Σ n_j w_j. */
  const groupSums = (thetaUnit: number, gradient: boolean): number => {
    groupA.fill(0);
    groupY.fill(0);
    groupM.fill(0);
    if (gradient) {
      groupB.fill(0);
      groupYB.fill(0);
      groupQ.fill(0);
    }
    let nw = 0;
    for (let j = 0; j < J; j++) {
      const n = nOf[j];
      const w = 1 / (1 + n * thetaUnit);
      const i = gOf[j];
      const oj = j * p;
      const oi = i * p;
      for (let a = 0; a < p; a++) groupA[oi + a] += w * sOf[oj + a];
      groupY[i] += w * yOf[j];
      groupM[i] += w * n;
      nw += n * w;
      if (gradient) {
        const v = n * w * w;
        for (let a = 0; a < p; a++) groupB[oi + a] += v * sOf[oj + a];
        groupYB[i] += v * yOf[j];
        groupQ[i] += n * v;
      }
    }
    return nw;
  };
  const A = zeros(p, p);
  const b = new Array<number>(p).fill(0);
  /**
   * The profiled REML criterion at (θ_g, θ_u), and with `gradient` its partial derivatives (envelope theorem for β̂
   * and σ̂²): ∂/∂θ of (n − p)·log rss + log det V + log det XᵀV⁻¹X, with ∂V/∂θ_g the group blocks of ones and ∂V/∂θ_u
   * the unit blocks, each quadratic form reduced to group and unit sums as in the header.
   */
  const evaluate = (thetaGroup: number, thetaUnit: number, gradient: boolean): Profile & { gradient: [number, number] } => {
    for (let a = 0; a < p; a++) {
      b[a] = plainB[a];
      for (let bb = 0; bb <= a; bb++) A[a][bb] = plainA[a][bb];
    }
    let c = plainC;
    let logDet = 0;
    for (let g = 0; g < G; g++) {
      const n = nValues[g];
      const shrink = thetaUnit / (1 + n * thetaUnit);
      logDet += gCount[g] * Math.log1p(n * thetaUnit);
      if (shrink === 0) continue;
      const oSS = g * p * p;
      for (let a = 0; a < p; a++) {
        b[a] -= shrink * gSY[g * p + a];
        for (let bb = 0; bb <= a; bb++) A[a][bb] -= shrink * gSS[oSS + a * p + bb];
      }
      c -= shrink * gYY[g];
    }
    const sumNW = groupSums(thetaUnit, gradient);
    for (let i = 0; i < I; i++) {
      logDet += Math.log1p(thetaGroup * groupM[i]);
      const d = thetaGroup / (1 + thetaGroup * groupM[i]);
      if (d === 0) continue;
      const y = groupY[i];
      const oi = i * p;
      for (let a = 0; a < p; a++) {
        const va = groupA[oi + a];
        b[a] -= d * va * y;
        for (let bb = 0; bb <= a; bb++) A[a][bb] -= d * va * groupA[oi + bb];
      }
      c -= d * y * y;
    }
    for (let a = 0; a < p; a++) for (let bb = 0; bb < a; bb++) A[bb][a] = A[a][bb];
    const factor = cholesky(A, 'fitNestedRandomIntercept');
    const beta = choleskySolve(factor, b);
    let rss = c;
    for (let a = 0; a < p; a++) rss -= beta[a] * b[a];
    if (!(rss > 0)) throw new StatsInputError('too_few_cases', 'fitNestedRandomIntercept: no residual variation left');
    const objective = dfReml * Math.log(rss / dfReml) + logDet + choleskyLogDet(factor);
    if (!gradient) return { objective, beta, factor, rss, gradient: [Number.NaN, Number.NaN] };

    const inverse = choleskyInverse(factor);
    // Unit term, grouped by n: Σ w² r², tr(A⁻¹ Σ w² s sᵀ).
    let unitSquares = 0;
    let unitTrace = 0;
    for (let g = 0; g < G; g++) {
      const n = nValues[g];
      const w = 1 / (1 + n * thetaUnit);
      const w2 = w * w;
      const oSS = g * p * p;
      let squares = gYY[g];
      let trace = 0;
      for (let a = 0; a < p; a++) {
        squares -= 2 * beta[a] * gSY[g * p + a];
        let row = 0;
        for (let bb = 0; bb < a; bb++) {
          const v = gSS[oSS + a * p + bb];
          row += v * beta[bb];
          trace += 2 * v * inverse[a][bb];
        }
        const dd = gSS[oSS + a * p + a];
        squares += beta[a] * (2 * row + dd * beta[a]);
        trace += dd * inverse[a][a];
      }
      unitSquares += w2 * squares;
      unitTrace += w2 * trace;
    }
    let unitLogDet = sumNW;
    let dRssGroup = 0;
    let dLogDetVGroup = 0;
    let dLogDetAGroup = 0;
    let crossSquares = 0;
    let crossTrace = 0;
    for (let i = 0; i < I; i++) {
      const m = groupM[i];
      const e = 1 + thetaGroup * m;
      const d = thetaGroup / e;
      const oi = i * p;
      let R = groupY[i];
      let RB = groupYB[i];
      for (let a = 0; a < p; a++) {
        R -= beta[a] * groupA[oi + a];
        RB -= beta[a] * groupB[oi + a];
      }
      // A⁻¹a_i once, then its products with a_i and b_i.
      let aa = 0;
      let ab = 0;
      for (let r = 0; r < p; r++) {
        let v = 0;
        const row = inverse[r];
        for (let q = 0; q < p; q++) v += row[q] * groupA[oi + q];
        aa += groupA[oi + r] * v;
        ab += groupB[oi + r] * v;
      }
      dRssGroup -= (R / e) * (R / e);
      dLogDetVGroup += m / e;
      dLogDetAGroup -= aa / (e * e);
      // θ_u: Σ_j (1_jᵀV⁻¹r)² = Σ w²r² − 2 Σ_i d R Σ n w² r + Σ_i d² R² q; likewise for the trace with X.
      crossSquares += -2 * d * R * RB + d * d * R * R * groupQ[i];
      crossTrace += -2 * d * ab + d * d * groupQ[i] * aa;
      unitLogDet -= d * groupQ[i];
    }
    const dRssUnit = -(unitSquares + crossSquares);
    const dLogDetAUnit = -(unitTrace + crossTrace);
    return {
      objective,
      beta,
      factor,
      rss,
      gradient: [(dfReml * dRssGroup) / rss + dLogDetVGroup + dLogDetAGroup, (dfReml * dRssUnit) / rss + unitLogDet + dLogDetAUnit],
    };
  };
  const profile = (thetaGroup: number, thetaUnit: number): Profile => evaluate(thetaGroup, thetaUnit, false);

  const [thetaGroup, thetaUnit] = (options.search === 'brent' ? null : projectedNewton(evaluate, options.start)) ?? brentSearch(profile);

  const fit = profile(thetaGroup, thetaUnit);
  const within = fit.rss / dfReml;
  const beta = [...fit.beta];
  beta[0] += meanY;
  const covariance = choleskyInverse(fit.factor).map((row) => row.map((v) => v * within));
  const names = ['(Intercept)', ...covariates];
  const fixedEffects = names.map((name, a) => {
    const se = Math.sqrt(covariance[a][a]);
    const z = beta[a] / se;
    return { name, estimate: beta[a], se, z, pValue: twoSidedNormalP(z) };
  });
  const referenceMix = options.referenceMix ? [...options.referenceMix] : Array.from(totalX, (v) => v / nAnswers);
  if (referenceMix.length !== k)
    throw new StatsInputError(
      'shape_mismatch',
      `fitNestedRandomIntercept: reference mix has ${referenceMix.length} values for ${k} covariates`,
    );
  let referenceLevel = beta[0];
  for (let a = 0; a < k; a++) referenceLevel += beta[a + 1] * referenceMix[a];
  const model: NestedModel = {
    beta,
    thetaGroup,
    thetaUnit,
    withinVariance: within,
    referenceMix,
    referenceLevel,
    z: normalQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2),
  };

  // Residual sums r_j = Σy_j − βᵀs_j, then each group's effect from Σ w_j r_j.
  const residualOf = (u: UnitSums) => {
    let r = u.sumY - beta[0] * u.n;
    for (let a = 0; a < k; a++) r -= beta[a + 1] * u.sumX[a];
    return r;
  };
  const groupNames = [...groupIndex.keys()];
  const perGroup = groupNames.map(() => ({ n: 0, sumY: 0, sumX: new Float64Array(k), units: 0, residual: 0, m: 0 }));
  for (const u of units) {
    const g = perGroup[groupIndex.get(u.group)!];
    const w = 1 / (1 + u.n * thetaUnit);
    g.n += u.n;
    g.sumY += u.sumY;
    for (let a = 0; a < k; a++) g.sumX[a] += u.sumX[a];
    g.units += 1;
    g.residual += w * residualOf(u);
    g.m += w * u.n;
  }
  const groups: NestedGroupEstimate[] = perGroup.map((g, i) => {
    const d = thetaGroup / (1 + thetaGroup * g.m);
    const effect = d * g.residual;
    const conditionalSd = Math.sqrt(within * d);
    const estimate = referenceLevel + effect;
    const interval = { lower: estimate - model.z * conditionalSd, upper: estimate + model.z * conditionalSd };
    return {
      group: groupNames[i],
      n: g.n,
      units: g.units,
      rawMean: g.sumY / g.n,
      adjustedMean: adjustedMean(model, g.n, g.sumY, g.sumX),
      effect,
      conditionalSd,
      estimate,
      interval,
      reliability: thetaGroup > 0 ? 1 - d / thetaGroup : 0,
      differsFromReference: interval.lower > referenceLevel || interval.upper < referenceLevel,
      effectiveAnswers: g.m,
    };
  });
  const byGroup = new Map(groups.map((g) => [g.group, g]));
  return {
    fixedEffects,
    fixedCovariance: covariance,
    groupVariance: thetaGroup * within,
    unitVariance: thetaUnit * within,
    withinVariance: within,
    remlCriterion: fit.objective + dfReml * (1 + Math.log(2 * Math.PI)),
    referenceLevel,
    referenceMix,
    nAnswers,
    groups,
    units: units.map((u) => nestedUnitEstimate(model, byGroup.get(u.group)!, u)),
    model,
  };
}

function adjustedMean(model: NestedModel, n: number, sumY: number, sumX: ArrayLike<number>): number {
  let adjusted = sumY / n;
  for (let a = 0; a < model.referenceMix.length; a++) adjusted -= model.beta[a + 1] * (sumX[a] / n - model.referenceMix[a]);
  return adjusted;
}

/**
 * One unit's estimate under a fitted nested model, from its own sums and its group's effect and effective size
 * (kept with the fit): the same as the fit gives the unit, without the other units' data.
 */
export function nestedUnitEstimate(
  model: NestedModel,
  group: Pick<NestedGroupEstimate, 'group' | 'effect' | 'effectiveAnswers'>,
  u: UnitSums,
): NestedUnitEstimate {
  const { beta, thetaGroup, thetaUnit, withinVariance: within, referenceLevel, z } = model;
  const k = model.referenceMix.length;
  if (u.sumX.length !== k)
    throw new StatsInputError('shape_mismatch', `nestedUnitEstimate: unit ${u.unit} has ${u.sumX.length} covariates, the model ${k}`);
  let residual = u.sumY - beta[0] * u.n;
  for (let a = 0; a < k; a++) residual -= beta[a + 1] * u.sumX[a];
  const c = thetaUnit / (1 + u.n * thetaUnit);
  const shrinkage = u.n * c;
  const d = thetaGroup / (1 + thetaGroup * group.effectiveAnswers);
  const effect = c * (residual - u.n * group.effect);
  const effectSd = Math.sqrt(within * (c + shrinkage * shrinkage * d));
  const conditionalSd = Math.sqrt(within * (c + (1 - shrinkage) * (1 - shrinkage) * d));
  const estimate = referenceLevel + group.effect + effect;
  const interval = { lower: estimate - z * conditionalSd, upper: estimate + z * conditionalSd };
  return {
    unit: u.unit,
    group: group.group,
    n: u.n,
    rawMean: u.sumY / u.n,
    adjustedMean: adjustedMean(model, u.n, u.sumY, u.sumX),
    effect,
    effectSd,
    estimate,
    conditionalSd,
    interval,
    reliability: thetaUnit > 0 ? 1 - (c + shrinkage * shrinkage * d) / thetaUnit : 0,
    differsFromReference: interval.lower > referenceLevel || interval.upper < referenceLevel,
  };
}

type Evaluate = (thetaGroup: number, thetaUnit: number, gradient: boolean) => { objective: number; gradient: [number, number] };

/**
 * The REML optimum over θ = (θ_g, θ_u) ≥ 0 by projected Newton on the analytic gradient (the Hessian by differences
 * of it), with a backtracking line search on the criterion. A coordinate at 0 whose derivative points outward stays
 * at 0 (a singular fit). Converges in a handful of steps from a typical start; null when it does not (then the slower
 * nested line search decides).
 */
function projectedNewton(evaluate: Evaluate, start: readonly [number, number] = [0.05, 0.1]): [number, number] | null {
  let x: [number, number] = [Math.max(start[0], 1e-4), Math.max(start[1], 1e-4)];
  let here = evaluate(x[0], x[1], true);
  for (let iteration = 0; iteration < 100; iteration++) {
    const g = here.gradient;
    const free = [0, 1].filter((i) => !(x[i] === 0 && g[i] >= 0));
    if (free.length === 0) return x;
    // Second derivatives by forward differences of the gradient, free coordinates only.
    const H = [
      [0, 0],
      [0, 0],
    ];
    for (const i of free) {
      const h = Math.max(1e-8, 1e-5 * x[i]);
      const moved: [number, number] = [...x];
      moved[i] += h;
      const gm = evaluate(moved[0], moved[1], true).gradient;
      for (const jj of free) H[jj][i] = (gm[jj] - g[jj]) / h;
    }
    let step: number[];
    if (free.length === 2) {
      const h01 = (H[0][1] + H[1][0]) / 2;
      const det = H[0][0] * H[1][1] - h01 * h01;
      step =
        H[0][0] > 0 && det > 0
          ? [-(H[1][1] * g[0] - h01 * g[1]) / det, -(H[0][0] * g[1] - h01 * g[0]) / det]
          : [-g[0] / Math.abs(H[0][0] || 1), -g[1] / Math.abs(H[1][1] || 1)];
    } else {
      const i = free[0];
      step = [0, 0];
      step[i] = H[i][i] > 0 ? -g[i] / H[i][i] : -g[i] / Math.abs(H[i][i] || 1);
    }
    let scale = 1;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      const next: [number, number] = [Math.max(0, x[0] + scale * step[0]), Math.max(0, x[1] + scale * step[1])];
      const there = evaluate(next[0], next[1], true);
      if (there.objective <= here.objective + 1e-12 * Math.abs(here.objective)) {
        const moved = Math.abs(next[0] - x[0]) + Math.abs(next[1] - x[1]);
        x = next;
        here = there;
        accepted = true;
        // Newton converges quadratically: once a step is this small, the next would be below rounding.
        if (moved <= 1e-8 * (1 + x[0] + x[1])) return x;
        break;
      }
      scale /= 2;
    }
    if (!accepted) {
      // No descent along the step: at the optimum to the criterion's precision, if the free gradient is small.
      const size = free.reduce((sum, i) => sum + Math.abs(g[i]) * Math.max(x[i], 1e-6), 0);
      return size < 1e-6 ? x : null;
    }
  }
  return null;
}

/** The slower, derivative-free search: for each t_u = √θ_u the best t_g by Brent, and Brent over t_u outside. */
function brentSearch(profile: (thetaGroup: number, thetaUnit: number) => { objective: number }): [number, number] {
  const bestGroup = (tUnit: number): { t: number; value: number } => {
    const f = (t: number) => profile(t * t, tUnit * tUnit).objective;
    let upper = 4;
    let best = brentMinimize(f, 0, upper, 1e-9);
    while (best.x > upper * 0.95 && upper < 1e4) best = brentMinimize(f, 0, (upper *= 10), 1e-9);
    const atZero = f(0);
    return atZero <= best.value ? { t: 0, value: atZero } : { t: best.x, value: best.value };
  };
  const outer = (t: number) => bestGroup(t).value;
  let upper = 4;
  let best = brentMinimize(outer, 0, upper, 1e-9);
  while (best.x > upper * 0.95 && upper < 1e4) best = brentMinimize(outer, 0, (upper *= 10), 1e-9);
  const tUnit = outer(0) <= best.value ? 0 : best.x;
  const tGroup = bestGroup(tUnit).t;
  return [tGroup * tGroup, tUnit * tUnit];
}

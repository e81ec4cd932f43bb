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

export function fitNestedRandomIntercept(stats: readonly NestedUnitSums[], totals: CrossProductTotals, options: NestedOptions = {}): NestedFit {
  const k = totals.sumXY.length;
  const covariates = options.covariates ?? Array.from({ length: k }, (_, j) => `x${j + 1}`);
  if (covariates.length !== k) throw new StatsInputError('shape_mismatch', `fitNestedRandomIntercept: ${covariates.length} covariate names for ${k} covariates`);
  if (totals.sumXX.length !== k * k) throw new StatsInputError('shape_mismatch', `fitNestedRandomIntercept: Σxx has ${totals.sumXX.length} entries for ${k} covariates`);
  requireFinite(totals.sumXX, 'fitNestedRandomIntercept Σxx');
  requireFinite(totals.sumXY, 'fitNestedRandomIntercept Σxy');
  const p = k + 1;
  const units = stats.filter((s) => s.n > 0);
  const groupIndex = new Map<string, number>();
  for (const u of units) if (!groupIndex.has(u.group)) groupIndex.set(u.group, groupIndex.size);
  const I = groupIndex.size;
  if (I < 3) throw new StatsInputError('too_few_cases', `fitNestedRandomIntercept: needs at least 3 groups with answers, got ${I}`);
  if (units.length < I + 1) throw new StatsInputError('too_few_cases', `fitNestedRandomIntercept: ${units.length} units in ${I} groups cannot separate the two levels`);
  let nAnswers = 0;
  let totalY = 0;
  let totalYY = 0;
  const totalX = new Float64Array(k);
  for (const s of units) {
    if (s.sumX.length !== k) throw new StatsInputError('shape_mismatch', `fitNestedRandomIntercept: unit ${s.unit} has sums for a different number of covariates`);
    requireFinite([s.n, s.sumY, s.sumYY], `fitNestedRandomIntercept unit ${s.unit}`);
    for (let a = 0; a < k; a++) if (!Number.isFinite(s.sumX[a])) requireFinite(s.sumX, `fitNestedRandomIntercept unit ${s.unit} Σx`);
    nAnswers += s.n;
    totalY += s.sumY;
    totalYY += s.sumYY;
    for (let a = 0; a < k; a++) totalX[a] += s.sumX[a];
  }
  if (nAnswers <= units.length + p) throw new StatsInputError('too_few_cases', `fitNestedRandomIntercept: ${nAnswers} answers in ${units.length} units is too few`);
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
  for (let j = 0; j < J; j++) {
    const g = byN.get(nOf[j])!;
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
  /** The group sums Σ w_j s_j, Σ w_j y_j, m_i for a θ_u (into groupA, groupY, groupM). */
  const groupSums = (thetaUnit: number) => {
    groupA.fill(0);
    groupY.fill(0);
    groupM.fill(0);
    for (let j = 0; j < J; j++) {
      const w = 1 / (1 + nOf[j] * thetaUnit);
      const i = gOf[j];
      for (let a = 0; a < p; a++) groupA[i * p + a] += w * sOf[j * p + a];
      groupY[i] += w * yOf[j];
      groupM[i] += w * nOf[j];
    }
  };
  const profile = (thetaGroup: number, thetaUnit: number): Profile => {
    const A = plainA.map((row) => [...row]);
    const b = [...plainB];
    let c = plainC;
    let logDet = 0;
    for (let g = 0; g < G; g++) {
      const n = nValues[g];
      const shrink = thetaUnit / (1 + n * thetaUnit);
      if (shrink === 0) continue;
      for (let a = 0; a < p; a++) {
        b[a] -= shrink * gSY[g * p + a];
        for (let bb = 0; bb <= a; bb++) A[a][bb] -= shrink * gSS[g * p * p + a * p + bb];
      }
      c -= shrink * gYY[g];
    }
    for (let j = 0; j < J; j++) logDet += Math.log1p(nOf[j] * thetaUnit);
    groupSums(thetaUnit);
    for (let i = 0; i < I; i++) {
      logDet += Math.log1p(thetaGroup * groupM[i]);
      const d = thetaGroup / (1 + thetaGroup * groupM[i]);
      if (d === 0) continue;
      const y = groupY[i];
      for (let a = 0; a < p; a++) {
        const va = groupA[i * p + a];
        b[a] -= d * va * y;
        for (let bb = 0; bb <= a; bb++) A[a][bb] -= d * va * groupA[i * p + bb];
      }
      c -= d * y * y;
    }
    for (let a = 0; a < p; a++) for (let bb = 0; bb < a; bb++) A[bb][a] = A[a][bb];
    const factor = cholesky(A, 'fitNestedRandomIntercept');
    const beta = choleskySolve(factor, b);
    let rss = c;
    for (let a = 0; a < p; a++) rss -= beta[a] * b[a];
    if (!(rss > 0)) throw new StatsInputError('too_few_cases', 'fitNestedRandomIntercept: no residual variation left');
    return { objective: dfReml * Math.log(rss / dfReml) + logDet + choleskyLogDet(factor), beta, factor, rss };
  };

  // Search over relative SDs (t = √θ, lme4's parameters, bounded below by 0): for each t_u the best t_g by Brent,
  // and Brent over t_u outside; each bracket widens while its optimum sits at the edge. The boundary 0 (a
  // singular fit, as lme4 reports it) is tried exactly.
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
  let tUnit = best.x;
  if (outer(0) <= best.value) tUnit = 0;
  const tGroup = bestGroup(tUnit).t;
  const thetaGroup = tGroup * tGroup;
  const thetaUnit = tUnit * tUnit;

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
  if (referenceMix.length !== k) throw new StatsInputError('shape_mismatch', `fitNestedRandomIntercept: reference mix has ${referenceMix.length} values for ${k} covariates`);
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
export function nestedUnitEstimate(model: NestedModel, group: Pick<NestedGroupEstimate, 'group' | 'effect' | 'effectiveAnswers'>, u: UnitSums): NestedUnitEstimate {
  const { beta, thetaGroup, thetaUnit, withinVariance: within, referenceLevel, z } = model;
  const k = model.referenceMix.length;
  if (u.sumX.length !== k) throw new StatsInputError('shape_mismatch', `nestedUnitEstimate: unit ${u.unit} has ${u.sumX.length} covariates, the model ${k}`);
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

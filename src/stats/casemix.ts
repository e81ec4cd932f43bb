import {
  fitRandomIntercept,
  fitRandomInterceptFromTotals,
  type CrossProductTotals,
  type FixedEffect,
  type RandomInterceptFit,
  type RandomInterceptOptions,
  type UnitSufficientStats,
  type UnitSums,
} from './mixed.ts';
import { spearman } from './rank.ts';

/** What the case-mix adjustment did: shown to analysts next to adjusted results. */
export interface CaseMixReport {
  /** The adjusted model (covariates as fixed effects, random intercept per unit). */
  adjusted: RandomInterceptFit;
  /** The same data without covariates (shrinkage only). */
  unadjusted: RandomInterceptFit;
  /** Coefficients of the case-mix covariates (answer-scale points per unit of the covariate). */
  coefficients: FixedEffect[];
  /** Standard deviation over units of (adjusted mean − raw mean): how much adjustment moved units typically. */
  adjustmentSd: number;
  /** Largest absolute adjustment of any unit. */
  adjustmentMaxAbs: number;
  /**
   * σ²b(adjusted) / σ²b(unadjusted): below 1, case mix accounted for part of the differences between units;
   * above 1, case mix was hiding differences (e.g. stronger units get the harder cases). NaN if both are 0.
   */
  betweenVarianceRatio: number;
  /** Rank correlation of units' shrunken estimates with and without adjustment. */
  rankCorrelation: number;
  /** Units flagged as different from the reference in one model but not the other. */
  flagChanges: number;
}

/** Strip the covariate sums so the same statistics fit a model without case-mix adjustment. */
export function withoutCovariates(stats: readonly UnitSufficientStats[]): UnitSufficientStats[] {
  return stats.map((s) => ({ ...s, sumX: new Float64Array(0), sumXX: new Float64Array(0), sumXY: new Float64Array(0) }));
}

/**
 * Fit the random-intercept model with and without the case-mix covariates and summarise what the
 * adjustment changed, so reports can say what was adjusted for and how much it mattered.
 */
export function explainCaseMix(stats: readonly UnitSufficientStats[], options: RandomInterceptOptions = {}): CaseMixReport {
  return summarizeCaseMix(
    fitRandomIntercept(stats, options),
    fitRandomIntercept(withoutCovariates(stats), { confidence: options.confidence }),
  );
}

/** The same from compact statistics: per unit n, Σy, Σy², Σx, and the cross-products only as totals. */
export function explainCaseMixFromTotals(
  units: readonly UnitSums[],
  totals: CrossProductTotals,
  options: RandomInterceptOptions = {},
): CaseMixReport {
  const adjusted = fitRandomInterceptFromTotals(units, totals, options);
  const bare = units.map((u) => ({ unit: u.unit, n: u.n, sumY: u.sumY, sumYY: u.sumYY, sumX: new Float64Array(0) }));
  const unadjusted = fitRandomInterceptFromTotals(
    bare,
    { sumXX: new Float64Array(0), sumXY: new Float64Array(0) },
    { confidence: options.confidence },
  );
  return summarizeCaseMix(adjusted, unadjusted);
}

function summarizeCaseMix(adjusted: RandomInterceptFit, unadjusted: RandomInterceptFit): CaseMixReport {
  const adjustments = adjusted.units.map((u) => u.adjustment);
  const meanAdjustment = adjustments.reduce((s, v) => s + v, 0) / adjustments.length;
  const adjustmentSd = Math.sqrt(adjustments.reduce((s, v) => s + (v - meanAdjustment) ** 2, 0) / Math.max(1, adjustments.length - 1));
  const unadjustedByUnit = new Map(unadjusted.units.map((u) => [u.unit, u]));
  const pairs = adjusted.units.map((u) => [u, unadjustedByUnit.get(u.unit)!] as const);
  const varying = new Set(pairs.map(([a]) => a.shrunkenEstimate)).size > 1 && new Set(pairs.map(([, b]) => b.shrunkenEstimate)).size > 1;
  return {
    adjusted,
    unadjusted,
    coefficients: adjusted.fixedEffects.slice(1),
    adjustmentSd,
    adjustmentMaxAbs: Math.max(...adjustments.map(Math.abs)),
    betweenVarianceRatio:
      unadjusted.betweenVariance > 0
        ? adjusted.betweenVariance / unadjusted.betweenVariance
        : adjusted.betweenVariance > 0
          ? Infinity
          : Number.NaN,
    rankCorrelation: varying
      ? spearman(
          pairs.map(([a]) => a.shrunkenEstimate),
          pairs.map(([, b]) => b.shrunkenEstimate),
        )
      : 1,
    flagChanges: pairs.filter(([a, b]) => a.differsFromReference !== b.differsFromReference).length,
  };
}

/**
 * Brukerstemme statistics core: pure functions on arrays, no database or HTTP. Every estimator throws a
 * {@link StatsInputError} (with a `code`) instead of returning a wrong number for bad input.
 * Checked against R (lm + HC1, glm, lme4::lmer, psych, chisq.test): see reference/stats/.
 *
 * Case-mix adjusted unit report, per outcome, instrument version and year:
 * ```ts
 * const acc = new SufficientStatsAccumulator(['refused_benefit', 'health_problem']);
 * for (const a of answers) acc.add(a.counselorId, a.rating, [a.refused, a.health]); // or acc.merge(storedMonthlySums)
 * const fit = fitRandomIntercept(acc.units(), { covariates: acc.covariates });
 * // fit.units[i]: rawMean, adjustedMean, shrunkenEstimate, interval, reliability, differsFromReference
 * const offices = fitRandomIntercept(rollUpSufficientStats(acc.units(), officeOf, acc.covariates), { covariates: acc.covariates });
 * const why = explainCaseMix(acc.units(), { covariates: acc.covariates }); // what adjustment did, for analysts
 * ```
 * Unit intervals are conditional on the fitted fixed effects and variances (as lme4's condVar).
 */

/** Typed error raised for NaN, too few cases, singular designs, separation, non-convergence. */
export { StatsInputError, type StatsErrorCode } from './errors.ts';

/** Normal, t, chi-square and F CDFs and quantiles (via jstat), and two-sided p-values. */
export {
  normalCdf,
  normalQuantile,
  tCdf,
  tQuantile,
  chiSquareCdf,
  chiSquareUpper,
  chiSquareQuantile,
  fCdf,
  fQuantile,
  twoSidedNormalP,
  twoSidedTP,
} from './distributions.ts';

/** Descriptives: n, mean, SD, t interval for a mean, share positive (4–5) with a Wilson interval. */
export {
  describe,
  mean,
  standardDeviation,
  tInterval,
  wilsonInterval,
  sharePositive,
  type Descriptives,
  type Interval,
  type ShareSummary,
} from './descriptive.ts';

/** Ordinary least squares with HC1 robust standard errors. */
export { ols, type OlsFit, type Coefficient } from './ols.ts';
export type { DesignOptions } from './design.ts';

/** Logistic regression (IRLS) with Wald tests, predicted probabilities and likelihood-ratio tests. */
export {
  logisticRegression,
  predictProbability,
  likelihoodRatioTest,
  likelihoodRatioTestVsNull,
  type LogisticFit,
  type LogisticOptions,
  type LikelihoodRatioTest,
} from './logistic.ts';

/**
 * Random-intercept linear mixed model by REML from per-unit sufficient statistics: between/within
 * variance, case-mix adjusted and shrunken unit estimates with intervals and reliability.
 */
export {
  fitRandomIntercept,
  fitRandomInterceptRows,
  SufficientStatsAccumulator,
  rollUpSufficientStats,
  unitStatsToPlain,
  unitStatsFromPlain,
  type PlainUnitStats,
  type UnitSufficientStats,
  type RandomInterceptFit,
  type RandomInterceptOptions,
  type UnitEstimate,
  type FixedEffect,
  fitRandomInterceptFromTotals,
  unitEstimate,
  type UnitSums,
  type CrossProductTotals,
  type RandomInterceptModel,
} from './mixed.ts';

/** Reliability of a unit mean (IUR) and the number of answers needed for a target reliability. */
export { unitReliability, answersNeededForReliability } from './reliability.ts';

/** Pearson chi-square test for cross-tables, with expected-count warnings and optional Yates correction. */
export { chiSquareTest, type ChiSquareTest } from './chisquare.ts';

/** Cronbach's alpha (raw and standardised) for a block of items. */
export { cronbachAlpha, type CronbachAlpha } from './alpha.ts';

/** Exploratory factor analysis: principal components or principal axis, varimax (Kaiser-normalised). */
export { factorAnalysis, varimax, type FactorAnalysis, type FactorAnalysisOptions, type ExtractionMethod } from './factor.ts';

/** Correlation and covariance matrices; complete-case filtering. */
export { correlationMatrix, covarianceMatrix, completeCases } from './correlation.ts';

/** Spearman rank correlation (average ranks for ties). */
export { spearman, ranks } from './rank.ts';

/** Seeded pseudo-random generator for simulations and benchmarks. */
export { SeededRandom } from './random.ts';

/** Case-mix adjustment explained: coefficients, how far units moved, variance explained, flags changed. */
export { explainCaseMix, explainCaseMixFromTotals, withoutCovariates, type CaseMixReport } from './casemix.ts';

// Nested random intercepts (offices with counselors inside), lme4's (1 | office/counselor).
export {
  fitNestedRandomIntercept,
  nestedUnitEstimate,
  type NestedFit,
  type NestedModel,
  type NestedUnitSums,
  type NestedGroupEstimate,
  type NestedUnitEstimate,
  type NestedOptions,
} from './nested.ts';

import { StatsInputError } from './errors.ts';
import { buildDesign, type DesignOptions } from './design.ts';
import { cholesky, choleskyInverse, choleskySolve, weightedCrossProducts } from './linalg.ts';
import { chiSquareUpper, twoSidedNormalP } from './distributions.ts';
import type { Coefficient } from './ols.ts';

export interface LogisticFit {
  /** Wald z tests (statistic = estimate / se, two-sided normal p). */
  coefficients: Coefficient[];
  covariance: number[][];
  logLikelihood: number;
  deviance: number;
  /** Deviance of the intercept-only model. */
  nullDeviance: number;
  n: number;
  iterations: number;
  names: string[];
}

export interface LogisticOptions extends DesignOptions {
  maxIterations?: number;
  /** Convergence: relative change in deviance (default 1e-12). */
  tolerance?: number;
}

// A linear predictor this large means a fitted probability within ~1e-13 of 0 or 1: the data are separated.
const SEPARATION_ETA = 30;

/**
 * Logistic regression by iteratively reweighted least squares. Rejects outcomes other than 0/1, singular
 * designs and (quasi-)complete separation, where maximum likelihood estimates do not exist.
 */
export function logisticRegression(x: readonly (readonly number[])[], y: readonly number[], options: LogisticOptions = {}): LogisticFit {
  const { rows, names } = buildDesign(x, y, options, 'logisticRegression');
  y.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new StatsInputError('not_binary', `logisticRegression: outcome ${i} is ${v}, expected 0 or 1`);
  });
  const n = rows.length;
  const p = names.length;
  const successes = y.reduce((s, v) => s + v, 0);
  if (successes === 0 || successes === n) {
    throw new StatsInputError('perfect_separation', `logisticRegression: all ${n} outcomes are ${successes === 0 ? 0 : 1}`);
  }
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-12;
  let beta = new Array<number>(p).fill(0);
  const eta = new Float64Array(n);
  const mu = new Float64Array(n).fill(0.5);
  let deviance = Infinity;
  let converged = false;
  let iterations: number;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    const w = new Float64Array(n);
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      w[i] = mu[i] * (1 - mu[i]);
      z[i] = eta[i] + (y[i] - mu[i]) / w[i];
    }
    const { xtx, xtz } = weightedCrossProducts(rows, w, z);
    beta = choleskySolve(weightedFactor(xtx, iterations), xtz);
    let newDeviance = 0;
    let maxEta = 0;
    for (let i = 0; i < n; i++) {
      let e = 0;
      const r = rows[i];
      for (let j = 0; j < p; j++) e += r[j] * beta[j];
      eta[i] = e;
      mu[i] = 1 / (1 + Math.exp(-e));
      maxEta = Math.max(maxEta, Math.abs(e));
      newDeviance += binomialDevianceTerm(y[i], mu[i]);
    }
    // Under separation the estimates run off to infinity; stop before the weights underflow to zero.
    if (maxEta > SEPARATION_ETA) {
      throw new StatsInputError(
        'perfect_separation',
        'logisticRegression: fitted probabilities of 0 or 1 occurred; the outcome is (quasi-)perfectly separated by the predictors',
      );
    }
    const change = Math.abs(newDeviance - deviance) / (Math.abs(newDeviance) + 0.1);
    deviance = newDeviance;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  if (!converged) {
    throw new StatsInputError('no_convergence', `logisticRegression: no convergence after ${maxIterations} iterations`);
  }
  // Covariance at the converged estimate (weights from the final fitted values).
  const w = Array.from(mu, (m) => m * (1 - m));
  const { xtx } = weightedCrossProducts(rows, w, new Float64Array(n));
  const covariance = choleskyInverse(cholesky(xtx, 'logisticRegression'));
  const pBar = successes / n;
  const nullDeviance = -2 * (successes * Math.log(pBar) + (n - successes) * Math.log(1 - pBar));
  const coefficients = names.map((name, j) => {
    const se = Math.sqrt(covariance[j][j]);
    const statistic = beta[j] / se;
    return { name, estimate: beta[j], se, statistic, pValue: twoSidedNormalP(statistic) };
  });
  return { coefficients, covariance, logLikelihood: -deviance / 2, deviance, nullDeviance, n, iterations, names };
}

/**
 * The first iteration has equal weights, so a singular matrix there is a singular design; later, a
 * singular weighted matrix means weights collapsed to zero as fitted probabilities reached 0 or 1.
 */
function weightedFactor(xtx: number[][], iteration: number): number[][] {
  try {
    return cholesky(xtx, 'logisticRegression');
  } catch (error) {
    if (iteration > 1 && error instanceof StatsInputError && error.code === 'singular_design') {
      throw new StatsInputError(
        'perfect_separation',
        'logisticRegression: fitted probabilities of 0 or 1 occurred; the outcome is (quasi-)perfectly separated by the predictors',
      );
    }
    throw error;
  }
}

function binomialDevianceTerm(y: number, mu: number): number {
  return y === 1 ? -2 * Math.log(mu) : -2 * Math.log(1 - mu);
}

/** Predicted probability for one row of predictors (without the intercept column). */
export function predictProbability(fit: LogisticFit, x: readonly number[]): number {
  const hasIntercept = fit.names[0] === '(Intercept)';
  const row = hasIntercept ? [1, ...x] : [...x];
  if (row.length !== fit.coefficients.length) {
    throw new StatsInputError(
      'shape_mismatch',
      `predictProbability: ${x.length} predictors for a model with ${fit.coefficients.length} coefficients`,
    );
  }
  const eta = row.reduce((s, v, j) => s + v * fit.coefficients[j].estimate, 0);
  return 1 / (1 + Math.exp(-eta));
}

export interface LikelihoodRatioTest {
  statistic: number;
  df: number;
  pValue: number;
}

/** Likelihood-ratio test of a nested (reduced) model against the full one. */
export function likelihoodRatioTest(full: LogisticFit, reduced: LogisticFit): LikelihoodRatioTest {
  const df = full.coefficients.length - reduced.coefficients.length;
  if (df <= 0)
    throw new StatsInputError('shape_mismatch', 'likelihoodRatioTest: the full model must have more coefficients than the reduced one');
  if (full.n !== reduced.n)
    throw new StatsInputError('shape_mismatch', 'likelihoodRatioTest: the models were fitted to different numbers of cases');
  const statistic = Math.max(0, reduced.deviance - full.deviance);
  return { statistic, df, pValue: chiSquareUpper(statistic, df) };
}

/** Likelihood-ratio test of the model against the intercept-only model. */
export function likelihoodRatioTestVsNull(fit: LogisticFit): LikelihoodRatioTest {
  const df = fit.coefficients.length - 1;
  if (df <= 0) throw new StatsInputError('shape_mismatch', 'likelihoodRatioTestVsNull: the model has no predictors');
  const statistic = Math.max(0, fit.nullDeviance - fit.deviance);
  return { statistic, df, pValue: chiSquareUpper(statistic, df) };
}

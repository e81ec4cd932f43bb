import { buildDesign, type DesignOptions } from './design.ts';
import { cholesky, choleskyInverse, choleskySolve, weightedCrossProducts, zeros } from './linalg.ts';
import { twoSidedTP } from './distributions.ts';

export interface Coefficient {
  name: string;
  estimate: number;
  se: number;
  statistic: number;
  pValue: number;
}

export interface OlsFit {
  coefficients: Coefficient[];
  /** HC1 (White, n/(n−p) corrected) robust covariance of the coefficients. */
  robustCovariance: number[][];
  /** Classical covariance σ̂² (XᵀX)⁻¹. */
  classicalCovariance: number[][];
  classicalSe: number[];
  residualVariance: number;
  rSquared: number;
  n: number;
  dfResidual: number;
  residuals: number[];
}

/**
 * Ordinary least squares with heteroskedasticity-robust HC1 standard errors. Tests use the robust SEs
 * with t(n − p) reference distribution.
 */
export function ols(x: readonly (readonly number[])[], y: readonly number[], options: DesignOptions = {}): OlsFit {
  const { rows, names } = buildDesign(x, y, options, 'ols');
  const n = rows.length;
  const p = names.length;
  const { xtx, xtz } = weightedCrossProducts(rows, null, y);
  const l = cholesky(xtx, 'ols');
  const beta = choleskySolve(l, xtz);
  const bread = choleskyInverse(l);
  const residuals = rows.map((r, i) => y[i] - r.reduce((s, v, j) => s + v * beta[j], 0));
  const meat = zeros(p, p);
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const e2 = residuals[i] ** 2;
    rss += e2;
    const r = rows[i];
    for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) meat[a][b] += e2 * r[a] * r[b];
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) meat[b][a] = meat[a][b];
  const df = n - p;
  const correction = n / df;
  const robust = sandwich(bread, meat).map((row) => row.map((v) => v * correction));
  const sigma2 = rss / df;
  const classical = bread.map((row) => row.map((v) => v * sigma2));
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  const tss = y.reduce((s, v) => s + (v - yMean) ** 2, 0);
  const coefficients = names.map((name, j) => {
    const se = Math.sqrt(robust[j][j]);
    const statistic = beta[j] / se;
    return { name, estimate: beta[j], se, statistic, pValue: twoSidedTP(statistic, df) };
  });
  return {
    coefficients,
    robustCovariance: robust,
    classicalCovariance: classical,
    classicalSe: classical.map((row, j) => Math.sqrt(row[j])),
    residualVariance: sigma2,
    rSquared: tss > 0 ? 1 - rss / tss : 0,
    n,
    dfResidual: df,
    residuals,
  };
}

function sandwich(bread: number[][], meat: number[][]): number[][] {
  const p = bread.length;
  const left = zeros(p, p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += bread[i][k] * meat[k][j];
      left[i][j] = s;
    }
  const out = zeros(p, p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += left[i][k] * bread[k][j];
      out[i][j] = s;
    }
  return out;
}

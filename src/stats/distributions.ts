import jstat from 'jstat';
import { StatsInputError } from './errors.ts';

const { jStat } = jstat;

function requireDf(df: number, what: string): void {
  if (!(df > 0) || !Number.isFinite(df)) throw new StatsInputError('out_of_range', `${what}: degrees of freedom must be > 0, got ${df}`);
}
function requireProbability(p: number): void {
  if (!(p > 0 && p < 1)) throw new StatsInputError('out_of_range', `probability must be strictly between 0 and 1, got ${p}`);
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return jStat.normal.cdf(z, 0, 1);
}
/** Standard normal quantile. */
export function normalQuantile(p: number): number {
  requireProbability(p);
  return jStat.normal.inv(p, 0, 1);
}
/** Student t CDF with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  requireDf(df, 'tCdf');
  return jStat.studentt.cdf(t, df);
}
/** Student t quantile. */
export function tQuantile(p: number, df: number): number {
  requireDf(df, 'tQuantile');
  requireProbability(p);
  return jStat.studentt.inv(p, df);
}
/** Chi-square CDF. */
export function chiSquareCdf(x: number, df: number): number {
  requireDf(df, 'chiSquareCdf');
  return x <= 0 ? 0 : jStat.chisquare.cdf(x, df);
}
/** Upper tail of the chi-square distribution, P(X >= x). */
export function chiSquareUpper(x: number, df: number): number {
  return 1 - chiSquareCdf(x, df);
}
/** Chi-square quantile. */
export function chiSquareQuantile(p: number, df: number): number {
  requireDf(df, 'chiSquareQuantile');
  requireProbability(p);
  return jStat.chisquare.inv(p, df);
}
/** F CDF. */
export function fCdf(x: number, df1: number, df2: number): number {
  requireDf(df1, 'fCdf');
  requireDf(df2, 'fCdf');
  return x <= 0 ? 0 : jStat.centralF.cdf(x, df1, df2);
}
/** F quantile. */
export function fQuantile(p: number, df1: number, df2: number): number {
  requireDf(df1, 'fQuantile');
  requireDf(df2, 'fQuantile');
  requireProbability(p);
  return jStat.centralF.inv(p, df1, df2);
}
/**
 * Two-sided p-value of a z statistic, accurate in the far tail. The normal CDF loses all precision
 * there (it returns 0 for |z| > 8.3, p < ~1e-16), so from |z| = 5 on the upper tail comes from the
 * continued fraction for Mills' ratio, Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))), which keeps
 * full relative precision until p underflows (|z| ≈ 38.5, as R's pnorm).
 */
export function twoSidedNormalP(z: number): number {
  const x = Math.abs(z);
  if (!(x >= 5)) return 2 * normalCdf(-x);
  if (!Number.isFinite(x)) return 0;
  let t = x;
  for (let k = 200; k >= 1; k--) t = x + k / t;
  return (2 * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI) / t;
}
/** Two-sided p-value of a t statistic. */
export function twoSidedTP(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}

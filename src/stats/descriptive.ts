import { StatsInputError, requireFinite } from './errors.ts';
import { normalQuantile, tQuantile } from './distributions.ts';

export interface Interval {
  lower: number;
  upper: number;
}

export interface Descriptives {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator); NaN-free: requires n ≥ 2. */
  sd: number;
  /** t interval for the mean at the requested confidence. */
  meanInterval: Interval;
}

export function mean(values: ArrayLike<number>): number {
  requireFinite(values, 'mean');
  if (values.length === 0) throw new StatsInputError('too_few_cases', 'mean: no values');
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

export function standardDeviation(values: ArrayLike<number>): number {
  if (values.length < 2) throw new StatsInputError('too_few_cases', `standardDeviation: needs at least 2 values, got ${values.length}`);
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i] - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/** t interval for a mean from its summary: mean, SD and n. */
export function tInterval(m: number, sd: number, n: number, confidence = 0.95): Interval {
  if (n < 2) throw new StatsInputError('too_few_cases', `tInterval: needs n ≥ 2, got ${n}`);
  requireFinite([m, sd], 'tInterval');
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { lower: m - half, upper: m + half };
}

export function describe(values: ArrayLike<number>, confidence = 0.95): Descriptives {
  const m = mean(values);
  const sd = standardDeviation(values);
  return { n: values.length, mean: m, sd, meanInterval: tInterval(m, sd, values.length, confidence) };
}

/** Wilson score interval for a proportion of `successes` out of `n`. */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (!Number.isInteger(n) || n < 1) throw new StatsInputError('too_few_cases', `wilsonInterval: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new StatsInputError('out_of_range', `wilsonInterval: successes must be an integer in 0..${n}, got ${successes}`);
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export interface ShareSummary {
  n: number;
  positive: number;
  share: number;
  interval: Interval;
}

/**
 * Share of answers at or above `threshold` (default 4: "4 or 5 on a 1–5 scale"), with a Wilson interval.
 * Missing answers (null/undefined) are left out of n.
 */
export function sharePositive(answers: readonly (number | null | undefined)[], threshold = 4, confidence = 0.95): ShareSummary {
  let n = 0;
  let positive = 0;
  answers.forEach((a, i) => {
    if (a === null || a === undefined) return;
    if (!Number.isFinite(a)) throw new StatsInputError('non_finite', `sharePositive: answer ${i} is not a finite number (${a})`);
    n++;
    if (a >= threshold) positive++;
  });
  if (n === 0) throw new StatsInputError('too_few_cases', 'sharePositive: no answers');
  return { n, positive, share: positive / n, interval: wilsonInterval(positive, n, confidence) };
}

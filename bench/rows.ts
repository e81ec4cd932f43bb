/** One figure in bench/results/latest.json (a JSON array of these; a contract others script against). */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** Omitted where no target is set. */
  target?: number;
  better: 'higher' | 'lower';
  note: string;
}

/** Each bench module (bench/<capability>.ts) exports `run(): Promise<BenchRow[]>`. */
export type BenchModule = { run: () => Promise<BenchRow[]> };

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/**
 * Ordinary least squares of y on x (y = intercept + slope·x), as R's `lm(y ~ x)` gives it: the
 * slope, the intercept and the slope's standard error (residual variance on n − 2 degrees of
 * freedom). NaN where it is undefined: fewer than two points or all x equal (slope), fewer than three
 * (standard error).
 */
export function leastSquares(
  xs: readonly number[],
  ys: readonly number[],
): { slope: number; intercept: number; slopeSe: number; n: number } {
  if (xs.length !== ys.length) throw new Error(`leastSquares: ${xs.length} x values but ${ys.length} y values`);
  const n = xs.length;
  if (n < 2) return { slope: NaN, intercept: NaN, slopeSe: NaN, n };
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - meanX) ** 2;
    sxy += (xs[i] - meanX) * (ys[i] - meanY);
  }
  if (sxx === 0) return { slope: NaN, intercept: NaN, slopeSe: NaN, n };
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i] - intercept - slope * xs[i]) ** 2;
  const slopeSe = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN;
  return { slope, intercept, slopeSe, n };
}

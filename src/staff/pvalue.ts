import { twoSidedNormalP } from '../stats/index.ts';

/** Below this a p-value is shown as "< 1e-15": the normal approximation of the Wald test means nothing finer. */
export const P_FLOOR = 1e-15;
/** The text shown for any p below P_FLOOR, in every language. */
export const P_FLOOR_TEXT = '< 1e-15';

/**
 * Two-sided p of a Wald z statistic, accurate in the far tail. The shared normal CDF computes 1 − Φ(|z|) and so
 * returns 0 for |z| > 8.3 (p < ~1e-16); from |z| = 5 on this uses the continued fraction for Mills' ratio,
 * Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))), which keeps full relative precision until p underflows
 * (|z| ≈ 38.5, as R's pnorm).
 */
export function waldPValue(z: number): number {
  const x = Math.abs(z);
  if (!(x >= 5)) return twoSidedNormalP(z);
  if (!Number.isFinite(x)) return 0;
  let t = x;
  for (let k = 200; k >= 1; k--) t = x + k / t;
  return (2 * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI) / t;
}

/**
 * p as text: "< 1e-15" below P_FLOOR, scientific notation with two significant digits below 0.001
 * (e.g. 1.3e-5, with the decimal mark the caller's `decimal` gives), otherwise three decimals.
 * `decimal(value, digits)` formats a plain number in the reader's language.
 */
export function formatPValue(p: number, decimal: (value: number, digits: number) => string = (v, d) => v.toFixed(d)): string {
  if (p < P_FLOOR) return P_FLOOR_TEXT;
  if (p >= 0.001) return decimal(p, 3);
  let exponent = Math.floor(Math.log10(p));
  let mantissa = Number((p / 10 ** exponent).toFixed(1));
  if (mantissa >= 10) {
    mantissa = 1;
    exponent += 1;
  }
  return `${decimal(mantissa, 1)}e${exponent}`;
}

import { twoSidedNormalP } from '../stats/index.ts';

/** Below this a p-value is shown as "< 1e-15": the normal approximation of the Wald test means nothing finer. */
export const P_FLOOR = 1e-15;
/** The text shown for any p below P_FLOOR, in every language. */
export const P_FLOOR_TEXT = '< 1e-15';

/** Two-sided p of a Wald z statistic (the shared one, accurate in the far tail). */
export const waldPValue = twoSidedNormalP;

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

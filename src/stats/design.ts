import { StatsInputError, requireFinite, requireMatrixFinite, requireRectangular } from './errors.ts';

export interface DesignOptions {
  /** Prepend a column of ones (default true). */
  intercept?: boolean;
  /** Names of the columns of `x` (not counting the intercept). */
  names?: readonly string[];
}

export interface Design {
  rows: number[][];
  names: string[];
}

/** Validate a predictor matrix and outcome, and add the intercept column. */
export function buildDesign(x: readonly (readonly number[])[], y: ArrayLike<number>, options: DesignOptions, what: string): Design {
  const width = requireRectangular(x, what);
  if (x.length !== y.length) throw new StatsInputError('shape_mismatch', `${what}: ${x.length} predictor rows but ${y.length} outcomes`);
  requireMatrixFinite(x, `${what} predictors`);
  requireFinite(y, `${what} outcome`);
  const intercept = options.intercept ?? true;
  const given = options.names ?? Array.from({ length: width }, (_, j) => `x${j + 1}`);
  if (given.length !== width) throw new StatsInputError('shape_mismatch', `${what}: ${given.length} names for ${width} columns`);
  const names = intercept ? ['(Intercept)', ...given] : [...given];
  const rows = intercept ? x.map((r) => [1, ...r]) : x.map((r) => [...r]);
  if (rows.length <= names.length) {
    throw new StatsInputError(
      'too_few_cases',
      `${what}: ${rows.length} cases for ${names.length} coefficients; needs more cases than coefficients`,
    );
  }
  return { rows, names };
}

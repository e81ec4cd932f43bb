/** Why an estimator refused its input. */
export type StatsErrorCode =
  | 'non_finite'
  | 'too_few_cases'
  | 'singular_design'
  | 'perfect_separation'
  | 'not_binary'
  | 'shape_mismatch'
  | 'out_of_range'
  | 'no_convergence';

/**
 * Raised instead of returning a number that would be wrong (NaN in the data, a design that cannot be
 * inverted, too few cases, separation in a logistic model, an iteration that did not converge).
 */
export class StatsInputError extends Error {
  readonly code: StatsErrorCode;
  constructor(code: StatsErrorCode, message: string) {
    super(message);
    this.name = 'StatsInputError';
    this.code = code;
  }
}

export function requireFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new StatsInputError('non_finite', `${what}: element ${i} is not a finite number (${values[i]})`);
    }
  }
}

export function requireMatrixFinite(rows: readonly (readonly number[])[], what: string): void {
  rows.forEach((row, i) => {
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) {
        throw new StatsInputError('non_finite', `${what}: row ${i}, column ${j} is not a finite number (${v})`);
      }
    });
  });
}

export function requireRectangular(rows: readonly (readonly number[])[], what: string): number {
  if (rows.length === 0) throw new StatsInputError('too_few_cases', `${what}: no rows`);
  const width = rows[0].length;
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new StatsInputError('shape_mismatch', `${what}: row ${i} has ${row.length} columns, expected ${width}`);
    }
  });
  return width;
}

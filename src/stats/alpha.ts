import { StatsInputError } from './errors.ts';
import { completeCases, covarianceMatrix } from './correlation.ts';

export interface CronbachAlpha {
  /** Alpha from the covariance matrix (psych's raw_alpha). */
  raw: number;
  /** Alpha from the correlation matrix (psych's std.alpha). */
  standardized: number;
  /** Mean inter-item correlation. */
  averageCorrelation: number;
  items: number;
  /** Complete cases used (respondents with any item missing are left out). */
  n: number;
}

/** Cronbach's alpha for a block of items (rows = respondents, columns = items). */
export function cronbachAlpha(rows: readonly (readonly (number | null | undefined)[])[]): CronbachAlpha {
  const complete = completeCases(rows);
  const cov = covarianceMatrix(complete, 'cronbachAlpha');
  const k = cov.length;
  if (k < 2) throw new StatsInputError('too_few_cases', 'cronbachAlpha: needs at least 2 items');
  let total = 0;
  let diagonal = 0;
  let correlationSum = 0;
  for (let a = 0; a < k; a++) {
    diagonal += cov[a][a];
    for (let b = 0; b < k; b++) {
      total += cov[a][b];
      if (a !== b) correlationSum += cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b]);
    }
  }
  const averageCorrelation = correlationSum / (k * (k - 1));
  return {
    raw: (k / (k - 1)) * (1 - diagonal / total),
    standardized: (k * averageCorrelation) / (1 + (k - 1) * averageCorrelation),
    averageCorrelation,
    items: k,
    n: complete.length,
  };
}

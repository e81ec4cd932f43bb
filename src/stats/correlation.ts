import { StatsInputError, requireMatrixFinite, requireRectangular } from './errors.ts';

/** Complete-case rows: drops any respondent with a missing (null/undefined) item. */
export function completeCases(rows: readonly (readonly (number | null | undefined)[])[]): number[][] {
  return rows.filter((r) => r.every((v) => v !== null && v !== undefined)) as number[][];
}

/** Sample covariance matrix (n − 1 denominator) of the columns. */
export function covarianceMatrix(rows: readonly (readonly number[])[], what: string): number[][] {
  const k = requireRectangular(rows, what);
  requireMatrixFinite(rows, what);
  const n = rows.length;
  if (n < 3) throw new StatsInputError('too_few_cases', `${what}: needs at least 3 complete cases, got ${n}`);
  const means = new Array<number>(k).fill(0);
  for (const r of rows) for (let j = 0; j < k; j++) means[j] += r[j] / n;
  const cov = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const r of rows) {
    for (let a = 0; a < k; a++) {
      const da = r[a] - means[a];
      for (let b = 0; b <= a; b++) cov[a][b] += da * (r[b] - means[b]);
    }
  }
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      cov[a][b] /= n - 1;
      cov[b][a] = cov[a][b];
    }
    if (!(cov[a][a] > 0)) throw new StatsInputError('singular_design', `${what}: item ${a} has no variance`);
  }
  return cov;
}

/** Pearson correlation matrix of the columns. */
export function correlationMatrix(rows: readonly (readonly number[])[], what = 'correlationMatrix'): number[][] {
  const cov = covarianceMatrix(rows, what);
  return cov.map((row, a) => row.map((v, b) => v / Math.sqrt(cov[a][a] * cov[b][b])));
}

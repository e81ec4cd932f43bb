import { StatsInputError } from './errors.ts';
import { chiSquareUpper } from './distributions.ts';

export interface ChiSquareTest {
  statistic: number;
  df: number;
  pValue: number;
  expected: number[][];
  /** Human-readable warnings, e.g. when expected counts are below 5 and the approximation may be poor. */
  warnings: string[];
  /** Cells whose expected count is below 5. */
  smallExpectedCells: number;
  yatesCorrected: boolean;
}

/**
 * Pearson chi-square test of independence for a cross-table of counts (rows × columns).
 * `yates` applies the continuity correction (only for 2×2 tables, as R's chisq.test does by default).
 */
export function chiSquareTest(table: readonly (readonly number[])[], options: { yates?: boolean } = {}): ChiSquareTest {
  const rows = table.length;
  if (rows < 2) throw new StatsInputError('too_few_cases', `chiSquareTest: needs at least 2 rows, got ${rows}`);
  const cols = table[0].length;
  if (cols < 2) throw new StatsInputError('too_few_cases', `chiSquareTest: needs at least 2 columns, got ${cols}`);
  table.forEach((row, i) => {
    if (row.length !== cols)
      throw new StatsInputError('shape_mismatch', `chiSquareTest: row ${i} has ${row.length} cells, expected ${cols}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0)
        throw new StatsInputError('non_finite', `chiSquareTest: cell [${i}][${j}] must be a non-negative count, got ${v}`);
    });
  });
  const rowSums = table.map((r) => r.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: cols }, (_, j) => table.reduce((s, r) => s + r[j], 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  rowSums.forEach((s, i) => {
    if (s === 0) throw new StatsInputError('too_few_cases', `chiSquareTest: row ${i} is empty`);
  });
  colSums.forEach((s, j) => {
    if (s === 0) throw new StatsInputError('too_few_cases', `chiSquareTest: column ${j} is empty`);
  });
  const yates = (options.yates ?? false) && rows === 2 && cols === 2;
  const expected = table.map((_, i) => colSums.map((c) => (rowSums[i] * c) / total));
  let statistic = 0;
  let small = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const e = expected[i][j];
      if (e < 5) small++;
      let diff = Math.abs(table[i][j] - e);
      if (yates) diff -= Math.min(0.5, diff);
      statistic += (diff * diff) / e;
    }
  }
  const df = (rows - 1) * (cols - 1);
  const warnings: string[] = [];
  if (small > 0) {
    warnings.push(`${small} of ${rows * cols} cells have expected counts below 5; the chi-square approximation may be incorrect`);
  }
  return { statistic, df, pValue: chiSquareUpper(statistic, df), expected, warnings, smallExpectedCells: small, yatesCorrected: yates };
}

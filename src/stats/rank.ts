import { StatsInputError, requireFinite } from './errors.ts';

/** Ranks 1..n, ties given their average rank. */
export function ranks(values: readonly number[]): number[] {
  requireFinite(values, 'ranks');
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const average = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]] = average;
    i = j + 1;
  }
  return out;
}

/** Spearman's rank correlation: Pearson correlation of the ranks. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new StatsInputError('shape_mismatch', `spearman: ${a.length} vs ${b.length} values`);
  if (a.length < 3) throw new StatsInputError('too_few_cases', 'spearman: needs at least 3 pairs');
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const ma = ra.reduce((s, v) => s + v, 0) / n;
  const mb = rb.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  if (saa === 0 || sbb === 0) throw new StatsInputError('singular_design', 'spearman: one of the variables is constant');
  return sab / Math.sqrt(saa * sbb);
}

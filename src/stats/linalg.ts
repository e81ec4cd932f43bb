import { StatsInputError } from './errors.ts';

/**
 * Small dense helpers for the p×p systems the estimators solve (p is the number of coefficients, rarely
 * above a few dozen), kept as plain arrays because the mixed model solves one per likelihood evaluation.
 */

/** Cholesky factor L (lower) of a symmetric positive definite matrix, or a singular_design error. */
export function cholesky(a: readonly (readonly number[])[], what: string): number[][] {
  const p = a.length;
  let scale = 0;
  for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(a[i][i]));
  // Pivots this small relative to the largest diagonal mean a column is (numerically) a combination of others.
  const tolerance = Math.max(scale, 1e-300) * 1e-11;
  const l: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    let d = a[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    if (!(d > tolerance)) {
      throw new StatsInputError(
        'singular_design',
        `${what}: the design is singular (column ${j} is constant, empty or a combination of other columns)`,
      );
    }
    const root = Math.sqrt(d);
    l[j][j] = root;
    for (let i = j + 1; i < p; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / root;
    }
  }
  return l;
}

/** Solve (L Lᵀ) x = b given the Cholesky factor L. */
export function choleskySolve(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const p = l.length;
  const y = new Array<number>(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  const x = new Array<number>(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** Inverse of an SPD matrix from its Cholesky factor. */
export function choleskyInverse(l: readonly (readonly number[])[]): number[][] {
  const p = l.length;
  const inv: number[][] = [];
  for (let j = 0; j < p; j++) {
    const e = new Array<number>(p).fill(0);
    e[j] = 1;
    inv.push(choleskySolve(l, e));
  }
  // Columns were computed; the inverse is symmetric so rows = columns.
  return inv;
}

/** log det of an SPD matrix from its Cholesky factor. */
export function choleskyLogDet(l: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i < l.length; i++) s += 2 * Math.log(l[i][i]);
  return s;
}

export function zeros(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** Xᵀ diag(w) X and Xᵀ diag(w) z in one pass. */
export function weightedCrossProducts(
  x: readonly (readonly number[])[],
  w: ArrayLike<number> | null,
  z: ArrayLike<number>,
): { xtx: number[][]; xtz: number[] } {
  const p = x[0].length;
  const xtx = zeros(p, p);
  const xtz = new Array<number>(p).fill(0);
  for (let i = 0; i < x.length; i++) {
    const row = x[i];
    const wi = w === null ? 1 : w[i];
    for (let a = 0; a < p; a++) {
      const wa = wi * row[a];
      xtz[a] += wa * z[i];
      for (let b = 0; b <= a; b++) xtx[a][b] += wa * row[b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtx[b][a] = xtx[a][b];
  return { xtx, xtz };
}

export function matVec(m: readonly (readonly number[])[], v: readonly number[]): number[] {
  return m.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

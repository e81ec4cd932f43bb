import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { StatsInputError } from './errors.ts';
import { completeCases, correlationMatrix } from './correlation.ts';
import { cholesky, choleskyInverse } from './linalg.ts';

export type ExtractionMethod = 'principal-components' | 'principal-axis';

export interface FactorAnalysisOptions {
  factors: number;
  method?: ExtractionMethod;
  /** Varimax with Kaiser normalisation (default) or no rotation. */
  rotation?: 'varimax' | 'none';
  /** Principal axis: stop when the sum of communalities changes less than this (default 1e-10). */
  tolerance?: number;
  maxIterations?: number;
}

export interface FactorAnalysis {
  /** items × factors, factors ordered by explained variance, each signed so its loadings sum positive. */
  loadings: number[][];
  communalities: number[];
  /** Eigenvalues of the correlation matrix, largest first (Kaiser's criterion: those above 1). */
  eigenvalues: number[];
  /** Sum of squared loadings per factor. */
  ssLoadings: number[];
  /** Share of total variance explained by each factor (ssLoadings / items). */
  proportionVariance: number[];
  cumulativeVariance: number[];
  n: number;
  iterations: number;
}

function symmetricEigen(m: number[][]): { values: number[]; vectors: number[][] } {
  const e = new EigenvalueDecomposition(new Matrix(m), { assumeSymmetric: true });
  const values = e.realEigenvalues;
  const vectors = e.eigenvectorMatrix.to2DArray();
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  return { values: order.map((i) => values[i]), vectors: vectors.map((row) => order.map((i) => row[i])) };
}

function leadingLoadings(m: number[][], factors: number, what: string): number[][] {
  const { values, vectors } = symmetricEigen(m);
  for (let f = 0; f < factors; f++) {
    if (!(values[f] > 0))
      throw new StatsInputError('singular_design', `${what}: eigenvalue ${f + 1} is not positive; extract fewer factors`);
  }
  return vectors.map((row) => row.slice(0, factors).map((v, f) => v * Math.sqrt(values[f])));
}

/**
 * Varimax rotation with Kaiser normalisation (rows scaled to unit length during rotation), iterated by
 * the SVD update until the criterion improves by less than a relative `tolerance`.
 */
export function varimax(loadings: number[][], tolerance = 1e-12, maxIterations = 1000): { loadings: number[][]; rotation: number[][] } {
  const p = loadings.length;
  const m = loadings[0].length;
  if (m < 2) return { loadings: loadings.map((r) => [...r]), rotation: [[1]] };
  const scale = loadings.map((r) => Math.sqrt(r.reduce((s, v) => s + v * v, 0)));
  const x = new Matrix(loadings.map((r, i) => r.map((v) => v / scale[i])));
  let rotation = Matrix.eye(m, m);
  let criterion = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const z = x.mmul(rotation);
    const columnSs = new Array<number>(m).fill(0);
    for (let i = 0; i < p; i++) for (let f = 0; f < m; f++) columnSs[f] += z.get(i, f) ** 2;
    const target = new Matrix(p, m);
    for (let i = 0; i < p; i++) for (let f = 0; f < m; f++) target.set(i, f, z.get(i, f) ** 3 - (z.get(i, f) * columnSs[f]) / p);
    const svd = new SingularValueDecomposition(x.transpose().mmul(target), { autoTranspose: true });
    rotation = svd.leftSingularVectors.mmul(svd.rightSingularVectors.transpose());
    const previous = criterion;
    criterion = svd.diagonal.reduce((s, v) => s + v, 0);
    if (criterion < previous * (1 + tolerance)) break;
  }
  const rotated = x
    .mmul(rotation)
    .to2DArray()
    .map((r, i) => r.map((v) => v * scale[i]));
  return { loadings: rotated, rotation: rotation.to2DArray() };
}

function squaredMultipleCorrelations(r: number[][]): number[] {
  const inv = choleskyInverse(cholesky(r, 'factorAnalysis (correlation matrix)'));
  return inv.map((row, i) => 1 - 1 / row[i]);
}

/**
 * Exploratory factor analysis of a block of items (rows = respondents, columns = items; complete cases),
 * by principal components or iterated principal axis factoring (starting from squared multiple
 * correlations), optionally varimax-rotated.
 */
export function factorAnalysis(rows: readonly (readonly (number | null | undefined)[])[], options: FactorAnalysisOptions): FactorAnalysis {
  const complete = completeCases(rows);
  const r = correlationMatrix(complete, 'factorAnalysis');
  const k = r.length;
  const factors = options.factors;
  if (!Number.isInteger(factors) || factors < 1 || factors >= k) {
    throw new StatsInputError('out_of_range', `factorAnalysis: factors must be an integer from 1 to ${k - 1}, got ${factors}`);
  }
  if (complete.length <= k) throw new StatsInputError('too_few_cases', `factorAnalysis: ${complete.length} complete cases for ${k} items`);
  const eigenvalues = symmetricEigen(r).values;
  let loadings: number[][];
  let iterations = 0;
  if ((options.method ?? 'principal-components') === 'principal-components') {
    loadings = leadingLoadings(r, factors, 'factorAnalysis');
  } else {
    const tolerance = options.tolerance ?? 1e-10;
    const maxIterations = options.maxIterations ?? 1000;
    const reduced = r.map((row) => [...row]);
    const start = squaredMultipleCorrelations(r);
    start.forEach((v, i) => (reduced[i][i] = v));
    let communalitySum = start.reduce((s, v) => s + v, 0);
    loadings = [];
    for (iterations = 1; iterations <= maxIterations; iterations++) {
      loadings = leadingLoadings(reduced, factors, 'factorAnalysis');
      const communalities = loadings.map((row) => row.reduce((s, v) => s + v * v, 0));
      communalities.forEach((v, i) => (reduced[i][i] = v));
      const sum = communalities.reduce((s, v) => s + v, 0);
      const change = Math.abs(sum - communalitySum);
      communalitySum = sum;
      if (change < tolerance) break;
    }
    if (iterations > maxIterations)
      throw new StatsInputError('no_convergence', `factorAnalysis: principal axis did not converge in ${maxIterations} iterations`);
  }
  if ((options.rotation ?? 'varimax') === 'varimax') loadings = varimax(loadings).loadings;
  const ordered = orderAndSign(loadings);
  const ssLoadings = Array.from({ length: factors }, (_, f) => ordered.reduce((s, row) => s + row[f] ** 2, 0));
  const proportionVariance = ssLoadings.map((v) => v / k);
  let cumulative = 0;
  return {
    loadings: ordered,
    communalities: ordered.map((row) => row.reduce((s, v) => s + v * v, 0)),
    eigenvalues,
    ssLoadings,
    proportionVariance,
    cumulativeVariance: proportionVariance.map((v) => (cumulative += v)),
    n: complete.length,
    iterations,
  };
}

/** Factors by decreasing sum of squared loadings, each flipped so its loadings sum to a positive number. */
function orderAndSign(loadings: number[][]): number[][] {
  const m = loadings[0].length;
  const ss = Array.from({ length: m }, (_, f) => loadings.reduce((s, row) => s + row[f] ** 2, 0));
  const order = ss.map((_, f) => f).sort((a, b) => ss[b] - ss[a]);
  const signs = order.map((f) => (loadings.reduce((s, row) => s + row[f], 0) < 0 ? -1 : 1));
  return loadings.map((row) => order.map((f, i) => row[f] * signs[i]));
}

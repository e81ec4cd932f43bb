import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { InvalidInputError } from './errors.ts';
import type { Loadings } from './extraction.ts';

/**
 * Kaiser-normalised varimax by the SVD iteration of R's stats::varimax (which R's qmethod and
 * psych use): rows are scaled to unit communality, rotated, and scaled back. Stops when the
 * criterion grows by less than a factor (1 + tolerance).
 */
export function varimax(loadings: Loadings, tolerance = 1e-5, maxIterations = 1000): { loadings: Loadings; rotation: number[][] } {
  const k = loadings[0]?.length ?? 0;
  if (k < 2) return { loadings: loadings.map((row) => [...row]), rotation: identity(k) };
  const p = loadings.length;
  const scale = loadings.map((row) => Math.sqrt(row.reduce((sum, a) => sum + a * a, 0)));
  const x = new Matrix(loadings.map((row, i) => row.map((a) => (scale[i] > 0 ? a / scale[i] : 0))));
  const xt = x.transpose();
  let rotation = Matrix.eye(k);
  let criterion = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const z = x.mmul(rotation);
    const columnSquares = new Array<number>(k).fill(0);
    for (let i = 0; i < p; i++) for (let j = 0; j < k; j++) columnSquares[j] += z.get(i, j) ** 2;
    const target = new Matrix(p, k);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < k; j++) {
        const value = z.get(i, j);
        target.set(i, j, value ** 3 - (value * columnSquares[j]) / p);
      }
    }
    const svd = new SingularValueDecomposition(xt.mmul(target), { autoTranspose: true });
    rotation = svd.leftSingularVectors.mmul(svd.rightSingularVectors.transpose());
    const previous = criterion;
    criterion = svd.diagonal.reduce((a, b) => a + b, 0);
    if (criterion < previous * (1 + tolerance)) break;
  }
  const rotated = x
    .mmul(rotation)
    .to2DArray()
    .map((row, i) => row.map((a) => a * scale[i]));
  return { loadings: rotated, rotation: rotation.to2DArray() };
}

/**
 * Judgemental rotation of two factors by an angle in degrees: the pair of factor axes turns by
 * `degrees` (positive = from factor A towards factor B), so a sort lying on B's axis moves towards
 * A when the angle is positive: a′ = a·cos θ + b·sin θ, b′ = −a·sin θ + b·cos θ.
 */
export function rotatePair(loadings: Loadings, factorA: number, factorB: number, degrees: number): Loadings {
  const k = loadings[0]?.length ?? 0;
  for (const f of [factorA, factorB]) {
    if (!Number.isInteger(f) || f < 0 || f >= k) throw new InvalidInputError(`There is no factor ${f + 1} to rotate; there are ${k}.`);
  }
  if (factorA === factorB) throw new InvalidInputError('A manual rotation needs two different factors.');
  if (!Number.isFinite(degrees)) throw new InvalidInputError('The rotation angle must be a number of degrees.');
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  return loadings.map((row) => {
    const next = [...row];
    next[factorA] = row[factorA] * cos + row[factorB] * sin;
    next[factorB] = -row[factorA] * sin + row[factorB] * cos;
    return next;
  });
}

function identity(k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
}

import { analyzeQSorts, type ExtractionMethod } from '../src/qmethod/analysis.ts';
import { gridPositions, symmetricGrid, type QSortData } from '../src/qmethod/grid.ts';
import { seededRandom } from '../src/demo/seed.ts';
import type { BenchRow } from './rows.ts';

/**
 * qmethod_200x60_ms: the full Q analysis (correlations, extraction of 5 factors, varimax, flagging,
 * z-scores, factor arrays, characteristics, distinguishing and consensus statements) of 200 sorts of
 * 60 statements on a −6…+6 grid, built untimed from five seeded, partly shared viewpoints plus noise.
 * Median of 15 runs after 3 warm-up runs. Principal components, R qmethod's default (the centroid
 * routine, R-compatible, leaves factors without flags on such data; see docs/qmethod.md).
 */
const SORTS = 200;
const FACTORS = 5;
const GRID = symmetricGrid([2, 3, 4, 5, 6, 6, 8]);
const RUNS = 15;
const WARM_UP = 3;

export function simulatedStudy(seed = 20261123): QSortData {
  const next = seededRandom(seed);
  const positions = gridPositions(GRID);
  const n = positions.length;
  // Viewpoints share a common component, as in real studies where most sorts correlate positively.
  const common = Array.from({ length: n }, () => next() - 0.5);
  const views = Array.from({ length: FACTORS }, () => common.map((c) => 0.5 * c + 0.85 * (next() - 0.5)));
  return forcedOntoGrid({ views, sorts: SORTS, noise: 0.6, next, positions, id: (prefix, i) => `${prefix}${i + 1}` });
}

/**
 * Sorts from seeded viewpoints: sort p takes viewpoint p mod views, adds uniform noise of width `noise`, and is forced
 * onto the grid's positions by rank (the benches' studies).
 */
export function forcedOntoGrid(args: {
  views: number[][];
  sorts: number;
  noise: number;
  next: () => number;
  positions: number[];
  id: (prefix: 's' | 'p', index: number) => string;
}): QSortData {
  const { views, sorts, noise, next, positions, id } = args;
  const n = positions.length;
  const columns = Array.from({ length: sorts }, (_, p) => {
    const latent = views[p % views.length].map((v) => v + noise * (next() - 0.5));
    const order = latent.map((_, s) => s).sort((a, b) => latent[a] - latent[b]);
    const sort = new Array<number>(n);
    order.forEach((s, rank) => (sort[s] = positions[rank]));
    return sort;
  });
  return {
    statements: Array.from({ length: n }, (_, s) => id('s', s)),
    participants: Array.from({ length: sorts }, (_, p) => id('p', p)),
    values: Array.from({ length: n }, (_, s) => columns.map((c) => c[s])),
  };
}

function medianMs(data: QSortData, extraction: ExtractionMethod): number {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const started = performance.now();
    analyzeQSorts(data, { factors: FACTORS, extraction, rotation: 'varimax', grid: GRID });
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function run(): Promise<BenchRow[]> {
  const data = simulatedStudy();
  const round = (v: number) => Math.round(v * 10) / 10;
  return [
    {
      name: 'qmethod_200x60_ms',
      value: round(medianMs(data, 'pca')),
      unit: 'ms',
      target: 100,
      better: 'lower',
      note: `full Q analysis of ${SORTS} sorts × 60 statements, PCA, ${FACTORS} factors, varimax, scores and distinguishing statements; median of ${RUNS}`,
    },
  ];
}

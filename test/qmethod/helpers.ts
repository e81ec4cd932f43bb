import { gridPositions, symmetricGrid } from '../../src/qmethod/grid.ts';

/** A −5…+5 grid of 36 cards and its statements, for tests that need a study with submitted sorts. */
export const RESULT_GRID = symmetricGrid([1, 2, 3, 4, 5, 6]);
export const RESULT_STATEMENTS = Array.from({ length: 36 }, (_, i) => ({
  id: `u${i + 1}`,
  text: { nb: `Utsagn ${i + 1}`, en: `Statement ${i + 1}` },
}));

/** Sort k of a study with three viewpoints (deterministic): viewpoint v orders the statements by (i·(2v+5)) mod 37, plus a swap per sort. */
export function viewpointSort(k: number): Record<string, number> {
  const v = k % 3;
  const score = RESULT_STATEMENTS.map((_, i) => ((i + 1) * (2 * v + 5)) % 37);
  const order = RESULT_STATEMENTS.map((_, i) => i).sort((a, b) => score[a] - score[b]);
  const a = (k * 5) % 35;
  [order[a], order[a + 1]] = [order[a + 1], order[a]];
  const positions = gridPositions(RESULT_GRID);
  const placements: Record<string, number> = {};
  order.forEach((s, rank) => (placements[RESULT_STATEMENTS[s].id] = positions[rank]));
  return placements;
}

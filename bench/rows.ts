/** One figure in bench/results/latest.json (a JSON array of these; a contract others script against). */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** Omitted where no target is set. */
  target?: number;
  better: 'higher' | 'lower';
  note: string;
}

/** Each bench module (bench/<capability>.ts) exports `run(): Promise<BenchRow[]>`. */
export type BenchModule = { run: () => Promise<BenchRow[]> };

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

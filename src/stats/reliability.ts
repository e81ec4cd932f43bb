import { StatsInputError, requireFinite } from './errors.ts';

function requireVariances(between: number, within: number, what: string): void {
  requireFinite([between, within], what);
  if (between < 0 || within <= 0)
    throw new StatsInputError('out_of_range', `${what}: needs between ≥ 0 and within > 0, got ${between} and ${within}`);
}

/**
 * Reliability of a unit's mean of n answers (intra-unit reliability):
 * IUR = σ²_between / (σ²_between + σ²_within / n).
 */
export function unitReliability(between: number, within: number, n: number): number {
  requireVariances(between, within, 'unitReliability');
  if (!(n > 0)) throw new StatsInputError('too_few_cases', `unitReliability: n must be > 0, got ${n}`);
  if (between === 0) return 0;
  return between / (between + within / n);
}

/** Smallest n whose unit mean reaches the target reliability: n = R/(1−R) · σ²_within/σ²_between. */
export function answersNeededForReliability(target: number, between: number, within: number): number {
  requireVariances(between, within, 'answersNeededForReliability');
  if (!(target > 0 && target < 1))
    throw new StatsInputError('out_of_range', `answersNeededForReliability: target must be in (0, 1), got ${target}`);
  if (between === 0) return Infinity;
  // The small guard keeps an exact integer answer (e.g. 20.000000000000004) from rounding up.
  return Math.ceil((target / (1 - target)) * (within / between) - 1e-9);
}

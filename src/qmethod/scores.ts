import { InvalidInputError } from './errors.ts';
import type { Loadings } from './extraction.ts';

/** Significance level of a loading: p < .05 (1.96/√n), p < .01 (2.58/√n), or a fixed value. */
export type FlagThreshold = 'p05' | 'p01' | number;

export function flagThresholdValue(threshold: FlagThreshold, statements: number): number {
  if (threshold === 'p05') return 1.96 / Math.sqrt(statements);
  if (threshold === 'p01') return 2.58 / Math.sqrt(statements);
  if (!(threshold > 0 && threshold < 1)) throw new InvalidInputError(`A flag threshold must lie between 0 and 1, not ${threshold}.`);
  return threshold;
}

/** Communality h² of each sort: the sum of its squared loadings on the factors kept. */
export function communalities(loadings: Loadings): number[] {
  return loadings.map((row) => row.reduce((sum, a) => sum + a * a, 0));
}

/**
 * Automatic flagging (Brown 1980; PQMethod's and R qmethod's pre-flagging): a sort defines a factor
 * when its loading is significant, |a| ≥ threshold, and the factor holds most of its common
 * variance, a² > h²/2. A sort can be flagged on at most one factor by the second rule.
 */
export function flagAutomatically(loadings: Loadings, threshold: number, requireMajority = true): boolean[][] {
  const h2 = communalities(loadings);
  return loadings.map((row, p) => row.map((a) => Math.abs(a) >= threshold && (!requireMajority || a * a > h2[p] / 2)));
}

export interface FlagOverride {
  /** Index of the sort (participant). */
  participant: number;
  /** Index of the factor. */
  factor: number;
  flagged: boolean;
}

/** Manual flagging: the researcher's choices replace the automatic flags they name. */
export function applyFlagOverrides(flags: boolean[][], overrides: FlagOverride[]): boolean[][] {
  const result = flags.map((row) => [...row]);
  for (const o of overrides) {
    if (!result[o.participant] || o.factor < 0 || o.factor >= (result[0]?.length ?? 0)) {
      throw new InvalidInputError(`A manual flag names sort ${o.participant + 1} on factor ${o.factor + 1}, which does not exist.`);
    }
    result[o.participant][o.factor] = o.flagged;
  }
  return result;
}

/** The factors (0-based) on which no sort is flagged: their scores and everything built on them are missing. */
export function unflaggedFactors(flags: boolean[][], factors: number): number[] {
  return Array.from({ length: factors }, (_, f) => f).filter((f) => !flags.some((row) => row[f]));
}

/**
 * Factor scores as z-scores of the weighted sum of the flagged sorts, weights w = a/(1 − a²)
 * (Brown 1980; Spearman's weights). Returns statements × factors; a factor without flagged sorts
 * has no scores (null in every row), as R qmethod leaves it NA.
 */
export function factorZScores(
  values: number[][],
  loadings: Loadings,
  flags: boolean[][],
  factorNames: string[],
): Array<Array<number | null>> {
  const n = values.length;
  const k = factorNames.length;
  const z: Array<Array<number | null>> = Array.from({ length: n }, () => new Array<number | null>(k).fill(0));
  for (let f = 0; f < k; f++) {
    const contributors: Array<{ participant: number; weight: number }> = [];
    loadings.forEach((row, p) => {
      if (!flags[p][f]) return;
      const a = row[f];
      if (Math.abs(a) >= 1)
        throw new InvalidInputError(`Sort ${p + 1} loads ${a.toFixed(4)} on ${factorNames[f]}; a weight needs |a| < 1.`);
      contributors.push({ participant: p, weight: a / (1 - a * a) });
    });
    if (contributors.length === 0) {
      for (let s = 0; s < n; s++) z[s][f] = null;
      continue;
    }
    const sums = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      const row = values[s];
      let sum = 0;
      for (const c of contributors) sum += c.weight * row[c.participant];
      sums[s] = sum;
    }
    const mean = sums.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(sums.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (n - 1));
    for (let s = 0; s < n; s++) z[s][f] = sd > 0 ? (sums[s] - mean) / sd : 0;
  }
  return z;
}

/** Whether a factor's column has values (false when no sort is flagged on the factor). */
const hasScores = (zScores: Array<Array<number | null>>, f: number) => zScores.every((row) => row[f] !== null);

/**
 * Factor arrays: each factor's statements ranked by z-score and laid onto the study's grid
 * (lowest z-score on the lowest position). Statements with exactly equal z-scores share the lowest
 * of the positions they would fill, as R's qmethod does. A factor without scores has no array (null).
 */
export function factorArrays(zScores: Array<Array<number | null>>, gridPositionsAscending: number[]): Array<Array<number | null>> {
  const n = zScores.length;
  const k = zScores[0]?.length ?? 0;
  const arrays: Array<Array<number | null>> = Array.from({ length: n }, () => new Array<number | null>(k).fill(null));
  for (let f = 0; f < k; f++) {
    if (!hasScores(zScores, f)) continue;
    const z = (s: number) => zScores[s][f] as number;
    const order = Array.from({ length: n }, (_, s) => s).sort((a, b) => z(a) - z(b) || a - b);
    let i = 0;
    while (i < n) {
      let j = i;
      while (j + 1 < n && z(order[j + 1]) === z(order[i])) j++;
      for (let t = i; t <= j; t++) arrays[order[t]][f] = gridPositionsAscending[i];
      i = j + 1;
    }
  }
  return arrays;
}

export interface FactorCharacteristics {
  /** Number of flagged (defining) sorts. */
  definingSorts: number;
  /** Composite reliability 0.8·n / (1 + (n − 1)·0.8) (Brown 1980, p. 244); 0 without defining sorts, as in R. */
  reliability: number;
  /** Standard error of the factor's z-scores: sd(z)·√(1 − reliability); null without defining sorts (R: NA). */
  standardError: number | null;
}

export function factorCharacteristics(
  zScores: Array<Array<number | null>>,
  flags: boolean[][],
  averageReliability = 0.8,
): FactorCharacteristics[] {
  const k = zScores[0]?.length ?? 0;
  const n = zScores.length;
  return Array.from({ length: k }, (_, f) => {
    const definingSorts = flags.reduce((count, row) => count + (row[f] ? 1 : 0), 0);
    const reliability = (averageReliability * definingSorts) / (1 + (definingSorts - 1) * averageReliability);
    if (!hasScores(zScores, f)) return { definingSorts, reliability, standardError: null };
    const column = zScores.map((row) => row[f] as number);
    const mean = column.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(column.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (n - 1));
    return { definingSorts, reliability, standardError: sd * Math.sqrt(1 - reliability) };
  });
}

/** Standard error of the difference between two factors' z-scores; null when either factor has no scores. */
export function standardErrorsOfDifference(characteristics: FactorCharacteristics[]): Array<Array<number | null>> {
  return characteristics.map((a) =>
    characteristics.map((b) =>
      a.standardError === null || b.standardError === null ? null : Math.sqrt(a.standardError ** 2 + b.standardError ** 2),
    ),
  );
}

/**
 * Pearson correlations between columns of a matrix (here: between factors' z-scores). A column
 * without values correlates with nothing (null) but, as in R's cor(), 1 with itself.
 */
export function columnCorrelations(matrix: Array<Array<number | null>>): Array<Array<number | null>> {
  const n = matrix.length;
  const k = matrix[0]?.length ?? 0;
  const centred = Array.from({ length: k }, (_, f) => {
    if (!hasScores(matrix, f)) return null;
    const column = matrix.map((row) => row[f] as number);
    const mean = column.reduce((a, b) => a + b, 0) / n;
    const deviations = column.map((v) => v - mean);
    const norm = Math.sqrt(deviations.reduce((acc, v) => acc + v * v, 0));
    return deviations.map((v) => v / norm);
  });
  return centred.map((a, f) =>
    centred.map((b, g) => (a === null || b === null ? (f === g ? 1 : null) : a.reduce((acc, v, i) => acc + v * b[i], 0))),
  );
}

/** Two-sided critical values of the normal distribution for the significance levels used. */
export const CRITICAL_Z = { p05: 1.96, p01: 2.576 } as const;
export type SignificanceLevel = 'p05' | 'p01';

export interface DistinguishingResult {
  /** level[statement][factor]: the strictest level at which the statement's z-score on the factor
   *  differs from its z-score on every other factor, or null (always null for a factor without scores). */
  level: Array<Array<SignificanceLevel | null>>;
  /** consensus[statement]: true when no pair of factors differs at p < .05. */
  consensus: boolean[];
  /** consensusAt01[statement]: true when no pair of factors differs at p < .01 (PQMethod's wider list). */
  consensusAt01: boolean[];
}

/**
 * Distinguishing and consensus statements: a difference between two factors' z-scores is significant
 * when it exceeds 1.96·SED (p < .05) or 2.576·SED (p < .01) (Brown 1980, p. 245). Factors without
 * scores take no part: the comparisons run among the others, as R qmethod's qdc() excludes them.
 */
export function distinguishingStatements(zScores: Array<Array<number | null>>, sed: Array<Array<number | null>>): DistinguishingResult {
  const k = zScores[0]?.length ?? 0;
  const scored = Array.from({ length: k }, (_, f) => f).filter((f) => hasScores(zScores, f));
  const level: Array<Array<SignificanceLevel | null>> = [];
  const consensus: boolean[] = [];
  const consensusAt01: boolean[] = [];
  for (const row of zScores) {
    const pairLevel = (f: number, g: number): SignificanceLevel | null => {
      const difference = Math.abs((row[f] as number) - (row[g] as number));
      const se = sed[f][g] as number;
      if (difference > CRITICAL_Z.p01 * se) return 'p01';
      if (difference > CRITICAL_Z.p05 * se) return 'p05';
      return null;
    };
    const levels: Array<SignificanceLevel | null> = new Array<SignificanceLevel | null>(k).fill(null);
    let anyAt05 = false;
    let anyAt01 = false;
    for (const f of scored) {
      let weakest: SignificanceLevel | null = 'p01';
      for (const g of scored) {
        if (g === f) continue;
        const pair = pairLevel(f, g);
        if (pair !== null) anyAt05 = true;
        if (pair === 'p01') anyAt01 = true;
        if (pair === null) weakest = null;
        else if (pair === 'p05' && weakest === 'p01') weakest = 'p05';
      }
      levels[f] = scored.length > 1 ? weakest : null;
    }
    level.push(levels);
    // Consensus is agreement between factors: with fewer than two scored factors there is no pair to agree, so none
    // (as R's qmethod, which lists none for a one-factor solution).
    consensus.push(scored.length > 1 && !anyAt05);
    consensusAt01.push(scored.length > 1 && !anyAt01);
  }
  return { level, consensus, consensusAt01 };
}

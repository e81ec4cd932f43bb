import { describe, expect, it } from 'vitest';
import { analyzeQSorts, type AnalysisOptions } from '../../src/qmethod/analysis.ts';
import {
  DuplicateParticipantError,
  DuplicateStatementError,
  GridViolationError,
  SingularCorrelationError,
  TooFewSortsError,
} from '../../src/qmethod/errors.ts';
import { correlationBetweenSorts, extractCentroid, extractPrincipalComponents, standardiseSorts } from '../../src/qmethod/extraction.ts';
import { checkGrid, gridPositions, symmetricGrid, type QSortData } from '../../src/qmethod/grid.ts';
import { rotatePair, varimax } from '../../src/qmethod/rotation.ts';
import { communalities, distinguishingStatements, factorArrays, flagThresholdValue } from '../../src/qmethod/scores.ts';

/** Deterministic pseudo-random numbers (mulberry32) so the test data are fixed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED004_GRID = symmetricGrid([1, 2, 3, 4, 5, 6]);

/** Sorts built from a few viewpoints plus noise, forced onto the grid. */
function simulatedStudy(sorts: number, viewpoints: number, seed = 7): QSortData {
  const next = random(seed);
  const positions = gridPositions(SEED004_GRID);
  const n = positions.length;
  const views = Array.from({ length: viewpoints }, () => Array.from({ length: n }, () => next() - 0.5));
  const columns = Array.from({ length: sorts }, (_, p) => {
    const latent = views[p % viewpoints].map((v) => v + 0.4 * (next() - 0.5));
    const order = latent.map((_, s) => s).sort((a, b) => latent[a] - latent[b]);
    const sort = new Array<number>(n);
    order.forEach((s, rank) => (sort[s] = positions[rank]));
    return sort;
  });
  return {
    statements: Array.from({ length: n }, (_, s) => `s${s + 1}`),
    participants: Array.from({ length: sorts }, (_, p) => `p${p + 1}`),
    values: Array.from({ length: n }, (_, s) => columns.map((c) => c[s])),
  };
}

// PCA here: on these well-separated simulated viewpoints R's centroid routine (which ours follows exactly)
// merges two of the three clusters into one factor, which would leave a factor without flags.
const OPTIONS: AnalysisOptions = { factors: 3, extraction: 'pca', rotation: 'varimax' };

describe('grid', () => {
  it('the seed-004 grid −5…+5 holds 36 cards', () => {
    expect(gridPositions(SEED004_GRID)).toHaveLength(36);
    expect(SEED004_GRID.map((c) => c.count)).toEqual([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1]);
  });

  it('accepts sorts on the grid and names the participant whose sort breaks it', () => {
    const data = simulatedStudy(6, 2);
    expect(checkGrid(data, SEED004_GRID)).toEqual(gridPositions(SEED004_GRID));
    const broken = structuredClone(data);
    const s = broken.values.findIndex((row) => row[4] === 0);
    broken.values[s][4] = 1; // one card moved from the 0 column to +1: 5 cards there instead of 6
    expect(() => analyzeQSorts(broken, { ...OPTIONS, factors: 2, grid: SEED004_GRID })).toThrow(GridViolationError);
    expect(() => analyzeQSorts(broken, { ...OPTIONS, factors: 2 })).toThrow(/participant "p5" breaks the grid/);
  });

  it('rejects a position off the grid', () => {
    const data = simulatedStudy(6, 2);
    const s = data.values.findIndex((row) => row[2] === 5);
    data.values[s][2] = 6;
    expect(() => checkGrid(data, SEED004_GRID)).toThrow(/position 6, which is not on the grid/);
  });
});

describe('bad input gives a typed error', () => {
  it('duplicate statements', () => {
    const data = simulatedStudy(6, 2);
    data.statements[3] = data.statements[0];
    expect(() => analyzeQSorts(data, OPTIONS)).toThrow(DuplicateStatementError);
  });

  it('duplicate participants', () => {
    const data = simulatedStudy(6, 2);
    data.participants[1] = data.participants[0];
    expect(() => analyzeQSorts(data, OPTIONS)).toThrow(DuplicateParticipantError);
  });

  it('fewer sorts than factors', () => {
    const data = simulatedStudy(3, 2);
    expect(() => analyzeQSorts(data, { ...OPTIONS, factors: 4 })).toThrow(TooFewSortsError);
  });

  it('a correlation matrix of lower rank than the factors requested (PCA and centroid)', () => {
    // Every sort is the first one or its mirror image: rank 1, so a second factor does not exist.
    const base = simulatedStudy(1, 1).values.map((row) => row[0]);
    const data: QSortData = {
      statements: base.map((_, s) => `s${s + 1}`),
      participants: ['a', 'b', 'c', 'd'],
      values: base.map((v) => [v, -v, v, -v]),
    };
    expect(() => analyzeQSorts(data, { ...OPTIONS, extraction: 'pca', factors: 2 })).toThrow(SingularCorrelationError);
    expect(() => analyzeQSorts(data, { ...OPTIONS, extraction: 'centroid', factors: 2 })).toThrow(SingularCorrelationError);
    expect(extractPrincipalComponents(correlationBetweenSorts(data.values), 1).eigenvalues[0]).toBeCloseTo(4, 10);
    // One factor exists, but every sort is it exactly (|a| = 1), so no finite weight: refused, too.
    expect(() => analyzeQSorts(data, { ...OPTIONS, extraction: 'pca', factors: 1 })).toThrow(/weight needs \|a\| < 1/);
  });

  it('a factor without a flagged sort (here the middle one) has no scores; the others are as with it flagged', () => {
    const data = simulatedStudy(12, 3);
    const flagged = analyzeQSorts(data, OPTIONS);
    const overrides = flagged.flags.flatMap((row, participant) => (row[1] ? [{ participant, factor: 1, flagged: false }] : []));
    expect(overrides.length).toBeGreaterThan(0);
    const result = analyzeQSorts(data, { ...OPTIONS, flagOverrides: overrides });
    expect(flagged.unflaggedFactors).toEqual([]);
    expect(result.unflaggedFactors).toEqual([1]);
    const others = [0, 2];
    // Factor 2: nothing that needs its scores (R qmethod: NA), but its loadings and variance stay.
    for (const row of [...result.zScores, ...result.factorArrays]) expect(row[1]).toBeNull();
    expect(result.characteristics[1]).toEqual({ definingSorts: 0, reliability: 0, standardError: null });
    expect(result.scoreCorrelations.map((row) => row[1])).toEqual([null, 1, null]);
    expect(result.scoreCorrelations[1]).toEqual([null, 1, null]);
    expect(result.standardErrorsOfDifference[1]).toEqual([null, null, null]);
    expect(result.loadings).toEqual(flagged.loadings);
    expect(result.rotated).toEqual(flagged.rotated);
    // Factors 1 and 3: exactly what the same analysis gives with factor 2 flagged.
    for (const f of others) {
      expect(result.zScores.map((row) => row[f])).toEqual(flagged.zScores.map((row) => row[f]));
      expect(result.factorArrays.map((row) => row[f])).toEqual(flagged.factorArrays.map((row) => row[f]));
      expect(result.characteristics[f]).toEqual(flagged.characteristics[f]);
      for (const g of others) expect(result.scoreCorrelations[f][g]).toBe(flagged.scoreCorrelations[f][g]);
    }
    // Distinguishing and consensus among factors 1 and 3 only: one pair, tested directly.
    const sed = flagged.standardErrorsOfDifference[0][2] as number;
    let distinguishing = 0;
    result.statements.forEach((_, s) => {
      const difference = Math.abs((result.zScores[s][0] as number) - (result.zScores[s][2] as number));
      const level = difference > 2.576 * sed ? 'p01' : difference > 1.96 * sed ? 'p05' : null;
      expect(result.distinguishing.level[s]).toEqual([level, null, level]);
      expect(result.distinguishing.consensus[s]).toBe(level === null);
      expect(result.distinguishing.consensusAt01[s]).toBe(level !== 'p01');
      if (level) distinguishing++;
    });
    expect(distinguishing).toBeGreaterThan(0);
    expect(result.distinguishing.consensus.some(Boolean)).toBe(true);
  });

  it('no factor with a flagged sort: the analysis completes with every score missing and no consensus statements', () => {
    const data = simulatedStudy(12, 3);
    const overrides = data.participants.flatMap((_, participant) => [0, 1, 2].map((factor) => ({ participant, factor, flagged: false })));
    const result = analyzeQSorts(data, { ...OPTIONS, flagOverrides: overrides });
    expect(result.unflaggedFactors).toEqual([0, 1, 2]);
    expect(result.zScores.flat().every((z) => z === null)).toBe(true);
    expect(result.factorArrays.flat().every((a) => a === null)).toBe(true);
    expect(result.scoreCorrelations).toEqual([
      [1, null, null],
      [null, 1, null],
      [null, null, 1],
    ]);
    expect(result.distinguishing.level.flat().every((l) => l === null)).toBe(true);
    expect(result.distinguishing.consensus.some(Boolean)).toBe(false);
    expect(result.distinguishing.consensusAt01.some(Boolean)).toBe(false);
  });
});

describe('extraction and rotation', () => {
  const data = simulatedStudy(24, 3);
  const correlations = correlationBetweenSorts(data.values);

  it('principal components reproduce the eigenvalues as sums of squared loadings', () => {
    const pca = extractPrincipalComponents(correlations, 3);
    pca.eigenvalues.forEach((e, f) => expect(pca.loadings.reduce((sum, row) => sum + row[f] ** 2, 0)).toBeCloseTo(e, 10));
    expect(pca.allEigenvalues!.reduce((a, b) => a + b, 0)).toBeCloseTo(24, 8);
    expect(pca.eigenvalues[0]).toBeGreaterThan(pca.eigenvalues[1]);
  });

  it('principal components via the statements × statements matrix equal those of the correlation matrix', () => {
    const many = simulatedStudy(80, 4, 11);
    const standardised = standardiseSorts(many.values);
    const direct = extractPrincipalComponents(correlationBetweenSorts(many.values), 4);
    const viaStatements = extractPrincipalComponents(correlationBetweenSorts(many.values), 4, standardised);
    viaStatements.eigenvalues.forEach((e, f) => expect(e).toBeCloseTo(direct.eigenvalues[f], 9));
    viaStatements.loadings.forEach((row, p) => row.forEach((a, f) => expect(a).toBeCloseTo(direct.loadings[p][f], 8)));
    // R has rank ≤ statements − 1 here, so the remaining eigenvalues are zero.
    expect(viaStatements.allEigenvalues!.slice(35).every((e) => Math.abs(e) < 1e-9)).toBe(true);
    expect(Math.abs(direct.allEigenvalues![40])).toBeLessThan(1e-9);
  });

  it('varimax keeps communalities and raises the varimax criterion', () => {
    const centroid = extractCentroid(correlations, 3);
    const rotated = varimax(centroid.loadings);
    const before = communalities(centroid.loadings);
    communalities(rotated.loadings).forEach((h2, p) => expect(h2).toBeCloseTo(before[p], 10));
    const criterion = (l: number[][]) => {
      const normalised = l.map((row, p) => row.map((a) => a / Math.sqrt(before[p])));
      return [0, 1, 2].reduce((sum, f) => {
        const squares = normalised.map((row) => row[f] ** 2);
        const mean = squares.reduce((a, b) => a + b, 0) / squares.length;
        return sum + squares.reduce((acc, q) => acc + (q - mean) ** 2, 0);
      }, 0);
    };
    expect(criterion(rotated.loadings)).toBeGreaterThan(criterion(centroid.loadings));
  });

  it('manual rotation by 90° swaps two factors (one mirrored) and keeps communalities', () => {
    const loadings = [
      [0.7, 0.1, 0.2],
      [-0.3, 0.6, 0.0],
    ];
    const turned = rotatePair(loadings, 0, 1, 90);
    expect(turned[0][0]).toBeCloseTo(0.1, 12);
    expect(turned[0][1]).toBeCloseTo(-0.7, 12);
    expect(turned[0][2]).toBe(0.2);
    const turned30 = rotatePair(loadings, 0, 1, 30);
    communalities(turned30).forEach((h2, p) => expect(h2).toBeCloseTo(communalities(loadings)[p], 12));
    expect(() => rotatePair(loadings, 0, 3, 10)).toThrow(/no factor 4/);
  });

  it('manual rotation is applied in the analysis after varimax', () => {
    const plain = analyzeQSorts(data, OPTIONS);
    const turned = analyzeQSorts(data, { ...OPTIONS, manualRotations: [{ factorA: 0, factorB: 2, degrees: 20 }] });
    expect(turned.loadings).toEqual(rotatePair(plain.loadings, 0, 2, 20));
    // Rotation moves variance between factors, not the unrotated eigenvalues.
    expect(turned.unrotated.eigenvalues).toEqual(plain.unrotated.eigenvalues);
    expect(turned.rotated.eigenvalues[0]).not.toBeCloseTo(plain.rotated.eigenvalues[0], 3);
  });
});

describe('scores', () => {
  it('flag thresholds at p < .05 and p < .01', () => {
    expect(flagThresholdValue('p05', 36)).toBeCloseTo(1.96 / 6, 12);
    expect(flagThresholdValue('p01', 36)).toBeCloseTo(2.58 / 6, 12);
    expect(flagThresholdValue(0.42, 36)).toBe(0.42);
    expect(() => flagThresholdValue(1.5, 36)).toThrow();
  });

  it('factor arrays put z-scores on the grid in rank order; exact ties share the lower position', () => {
    const grid = [-1, 0, 0, 1];
    expect(factorArrays([[0.3], [-1.2], [2.0], [0.1]], grid)).toEqual([[0], [-1], [1], [0]]);
    expect(factorArrays([[0.5], [0.5], [-1], [2]], grid)).toEqual([[0], [0], [-1], [1]]);
  });

  it('keeps unrotated eigenvalues apart from the rotated explained variance', () => {
    const result = analyzeQSorts(simulatedStudy(30, 3), OPTIONS);
    const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
    // An orthogonal rotation redistributes, but keeps, the variance the factors explain together.
    expect(total(result.rotated.eigenvalues)).toBeCloseTo(total(result.unrotated.eigenvalues), 8);
    expect(result.rotated.eigenvalues).not.toEqual(result.unrotated.eigenvalues);
    result.rotated.explainedVariance.forEach((v, f) => expect(v).toBeCloseTo((100 * result.rotated.eigenvalues[f]) / 30, 10));
  });

  it('recovers simulated viewpoints: each sort is flagged on the factor of its viewpoint', () => {
    const result = analyzeQSorts(simulatedStudy(30, 3), OPTIONS);
    const factorOf = result.flags.map((row) => row.indexOf(true));
    for (let view = 0; view < 3; view++) {
      const members = factorOf.filter((_, p) => p % 3 === view);
      expect(new Set(members).size).toBe(1);
      expect(members[0]).toBeGreaterThanOrEqual(0);
    }
    // Each factor's array correlates almost perfectly with the flagged sorts of its viewpoint.
    expect(Math.min(...result.characteristics.map((c) => c.definingSorts))).toBe(10);
  });
});

describe('consensus statements', () => {
  it('need two scored factors to agree: a one-factor solution lists none (as R qmethod)', () => {
    const one = distinguishingStatements([[1.2], [-0.3], [0.1]], [[0]]);
    expect(one.consensus).toEqual([false, false, false]);
    expect(one.consensusAt01).toEqual([false, false, false]);
    // Two factors that agree on the second statement only.
    const two = distinguishingStatements(
      [
        [1.5, -1.5],
        [0.2, 0.25],
        [-1.4, 1.4],
      ],
      [
        [0, 0.3],
        [0.3, 0],
      ],
    );
    expect(two.consensus).toEqual([false, true, false]);
  });
});

import { InvalidInputError, TooFewSortsError } from './errors.ts';
import { correlationOfStandardised, extractCentroid, extractPrincipalComponents, standardiseSorts, type Loadings } from './extraction.ts';
import { checkGrid, checkShape, type GridColumn, type QSortData } from './grid.ts';
import { rotatePair, varimax } from './rotation.ts';
import {
  applyFlagOverrides,
  columnCorrelations,
  communalities,
  distinguishingStatements,
  factorArrays,
  factorCharacteristics,
  factorZScores,
  flagAutomatically,
  flagThresholdValue,
  standardErrorsOfDifference,
  unflaggedFactors,
  type DistinguishingResult,
  type FactorCharacteristics,
  type FlagOverride,
  type FlagThreshold,
} from './scores.ts';

export type ExtractionMethod = 'pca' | 'centroid';
export type RotationMethod = 'varimax' | 'none';

export interface ManualRotation {
  /** Factor indices, 0-based. */
  factorA: number;
  factorB: number;
  degrees: number;
}

export interface AnalysisOptions {
  factors: number;
  extraction: ExtractionMethod;
  rotation: RotationMethod;
  /** Judgemental rotations, applied in order after the rotation method. */
  manualRotations?: ManualRotation[];
  /** Default 'p05': |a| ≥ 1.96/√statements. */
  flagThreshold?: FlagThreshold;
  /** Default true: also require a² > h²/2. */
  flagRequiresMajority?: boolean;
  /** Manual flags, replacing the automatic flag for the sort and factor they name. */
  flagOverrides?: FlagOverride[];
  /** The study's grid; without it the first sort defines the (forced) distribution. */
  grid?: GridColumn[];
  /** Convergence of the centroid communality estimates (R qmethod: 1e-5). */
  centroidTolerance?: number;
}

export interface VarianceSummary {
  /** Sum of squared loadings per factor (for unrotated PCA: the eigenvalue). */
  eigenvalues: number[];
  /** Percentage of the total variance (number of sorts) per factor. */
  explainedVariance: number[];
}

export interface QAnalysis {
  statements: string[];
  participants: string[];
  factorNames: string[];
  options: Required<Pick<AnalysisOptions, 'factors' | 'extraction' | 'rotation'>>;
  /** Grid positions, one per card, ascending. */
  grid: number[];
  correlations: number[][];
  /** Before rotation: loadings, eigenvalues and explained variance as extracted. */
  unrotated: { loadings: Loadings; allEigenvalues?: number[] } & VarianceSummary;
  /** After rotation (equal to unrotated when rotation is 'none' and no manual rotation). */
  loadings: Loadings;
  rotated: VarianceSummary;
  communalities: number[];
  flagThreshold: number;
  flags: boolean[][];
  /**
   * The factors (0-based) on which no sort is flagged. As R qmethod (which leaves them NA and warns),
   * the analysis still completes: their z-scores, array, standard error, score correlations and
   * standard errors of difference are null, and the distinguishing and consensus statements are
   * found among the other factors. Callers should warn, naming them, so the researcher can look at
   * the loadings and flag by hand.
   */
  unflaggedFactors: number[];
  zScores: Array<Array<number | null>>;
  factorArrays: Array<Array<number | null>>;
  characteristics: FactorCharacteristics[];
  scoreCorrelations: Array<Array<number | null>>;
  standardErrorsOfDifference: Array<Array<number | null>>;
  distinguishing: DistinguishingResult;
}

function variance(loadings: Loadings, factors: number): VarianceSummary {
  const eigenvalues = Array.from({ length: factors }, (_, f) => loadings.reduce((sum, row) => sum + row[f] * row[f], 0));
  return { eigenvalues, explainedVariance: eigenvalues.map((e) => (100 * e) / loadings.length) };
}

/**
 * A factor and its mirror image are the same factor; we sign each so that its loadings sum to a
 * positive number (psych's convention), so that scores read "agrees more" upwards for most sorts.
 */
export function signPositive(loadings: Loadings): Loadings {
  const k = loadings[0]?.length ?? 0;
  const signs = Array.from({ length: k }, (_, f) => (loadings.reduce((sum, row) => sum + row[f], 0) < 0 ? -1 : 1));
  return loadings.map((row) => row.map((a, f) => a * signs[f]));
}

function orderByVariance(loadings: Loadings): Loadings {
  const k = loadings[0]?.length ?? 0;
  const ss = Array.from({ length: k }, (_, f) => loadings.reduce((sum, row) => sum + row[f] * row[f], 0));
  const order = ss.map((_, f) => f).sort((a, b) => ss[b] - ss[a] || a - b);
  return loadings.map((row) => order.map((f) => row[f]));
}

/** The full standard Q analysis of a set of sorts. Throws a QmethodError on bad input; pure. */
export function analyzeQSorts(data: QSortData, options: AnalysisOptions): QAnalysis {
  const { factors, extraction, rotation } = options;
  if (!Number.isInteger(factors) || factors < 1)
    throw new InvalidInputError(`The number of factors must be a whole number of at least 1, not ${factors}.`);
  if (extraction !== 'pca' && extraction !== 'centroid')
    throw new InvalidInputError(`Unknown extraction "${String(extraction)}"; use pca or centroid.`);
  if (rotation !== 'varimax' && rotation !== 'none')
    throw new InvalidInputError(`Unknown rotation "${String(rotation)}"; use varimax or none.`);
  checkShape(data);
  if (data.statements.length < 2) throw new InvalidInputError('A Q study needs at least two statements.');
  if (data.participants.length < Math.max(2, factors)) throw new TooFewSortsError(data.participants.length, factors);
  const grid = checkGrid(data, options.grid);

  const factorNames = Array.from({ length: factors }, (_, f) => `f${f + 1}`);
  const standardised = standardiseSorts(data.values, data.participants);
  const correlations = correlationOfStandardised(standardised);
  const extracted =
    extraction === 'pca'
      ? extractPrincipalComponents(correlations, factors, standardised)
      : extractCentroid(correlations, factors, options.centroidTolerance);
  const unrotated = {
    loadings: extracted.loadings,
    allEigenvalues: extracted.allEigenvalues,
    eigenvalues: extracted.eigenvalues,
    explainedVariance: extracted.eigenvalues.map((e) => (100 * e) / data.participants.length),
  };

  let loadings = rotation === 'varimax' ? varimax(extracted.loadings).loadings : extracted.loadings.map((row) => [...row]);
  // As psych::principal (used by R's qmethod): rotated principal components are ordered by the
  // variance they explain. Centroid factors keep their extraction order, as PQMethod and R's qmethod do.
  if (extraction === 'pca' && rotation === 'varimax') loadings = orderByVariance(loadings);
  loadings = signPositive(loadings);
  for (const manual of options.manualRotations ?? []) loadings = rotatePair(loadings, manual.factorA, manual.factorB, manual.degrees);

  const flagThreshold = flagThresholdValue(options.flagThreshold ?? 'p05', data.statements.length);
  const flags = applyFlagOverrides(
    flagAutomatically(loadings, flagThreshold, options.flagRequiresMajority ?? true),
    options.flagOverrides ?? [],
  );
  const zScores = factorZScores(data.values, loadings, flags, factorNames);
  const characteristics = factorCharacteristics(zScores, flags);
  const sed = standardErrorsOfDifference(characteristics);
  return {
    statements: data.statements,
    participants: data.participants,
    factorNames,
    options: { factors, extraction, rotation },
    grid,
    correlations,
    unrotated,
    loadings,
    rotated: variance(loadings, factors),
    communalities: communalities(loadings),
    flagThreshold,
    flags,
    unflaggedFactors: unflaggedFactors(flags, factors),
    zScores,
    factorArrays: factorArrays(zScores, grid),
    characteristics,
    scoreCorrelations: columnCorrelations(zScores),
    standardErrorsOfDifference: sed,
    distinguishing: distinguishingStatements(zScores, sed),
  };
}

import type { QAnalysis } from './analysis.ts';
import { writeTableCsv } from './formats.ts';

const LEVEL_TEXT = { p01: 'p<.01', p05: 'p<.05' } as const;

/**
 * The result files of `qmethod analyze`, by file name. Each has the row id in the first column
 * and the factor names f1…fN as header (factors.csv is the exception: one row per factor).
 */
export function analysisFiles(result: QAnalysis): Record<string, string> {
  const f = result.factorNames;
  const consensusRows = result.statements.flatMap((id, s) => (result.distinguishing.consensus[s] ? [s] : []));
  return {
    'loadings.csv': writeTableCsv('participant', f, result.participants, result.loadings),
    'flags.csv': writeTableCsv('participant', f, result.participants, result.flags),
    'zscores.csv': writeTableCsv('statement', f, result.statements, result.zScores),
    'arrays.csv': writeTableCsv('statement', f, result.statements, result.factorArrays),
    // Every statement; a cell names the level at which the statement sets the factor apart from all others.
    'distinguishing.csv': writeTableCsv(
      'statement',
      f,
      result.statements,
      result.distinguishing.level.map((row) => row.map((level) => (level ? LEVEL_TEXT[level] : ''))),
    ),
    // Only consensus statements (no pair of factors differs at p < .05), with their z-scores.
    'consensus.csv': writeTableCsv(
      'statement',
      f,
      consensusRows.map((s) => result.statements[s]),
      consensusRows.map((s) => result.zScores[s]),
    ),
    'factors.csv': writeTableCsv(
      'factor',
      [
        'unrotated_eigenvalue',
        'unrotated_explained_variance_pct',
        'rotated_sum_of_squares',
        'rotated_explained_variance_pct',
        'defining_sorts',
        'composite_reliability',
        'se_factor_scores',
      ],
      f,
      f.map((_, i) => [
        result.unrotated.eigenvalues[i],
        result.unrotated.explainedVariance[i],
        result.rotated.eigenvalues[i],
        result.rotated.explainedVariance[i],
        result.characteristics[i].definingSorts,
        result.characteristics[i].reliability,
        result.characteristics[i].standardError,
      ]),
    ),
    'score-correlations.csv': writeTableCsv('factor', f, f, result.scoreCorrelations),
  };
}

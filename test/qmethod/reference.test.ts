import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyzeQSorts } from '../../src/qmethod/analysis.ts';
import { UnflaggedFactorError } from '../../src/qmethod/errors.ts';
import { correlationBetweenSorts, extractCentroid, extractPrincipalComponents } from '../../src/qmethod/extraction.ts';
import { parseSortsCsv } from '../../src/qmethod/formats.ts';

// Reference outputs of R's qmethod 1.8.4, made by reference/qmethod/make-references.R.
const ROOT = new URL('../../reference/qmethod/', import.meta.url);
const TOLERANCE = 1e-4;

function readTable(path: string): { ids: string[]; columns: string[]; cells: string[][] } {
  const rows: string[][] = parse(readFileSync(new URL(path, ROOT), 'utf8'));
  const [header, ...body] = rows;
  return { ids: body.map((r) => r[0]), columns: header.slice(1), cells: body.map((r) => r.slice(1)) };
}
const numeric = (t: { cells: string[][] }) => t.cells.map((row) => row.map(Number));

/** Pairs each of our factors with R's factor of the most similar loadings; sign +1 or −1. */
function matchFactors(ours: number[][], theirs: number[][]): Array<{ theirs: number; sign: number }> {
  const k = ours[0].length;
  const used = new Set<number>();
  const pairs: Array<{ theirs: number; sign: number }> = [];
  for (let f = 0; f < k; f++) {
    let best = -1;
    let bestDot = 0;
    for (let g = 0; g < k; g++) {
      if (used.has(g)) continue;
      const dot = ours.reduce((sum, row, p) => sum + row[f] * theirs[p][g], 0);
      if (best === -1 || Math.abs(dot) > Math.abs(bestDot)) {
        best = g;
        bestDot = dot;
      }
    }
    used.add(best);
    pairs.push({ theirs: best, sign: Math.sign(bestDot) || 1 });
  }
  return pairs;
}

function maxDeviation(ours: number[][], theirs: number[][], pairs: Array<{ theirs: number; sign: number }>): number {
  let worst = 0;
  ours.forEach((row, i) => row.forEach((value, f) => {
    worst = Math.max(worst, Math.abs(value - pairs[f].sign * theirs[i][pairs[f].theirs]));
  }));
  return worst;
}

const DATASETS = [
  { name: 'lipset', factors: 3, sorts: 9 },
  { name: 'sim40', factors: 4, sorts: 40 },
  { name: 'sim60', factors: 3, sorts: 60 },
] as const;
const RUNS = [
  { dir: 'pca-varimax', extraction: 'pca', rotation: 'varimax' },
  { dir: 'centroid-varimax', extraction: 'centroid', rotation: 'varimax' },
  { dir: 'pca-none', extraction: 'pca', rotation: 'none' },
  { dir: 'centroid-none', extraction: 'centroid', rotation: 'none' },
] as const;

describe.each(DATASETS)('agreement with R qmethod on $name', (dataset) => {
  const data = parseSortsCsv(readFileSync(new URL(`${dataset.name}/sorts.csv`, ROOT), 'utf8'));

  it('reads the dataset with the expected size', () => {
    expect(data.participants).toHaveLength(dataset.sorts);
  });

  // Where R leaves a factor without flagged sorts (its z-scores NA), we refuse with a typed error.
  const unflaggedInR = (run: (typeof RUNS)[number]) =>
    readFileSync(new URL(`${dataset.name}/${run.dir}/zscores.csv`, ROOT), 'utf8').includes('NA');

  describe.each(RUNS.filter((run) => unflaggedInR(run)))('$dir (a factor without flags in R)', (run) => {
    it('refuses the scores with UnflaggedFactorError but extracts the same loadings', () => {
      const options = { factors: dataset.factors, extraction: run.extraction, rotation: run.rotation };
      expect(() => analyzeQSorts(data, options)).toThrow(UnflaggedFactorError);
      const correlations = correlationBetweenSorts(data.values);
      const extract = run.extraction === 'pca' ? extractPrincipalComponents : extractCentroid;
      const ours = extract(correlations, dataset.factors).loadings;
      const theirs = numeric(readTable(`${dataset.name}/${run.dir}/loadings.csv`));
      expect(maxDeviation(ours, theirs, matchFactors(ours, theirs))).toBeLessThan(TOLERANCE);
    });
  });

  describe.each(RUNS.filter((run) => !unflaggedInR(run)))('$dir', (run) => {
    const result = analyzeQSorts(data, { factors: dataset.factors, extraction: run.extraction, rotation: run.rotation });
    const loadings = readTable(`${dataset.name}/${run.dir}/loadings.csv`);
    const pairs = matchFactors(result.loadings, numeric(loadings));

    it('pairs every factor with a distinct R factor', () => {
      expect(new Set(pairs.map((p) => p.theirs)).size).toBe(dataset.factors);
      expect(loadings.ids).toEqual(data.participants);
    });

    it('has the same loadings (up to factor order and sign)', () => {
      expect(maxDeviation(result.loadings, numeric(loadings), pairs)).toBeLessThan(TOLERANCE);
    });

    it('flags the same sorts', () => {
      const flags = readTable(`${dataset.name}/${run.dir}/flags.csv`).cells.map((row) => row.map((c) => c === 'true'));
      result.flags.forEach((row, p) => row.forEach((flag, f) => expect(flag).toBe(flags[p][pairs[f].theirs])));
    });

    it('has the same z-scores and factor arrays', () => {
      const z = readTable(`${dataset.name}/${run.dir}/zscores.csv`);
      expect(z.ids).toEqual(data.statements);
      expect(maxDeviation(result.zScores, numeric(z), pairs)).toBeLessThan(TOLERANCE);
      // Both grids are symmetric, so a factor of opposite sign has the mirrored (negated) array.
      const arrays = numeric(readTable(`${dataset.name}/${run.dir}/arrays.csv`));
      expect(maxDeviation(result.factorArrays, arrays, pairs)).toBe(0);
    });

    it('has the same reliability, standard errors and score correlations', () => {
      const characteristics = readTable(`${dataset.name}/${run.dir}/characteristics.csv`);
      const column = (name: string) => characteristics.cells.map((row) => Number(row[characteristics.columns.indexOf(name)]));
      result.characteristics.forEach((c, f) => {
        expect(c.definingSorts).toBe(column('nload')[pairs[f].theirs]);
        expect(c.reliability).toBeCloseTo(column('reliability')[pairs[f].theirs], 10);
        expect(c.standardError).toBeCloseTo(column('se_fscores')[pairs[f].theirs], 6);
        // R reports the sums of squared loadings of the final (rotated) loadings as "eigenvals".
        expect(result.rotated.eigenvalues[f]).toBeCloseTo(column('eigenvals')[pairs[f].theirs], 4);
      });
      const correlations = numeric(readTable(`${dataset.name}/${run.dir}/zscore-correlations.csv`));
      result.scoreCorrelations.forEach((row, f) => row.forEach((r, g) => {
        expect(r).toBeCloseTo(pairs[f].sign * pairs[g].sign * correlations[pairs[f].theirs][pairs[g].theirs], 4);
      }));
    });

    it('finds the same significant differences between factors signed alike', () => {
      const table = readTable(`${dataset.name}/${run.dir}/distinguishing-consensus.csv`);
      const significantInR = (s: number, a: number, b: number) => {
        const [lo, hi] = a < b ? [a + 1, b + 1] : [b + 1, a + 1];
        return table.cells[s][table.columns.indexOf(`sig_f${lo}_f${hi}`)] !== '';
      };
      const sed = result.standardErrorsOfDifference;
      let compared = 0;
      data.statements.forEach((_, s) => {
        for (let f = 0; f < dataset.factors; f++) {
          for (let g = f + 1; g < dataset.factors; g++) {
            // A factor's sign flips its z-scores, which changes its differences with other factors.
            if (pairs[f].sign !== pairs[g].sign) continue;
            const ours = Math.abs(result.zScores[s][f] - result.zScores[s][g]) > 1.96 * sed[f][g];
            expect(ours).toBe(significantInR(s, pairs[f].theirs, pairs[g].theirs));
            compared++;
          }
        }
      });
      expect(compared).toBeGreaterThan(0);
    });

    // Our factors are signed to positive loading sums, as psych signs R's principal components,
    // so with PCA every factor has R's sign and the labels can be compared as a whole.
    it.runIf(run.extraction === 'pca')('finds the same distinguishing and consensus statements (PCA: same signs as R)', () => {
      expect(pairs.every((p) => p.sign === 1)).toBe(true);
      const table = readTable(`${dataset.name}/${run.dir}/distinguishing-consensus.csv`);
      const label = table.cells.map((row) => row[table.columns.indexOf('dist.and.cons')]);
      const significant = (s: number, a: number, b: number) => {
        const [lo, hi] = a < b ? [a + 1, b + 1] : [b + 1, a + 1];
        return table.cells[s][table.columns.indexOf(`sig_f${lo}_f${hi}`)] !== '';
      };
      data.statements.forEach((_, s) => {
        expect(result.distinguishing.consensus[s]).toBe(label[s] === 'Consensus');
        for (let f = 0; f < dataset.factors; f++) {
          const theirs = pairs[f].theirs;
          const distinguishesInR = pairs.every((other, g) => g === f || significant(s, theirs, other.theirs));
          expect(result.distinguishing.level[s][f] !== null).toBe(distinguishesInR);
        }
      });
    });

    it.runIf(run.extraction === 'pca' && run.rotation === 'varimax')('orders rotated components as R does', () => {
      expect(pairs.map((p) => p.theirs)).toEqual(pairs.map((_, f) => f));
    });
  });
});

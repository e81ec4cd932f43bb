import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyzeQSorts } from '../../src/qmethod/analysis.ts';
import { parseSortsCsv } from '../../src/qmethod/formats.ts';

// Reference outputs of R's qmethod 1.8.4, made by reference/qmethod/make-references.R.
const ROOT = new URL('../../reference/qmethod/', import.meta.url);
const TOLERANCE = 1e-4;

function readTable(path: string): { ids: string[]; columns: string[]; cells: string[][] } {
  const rows: string[][] = parse(readFileSync(new URL(path, ROOT), 'utf8'));
  const [header, ...body] = rows;
  return { ids: body.map((r) => r[0]), columns: header.slice(1), cells: body.map((r) => r.slice(1)) };
}
/** R's NA (a factor without flagged sorts) is our null. */
const numeric = (t: { cells: string[][] }) => t.cells.map((row) => row.map((c) => (c === 'NA' ? null : Number(c))));
const loadingsOf = (t: { cells: string[][] }) => t.cells.map((row) => row.map(Number));

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

/** Largest difference between our values and R's; a value missing on one side only counts as infinite. */
function maxDeviation(
  ours: Array<Array<number | null>>,
  theirs: Array<Array<number | null>>,
  pairs: Array<{ theirs: number; sign: number }>,
): number {
  let worst = 0;
  ours.forEach((row, i) =>
    row.forEach((value, f) => {
      const other = theirs[i][pairs[f].theirs];
      if (value === null || other === null) worst = value === other ? worst : Infinity;
      else worst = Math.max(worst, Math.abs(value - pairs[f].sign * other));
    }),
  );
  return worst;
}

const DATASETS = [
  { name: 'lipset', factors: 3, sorts: 9 },
  { name: 'sim40', factors: 4, sorts: 40 },
  { name: 'sim60', factors: 3, sorts: 60 },
  // Made so that factor 3 gets no flagged sort: R leaves its scores NA in every run.
  { name: 'unflagged16', factors: 3, sorts: 16 },
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

  // Where R leaves a factor without flagged sorts (its scores NA, with a warning), so do we (null).
  const unflaggedInR = (run: (typeof RUNS)[number]) =>
    readTable(`${dataset.name}/${run.dir}/characteristics.csv`).cells.flatMap((row, f) => (row[1] === '0' ? [f] : []));

  describe.each(RUNS)('$dir', (run) => {
    const result = analyzeQSorts(data, { factors: dataset.factors, extraction: run.extraction, rotation: run.rotation });
    const loadings = readTable(`${dataset.name}/${run.dir}/loadings.csv`);
    const pairs = matchFactors(result.loadings, loadingsOf(loadings));
    /** Our factors that have scores, i.e. those R compares for distinguishing and consensus statements. */
    const scored = result.factorNames.map((_, f) => f).filter((f) => !result.unflaggedFactors.includes(f));

    it.runIf(unflaggedInR(run).length > 0)('leaves the same factor without flags as R, and R warned about it', () => {
      expect(result.unflaggedFactors.map((f) => pairs[f].theirs)).toEqual(unflaggedInR(run));
      const warnings = readFileSync(new URL(`${dataset.name}/${run.dir}/warnings.txt`, ROOT), 'utf8');
      expect(warnings).toMatch(/have no flagged Q-sorts/);
      expect(warnings).toMatch(/exclude the factor\(s\) for which there were no flags/);
    });

    it.runIf(unflaggedInR(run).length === 0)('flags a sort on every factor, as R does', () => {
      expect(result.unflaggedFactors).toEqual([]);
    });

    it('pairs every factor with a distinct R factor', () => {
      expect(new Set(pairs.map((p) => p.theirs)).size).toBe(dataset.factors);
      expect(loadings.ids).toEqual(data.participants);
    });

    it('has the same loadings (up to factor order and sign)', () => {
      expect(maxDeviation(result.loadings, loadingsOf(loadings), pairs)).toBeLessThan(TOLERANCE);
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
        // R's se_fscores is NA for a factor without flags; ours is null.
        if (c.standardError === null) expect(column('se_fscores')[pairs[f].theirs]).toBeNaN();
        else expect(c.standardError).toBeCloseTo(column('se_fscores')[pairs[f].theirs], 6);
        // R reports the sums of squared loadings of the final (rotated) loadings as "eigenvals".
        expect(result.rotated.eigenvalues[f]).toBeCloseTo(column('eigenvals')[pairs[f].theirs], 4);
      });
      const correlations = numeric(readTable(`${dataset.name}/${run.dir}/zscore-correlations.csv`));
      result.scoreCorrelations.forEach((row, f) =>
        row.forEach((r, g) => {
          const theirs = correlations[pairs[f].theirs][pairs[g].theirs];
          if (r === null || theirs === null) expect(r).toBe(theirs);
          else expect(r).toBeCloseTo(pairs[f].sign * pairs[g].sign * theirs, 4);
        }),
      );
    });

    it('finds the same significant differences between factors signed alike', () => {
      const table = readTable(`${dataset.name}/${run.dir}/distinguishing-consensus.csv`);
      const significantInR = (s: number, a: number, b: number) => {
        const [lo, hi] = a < b ? [a + 1, b + 1] : [b + 1, a + 1];
        return table.cells[s][table.columns.indexOf(`sig_f${lo}_f${hi}`)] !== '';
      };
      const sed = result.standardErrorsOfDifference;
      // R's table has a column for each pair of factors with scores, and none for a factor without flags.
      expect(table.columns.filter((c) => c.startsWith('sig_'))).toHaveLength((scored.length * (scored.length - 1)) / 2);
      let compared = 0;
      data.statements.forEach((_, s) => {
        for (const f of scored) {
          for (const g of scored) {
            // A factor's sign flips its z-scores, which changes its differences with other factors.
            if (g <= f || pairs[f].sign !== pairs[g].sign) continue;
            const ours = Math.abs((result.zScores[s][f] as number) - (result.zScores[s][g] as number)) > 1.96 * (sed[f][g] as number);
            expect(ours).toBe(significantInR(s, pairs[f].theirs, pairs[g].theirs));
            compared++;
          }
        }
      });
      const comparable = scored.flatMap((f) => scored.filter((g) => g > f && pairs[f].sign === pairs[g].sign)).length;
      expect(compared).toBe(data.statements.length * comparable);
      // Every run compares some pair, except unflagged16 by centroid without rotation: its two
      // factors with scores have opposite signs to R's there.
      if (!(dataset.name === 'unflagged16' && run.dir === 'centroid-none')) expect(compared).toBeGreaterThan(0);
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
        for (const f of result.unflaggedFactors) expect(result.distinguishing.level[s][f]).toBeNull();
        for (const f of scored) {
          const theirs = pairs[f].theirs;
          const distinguishesInR = scored.every((g) => g === f || significant(s, theirs, pairs[g].theirs));
          expect(result.distinguishing.level[s][f] !== null).toBe(distinguishesInR);
        }
      });
    });

    it.runIf(run.extraction === 'pca' && run.rotation === 'varimax')('orders rotated components as R does', () => {
      expect(pairs.map((p) => p.theirs)).toEqual(pairs.map((_, f) => f));
    });
  });
});

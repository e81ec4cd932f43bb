import { describe, expect, it } from 'vitest';
import {
  StatsInputError,
  chiSquareTest,
  cronbachAlpha,
  describe as describeValues,
  factorAnalysis,
  sharePositive,
  tInterval,
  wilsonInterval,
} from '../../src/stats/index.ts';
import { expectAllClose, expectClose, readReferenceCsv, references } from './fixtures.ts';

const itemRows = readReferenceCsv('items.csv').map((r) =>
  Array.from({ length: 8 }, (_, j) => (r[`q${j + 1}`] === '' ? null : Number(r[`q${j + 1}`]))),
);
const ref = references.factor;

describe("Cronbach's alpha, against psych::alpha", () => {
  it('matches raw and standardised alpha on complete cases to 1e-6', () => {
    const a = cronbachAlpha(itemRows.map((r) => r.slice(0, 4)));
    // psych was given the rows complete on all 8 items; use the same respondents.
    const sameRows = itemRows.filter((r) => r.every((v) => v !== null)).map((r) => r.slice(0, 4));
    const b = cronbachAlpha(sameRows);
    expect(b.n).toBe(ref.alpha_n);
    expectClose(b.raw, ref.alpha_raw, 1e-6, 'raw alpha');
    expectClose(b.standardized, ref.alpha_std, 1e-6, 'std alpha');
    expectClose(b.averageCorrelation, ref.alpha_average_r, 1e-6, 'average r');
    expect(a.n).toBeGreaterThanOrEqual(b.n);
  });
  it('rejects a constant item and too few respondents', () => {
    expect(() =>
      cronbachAlpha([
        [1, 2],
        [1, 3],
        [1, 4],
      ]),
    ).toThrow(/no variance/);
    expect(() =>
      cronbachAlpha([
        [1, 2],
        [2, 3],
      ]),
    ).toThrow(StatsInputError);
  });
});

describe('exploratory factor analysis, against psych', () => {
  it('eigenvalues of the correlation matrix match eigen(cor())', () => {
    const fa = factorAnalysis(itemRows, { factors: 2 });
    expectAllClose(fa.eigenvalues, ref.eigenvalues, 1e-6, 'eigenvalues');
  });
  it('principal components + varimax: loadings and communalities match psych::principal to 1e-4', () => {
    const fa = factorAnalysis(itemRows, { factors: 2, method: 'principal-components', rotation: 'varimax' });
    expectAllClose(fa.loadings.flat(), ref.pc_loadings.flat(), 1e-4, 'loadings');
    expectAllClose(fa.communalities, ref.pc_communalities, 1e-6, 'communalities');
    // psych::principal(rotate = "varimax") calls stats::varimax with eps = 1e-5, which stops early (here
    // 0.004 off); the reference is varimax(eps = 1e-14), which GPArotation::Varimax confirms.
    fa.loadings.flat().forEach((v, i) => expect(Math.abs(v - ref.pc_loadings_psych.flat()[i])).toBeLessThan(0.01));
    expect(fa.cumulativeVariance[1]).toBeCloseTo(fa.communalities.reduce((s, v) => s + v, 0) / 8, 12);
  });
  it('principal axis (unrotated and varimax) matches psych::fa(fm = "pa") to 1e-4', () => {
    const unrotated = factorAnalysis(itemRows, { factors: 2, method: 'principal-axis', rotation: 'none' });
    expectAllClose(unrotated.loadings.flat(), ref.pa_loadings_unrotated.flat(), 1e-4, 'unrotated');
    expectAllClose(unrotated.communalities, ref.pa_communalities, 1e-4, 'communalities');
    const rotated = factorAnalysis(itemRows, { factors: 2, method: 'principal-axis', rotation: 'varimax' });
    expectAllClose(rotated.loadings.flat(), ref.pa_loadings.flat(), 1e-4, 'varimax');
    expectAllClose(rotated.communalities, ref.pa_communalities, 1e-4, 'rotation keeps communalities');
  });
  it('rejects NaN and (for principal axis) perfectly collinear items', () => {
    const withNaN = itemRows.map((r, i) => (i === 5 ? [Number.NaN, ...r.slice(1)] : r));
    expect(() => factorAnalysis(withNaN, { factors: 2 })).toThrow(expect.objectContaining({ code: 'non_finite' }));
    expect(() => cronbachAlpha(withNaN)).toThrow(expect.objectContaining({ code: 'non_finite' }));
    const duplicated = itemRows.map((r) => [...r, r[0]]);
    expect(() => factorAnalysis(duplicated, { factors: 2, method: 'principal-axis' })).toThrow(
      expect.objectContaining({ code: 'singular_design' }),
    );
  });
  it('rejects impossible numbers of factors', () => {
    expect(() => factorAnalysis(itemRows, { factors: 8 })).toThrow(StatsInputError);
    expect(() => factorAnalysis(itemRows, { factors: 0 })).toThrow(StatsInputError);
  });
});

describe('chi-square test, against chisq.test', () => {
  const c = references.chisq;
  it('3×4 table: statistic, df, p and expected counts', () => {
    const t = chiSquareTest(c.table34);
    expectClose(t.statistic, c.stat34, 1e-6, 'X²');
    expect(t.df).toBe(c.df34);
    expectClose(t.pValue, c.p34, 1e-6, 'p');
    expectAllClose(t.expected.flat(), c.expected34.flat(), 1e-9, 'expected');
  });
  it('2×2 table with small expected counts: warns, with and without Yates', () => {
    const plain = chiSquareTest(c.table22);
    expectClose(plain.statistic, c.stat22, 1e-6, 'X²');
    expectClose(plain.pValue, c.p22, 1e-6, 'p');
    expect(plain.smallExpectedCells).toBeGreaterThan(0);
    expect(plain.warnings[0]).toMatch(/below 5/);
    const yates = chiSquareTest(c.table22, { yates: true });
    expectClose(yates.statistic, c.stat22_yates, 1e-6, 'Yates X²');
    expectClose(yates.pValue, c.p22_yates, 1e-6, 'Yates p');
  });
  it('rejects negative counts, ragged and empty tables', () => {
    expect(() =>
      chiSquareTest([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(StatsInputError);
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(StatsInputError);
    expect(() =>
      chiSquareTest([
        [0, 0],
        [3, 4],
      ]),
    ).toThrow(/empty/);
  });
});

describe('descriptives', () => {
  it('mean, SD and t interval (values checked with R: t.test(c(1,2,3,4,5,5)))', () => {
    const d = describeValues([1, 2, 3, 4, 5, 5]);
    expect(d.mean).toBeCloseTo(10 / 3, 12);
    expect(d.sd).toBeCloseTo(1.632993161855452, 12);
    expect(d.meanInterval.lower).toBeCloseTo(1.61961211, 7);
    expect(d.meanInterval.upper).toBeCloseTo(5.047054557, 7);
    expect(tInterval(d.mean, d.sd, 6).upper).toBeCloseTo(d.meanInterval.upper, 12);
  });
  it('Wilson interval (R: prop.test(x = 7, n = 20, correct = FALSE)$conf.int)', () => {
    const w = wilsonInterval(7, 20);
    expect(w.lower).toBeCloseTo(0.1811918, 6);
    expect(w.upper).toBeCloseTo(0.5671457, 6);
  });
  it('share positive counts 4–5 and leaves missing answers out of n', () => {
    const s = sharePositive([5, 4, 3, null, 1, 4, undefined]);
    expect(s.n).toBe(5);
    expect(s.positive).toBe(3);
    expect(s.share).toBeCloseTo(0.6, 12);
    expect(() => sharePositive([Number.NaN])).toThrow(StatsInputError);
    expect(() => sharePositive([null])).toThrow(/no answers/);
  });
});

import { describe, expect, it } from 'vitest';
import { StatsInputError, likelihoodRatioTest, logisticRegression, ols, predictProbability } from '../../src/stats/index.ts';
import { expectAllClose, expectClose, readReferenceCsv, references } from './fixtures.ts';

const rows = readReferenceCsv('regression.csv').map((r) => ({
  x: [Number(r.x1), Number(r.x2), Number(r.gb), Number(r.gc)],
  y: Number(r.y),
  yb: Number(r.yb),
}));

describe('ols with HC1 robust standard errors, against R lm + HC1', () => {
  const fit = ols(
    rows.map((r) => r.x),
    rows.map((r) => r.y),
    { names: ['x1', 'x2', 'gb', 'gc'] },
  );
  it('matches coefficients, robust and classical SEs and R² to 1e-6', () => {
    const ref = references.ols;
    expectAllClose(
      fit.coefficients.map((c) => c.estimate),
      ref.coefficients,
      1e-6,
      'beta',
    );
    expectAllClose(
      fit.coefficients.map((c) => c.se),
      ref.robust_se,
      1e-6,
      'HC1 se',
    );
    expectAllClose(fit.classicalSe, ref.classical_se, 1e-6, 'classical se');
    expectClose(fit.rSquared, ref.r_squared, 1e-6, 'R²');
    expectClose(fit.residualVariance, ref.sigma2, 1e-6, 'σ²');
  });
  it('matches on the 100,000-row dataset', () => {
    const large = readReferenceCsv('mixed-large.csv.gz');
    expect(large.length).toBe(100_000);
    const big = ols(
      large.map((r) => [Number(r.x1), Number(r.x2)]),
      large.map((r) => Number(r.y)),
    );
    expectAllClose(
      big.coefficients.map((c) => c.estimate),
      references.large_lm.coefficients,
      1e-6,
      'beta',
    );
    expectAllClose(
      big.coefficients.map((c) => c.se),
      references.large_lm.robust_se,
      1e-6,
      'HC1 se',
    );
  });
  it('rejects NaN, a singular design and too few cases', () => {
    expect(() => ols([[1], [Number.NaN], [3]], [1, 2, 3])).toThrow(StatsInputError);
    const collinear = rows.slice(0, 50).map((r) => [r.x[0], 2 * r.x[0]]);
    expect(() =>
      ols(
        collinear,
        rows.slice(0, 50).map((r) => r.y),
      ),
    ).toThrow(/singular/);
    expect(() => ols([[1], [2]], [1, 2])).toThrow(/too_few|more cases/);
  });
});

describe('logistic regression by IRLS, against R glm', () => {
  const x = rows.map((r) => r.x);
  const y = rows.map((r) => r.yb);
  const full = logisticRegression(x, y, { names: ['x1', 'x2', 'gb', 'gc'] });
  it('matches coefficients, Wald SEs, z, p and deviances to 1e-6', () => {
    const ref = references.logistic;
    expectAllClose(
      full.coefficients.map((c) => c.estimate),
      ref.coefficients,
      1e-6,
      'beta',
    );
    expectAllClose(
      full.coefficients.map((c) => c.se),
      ref.se,
      1e-6,
      'se',
    );
    expectAllClose(
      full.coefficients.map((c) => c.statistic),
      ref.z,
      1e-6,
      'z',
    );
    expectAllClose(
      full.coefficients.map((c) => c.pValue),
      ref.p,
      1e-5,
      'p',
    );
    expectClose(full.deviance, ref.deviance, 1e-8, 'deviance');
    expectClose(full.nullDeviance, ref.null_deviance, 1e-8, 'null deviance');
    expectClose(full.logLikelihood, ref.loglik, 1e-8, 'logLik');
  });
  it('likelihood-ratio test of the group terms matches anova(test = "LRT")', () => {
    const reduced = logisticRegression(
      rows.map((r) => r.x.slice(0, 2)),
      y,
    );
    const lr = likelihoodRatioTest(full, reduced);
    expect(lr.df).toBe(references.logistic.lr_df);
    expectClose(lr.statistic, references.logistic.lr_statistic, 1e-6, 'LR');
    expectClose(lr.pValue, references.logistic.lr_p, 1e-5, 'LR p');
  });
  it('predicted probabilities per group match predict(type = "response")', () => {
    const groupFit = logisticRegression(
      rows.map((r) => [r.x[2], r.x[3]]),
      y,
    );
    const predicted = [
      [0, 0],
      [1, 0],
      [0, 1],
    ].map((g) => predictProbability(groupFit, g));
    expectAllClose(predicted, references.logistic.group_predicted, 1e-8, 'predicted');
    expectAllClose(
      groupFit.coefficients.map((c) => c.pValue),
      references.logistic.group_p,
      1e-5,
      'group p',
    );
  });
  it('matches glm on the 100,000-row dataset', () => {
    const large = readReferenceCsv('mixed-large.csv.gz');
    const fit = logisticRegression(
      large.map((r) => [Number(r.x1), Number(r.x2)]),
      large.map((r) => (Number(r.y) >= 4 ? 1 : 0)),
    );
    expectAllClose(
      fit.coefficients.map((c) => c.estimate),
      references.large_glm.coefficients,
      1e-6,
      'beta',
    );
    expectAllClose(
      fit.coefficients.map((c) => c.se),
      references.large_glm.se,
      1e-6,
      'se',
    );
    expectClose(fit.deviance, references.large_glm.deviance, 1e-8, 'deviance');
  });
  it('rejects perfect separation, non-binary outcomes and constant outcomes', () => {
    const xs = [[1], [2], [3], [4], [5], [6]];
    expect(() => logisticRegression(xs, [0, 0, 0, 1, 1, 1])).toThrow(expect.objectContaining({ code: 'perfect_separation' }));
    expect(() => logisticRegression(xs, [0, 1, 2, 1, 0, 1])).toThrow(expect.objectContaining({ code: 'not_binary' }));
    expect(() => logisticRegression(xs, [1, 1, 1, 1, 1, 1])).toThrow(expect.objectContaining({ code: 'perfect_separation' }));
    // A group where everyone answered positively: quasi-complete separation.
    expect(() => logisticRegression([[0], [0], [0], [0], [1], [1], [1]], [0, 1, 0, 1, 1, 1, 1])).toThrow(
      expect.objectContaining({ code: 'perfect_separation' }),
    );
  });
});

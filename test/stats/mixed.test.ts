import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SufficientStatsAccumulator,
  StatsInputError,
  answersNeededForReliability,
  unitStatsFromPlain,
  unitStatsToPlain,
  type PlainUnitStats,
  fitRandomIntercept,
  fitRandomInterceptRows,
  unitReliability,
} from '../../src/stats/index.ts';
import { expectAllClose, expectClose, readReferenceCsv, references } from './fixtures.ts';

function fitFile(name: string) {
  const rows = readReferenceCsv(name);
  return fitRandomInterceptRows(
    rows.map((r) => Number(r.y)),
    rows.map((r) => [Number(r.x1), Number(r.x2)]),
    rows.map((r) => r.unit),
    { covariates: ['x1', 'x2'] },
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped reference JSON from R
function compareToLmer(name: string, ref: any, tolerance: number) {
  const fit = fitFile(name);
  expectAllClose(
    fit.fixedEffects.map((f) => f.estimate),
    ref.fixed,
    tolerance,
    `${name} fixed`,
  );
  expectAllClose(
    fit.fixedEffects.map((f) => f.se),
    ref.fixed_se,
    tolerance,
    `${name} fixed se`,
  );
  expectClose(fit.withinVariance, ref.within, tolerance, `${name} within`);
  expectClose(fit.remlCriterion, ref.reml_criterion, 1e-8, `${name} REMLcrit`);
  const byUnit = new Map(fit.units.map((u) => [u.unit, u]));
  const effects = ref.units.map((u: string) => byUnit.get(u)!.effect);
  const sds = ref.units.map((u: string) => byUnit.get(u)!.conditionalSd);
  return { fit, effects, sds };
}

describe('random-intercept model by REML, against lme4::lmer(REML = TRUE)', () => {
  it('small unbalanced set (30 units, 600 answers): variances, fixed effects, BLUPs and conditional SDs to 1e-4', () => {
    const ref = references.mixed_small;
    const { fit, effects, sds } = compareToLmer('mixed-small.csv', ref, 1e-4);
    expectClose(fit.betweenVariance, ref.between, 1e-4, 'between');
    // Unit effects are compared on the scale of the between-unit SD (some are near zero).
    const scale = Math.sqrt(ref.between);
    effects.forEach((e: number, i: number) => expect(Math.abs(e - ref.effects[i]) / scale).toBeLessThan(1e-4));
    expectAllClose(sds, ref.cond_sd, 1e-4, 'cond sd');
  });
  it('large set (100,000 answers, 400 units)', () => {
    const ref = references.mixed_large;
    const { fit, effects, sds } = compareToLmer('mixed-large.csv.gz', ref, 1e-4);
    expect(fit.nAnswers).toBe(100_000);
    expectClose(fit.betweenVariance, ref.between, 1e-4, 'between');
    const scale = Math.sqrt(ref.between);
    effects.forEach((e: number, i: number) => expect(Math.abs(e - ref.effects[i]) / scale).toBeLessThan(1e-4));
    expectAllClose(sds, ref.cond_sd, 1e-4, 'cond sd');
  });
  it('no between-unit variance: boundary fit with zero between variance and no shrunken effects', () => {
    const ref = references.mixed_flat;
    expect(ref.between).toBe(0);
    const { fit } = compareToLmer('mixed-flat.csv', ref, 1e-4);
    expect(fit.betweenVariance).toBe(0);
    expect(fit.units.every((u) => u.effect === 0 && u.reliability === 0)).toBe(true);
  });
  it('gives the same fit from statistics merged period by period as from all answers at once', () => {
    const rows = readReferenceCsv('mixed-small.csv');
    const whole = new SufficientStatsAccumulator(['x1', 'x2']);
    const firstHalf = new SufficientStatsAccumulator(['x1', 'x2']);
    const secondHalf = new SufficientStatsAccumulator(['x1', 'x2']);
    rows.forEach((r, i) => {
      const x = [Number(r.x1), Number(r.x2)];
      whole.add(r.unit, Number(r.y), x);
      (i % 2 === 0 ? firstHalf : secondHalf).add(r.unit, Number(r.y), x);
    });
    const merged = new SufficientStatsAccumulator(['x1', 'x2']);
    [...firstHalf.units(), ...secondHalf.units()].forEach((s) => merged.merge(s));
    // Stored as JSON per period and read back.
    const stored = JSON.parse(JSON.stringify(merged.units().map(unitStatsToPlain)));
    const restored = stored.map((p: PlainUnitStats) => unitStatsFromPlain(p, 2));
    const c = fitRandomIntercept(restored, { covariates: ['x1', 'x2'] });
    expect(() => unitStatsFromPlain({ ...stored[0], sumXX: [1, 2, 3] }, 2)).toThrow(StatsInputError);
    expect(() => unitStatsFromPlain({ ...stored[0], sumY: null }, 2)).toThrow(StatsInputError);
    const a = fitRandomIntercept(whole.units(), { covariates: ['x1', 'x2'] });
    const b = fitRandomIntercept(merged.units(), { covariates: ['x1', 'x2'] });
    expectClose(b.betweenVariance, a.betweenVariance, 1e-9, 'between');
    expect(c.betweenVariance).toBe(b.betweenVariance);
    expectAllClose(
      b.fixedEffects.map((f) => f.estimate),
      a.fixedEffects.map((f) => f.estimate),
      1e-9,
      'fixed',
    );
  });
  it('reports reliability per unit and flags a unit only when its interval excludes the reference', () => {
    const fit = fitFile('mixed-small.csv');
    for (const u of fit.units) {
      expectClose(u.reliability, unitReliability(fit.betweenVariance, fit.withinVariance, u.n), 1e-12, 'reliability');
      expect(u.differsFromReference).toBe(u.interval.lower > fit.referenceLevel || u.interval.upper < fit.referenceLevel);
      // Adjusted mean = raw mean moved to the national mix by the fitted case-mix coefficients.
      expect(u.adjustedMean - u.rawMean).toBeCloseTo(u.adjustment, 12);
    }
  });
  it('rejects bad input', () => {
    expect(() => fitRandomInterceptRows([1, 2, Number.NaN, 4], null, ['a', 'b', 'c', 'c'])).toThrow(StatsInputError);
    expect(() => fitRandomInterceptRows([1, 2, 3, 4], null, ['a', 'a', 'b', 'b'])).toThrow(/at least 3 units/);
    expect(() => fitRandomInterceptRows([1, 2, 3], null, ['a', 'b', 'c'])).toThrow(/too few/);
    // A covariate that is constant is collinear with the intercept.
    expect(() =>
      fitRandomInterceptRows([1, 2, 3, 4, 5, 6, 7], [[1], [1], [1], [1], [1], [1], [1]], ['a', 'a', 'b', 'b', 'c', 'c', 'c']),
    ).toThrow(/singular/);
  });
});

describe('property: shrunken estimates lie between the unit mean and the grand mean', () => {
  it('holds for random unbalanced data (no covariates)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 25 }), { minLength: 3, maxLength: 15 }),
        (units) => {
          const y: number[] = [];
          const unitOf: string[] = [];
          units.forEach((answers, j) =>
            answers.forEach((a) => {
              y.push(a);
              unitOf.push(`u${j}`);
            }),
          );
          fc.pre(new Set(y).size > 1 && y.length > units.length + 1);
          const fit = fitRandomInterceptRows(y, null, unitOf);
          const grand = fit.fixedEffects[0].estimate;
          for (const u of fit.units) {
            const low = Math.min(u.rawMean, grand) - 1e-9;
            const high = Math.max(u.rawMean, grand) + 1e-9;
            if (u.shrunkenEstimate < low || u.shrunkenEstimate > high) return false;
          }
          return fit.betweenVariance >= 0 && fit.withinVariance > 0;
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('reliability', () => {
  it('IUR and the answers needed for a target', () => {
    expect(unitReliability(0.1, 1, 10)).toBeCloseTo(0.5, 12);
    expect(answersNeededForReliability(0.7, 0.1, 1)).toBe(24); // 0.7/0.3 × 10 = 23.33 → 24
    expect(answersNeededForReliability(0.5, 0.1, 1)).toBe(10);
    expect(unitReliability(0.1, 1, answersNeededForReliability(0.7, 0.1, 1))).toBeGreaterThanOrEqual(0.7);
    expect(() => answersNeededForReliability(1, 0.1, 1)).toThrow(StatsInputError);
    expect(() => unitReliability(-1, 1, 3)).toThrow(StatsInputError);
  });
});

describe('property: with case-mix covariates, shrunken estimates lie between the adjusted unit mean and the reference level', () => {
  it('holds for random data with a covariate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 20 }), {
          minLength: 4,
          maxLength: 12,
        }),
        (units) => {
          const y: number[] = [];
          const x: number[][] = [];
          const unitOf: string[] = [];
          units.forEach((answers, j) =>
            answers.forEach(([a, c]) => {
              y.push(a);
              x.push([c]);
              unitOf.push(`u${j}`);
            }),
          );
          fc.pre(new Set(y).size > 1 && new Set(x.map((r) => r[0])).size > 1);
          let fit;
          try {
            fit = fitRandomInterceptRows(y, x, unitOf);
          } catch (error) {
            // Degenerate draws (e.g. no residual variation) are rejected with a typed error, never a number.
            if (error instanceof StatsInputError) return true;
            throw error;
          }
          return fit.units.every((u) => {
            const low = Math.min(u.adjustedMean, fit.referenceLevel) - 1e-9;
            const high = Math.max(u.adjustedMean, fit.referenceLevel) + 1e-9;
            return u.shrunkenEstimate >= low && u.shrunkenEstimate <= high;
          });
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});

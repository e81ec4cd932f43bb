import { describe, expect, it } from 'vitest';
import {
  fitRandomIntercept,
  fitRandomInterceptFromTotals,
  SeededRandom,
  SufficientStatsAccumulator,
  unitEstimate,
  type RandomInterceptFit,
} from '../../src/stats/index.ts';
import { readReferenceCsv } from './fixtures.ts';
import { fitRandomInterceptPerUnit } from './mixed-reference.ts';

/** Relative difference, on the scale of the larger value (absolute below 1e-300). */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

function expectSameFit(grouped: RandomInterceptFit, reference: Omit<RandomInterceptFit, 'model'>, tolerance = 1e-9) {
  const worst: Array<[string, number]> = [];
  const check = (what: string, a: number, b: number, scale = Math.max(Math.abs(a), Math.abs(b))) => {
    const d = Math.abs(a - b) / Math.max(scale, 1e-300);
    if (!(d <= tolerance)) worst.push([what, d]);
  };
  check('between', grouped.betweenVariance, reference.betweenVariance);
  check('within', grouped.withinVariance, reference.withinVariance);
  check('REMLcrit', grouped.remlCriterion, reference.remlCriterion);
  check('reference level', grouped.referenceLevel, reference.referenceLevel);
  grouped.fixedEffects.forEach((f, a) => {
    // A coefficient near zero is compared on the scale of its standard error.
    check(`β ${f.name}`, f.estimate, reference.fixedEffects[a].estimate, Math.max(Math.abs(f.estimate), f.se));
    check(`se ${f.name}`, f.se, reference.fixedEffects[a].se);
  });
  expect(grouped.units.map((u) => u.unit)).toEqual(reference.units.map((u) => u.unit));
  const between = Math.sqrt(Math.max(reference.betweenVariance, 1e-12));
  grouped.units.forEach((u, j) => {
    const r = reference.units[j];
    expect(u.n).toBe(r.n);
    check(`effect ${u.unit}`, u.effect, r.effect, Math.max(Math.abs(r.effect), between));
    check(`estimate ${u.unit}`, u.shrunkenEstimate, r.shrunkenEstimate);
    check(`adjusted ${u.unit}`, u.adjustedMean, r.adjustedMean);
    check(`cond sd ${u.unit}`, u.conditionalSd, r.conditionalSd, Math.max(r.conditionalSd, 1e-12));
    check(`reliability ${u.unit}`, u.reliability, r.reliability, Math.max(r.reliability, 1e-12));
    expect(u.differsFromReference).toBe(r.differsFromReference);
  });
  expect(worst).toEqual([]);
}

/** Units of varied or equal sizes with three 0/1 covariates whose mix differs between units. */
function simulate(seed: number, units: number, size: (random: SeededRandom) => number, unitSd = 0.3) {
  const random = new SeededRandom(seed);
  const acc = new SufficientStatsAccumulator(['a', 'b', 'c']);
  for (let j = 0; j < units; j++) {
    const effect = random.normal(0, unitSd);
    const hard = random.next();
    const n = size(random);
    for (let i = 0; i < n; i++) {
      const x = [random.bernoulli(0.1 + 0.6 * hard), random.bernoulli(0.3), random.bernoulli(0.05 + 0.2 * hard)];
      const y = Math.max(1, Math.min(6, Math.round(4.3 + effect - 0.9 * x[0] + 0.2 * x[1] - 0.4 * x[2] + random.normal(0, 0.9))));
      acc.add(`u${String(j).padStart(4, '0')}`, y, x);
    }
  }
  return acc.units();
}

describe('grouped REML (units grouped by n, cross-products as totals) against the per-unit computation', () => {
  it('agrees to 1e-9 relative on lme4 reference data', () => {
    for (const name of ['mixed-small.csv', 'mixed-large.csv.gz', 'mixed-flat.csv']) {
      const rows = readReferenceCsv(name);
      const acc = new SufficientStatsAccumulator(['x1', 'x2']);
      rows.forEach((r) => acc.add(r.unit, Number(r.y), [Number(r.x1), Number(r.x2)]));
      expectSameFit(
        fitRandomIntercept(acc.units(), { covariates: ['x1', 'x2'] }),
        fitRandomInterceptPerUnit(acc.units(), { covariates: ['x1', 'x2'] }),
      );
    }
  });

  it('agrees to 1e-9 relative with many units of equal n, unequal n, and no between-unit variance', () => {
    const cases = [
      simulate(1, 2000, () => 40),
      simulate(2, 1500, (r) => 5 + r.integer(200)),
      simulate(3, 300, (r) => 400 + r.integer(30)),
      simulate(4, 200, (r) => 3 + r.integer(8), 0),
    ];
    for (const units of cases) {
      expectSameFit(
        fitRandomIntercept(units, { covariates: ['a', 'b', 'c'] }),
        fitRandomInterceptPerUnit(units, { covariates: ['a', 'b', 'c'] }),
      );
    }
  });

  it('needs per unit only n, Σy, Σy² and Σx when Σxxᵀ and Σxy come as totals', () => {
    const units = simulate(5, 500, (r) => 10 + r.integer(60));
    const sumXX = new Float64Array(9);
    const sumXY = new Float64Array(3);
    for (const u of units) {
      u.sumXX.forEach((v, i) => (sumXX[i] += v));
      u.sumXY.forEach((v, i) => (sumXY[i] += v));
    }
    const compact = units.map((u) => ({ unit: u.unit, n: u.n, sumY: u.sumY, sumYY: u.sumYY, sumX: u.sumX }));
    const fit = fitRandomInterceptFromTotals(compact, { sumXX, sumXY }, { covariates: ['a', 'b', 'c'] });
    expectSameFit(fit, fitRandomInterceptPerUnit(units, { covariates: ['a', 'b', 'c'] }));
    // A unit's estimate computed later from the kept model parameters is the one from the fit.
    for (const u of fit.units.slice(0, 20))
      expect(
        unitEstimate(
          fit.model,
          compact.find((c) => c.unit === u.unit)!,
        ),
      ).toEqual(u);
    expect(rel(fit.referenceLevel, fit.model.referenceLevel)).toBe(0);
  });
});

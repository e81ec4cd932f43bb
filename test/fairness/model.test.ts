import { describe, expect, it } from 'vitest';
import { CASE_MIX_COVARIATES, CASE_MIX_NAMES, codeProfile } from '../../src/fairness/coding.ts';
import { addUnit, analyzeItem, assembleUnits, compactUnits, identifiableColumns, type UnitItemStats } from '../../src/fairness/model.ts';
import {
  fitRandomIntercept,
  fitRandomInterceptFromTotals,
  SeededRandom,
  spearman,
  SufficientStatsAccumulator,
} from '../../src/stats/index.ts';
import { fitRandomInterceptPerUnit } from '../stats/mixed-reference.ts';
import { storedForm, type SimulatedAnswer } from './helpers.ts';

/**
 * Counselors with known true effects; users assigned non-randomly: "hard" counselors get more users just
 * refused a benefit, on AAP, and needing an interpreter — all of which lower answers for reasons that are not
 * the counseling. Hardness is unrelated to the true effect.
 */
function simulate(seed: number, counselors: number, answersPerCounselor: number) {
  const random = new SeededRandom(seed);
  const truth = new Map<string, number>();
  const answers: SimulatedAnswer[] = [];
  for (let c = 0; c < counselors; c++) {
    const unit = `c${String(c).padStart(3, '0')}`;
    const effect = random.normal(0, 0.25);
    const hardness = random.next();
    truth.set(unit, effect);
    const n = answersPerCounselor + random.integer(answersPerCounselor);
    for (let i = 0; i < n; i++) {
      const adverse = random.next() < 0.05 + 0.6 * hardness;
      const benefit = random.next() < 0.1 + 0.5 * hardness ? 'aap' : random.next() < 0.5 ? 'dagpenger' : 'none';
      const interpreter = random.next() < 0.02 + 0.2 * hardness;
      const age = ['18_29', '30_39', '40_49', '50_66', '67_plus'][random.integer(5)];
      const innsats = random.next() < 0.3 + 0.4 * hardness ? 'varig_tilpasset' : 'standard';
      const latent =
        4.4 +
        effect -
        1.0 * (adverse ? 1 : 0) -
        0.4 * (benefit === 'aap' ? 1 : 0) -
        0.3 * (interpreter ? 1 : 0) +
        (age === '67_plus' ? 0.2 : 0) +
        random.normal(0, 0.9);
      answers.push({
        unit,
        y: Math.max(1, Math.min(6, Math.round(latent))),
        profile: {
          age_band: random.next() < 0.05 ? null : age,
          benefit,
          recent_adverse_decision: adverse,
          interpreter_used: interpreter,
          first_meeting: random.next() < 0.1 ? null : random.next() < 0.2,
          innsatsgruppe: innsats,
        },
      });
    }
  }
  return { truth, answers };
}

describe('fair comparison model', () => {
  it('gives the same fit from national cross-products as from full per-unit statistics', () => {
    const { answers } = simulate(11, 40, 30);
    const { units, pooled } = storedForm(answers);
    const columns = identifiableColumns(
      pooled,
      CASE_MIX_COVARIATES.map((_, i) => i).filter((i) => !CASE_MIX_COVARIATES[i].counselorSet),
      CASE_MIX_NAMES,
    ).kept;
    const names = columns.map((c) => CASE_MIX_NAMES[c]);
    const full = new SufficientStatsAccumulator(names);
    for (const a of answers) {
      const x = codeProfile(a.profile);
      full.add(
        a.unit,
        a.y,
        columns.map((c) => x[c]),
      );
    }
    const fromFull = fitRandomIntercept(full.units(), { covariates: names });
    const fromPooled = fitRandomIntercept(assembleUnits(units, pooled, columns), { covariates: names });
    expect(fromPooled.betweenVariance).toBeCloseTo(fromFull.betweenVariance, 10);
    expect(fromPooled.withinVariance).toBeCloseTo(fromFull.withinVariance, 10);
    fromFull.fixedEffects.forEach((f, i) => expect(fromPooled.fixedEffects[i].estimate).toBeCloseTo(f.estimate, 9));
    const byUnit = new Map(fromPooled.units.map((u) => [u.unit, u]));
    for (const u of fromFull.units) {
      expect(byUnit.get(u.unit)!.shrunkenEstimate).toBeCloseTo(u.shrunkenEstimate, 9);
      expect(byUnit.get(u.unit)!.adjustedMean).toBeCloseTo(u.adjustedMean, 9);
    }
  });

  it('fits from the stored compact form (units grouped by n) what the old per-unit computation fits on every answer, to 1e-9', () => {
    for (const [seed, counselors, perCounselor] of [
      [11, 40, 30],
      [12, 300, 8],
      [13, 60, 200],
    ] as const) {
      const { answers } = simulate(seed, counselors, perCounselor);
      const { units, pooled } = storedForm(answers);
      const columns = identifiableColumns(
        pooled,
        CASE_MIX_COVARIATES.map((_, i) => i).filter((i) => !CASE_MIX_COVARIATES[i].counselorSet),
        CASE_MIX_NAMES,
      ).kept;
      const names = columns.map((c) => CASE_MIX_NAMES[c]);
      const full = new SufficientStatsAccumulator(names);
      for (const a of answers) {
        const x = codeProfile(a.profile);
        full.add(
          a.unit,
          a.y,
          columns.map((c) => x[c]),
        );
      }
      const reference = fitRandomInterceptPerUnit(full.units(), { covariates: names });
      const compact = compactUnits(units, pooled, columns);
      const fit = fitRandomInterceptFromTotals(compact.units, compact.totals, { covariates: names });
      const rel = (a: number, b: number, scale = Math.max(Math.abs(a), Math.abs(b))) => Math.abs(a - b) / Math.max(scale, 1e-300);
      expect(rel(fit.betweenVariance, reference.betweenVariance)).toBeLessThan(1e-9);
      expect(rel(fit.withinVariance, reference.withinVariance)).toBeLessThan(1e-9);
      expect(rel(fit.remlCriterion, reference.remlCriterion)).toBeLessThan(1e-9);
      fit.fixedEffects.forEach((f, i) => {
        expect(rel(f.estimate, reference.fixedEffects[i].estimate, Math.max(Math.abs(f.estimate), f.se))).toBeLessThan(1e-9);
        expect(rel(f.se, reference.fixedEffects[i].se)).toBeLessThan(1e-9);
      });
      const byUnit = new Map(reference.units.map((u) => [u.unit, u]));
      for (const u of fit.units) {
        const r = byUnit.get(u.unit)!;
        expect(rel(u.shrunkenEstimate, r.shrunkenEstimate)).toBeLessThan(1e-9);
        expect(rel(u.adjustedMean, r.adjustedMean)).toBeLessThan(1e-9);
        expect(rel(u.conditionalSd, r.conditionalSd)).toBeLessThan(1e-9);
      }
    }
  });

  it('drops constant and collinear columns, naming why', () => {
    const random = new SeededRandom(3);
    const answers: SimulatedAnswer[] = Array.from({ length: 300 }, (_, i) => {
      // No interpreter ever; first_meeting missing exactly when age is missing.
      const missing = random.next() < 0.2;
      return {
        unit: `u${i % 10}`,
        y: 1 + random.integer(6),
        profile: {
          age_band: missing ? null : '40_49',
          benefit: 'none',
          recent_adverse_decision: random.next() < 0.3,
          interpreter_used: false,
          first_meeting: missing ? null : true,
          innsatsgruppe: 'standard',
        },
      };
    });
    const { pooled } = storedForm(answers);
    const result = identifiableColumns(
      pooled,
      CASE_MIX_COVARIATES.map((_, i) => i),
      CASE_MIX_NAMES,
    );
    const dropped = new Map(result.dropped.map((d) => [d.name, d.reason]));
    expect(dropped.get('interpreter_used:yes')).toBe('constant');
    expect(dropped.get('benefit:aap')).toBe('constant');
    // age 40_49 and age missing are complements (with the intercept); first_meeting:missing repeats age:missing.
    expect(result.kept.map((c) => CASE_MIX_NAMES[c])).toEqual(['age_band:40_49', 'recent_adverse_decision:yes']);
    expect(dropped.get('age_band:missing')).toBe('collinear');
    expect(dropped.get('first_meeting:missing')).toBe('collinear');
  });

  it('ranks counselors closer to their true effects than raw means when case mix is not random', () => {
    const correlations: Array<{ raw: number; adjusted: number }> = [];
    for (const seed of [1, 2, 3]) {
      const { truth, answers } = simulate(seed, 150, 40);
      const { units, pooled } = storedForm(answers);
      const analysis = analyzeItem(units, pooled, { covariates: CASE_MIX_COVARIATES });
      const ids = [...truth.keys()];
      const estimates = ids.map((id) => analysis.estimates.get(id)!);
      const trueEffects = ids.map((id) => truth.get(id)!);
      correlations.push({
        raw: spearman(
          trueEffects,
          estimates.map((e) => e.rawMean),
        ),
        adjusted: spearman(
          trueEffects,
          estimates.map((e) => e.estimate),
        ),
      });
      // The adjustment recovers the simulated case-mix effects.
      const coefficient = (name: string) => analysis.coefficients.find((c) => c.name === name)!.estimate;
      expect(coefficient('recent_adverse_decision:yes')).toBeLessThan(-0.6);
      expect(coefficient('benefit:aap')).toBeLessThan(-0.2);
      // innsatsgruppe is shown apart, never in the main adjustment.
      expect(analysis.covariates.some((c) => c.startsWith('innsatsgruppe'))).toBe(false);
      expect(analysis.counselorSet!.coefficients.map((c) => c.name)).toContain('innsatsgruppe:varig_tilpasset');
    }
    console.info(
      'rank correlation with the true effects (raw vs adjusted):',
      JSON.stringify(correlations.map((c) => [c.raw.toFixed(3), c.adjusted.toFixed(3)])),
    );
    for (const c of correlations) expect(c.adjusted, JSON.stringify(correlations)).toBeGreaterThan(c.raw + 0.1);
  });

  it('keeps each shrunken estimate between the adjusted mean and the national level', () => {
    const { answers } = simulate(9, 60, 15);
    const { units, pooled } = storedForm(answers);
    const analysis = analyzeItem(units, pooled, { covariates: CASE_MIX_COVARIATES });
    for (const e of analysis.estimates.values()) {
      const low = Math.min(e.adjustedMean, analysis.referenceLevel) - 1e-9;
      const high = Math.max(e.adjustedMean, analysis.referenceLevel) + 1e-9;
      expect(e.estimate).toBeGreaterThanOrEqual(low);
      expect(e.estimate).toBeLessThanOrEqual(high);
      expect(e.reliability).toBeGreaterThan(0);
      expect(e.reliability).toBeLessThan(1);
    }
  });

  it('borrows the finer level’s coefficients when there are fewer than three units', () => {
    const { answers } = simulate(5, 30, 20);
    const { units, pooled } = storedForm(answers);
    const counselorLevel = analyzeItem(units, pooled, { covariates: CASE_MIX_COVARIATES }).fit!;
    const offices = new Map<string, UnitItemStats>();
    for (const u of units) addUnit(offices, Number(u.unit.slice(1)) % 2 === 0 ? 'even' : 'odd', u);
    const two = analyzeItem([...offices.values()], pooled, { covariates: CASE_MIX_COVARIATES, fallback: counselorLevel });
    expect(two.shrinkage).toBe(false);
    for (const e of two.estimates.values()) {
      expect(e.reliability).toBeNull();
      expect(e.estimate).toBe(e.adjustedMean);
    }
    expect(() => analyzeItem([...offices.values()], pooled, { covariates: CASE_MIX_COVARIATES })).toThrow(/at least 3 units/);
  });
});

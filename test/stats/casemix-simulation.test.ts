import { describe, expect, it } from 'vitest';
import { SeededRandom, SufficientStatsAccumulator, explainCaseMix, fitRandomIntercept, spearman } from '../../src/stats/index.ts';

/**
 * Counselors with known true effects; users' case mix (just refused a benefit, health problems) assigned
 * non-randomly: counselors who are better in truth get more of the hard cases, as when experienced staff
 * take the sanction and health caseloads. Raw means then punish exactly the wrong people.
 */
function simulate(seed: number, alignment = 2.5) {
  const random = new SeededRandom(seed);
  const counselors = 150;
  const truth: number[] = [];
  const stats = new SufficientStatsAccumulator(['refused', 'health_problem']);
  for (let c = 0; c < counselors; c++) {
    const trueEffect = random.normal(0, 0.3);
    truth.push(trueEffect);
    // Share of hard cases rises with the true effect (plus noise), from about 5 % to 75 %.
    const hardness = 1 / (1 + Math.exp(-((alignment * trueEffect) / 0.3 + random.normal(0, 1.2))));
    const caseload = 15 + random.integer(60);
    for (let i = 0; i < caseload; i++) {
      const refused = random.bernoulli(0.05 + 0.7 * hardness);
      const healthProblem = random.bernoulli(0.1 + 0.5 * hardness);
      const latent = 3.9 + trueEffect - 1.0 * refused - 0.5 * healthProblem + random.normal(0, 0.9);
      const answer = Math.min(5, Math.max(1, Math.round(latent)));
      stats.add(`c${c}`, answer, [refused, healthProblem]);
    }
  }
  const fit = fitRandomIntercept(stats.units(), { covariates: stats.covariates });
  const explained = explainCaseMix(stats.units(), { covariates: stats.covariates });
  const trueOf = (unit: string) => truth[Number(unit.slice(1))];
  const t = fit.units.map((u) => trueOf(u.unit));
  return {
    fit,
    explained,
    raw: spearman(
      fit.units.map((u) => u.rawMean),
      t,
    ),
    adjusted: spearman(
      fit.units.map((u) => u.adjustedMean),
      t,
    ),
    shrunken: spearman(
      fit.units.map((u) => u.shrunkenEstimate),
      t,
    ),
  };
}

describe('simulation: case-mix adjustment recovers the true ranking of counselors', () => {
  it.each([1, 2, 3])('seed %i: adjusted and shrunken estimates rank clearly better than raw means', (seed) => {
    const { fit, explained, raw, adjusted, shrunken } = simulate(seed);
    console.log(
      `seed ${seed}: Spearman with the true effects — raw ${raw.toFixed(3)}, adjusted ${adjusted.toFixed(3)}, adjusted+shrunken ${shrunken.toFixed(3)}; ` +
        `fitted case-mix coefficients ${fit.fixedEffects
          .slice(1)
          .map((f) => `${f.name} ${f.estimate.toFixed(2)}`)
          .join(', ')}`,
    );
    expect(adjusted).toBeGreaterThan(raw + 0.2);
    expect(shrunken).toBeGreaterThan(raw + 0.2);
    // What the analyst sees: case mix moved units by tenths of a point and changed the ranking.
    console.log(
      `  case mix: adjustment SD ${explained.adjustmentSd.toFixed(3)}, max ${explained.adjustmentMaxAbs.toFixed(3)}, ` +
        `between variance adjusted/unadjusted ${explained.betweenVarianceRatio.toFixed(2)}, rank r adjusted vs unadjusted ${explained.rankCorrelation.toFixed(3)}, flags changed ${explained.flagChanges}`,
    );
    expect(explained.adjustmentSd).toBeGreaterThan(0.1);
    // Better counselors had the harder cases, so case mix was hiding differences between them.
    expect(explained.betweenVarianceRatio).toBeGreaterThan(1);
    expect(explained.rankCorrelation).toBeLessThan(0.5);
    expect(explained.coefficients.map((c) => c.name)).toEqual(['refused', 'health_problem']);
    expect(explained.adjusted.betweenVariance).toBeCloseTo(fit.betweenVariance, 12);
    expect(shrunken).toBeGreaterThan(0.6);
    // The model finds the case-mix effects it was built with (answers are rounded to 1–5, so only roughly).
    expect(fit.fixedEffects[1].estimate).toBeLessThan(-0.6);
    expect(fit.fixedEffects[2].estimate).toBeLessThan(-0.25);
  });
});

describe('simulation: hard cases concentrated on some counselors, independent of how good they are', () => {
  it('adjusted estimates still rank better than raw means', () => {
    const { raw, adjusted, shrunken } = simulate(4, 0);
    console.log(
      `independent case mix: Spearman raw ${raw.toFixed(3)}, adjusted ${adjusted.toFixed(3)}, adjusted+shrunken ${shrunken.toFixed(3)}`,
    );
    expect(adjusted).toBeGreaterThan(raw + 0.05);
    expect(shrunken).toBeGreaterThanOrEqual(adjusted - 0.02);
  });
});

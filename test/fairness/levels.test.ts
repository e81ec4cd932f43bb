import { describe, expect, it } from 'vitest';
import { CASE_MIX_COVARIATES, CASE_MIX_NAMES, type CaseMixProfile } from '../../src/fairness/coding.ts';
import { analyzeItem, identifiableColumns } from '../../src/fairness/model.ts';
import { MIN_LEVEL_ANSWERS, sparseLevels } from '../../src/fairness/report.ts';
import { SeededRandom } from '../../src/stats/index.ts';
import { storedForm, type SimulatedAnswer } from './helpers.ts';

const column = (name: string) => CASE_MIX_NAMES.indexOf(name);
const names = (columns: number[]) => columns.map((c) => CASE_MIX_NAMES[c]);

/** `count` answers in 40 units with the given profile (the rest of the fields at their reference levels) and noisy answers. */
function answers(random: SeededRandom, count: number, profile: CaseMixProfile, base = 4.3): SimulatedAnswer[] {
  return Array.from({ length: count }, () => ({
    unit: `u${random.integer(40)}`,
    y: Math.max(1, Math.min(6, Math.round(base + random.normal(0, 1)))),
    profile: {
      age_band: '30_39',
      benefit: 'none',
      recent_adverse_decision: false,
      interpreter_used: false,
      first_meeting: false,
      innsatsgruppe: 'standard',
      ...profile,
    },
  }));
}

describe('case-mix levels too sparse for a coefficient (MIN_LEVEL_ANSWERS)', () => {
  it('merges a level held by fewer than MIN_LEVEL_ANSWERS answers, or by all but fewer, and leaves empty levels to the constant rule', () => {
    const random = new SeededRandom(1);
    const data = [
      ...answers(random, 400, {}),
      ...answers(random, 300, { benefit: 'aap' }),
      ...answers(random, MIN_LEVEL_ANSWERS - 1, { benefit: 'dagpenger' }),
      ...answers(random, MIN_LEVEL_ANSWERS, { benefit: 'sykepenger' }),
      ...answers(random, 1, { benefit: 'uforetrygd', innsatsgruppe: 'varig_tilpasset' }),
      // Interpreter used for all but 60 answers: the 60 without are the sparse group.
      ...answers(random, 0, {}),
    ].map((a, i) => ({ ...a, profile: { ...a.profile, interpreter_used: i >= 60 } }));
    const { pooled } = storedForm(data);
    expect(names(sparseLevels(pooled, CASE_MIX_COVARIATES))).toEqual([
      'benefit:dagpenger',
      'benefit:uforetrygd',
      'interpreter_used:yes',
      'innsatsgruppe:varig_tilpasset',
    ]);
  });

  it('merges a field’s smallest level into a reference group too small to stand alone', () => {
    const random = new SeededRandom(2);
    // Ages 30–39 (the reference) in 20 answers only: every age coefficient would be "this band minus those 20".
    const data = [
      ...answers(random, 20, { age_band: '30_39' }),
      ...answers(random, 400, { age_band: '18_29' }),
      ...answers(random, 150, { age_band: '40_49' }),
      ...answers(random, 250, { age_band: '50_66' }),
      ...answers(random, 30, { age_band: '67_plus' }),
    ];
    const { pooled } = storedForm(data);
    // 67+ is merged (30 answers), leaving 50 in the reference group; then 40–49, the smallest left, joins them (200).
    expect(names(sparseLevels(pooled, CASE_MIX_COVARIATES))).toEqual(['age_band:40_49', 'age_band:67_plus']);
  });

  it('drops a column the others leave only a few answers of (two fields missing together but once), naming it sparse', () => {
    const random = new SeededRandom(3);
    const data = [
      ...answers(random, 500, {}),
      ...answers(random, 300, { age_band: null, first_meeting: null }),
      ...answers(random, 1, { first_meeting: null }),
    ];
    const { pooled } = storedForm(data);
    // Each level alone holds enough answers, and nothing is exactly collinear ...
    expect(sparseLevels(pooled, CASE_MIX_COVARIATES)).toEqual([]);
    const candidates = [column('age_band:missing'), column('first_meeting:missing')];
    expect(identifiableColumns(pooled, candidates, CASE_MIX_NAMES)).toEqual({ kept: candidates, dropped: [] });
    // ... but given age missing, first meeting missing is that one answer.
    expect(identifiableColumns(pooled, candidates, CASE_MIX_NAMES, MIN_LEVEL_ANSWERS / 2)).toEqual({
      kept: [column('age_band:missing')],
      dropped: [{ name: 'first_meeting:missing', reason: 'sparse' }],
    });
  });

  it('fits with a merged level exactly what the same answers give with that level recorded as the reference', () => {
    const random = new SeededRandom(4);
    const data = [
      ...answers(random, 600, {}),
      ...answers(random, 400, { benefit: 'aap', recent_adverse_decision: true }, 3.6),
      ...answers(random, 300, { age_band: '18_29' }, 4.6),
      ...answers(random, 250, { innsatsgruppe: 'situasjonsbestemt', benefit: 'aap' }, 4.0),
      ...answers(random, 150, { innsatsgruppe: 'situasjonsbestemt', age_band: '18_29' }, 4.4),
      ...answers(random, 3, { benefit: 'uforetrygd', innsatsgruppe: 'varig_tilpasset' }, 1.5),
    ];
    const { units, pooled } = storedForm(data);
    const sparse = { columns: sparseLevels(pooled, CASE_MIX_COVARIATES), minResidual: MIN_LEVEL_ANSWERS / 2 };
    const merged = analyzeItem(units, pooled, { covariates: CASE_MIX_COVARIATES, sparse });
    const recoded = storedForm(
      data.map((a) => ({
        ...a,
        profile: {
          ...a.profile,
          benefit: a.profile.benefit === 'uforetrygd' ? 'none' : a.profile.benefit,
          innsatsgruppe: a.profile.innsatsgruppe === 'varig_tilpasset' ? 'standard' : a.profile.innsatsgruppe,
        },
      })),
    );
    const reference = analyzeItem(recoded.units, recoded.pooled, { covariates: CASE_MIX_COVARIATES });
    expect(merged.dropped.filter((d) => d.reason === 'sparse')).toEqual([
      { name: 'benefit:uforetrygd', reason: 'sparse' },
      { name: 'innsatsgruppe:varig_tilpasset', reason: 'sparse' },
    ]);
    expect(merged.coefficients.map((c) => c.name)).toEqual(reference.coefficients.map((c) => c.name));
    expect(merged.coefficients.map((c) => c.name)).not.toContain('benefit:uforetrygd');
    merged.coefficients.forEach((c, i) => expect(c.estimate).toBeCloseTo(reference.coefficients[i].estimate, 12));
    expect(merged.counselorSet!.coefficients.map((c) => c.name)).toEqual(['innsatsgruppe:situasjonsbestemt']);
    merged.counselorSet!.coefficients.forEach((c, i) =>
      expect(c.estimate).toBeCloseTo(reference.counselorSet!.coefficients[i].estimate, 12),
    );
    for (const [unit, e] of merged.estimates) expect(e.estimate).toBeCloseTo(reference.estimates.get(unit)!.estimate, 12);
    expect(merged.referenceLevel).toBeCloseTo(reference.referenceLevel, 12);
  });
});

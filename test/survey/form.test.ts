import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSurveyForm, statementField } from '../../src/instrument/form.ts';
import { NATIONAL_INSTRUMENT as DEF } from '../../src/instrument/instrument.ts';

const statementChoice = fc.constantFrom('1', '2', '3', '4', '5', '6', 'dk', '');
const ratingChoice = fc.constantFrom('1', '2', '3', '4', '5', '6', '');

describe('survey form parsing', () => {
  it('the national instrument has the six statements of the issue, a six-point scale and the extra items', () => {
    expect(DEF.statements.map((s) => s.id)).toEqual(['prepared', 'understanding', 'time', 'planned', 'next_steps', 'respect']);
    expect(DEF.scale).toHaveLength(6);
    expect(DEF.scale[0].nb).toBe('Helt uenig');
    expect(DEF.scale[5].nb).toBe('Helt enig');
    for (const s of DEF.statements) for (const lang of ['nb', 'nn', 'en'] as const) expect(s.text[lang].length).toBeGreaterThan(5);
    expect(DEF.navGeneral.id).toBe('nav_general');
  });

  it('maps any combination of valid choices to answers in statement order (null for "don\'t know" and blank)', () => {
    fc.assert(
      fc.property(
        fc.array(statementChoice, { minLength: 6, maxLength: 6 }),
        ratingChoice,
        ratingChoice,
        fc.string({ maxLength: 50 }),
        (choices, overall, nav, comment) => {
          const body: Record<string, string> = { overall, nav_general: nav, comment, instrument_version: '1' };
          DEF.statements.forEach((s, i) => (body[statementField(s.id)] = choices[i]));
          const result = parseSurveyForm(DEF, body);
          const anything = choices.some((c) => c !== '') || overall !== '' || nav !== '' || comment.trim() !== '';
          expect(result.ok).toBe(anything);
          if (!result.ok) return;
          expect(result.value.answers).toEqual(choices.map((c) => (c === '' || c === 'dk' ? null : Number(c))));
          expect(result.value.overall).toBe(overall === '' ? null : Number(overall));
          expect(result.value.navGeneral).toBe(nav === '' ? null : Number(nav));
          expect(result.value.comment).toBe(comment.trim() === '' ? null : comment.replace(/\r\n?/g, '\n').trim());
        },
      ),
    );
  });

  it('rejects any other value for a statement, naming that field, and keeps the other choices', () => {
    fc.assert(
      fc.property(
        fc.string().filter((v) => !['1', '2', '3', '4', '5', '6', 'dk', ''].includes(v)),
        fc.integer({ min: 0, max: 5 }),
        (bad, index) => {
          const body: Record<string, string> = { overall: '4' };
          body[statementField(DEF.statements[index].id)] = bad;
          const result = parseSurveyForm(DEF, body);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.errors.map((e) => e.field)).toEqual([statementField(DEF.statements[index].id)]);
          expect(result.values.overall).toBe('4');
          expect(result.values[statementField(DEF.statements[index].id)]).toBeUndefined();
        },
      ),
    );
  });

  it('rejects repeated fields and non-string values rather than guessing', () => {
    expect(parseSurveyForm(DEF, { s_prepared: ['5', '6'] }).ok).toBe(false);
    expect(parseSurveyForm(DEF, { overall: 5 }).ok).toBe(false);
    expect(parseSurveyForm(DEF, null).ok).toBe(false);
  });

  it('counts the comment length after normalising line breaks', () => {
    const max = DEF.comment.maxLength;
    expect(parseSurveyForm(DEF, { comment: 'a\r\n'.repeat(max / 2).trim() }).ok).toBe(true);
    const tooLong = parseSurveyForm(DEF, { comment: 'a'.repeat(max + 1) });
    expect(tooLong.ok).toBe(false);
    if (!tooLong.ok) expect(tooLong.errors[0]).toEqual({ field: 'comment', kind: 'commentTooLong', length: max + 1, max });
  });
});

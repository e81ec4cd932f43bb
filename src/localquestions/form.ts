import type { FormError, FormValues } from '../instrument/form.ts';
import { DONT_KNOW } from '../instrument/form.ts';
import { SCALE_MAX, SCALE_MIN } from '../instrument/instrument.ts';
import type { LocalAnswer } from './store.ts';

/**
 * The local questions' part of the survey form: one field per question, `lq_<id>` = "1".."6" or
 * "dk", blank or absent for unanswered (every question is optional, as the national ones are).
 * Parsed without knowing which questions apply: the store keeps only answers to questions that
 * apply to the meeting when the answer is stored.
 */
export const localField = (id: number) => `lq_${id}`;
const FIELD = /^lq_([1-9]\d{0,11})$/;
const VALUES = new Set([...Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => String(SCALE_MIN + i)), DONT_KNOW]);
/** More fields than this is not something our form sends. */
const MAX_FIELDS = 10;

export type LocalFormResult =
  { ok: true; answers: LocalAnswer[]; answered: boolean } | { ok: false; errors: FormError[]; answered: boolean };

export function parseLocalAnswers(body: unknown): LocalFormResult {
  const answers: LocalAnswer[] = [];
  const errors: FormError[] = [];
  if (!body || typeof body !== 'object') return { ok: true, answers, answered: false };
  for (const [field, raw] of Object.entries(body as Record<string, unknown>)) {
    const match = FIELD.exec(field);
    if (!match) continue;
    if (raw === undefined || raw === '') continue;
    if (typeof raw !== 'string' || !VALUES.has(raw)) {
      errors.push({ field, kind: 'invalidChoice', itemId: field });
      continue;
    }
    answers.push({ questionId: Number(match[1]), value: raw === DONT_KNOW ? null : Number(raw) });
  }
  if (answers.length > MAX_FIELDS)
    errors.push({
      field: localField(answers[MAX_FIELDS].questionId),
      kind: 'invalidChoice',
      itemId: localField(answers[MAX_FIELDS].questionId),
    });
  const answered = answers.length > 0;
  return errors.length > 0 ? { ok: false, errors, answered } : { ok: true, answers, answered };
}

/** Removes unusable local values, so the form is shown again without them. */
export function withoutInvalid(values: FormValues, errors: FormError[]): FormValues {
  const out = { ...values };
  for (const e of errors) if (FIELD.test(e.field)) delete out[e.field];
  return out;
}

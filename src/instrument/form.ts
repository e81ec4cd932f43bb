import { z } from 'zod';
import { stripControlCharacters } from '../validation/text.ts';
import { SCALE_MAX, SCALE_MIN, type InstrumentDefinition } from './instrument.ts';

/**
 * The survey form as posted (application/x-www-form-urlencoded, no JavaScript): one field per
 * statement (`s_<id>` = "1".."6" or "dk"), `overall` and `nav_general` ("1".."6"), `comment`, and the
 * instrument version the page was rendered with. Every question is optional; at least one must be
 * answered, so an empty click does not use up the link.
 */
export interface SurveyAnswers {
  /** One per statement in the definition's order: 1..6, or null for "don't know" or unanswered. */
  answers: (number | null)[];
  overall: number | null;
  navGeneral: number | null;
  comment: string | null;
}

/** What the user chose, as strings, to put back into the form when it is shown again. */
export type FormValues = Record<string, string>;

export type FormError =
  | { field: string; kind: 'invalidChoice'; itemId: string }
  | { field: string; kind: 'commentTooLong'; length: number; max: number }
  | { field: string; kind: 'nothingAnswered' }
  | { field: string; kind: 'instrumentChanged' };

export type FormResult = { ok: true; value: SurveyAnswers; values: FormValues } | { ok: false; errors: FormError[]; values: FormValues };

export const statementField = (id: string) => `s_${id}`;
export const OVERALL_FIELD = 'overall';
export const NAV_GENERAL_FIELD = 'nav_general';
export const COMMENT_FIELD = 'comment';
export const VERSION_FIELD = 'instrument_version';
export const DONT_KNOW = 'dk';

const SCALE_VALUES = Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => String(SCALE_MIN + i)) as [string, ...string[]];

// A missing field and an empty string both mean "not answered".
const blank = z.literal('').optional();
const statementValue = z.union([z.enum([...SCALE_VALUES, DONT_KNOW] as [string, ...string[]]), blank]);
const ratingValue = z.union([z.enum(SCALE_VALUES), blank]);

const schemas = new WeakMap<InstrumentDefinition, z.ZodType>();

/** Built once per definition: constructing a zod object per request is measurable under load. */
function schemaFor(def: InstrumentDefinition): z.ZodType {
  const cached = schemas.get(def);
  if (cached) return cached;
  const schema = buildSchema(def);
  schemas.set(def, schema);
  return schema;
}

function buildSchema(def: InstrumentDefinition) {
  const shape: Record<string, z.ZodType> = {
    [OVERALL_FIELD]: ratingValue,
    [NAV_GENERAL_FIELD]: ratingValue,
    [COMMENT_FIELD]: z.string().max(def.comment.maxLength).optional(),
    [VERSION_FIELD]: z.string().optional(),
  };
  for (const s of def.statements) shape[statementField(s.id)] = statementValue;
  // Unknown fields (e.g. a language choice) are ignored, not stored.
  return z.object(shape);
}

/**
 * Normalises line breaks so the length a person sees is the length we count, and removes control
 * characters (a pasted NUL would otherwise make the database refuse the answer): a citizen's answer
 * is cleaned, never refused for them.
 */
function normaliseComment(raw: string): string {
  return stripControlCharacters(raw.replace(/\r\n?/g, '\n')).trim();
}

/** Keeps only string fields from a parsed body; repeated or nested fields are not something our form sends. */
function toStringValues(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    out[key] = key === COMMENT_FIELD && typeof value === 'string' ? normaliseComment(value) : value;
  }
  return out;
}

/** `opts.otherAnswered`: something outside the instrument (an office's own question) was answered, so the form is not empty. */
export function parseSurveyForm(def: InstrumentDefinition, body: unknown, opts: { otherAnswered?: boolean } = {}): FormResult {
  const input = toStringValues(body);
  const values: FormValues = {};
  for (const [key, value] of Object.entries(input)) if (typeof value === 'string') values[key] = value;

  const result = schemaFor(def).safeParse(input);
  const errors: FormError[] = [];
  if (!result.success) {
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (seen.has(field)) continue;
      seen.add(field);
      if (field === COMMENT_FIELD && typeof input[COMMENT_FIELD] === 'string') {
        errors.push({ field, kind: 'commentTooLong', length: (input[COMMENT_FIELD] as string).length, max: def.comment.maxLength });
      } else {
        const itemId = field.startsWith('s_') ? field.slice(2) : field === COMMENT_FIELD ? def.comment.id : field;
        errors.push({ field, kind: 'invalidChoice', itemId });
        // Show the form again without the unusable value.
        delete values[field];
      }
    }
  }
  const version = input[VERSION_FIELD];
  if (version !== undefined && version !== String(def.version)) {
    errors.push({ field: statementField(def.statements[0].id), kind: 'instrumentChanged' });
  }
  if (errors.length > 0) return { ok: false, errors, values };

  const data = (result.success ? result.data : {}) as Record<string, string | undefined>;
  const scale = (v: string | undefined) => (v && v !== DONT_KNOW ? Number(v) : null);
  const value: SurveyAnswers = {
    answers: def.statements.map((s) => scale(data[statementField(s.id)])),
    overall: scale(data[OVERALL_FIELD]),
    navGeneral: scale(data[NAV_GENERAL_FIELD]),
    comment: data[COMMENT_FIELD] ? data[COMMENT_FIELD]! : null,
  };
  const answeredSomething =
    opts.otherAnswered === true ||
    def.statements.some((s) => Boolean(data[statementField(s.id)])) ||
    value.overall !== null ||
    value.navGeneral !== null ||
    value.comment !== null;
  if (!answeredSomething) {
    return { ok: false, errors: [{ field: statementField(def.statements[0].id), kind: 'nothingAnswered' }], values };
  }
  return { ok: true, value, values };
}

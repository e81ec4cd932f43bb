import type { z } from 'zod';
import { CONTROL_CHARACTER_MESSAGE } from '../validation/text.ts';
import type { ErrorReason, FieldCode } from './error-messages.ts';

export type { ErrorReason, FieldCode } from './error-messages.ts';

/**
 * Errors a request can end in, each with a stable code and its usual status. The code is the
 * contract (JSON `error`, tests, clients); the words come from the catalog in error-messages.ts in
 * the reader's language, so nothing here is text meant for a user.
 */
export const ERROR_STATUS = {
  invalid_input: 400,
  not_signed_in: 401,
  forbidden: 403,
  cross_site: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * One field that was refused. `message` is the developer's detail the JSON API has always given
 * (English, as zod and the schemas word it); pages show the catalog's text for `code` instead.
 */
export interface FieldProblem {
  field: string;
  message: string;
  code?: FieldCode;
  vars?: Record<string, string | number>;
}

export interface AppErrorOptions {
  /** When it differs from the code's usual status (422 for input that parsed but cannot be used). */
  status?: number;
  /** Which refusal it is, more precisely than the code: picks the sentence the reader gets. */
  reason?: ErrorReason;
  /** Placeholders of the reason's sentence. */
  vars?: Record<string, string | number>;
  fields?: FieldProblem[];
  /** The fields' messages are already in the reader's language (a page's own checks): pages show them as they are. */
  fieldsInReaderLanguage?: boolean;
  /** For developers and logs only (the JSON `detail`), never shown on a page. */
  detail?: string;
  /** Extra members of the JSON body, e.g. retry_after_seconds. */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** An error the request ends in; the one error handler (error-handler.tsx) answers it as a page or as JSON. */
export class AppError extends Error {
  readonly statusCode: number;
  readonly fields: FieldProblem[];

  constructor(
    readonly code: ErrorCode,
    readonly options: AppErrorOptions = {},
  ) {
    super(options.detail ?? options.reason ?? code);
    this.name = 'AppError';
    this.statusCode = options.status ?? ERROR_STATUS[code];
    this.fields = options.fields ?? [];
  }

  get reason(): ErrorReason | undefined {
    return this.options.reason;
  }
}

/** A refused field, for the common case of a code the pages can word. */
export function fieldProblem(field: string, code: FieldCode, message: string, vars?: Record<string, string | number>): FieldProblem {
  return vars ? { field, code, message, vars } : { field, code, message };
}

/** The field problem(s) one zod issue stands for, with a code the pages word in the reader's language. */
export function fieldProblemsOf(issue: z.core.$ZodIssue, prefix: Array<string | number> = []): FieldProblem[] {
  const path = [...prefix, ...issue.path.map((p) => String(p))];
  const field = path.join('.') || '(body)';
  const at = (code: FieldCode, vars?: Record<string, string | number>) => [fieldProblem(field, code, issue.message, vars)];
  switch (issue.code) {
    case 'invalid_type':
      return at(/received undefined$/.test(issue.message) ? 'required' : 'wrong_type');
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return at(min <= 1 ? 'required' : 'too_short', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return at('too_few', { min });
      return at('too_small', { min });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return at('too_long', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return at('too_many', { max });
      return at('too_big', { max });
    }
    case 'invalid_value':
      return at('not_one_of', { values: issue.values.map((v) => String(v)).join(', ') });
    case 'invalid_format':
      return at('bad_format');
    case 'unrecognized_keys':
      // Each unknown key is a field of its own, so the reader (and the client) sees which.
      return issue.keys.map((key) => fieldProblem([...path, key].join('.'), 'unknown_field', `unrecognized key "${key}"`));
    case 'custom': {
      // A refinement names its code in params ({ params: { code: 'not_fixed_period' } }) when a page should word it.
      const named = (issue.params as { code?: FieldCode } | undefined)?.code;
      return at(named ?? (issue.message === CONTROL_CHARACTER_MESSAGE ? 'control_characters' : 'invalid'));
    }
    default:
      return at('invalid');
  }
}

/** Parses input with one schema; on failure `invalid_input` (400, or the given status) naming every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, status = 400): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError('invalid_input', { status, fields: result.error.issues.flatMap((issue) => fieldProblemsOf(issue)) });
}

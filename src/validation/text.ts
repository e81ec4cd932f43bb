import { z } from 'zod';

/**
 * The one building block for text that comes in from outside (API, forms, imports). PostgreSQL
 * refuses a NUL byte in text, and other control characters (C0, DEL, C1) have no business in a
 * name, an id or a statement: they hide text, break CSV exports and terminals. So single-line text
 * refuses them all; free text (comments, reasons) keeps tab and line breaks and refuses the rest.
 * Citizen text is never refused for this: it is cleaned with `stripControlCharacters`.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_EXCEPT_LINE_BREAKS_AND_TAB = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_LINE_BREAKS_AND_TAB_ALL = new RegExp(CONTROL_EXCEPT_LINE_BREAKS_AND_TAB.source, 'g');

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters';

export function hasControlCharacter(value: string, opts: { multiline?: boolean } = {}): boolean {
  return (opts.multiline ? CONTROL_EXCEPT_LINE_BREAKS_AND_TAB : CONTROL).test(value);
}

/** Removes control characters but keeps tab and line breaks: for text a citizen wrote, which is never lost. */
export function stripControlCharacters(value: string): string {
  return value.replace(CONTROL_EXCEPT_LINE_BREAKS_AND_TAB_ALL, '');
}

/** A name, an id, a title: no control characters at all. Chain `.trim().min().max()` as with `z.string()`. */
export function singleLineText() {
  return z.string().refine((v) => !CONTROL.test(v), CONTROL_CHARACTER_MESSAGE);
}

/** Free text an employee writes (a reason, a note): tab and line breaks allowed, other controls refused. */
export function multilineText() {
  return z.string().refine((v) => !CONTROL_EXCEPT_LINE_BREAKS_AND_TAB.test(v), CONTROL_CHARACTER_MESSAGE);
}

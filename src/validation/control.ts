/**
 * Control characters in text that comes in from outside. PostgreSQL refuses a NUL byte in text, and
 * other control characters (C0, DEL, C1) have no business in a name, an id or a statement: they
 * hide text, break CSV exports and terminals. So single-line text refuses them all; free text
 * (comments, reasons) keeps tab and line breaks and refuses the rest. Citizen text is never refused
 * for this: it is cleaned with `stripControlCharacters`. Without zod (text.ts builds the schemas),
 * so the file parsers of the command line load nothing more.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above
export const CONTROL_EXCEPT_LINE_BREAKS_AND_TAB = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_LINE_BREAKS_AND_TAB_ALL = new RegExp(CONTROL_EXCEPT_LINE_BREAKS_AND_TAB.source, 'g');

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters';

export function hasControlCharacter(value: string, opts: { multiline?: boolean } = {}): boolean {
  return (opts.multiline ? CONTROL_EXCEPT_LINE_BREAKS_AND_TAB : CONTROL).test(value);
}

/** Removes control characters but keeps tab and line breaks: for text a citizen wrote, which is never lost. */
export function stripControlCharacters(value: string): string {
  return value.replace(CONTROL_EXCEPT_LINE_BREAKS_AND_TAB_ALL, '');
}

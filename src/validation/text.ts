import { z } from 'zod';
import { CONTROL, CONTROL_CHARACTER_MESSAGE, CONTROL_EXCEPT_LINE_BREAKS_AND_TAB } from './control.ts';

export { CONTROL_CHARACTER_MESSAGE, hasControlCharacter, stripControlCharacters } from './control.ts';

/**
 * The one building block for text that comes in from outside (API, forms, imports): the checks of
 * control.ts as zod schemas.
 */

/** A name, an id, a title: no control characters at all. Chain `.trim().min().max()` as with `z.string()`. */
export function singleLineText() {
  return z.string().refine((v) => !CONTROL.test(v), CONTROL_CHARACTER_MESSAGE);
}

/** Free text an employee writes (a reason, a note): tab and line breaks allowed, other controls refused. */
export function multilineText() {
  return z.string().refine((v) => !CONTROL_EXCEPT_LINE_BREAKS_AND_TAB.test(v), CONTROL_CHARACTER_MESSAGE);
}

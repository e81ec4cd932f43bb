import { Button } from '@navikt/ds-react';
import { z } from 'zod';

/**
 * The scrubber's choice on every form where an employee writes free text (a session's theme and notes,
 * a discussion topic, a competence activity, a private note): when it finds what may identify someone,
 * the form comes back with a warning and two buttons, "edit first" (submits as before, warned again if
 * nothing changed) and "save anyway", which sends `confirm=anyway`. One field name and one schema, so
 * a JSON client learns it once.
 */
export const CONFIRM_ANYWAY = 'anyway';
export const confirmAnyway = z.literal(CONFIRM_ANYWAY).optional();

export function ScrubSubmit({ warned, submit, editFirst, anyway }: { warned: boolean; submit: string; editFirst: string; anyway: string }) {
  if (!warned) return <Button type="submit">{submit}</Button>;
  return (
    <>
      <Button type="submit">{editFirst}</Button>
      <Button type="submit" name="confirm" value={CONFIRM_ANYWAY} variant="secondary">
        {anyway}
      </Button>
    </>
  );
}

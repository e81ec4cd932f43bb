import { isWithin, officeOf, type Actor, type UnitTree } from '../access/scope.ts';
import type { CompetenceForm } from '../db/schema.ts';
import { periodOf, type PeriodKind } from '../time/periods.ts';
import { scrubComment } from '../validation/scrub.ts';

/**
 * The office's competence activities, the pure part: the forms an activity takes, its area tags, who
 * may read and who may write an office's register, the scrubber's look at its free text, and how
 * activities become marks on the office's results over time.
 */

/** Fagmøte (an office meeting, e.g. on a law change), case forum, mentor scheme for new staff, course, kollegaveiledning, other. */
export const FORMS = [
  'fagmote',
  'case_forum',
  'mentor',
  'course',
  'peer_supervision',
  'other',
] as const satisfies readonly CompetenceForm[];

/** The free-text fields of an activity, each looked at by the comment scrubber before it is saved. */
export const FREE_TEXT_FIELDS = ['title', 'led_by', 'target_group', 'expected_outcome', 'observed_outcome'] as const;
export type FreeTextField = (typeof FREE_TEXT_FIELDS)[number];

const activeOffices = (tree: UnitTree) => [...tree.values()].filter((u) => u.kind === 'office' && u.active);

/**
 * Offices whose register the actor writes: those within a unit they lead (the office itself, or the
 * offices of a county they lead). A team's leader reads their office's register but does not write it;
 * administrators and analysts neither write nor read it (it is the office's learning, not a steering figure).
 */
export function editableOffices(actor: Actor, tree: UnitTree): string[] {
  return activeOffices(tree)
    .filter((o) => actor.leaderOf.some((root) => isWithin(tree, o.id, root)))
    .map((o) => o.id)
    .sort();
}

/** Offices whose register the actor reads: the ones they write, and the office they work in (its staff learn from it). */
export function readableOffices(actor: Actor, tree: UnitTree): string[] {
  const own = officeOf(tree, actor.unitId);
  const ids = new Set(editableOffices(actor, tree));
  if (own?.active) ids.add(own.id);
  return [...ids].sort((a, b) => (tree.get(a)?.name ?? a).localeCompare(tree.get(b)?.name ?? b, 'nb'));
}

export const mayEdit = (actor: Actor, tree: UnitTree, officeId: string) => editableOffices(actor, tree).includes(officeId);
export const mayRead = (actor: Actor, tree: UnitTree, officeId: string) => readableOffices(actor, tree).includes(officeId);

/**
 * The free-text fields the comment scrubber would change: an identity number, a phone number, an
 * e-mail address or another long number (taushetsplikt). Names are not looked for: an activity names
 * the colleague who leads it, and staff are not users.
 */
export function scrubFindings(values: Partial<Record<FreeTextField, string | null | undefined>>): FreeTextField[] {
  return FREE_TEXT_FIELDS.filter((field) => {
    const text = values[field];
    return typeof text === 'string' && text !== '' && scrubComment(text) !== text;
  });
}

export interface ActivityMarkInput {
  id: number;
  heldOn: string;
}

/**
 * The activities of the periods a chart shows, numbered 1, 2, … by date (then by id), each with the
 * fixed period (of the chart's kind) its date falls in; activities outside those periods are left out.
 */
export function numberedMarks<A extends ActivityMarkInput>(
  activities: readonly A[],
  periods: readonly string[],
  kind: PeriodKind,
): Array<A & { number: number; period: string }> {
  const shown = new Set(periods);
  return activities
    .map((a) => ({ ...a, period: periodOf(`${a.heldOn.slice(0, 7)}-01`, kind).key }))
    .filter((a) => shown.has(a.period))
    .sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.id - b.id)
    .map((a, i) => ({ ...a, number: i + 1 }));
}

/** Per period, the numbers of its activities ("1, 2"), for the chart's marks. */
export function marksPerPeriod(marks: ReadonlyArray<{ number: number; period: string }>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of marks) out.set(m.period, [...(out.get(m.period) ?? []), m.number]);
  return out;
}

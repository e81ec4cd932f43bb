import { addMonths, lastPeriods, parsePeriodKey, type Period } from '../time/periods.ts';
import { MARKERS, scrubComment, type NameMatcher } from '../validation/scrub.ts';

/**
 * The pure rules of the private notes: which periods a note may be tied to, and what the comment
 * scrubber finds in a text before it is saved (taushetsplikt: a note should hold nothing that
 * identifies a user).
 */

export const NOTE_MAX_LENGTH = 5000;

/** What the scrubber would remove, by kind; empty when the text holds none of it. */
export type Finding = 'idNumber' | 'phone' | 'name' | 'email' | 'number';
const KINDS: Finding[] = ['idNumber', 'phone', 'name', 'email', 'number'];

/**
 * Runs the comment scrubber (validation/scrub.ts) with the employees' names and reports which of its
 * markers appear that the text did not already hold: the kinds of identifying detail it found.
 */
export function findIdentifying(text: string, names: NameMatcher): Finding[] {
  const scrubbed = scrubComment(text, names);
  if (scrubbed === text) return [];
  const count = (s: string, marker: string) => s.split(marker).length - 1;
  return KINDS.filter((kind) => count(scrubbed, MARKERS[kind]) > count(text, MARKERS[kind]));
}

/**
 * The periods offered for a new note, newest first within each kind: the last six tertials, the last
 * twelve months and the last three years, as /me shows them. `month`: the current month (YYYY-MM-01).
 */
export function periodChoices(month: string): { tertial: Period[]; month: Period[]; year: Period[] } {
  return {
    tertial: lastPeriods(month, 'tertial', 6).reverse(),
    month: lastPeriods(month, 'month', 12).reverse(),
    year: lastPeriods(month, 'year', 3).reverse(),
  };
}

/**
 * A period a note may be tied to: a fixed period (periods.ts) that has begun by the current month and
 * has not ended before the retention cutoff (its results are gone by then). Null otherwise.
 */
export function notePeriod(key: string, month: string, retentionMonths: number): Period | null {
  const period = parsePeriodKey(key);
  if (!period) return null;
  if (period.from > month) return null;
  if (period.to <= addMonths(month, -retentionMonths)) return null;
  return period;
}

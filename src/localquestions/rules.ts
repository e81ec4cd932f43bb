import { z } from 'zod';
import { singleLineText } from '../validation/text.ts';
import type { Lang } from '../i18n/index.ts';
import type { Actor, UnitTree } from '../access/scope.ts';
import type { LocalQuestionStatus } from '../db/schema.ts';
import { addMonths } from '../time/periods.ts';
import { fieldProblem, type FieldProblem } from '../core/errors.ts';

/**
 * Office and county questions, the pure rules. A question is one agreement statement on the
 * national instrument's 1..6 scale with "don't know", asked for the meetings of one office (or of
 * every office in one county) during a window of whole months.
 *
 * Why whole months: the survey shows a question by the meeting's month, the answer is stored with
 * that month (as the response is), and results are reported per fixed period (month, tertial, year).
 * With month windows every answer of a question falls inside its window and every period is either
 * inside it or not, so no period mixes "asked" and "not asked" days. A question ended early stops
 * being shown at once, and its window then ends with that month.
 *
 * The cap (PRODUCT.md: "bounded, max 3 extra items"), checked for every month of a window:
 *  - per owner: at most 3 approved questions of one office (or one county) cover any month;
 *  - per survey: at most 3 local questions appear on one survey, counting the office's own and its
 *    county's questions that cover the month — so a county question can only be approved if every
 *    office in the county has room for it.
 * The per-owner cap is checked when a question is proposed, both when it is approved (under a
 * lock, so two approvals cannot together break it). Pending proposals do not count: the reviewer
 * may reject them. The survey also never shows more than 3, whatever the data says.
 */

export const MAX_LOCAL_QUESTIONS = 3;
/** Longest window, in months: a question is reviewed again (as a new proposal) at least yearly. */
export const MAX_WINDOW_MONTHS = 12;
/** How far ahead a window may start. */
export const MAX_LEAD_MONTHS = 12;
export const MAX_TEXT_LENGTH = 300;

export type LocalText = { nb: string; nn?: string; en?: string };

/** The text in the reader's language, bokmål when that translation is missing. */
export function textIn(text: LocalText, lang: Lang): string {
  return (lang !== 'nb' ? text[lang] : undefined) || text.nb;
}

// ----- Months (YYYY-MM-01) -----

const MONTH_INPUT = /^(\d{4})-(0[1-9]|1[0-2])(?:-01)?$/;

export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

export { addMonths };

/** Every month from `from` to `to`, both included (empty when to < from). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthFromIndex(i));
  return out;
}

/** "2026-05" (as an HTML month field sends it) or "2026-05-01" → "2026-05-01". */
const monthInput = z
  .string()
  .trim()
  .regex(MONTH_INPUT, 'expected a month as YYYY-MM')
  .transform((v) => `${v.slice(0, 7)}-01`);

const optionalText = singleLineText()
  .trim()
  .max(MAX_TEXT_LENGTH, `at most ${MAX_TEXT_LENGTH} characters`)
  .optional()
  .transform((v) => (v ? v : undefined));

/** The proposal as a form or JSON sends it. Field names are the ones the 400 answer names. */
export const proposalSchema = z.object({
  owner_unit_id: singleLineText().trim().min(1, 'choose the office or county'),
  text_nb: singleLineText()
    .trim()
    .min(1, 'the statement in bokmål is required')
    .max(MAX_TEXT_LENGTH, `at most ${MAX_TEXT_LENGTH} characters`),
  text_nn: optionalText,
  text_en: optionalText,
  start_month: monthInput,
  end_month: monthInput,
});

export type ProposalInput = z.infer<typeof proposalSchema>;

/** Window rules against today's month: not in the past, not too far ahead, not too long. */
export function windowProblems(input: { start_month: string; end_month: string }, currentMonth: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const start = monthIndex(input.start_month);
  const end = monthIndex(input.end_month);
  const now = monthIndex(currentMonth);
  if (start < now) problems.push(fieldProblem('start_month', 'month_over', 'cannot start in a month that is over'));
  if (start > now + MAX_LEAD_MONTHS)
    problems.push(fieldProblem('start_month', 'start_too_far', `must start within ${MAX_LEAD_MONTHS} months`, { max: MAX_LEAD_MONTHS }));
  if (end < start) problems.push(fieldProblem('end_month', 'before_start', 'must not be before the start month'));
  else if (end - start + 1 > MAX_WINDOW_MONTHS)
    problems.push(
      fieldProblem('end_month', 'window_too_long', `a question runs at most ${MAX_WINDOW_MONTHS} months`, { max: MAX_WINDOW_MONTHS }),
    );
  return problems;
}

// ----- Who may do what -----

export { ownedUnits, type OwnerKind } from '../access/scope.ts';

/**
 * May the actor manage (propose, withdraw, end) and read the results of questions owned by this
 * unit? Only the office's own leaders, or the county's own analysts. Not administrators (they
 * review proposals, but an office's answers are for the office), not national analysts, not
 * leaders of a team or of another office.
 */
export function canManage(actor: Actor, tree: UnitTree, ownerUnitId: string): boolean {
  const unit = tree.get(ownerUnitId);
  if (!unit) return false;
  if (unit.kind === 'office') return actor.leaderOf.includes(ownerUnitId);
  if (unit.kind === 'county') return actor.countyAnalystOf.includes(ownerUnitId);
  return false;
}

/** The owners whose questions appear together on one survey, for each survey a question can be on. */
export function audiencesOf(tree: UnitTree, ownerUnitId: string): string[][] {
  const owner = tree.get(ownerUnitId);
  if (!owner) return [];
  if (owner.kind === 'office') {
    const county = owner.parent_id ? tree.get(owner.parent_id) : undefined;
    return [county?.kind === 'county' ? [owner.id, county.id] : [owner.id]];
  }
  const offices = [...tree.values()].filter((u) => u.kind === 'office' && u.parent_id === owner.id && u.active);
  return offices.length > 0 ? offices.map((o) => [o.id, owner.id]) : [[owner.id]];
}

// ----- Windows and the cap -----

export interface WindowedQuestion {
  id: number;
  owner_unit_id: string;
  status: LocalQuestionStatus;
  start_month: string;
  end_month: string;
}

/** Months in which a question is (or was) asked; null for proposals and refused or withdrawn ones. */
export function effectiveWindow(q: WindowedQuestion): { start: string; end: string } | null {
  if (q.status !== 'approved' && q.status !== 'ended') return null;
  if (monthIndex(q.end_month) < monthIndex(q.start_month)) return null;
  return { start: q.start_month, end: q.end_month };
}

export type CapViolation = { rule: 'per_owner' | 'per_survey'; month: string; owners: string[]; count: number };

/**
 * The first month in which adding `candidate` would put more than MAX_LOCAL_QUESTIONS on one
 * owner (per_owner) or on one survey (per_survey, for each audience given), or null if it fits.
 * Pass no audiences to check the per-owner cap only.
 */
export function capViolation(
  candidate: { id?: number; owner_unit_id: string; start_month: string; end_month: string },
  existing: WindowedQuestion[],
  audiences: string[][],
): CapViolation | null {
  const others = existing
    .filter((q) => q.id !== candidate.id)
    .map((q) => ({ owner: q.owner_unit_id, window: effectiveWindow(q) }))
    .filter((q): q is { owner: string; window: { start: string; end: string } } => q.window !== null);
  const covering = (month: string, owners: string[]) =>
    others.filter((q) => owners.includes(q.owner) && q.window.start <= month && month <= q.window.end).length;
  for (const month of monthsBetween(candidate.start_month, candidate.end_month)) {
    const own = covering(month, [candidate.owner_unit_id]) + 1;
    if (own > MAX_LOCAL_QUESTIONS) return { rule: 'per_owner', month, owners: [candidate.owner_unit_id], count: own };
    for (const owners of audiences) {
      const onSurvey = covering(month, owners) + 1;
      if (onSurvey > MAX_LOCAL_QUESTIONS) return { rule: 'per_survey', month, owners, count: onSurvey };
    }
  }
  return null;
}

/** The violation as a refused start month: the English detail for the API, a code and numbers for pages. */
export function violationProblem(v: CapViolation): FieldProblem {
  return fieldProblem('start_month', v.rule === 'per_owner' ? 'cap_owner' : 'cap_survey', describeViolation(v), {
    count: v.count,
    month: v.month.slice(0, 7),
    max: MAX_LOCAL_QUESTIONS,
  });
}

export function describeViolation(v: CapViolation): string {
  const month = v.month.slice(0, 7);
  return v.rule === 'per_owner'
    ? `${v.owners[0]} would have ${v.count} questions in ${month}; at most ${MAX_LOCAL_QUESTIONS}`
    : `a survey for ${v.owners[0]} would show ${v.count} local questions in ${month}; at most ${MAX_LOCAL_QUESTIONS}`;
}

// ----- Transitions -----

export type Transition = 'approve' | 'reject' | 'withdraw' | 'end';

/** The status a question moves to, or null when the transition does not apply to its status. */
export function nextStatus(status: LocalQuestionStatus, transition: Transition): LocalQuestionStatus | null {
  if (status === 'pending') {
    if (transition === 'approve') return 'approved';
    if (transition === 'reject') return 'rejected';
    if (transition === 'withdraw') return 'withdrawn';
  }
  if (status === 'approved' && transition === 'end') return 'ended';
  return null;
}

/**
 * The window after ending early in `currentMonth`: it closes with this month; a question that had
 * not started yet never runs (its end month falls before its start, and it covers no month).
 */
export function endedWindow(q: { start_month: string; end_month: string }, currentMonth: string): { end_month: string } {
  if (monthIndex(currentMonth) < monthIndex(q.start_month)) return { end_month: addMonths(q.start_month, -1) };
  return { end_month: monthIndex(currentMonth) < monthIndex(q.end_month) ? currentMonth : q.end_month };
}

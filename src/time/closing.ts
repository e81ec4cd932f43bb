import { addMonths, monthStartOf, periodOf, type Period, type PeriodKind } from './periods.ts';
import { zonedTimeToInstant } from './zone.ts';

/**
 * When a month's answers are final, and so when a period closes. Pure.
 *
 * Figures are computed only from final months and shown only for closed periods: a figure that
 * grows with each new answer would let a reader who comes back read each answer off the change (a
 * counselor refreshing their page the day after a meeting). A month is final once no answer for
 * it can still arrive: a meeting may be reported up to MAX_MEETING_AGE_DAYS late, its link works
 * LINK_EXPIRY_DAYS, and two days cover the invitation delay and quiet hours. The dispatch rules cap
 * every link at its month's final moment, so this is a guarantee and not an estimate.
 */

export interface ClosingRules {
  timeZone: string;
  maxMeetingAgeDays: number;
  linkExpiryDays: number;
}

export const FINAL_MARGIN_DAYS = 2;

export function closingRulesOf(config: { TIME_ZONE: string; MAX_MEETING_AGE_DAYS: number; LINK_EXPIRY_DAYS: number }): ClosingRules {
  return { timeZone: config.TIME_ZONE, maxMeetingAgeDays: config.MAX_MEETING_AGE_DAYS, linkExpiryDays: config.LINK_EXPIRY_DAYS };
}

/** Days after a month ends until its answers are final. */
export function finalLagDays(rules: ClosingRules): number {
  return rules.maxMeetingAgeDays + rules.linkExpiryDays + FINAL_MARGIN_DAYS;
}

/** The moment `month`'s answers are final: local midnight, finalLagDays after the month ends. */
export function monthFinalAt(month: string, rules: ClosingRules): Date {
  const next = addMonths(month, 1);
  return zonedTimeToInstant(
    { year: Number(next.slice(0, 4)), month: Number(next.slice(5, 7)), day: 1 + finalLagDays(rules), hour: 0, minute: 0 },
    rules.timeZone,
  );
}

export function isMonthFinal(month: string, now: Date, rules: ClosingRules): boolean {
  return monthFinalAt(month, rules).getTime() <= now.getTime();
}

/** The last month whose answers are final at `now` (YYYY-MM-01). */
export function lastFinalMonth(now: Date, rules: ClosingRules): string {
  let month = monthStartOf(now, rules.timeZone);
  while (!isMonthFinal(month, now, rules)) month = addMonths(month, -1);
  return month;
}

/** A period is closed once its last month is final; only closed periods carry figures. */
export function isClosed(period: Pick<Period, 'to'>, now: Date, rules: ClosingRules): boolean {
  return isMonthFinal(addMonths(period.to, -1), now, rules);
}

/** The latest closed period of a kind at `now`. */
export function latestClosed(kind: PeriodKind, now: Date, rules: ClosingRules): Period {
  let period = periodOf(lastFinalMonth(now, rules), kind);
  while (!isClosed(period, now, rules)) period = periodOf(addMonths(period.from, -1), kind);
  return period;
}

/** When `period` closes (its last month becomes final). */
export function closesAt(period: Pick<Period, 'to'>, rules: ClosingRules): Date {
  return monthFinalAt(addMonths(period.to, -1), rules);
}

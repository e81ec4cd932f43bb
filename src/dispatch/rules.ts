import type { Config } from '../core/config.ts';
import { zonedParts, zonedTimeToInstant } from '../time/zone.ts';
import { monthFinalAt } from '../time/closing.ts';
import { monthStartOf } from '../time/periods.ts';

/**
 * The invitation rules as pure functions: no database, no clock, no network. The scheduler and
 * the worker feed them facts (times, opt-outs, quarantine) and act on the answer.
 */

/** Every reason a registered meeting gets no invitation, in the order decideInvitation checks them (tables show them in this order). */
export const EXCLUSION_REASONS = [
  'sensitive',
  'protected_address',
  'under_18',
  'no_contact',
  'too_old',
  'opted_out',
  'quarantine',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface InvitationRules {
  inviteDelayMinutes: number;
  quietHoursStart: number;
  quietHoursEnd: number;
  timeZone: string;
  recontactQuarantineDays: number;
  reminderAfterDays: number;
  remindersEnabled: boolean;
  linkExpiryDays: number;
  maxMeetingAgeDays: number;
  maxDeliveryAttempts: number;
}

export function rulesFromConfig(config: Config): InvitationRules {
  return {
    inviteDelayMinutes: config.INVITE_DELAY_MINUTES,
    quietHoursStart: config.QUIET_HOURS_START,
    quietHoursEnd: config.QUIET_HOURS_END,
    timeZone: config.TIME_ZONE,
    recontactQuarantineDays: config.RECONTACT_QUARANTINE_DAYS,
    reminderAfterDays: config.REMINDER_AFTER_DAYS,
    remindersEnabled: config.REMINDERS_ENABLED,
    linkExpiryDays: config.LINK_EXPIRY_DAYS,
    maxMeetingAgeDays: config.MAX_MEETING_AGE_DAYS,
    maxDeliveryAttempts: config.MAX_DELIVERY_ATTEMPTS,
  };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface EligibilityFacts {
  startsAt: Date;
  sensitive: boolean;
  protectedAddress: boolean;
  ageBand: string | null;
  hasContact: boolean;
  /** Any of the person's contact keys has opted out. */
  optedOut: boolean;
  /** Latest planned send time of an earlier invitation to any of the person's contact keys. */
  lastInvitedAt: Date | null;
}

export type Decision =
  { invited: true; sendAt: Date; reminderAt: Date | null; expiresAt: Date } | { invited: false; reason: ExclusionReason };

/**
 * Decides whether a meeting gets an invitation and when. Exclusions are checked in a fixed order
 * so the recorded reason is stable: what the meeting is comes first, then the person's choices.
 */
export function decideInvitation(facts: EligibilityFacts, now: Date, rules: InvitationRules): Decision {
  if (facts.sensitive) return { invited: false, reason: 'sensitive' };
  if (facts.protectedAddress) return { invited: false, reason: 'protected_address' };
  if (facts.ageBand === 'under_18') return { invited: false, reason: 'under_18' };
  if (!facts.hasContact) return { invited: false, reason: 'no_contact' };
  if (isTooOld(facts.startsAt, now, rules)) return { invited: false, reason: 'too_old' };
  if (facts.optedOut) return { invited: false, reason: 'opted_out' };
  const sendAt = sendTime(facts.startsAt, now, rules);
  if (facts.lastInvitedAt && inQuarantine(facts.lastInvitedAt, sendAt, rules)) return { invited: false, reason: 'quarantine' };
  const expiresAt = expiryTime(sendAt, monthStartOf(facts.startsAt, rules.timeZone), rules);
  // A link that would close before it opens (the month's answers are final by then) is not sent.
  if (expiresAt.getTime() <= sendAt.getTime()) return { invited: false, reason: 'too_old' };
  return { invited: true, sendAt, reminderAt: reminderTime(sendAt, expiresAt, rules), expiresAt };
}

/** A meeting reported long after it took place is not worth asking about: the user will not remember it. */
export function isTooOld(startsAt: Date, now: Date, rules: InvitationRules): boolean {
  return now.getTime() - startsAt.getTime() > rules.maxMeetingAgeDays * DAY;
}

/** The delay after the meeting, never in the past, moved out of quiet hours. */
export function sendTime(startsAt: Date, now: Date, rules: InvitationRules): Date {
  const earliest = Math.max(startsAt.getTime() + rules.inviteDelayMinutes * MINUTE, now.getTime());
  return outOfQuietHours(new Date(earliest), rules);
}

/** Both sides of the comparison are planned send times, so arrival order of meetings does not matter. */
export function inQuarantine(lastInvitedAt: Date, sendAt: Date, rules: InvitationRules): boolean {
  return Math.abs(sendAt.getTime() - lastInvitedAt.getTime()) < rules.recontactQuarantineDays * DAY;
}

/**
 * LINK_EXPIRY_DAYS after sending, but never after the moment the meeting's month is final
 * (time/closing.ts): once a month's figures are out, no answer may change them.
 */
export function expiryTime(sentAt: Date, meetingMonth: string, rules: InvitationRules): Date {
  const final = monthFinalAt(meetingMonth, rules);
  return new Date(Math.min(sentAt.getTime() + rules.linkExpiryDays * DAY, final.getTime()));
}

/** One reminder, some days after sending, out of quiet hours; none if it would come after the link expires. */
export function reminderTime(sentAt: Date, expiresAt: Date, rules: InvitationRules): Date | null {
  if (!rules.remindersEnabled) return null;
  const at = outOfQuietHours(new Date(sentAt.getTime() + rules.reminderAfterDays * DAY), rules);
  return at.getTime() < expiresAt.getTime() ? at : null;
}

/** Exponential backoff for transport failures: 1, 2, 4 … minutes (from `firstMs`, DELIVERY_RETRY_SECONDS), capped at 6 hours. */
export function retryDelayMs(attempts: number, firstMs = MINUTE): number {
  return Math.min(firstMs * 2 ** Math.max(0, attempts - 1), 6 * 60 * MINUTE);
}

export function isQuietHour(hour: number, rules: Pick<InvitationRules, 'quietHoursStart' | 'quietHoursEnd'>): boolean {
  const { quietHoursStart: start, quietHoursEnd: end } = rules;
  if (start === end) return false; // equal bounds: no quiet hours
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/** Moves an instant inside quiet hours (local time in the configured zone) to the end of them. */
export function outOfQuietHours(at: Date, rules: InvitationRules): Date {
  if (rules.quietHoursStart === rules.quietHoursEnd) return at;
  const local = zonedParts(at, rules.timeZone);
  if (!isQuietHour(local.hour, rules)) return at;
  // Quiet hours that wrap midnight end tomorrow when we are in the evening part.
  const endsTomorrow = rules.quietHoursStart > rules.quietHoursEnd && local.hour >= rules.quietHoursStart;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
  return zonedTimeToInstant(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: rules.quietHoursEnd, minute: 0 },
    rules.timeZone,
  );
}

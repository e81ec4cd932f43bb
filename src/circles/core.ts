import { fieldProblem, type FieldProblem } from '../core/errors.ts';
import type { CircleStructure } from '../db/schema.ts';
import { GROUP_MAX, GROUP_MIN } from '../consent/group-size.ts';

/**
 * Kollegaveiledning, the pure part: the rules a group and a session must keep, the agenda of each
 * session structure, and the calendar file (RFC 5545) members get by e-mail.
 */

/** A kollegaveiledning group has three to eight members (issue 15), all of one office; the sizes are src/consent's. */
export { GROUP_MAX, GROUP_MIN } from '../consent/group-size.ts';

export const STRUCTURES = ['case', 'feedback_theme', 'rule_or_tool'] as const satisfies readonly CircleStructure[];

/** The steps of each structure, shown as a short agenda on the session (keys of the catalog). */
export const STRUCTURE_STEPS: Record<CircleStructure, readonly string[]> = {
  case: ['case_presentation', 'case_questions', 'case_reflection', 'case_response', 'case_takeaway'],
  feedback_theme: ['feedback_statement', 'feedback_talk', 'feedback_try'],
  rule_or_tool: ['rule_what', 'rule_practice', 'rule_next'],
};

/**
 * The members of a new group: the creator and the colleagues picked, 3–8 in all, each in the
 * creator's office. `officeOf` gives each employee's office (null: in none).
 */
export function checkNewGroup(input: {
  creatorId: string;
  memberIds: readonly string[];
  officeOf: (id: string) => string | null;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const office = input.officeOf(input.creatorId);
  if (office === null) return [fieldProblem('name', 'not_in_office', 'you are not in an office, so you cannot create a group')];
  const members = new Set([input.creatorId, ...input.memberIds]);
  const strangers = [...members].filter((id) => input.officeOf(id) !== office);
  if (strangers.length > 0) problems.push(fieldProblem('members', 'not_office_colleague', 'not in your office'));
  if (members.size < GROUP_MIN || members.size > GROUP_MAX) {
    problems.push(
      fieldProblem('members', 'group_size', `a group has ${GROUP_MIN} to ${GROUP_MAX} members, you included`, {
        min: GROUP_MIN,
        max: GROUP_MAX,
        count: members.size,
      }),
    );
  }
  return problems;
}

/** A planned session: the facilitator is a current member, the end after the start, the start ahead, a place or a link. */
export function checkSession(input: {
  facilitatorId: string;
  memberIds: readonly string[];
  startsAt: Date;
  endsAt: Date;
  now: Date;
  place: string | null;
  videoLink: string | null;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.memberIds.length < GROUP_MIN) {
    problems.push(
      fieldProblem('members', 'group_size', `a group has ${GROUP_MIN} to ${GROUP_MAX} members`, {
        min: GROUP_MIN,
        max: GROUP_MAX,
        count: input.memberIds.length,
      }),
    );
  }
  if (!input.memberIds.includes(input.facilitatorId))
    problems.push(fieldProblem('facilitator_id', 'facilitator_not_member', 'the facilitator must be a member'));
  if (input.startsAt.getTime() <= input.now.getTime())
    problems.push(fieldProblem('date', 'in_the_past', 'the session must start in the future'));
  if (input.endsAt.getTime() <= input.startsAt.getTime())
    problems.push(fieldProblem('ends', 'ends_before_start', 'must be after the start'));
  if (input.place === null && input.videoLink === null)
    problems.push(fieldProblem('place', 'place_or_link', 'give a place or a video link'));
  return problems;
}

// ----- iCalendar (RFC 5545) -----

/** TEXT values: backslash, semicolon and comma escaped, line breaks as \n (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value (CN=…): quoted, without the characters a quoted value cannot hold. */
const paramValue = (value: string) => `"${value.replace(/["\r\n]/g, '')}"`;

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): CRLF and one space before each continuation,
 * never inside a UTF-8 character.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // a continuation starts with a space, which counts
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** UTC in the basic format: 20260312T090000Z. */
export const icsTime = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export interface CalendarEvent {
  method: 'REQUEST' | 'CANCEL';
  /** Stable for the session: the same on the invitation and its cancellation. */
  uid: string;
  sequence: number;
  stamp: Date;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  organizer: { name: string; email: string };
  attendees: Array<{ name: string; email: string }>;
}

/** The calendar file of one session: one VEVENT, times in UTC (no VTIMEZONE needed), CRLF line ends. */
export function calendarFile(event: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Brukerstemme//Kollegaveiledning//NO',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${icsTime(event.stamp)}`,
    `DTSTART:${icsTime(event.startsAt)}`,
    `DTEND:${icsTime(event.endsAt)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.url ? [`URL:${event.url}`] : []),
    `ORGANIZER;CN=${paramValue(event.organizer.name)}:mailto:${event.organizer.email}`,
    ...event.attendees.map(
      (a) => `ATTENDEE;CN=${paramValue(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${a.email}`,
    ),
    `STATUS:${event.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

// ----- "Drøft en sak" and the group's session notes -----

/**
 * How long a discussion request stays: it is a notice, not a task, so it has no deadline and goes
 * away on its own (seed 001: nothing in Brukerstemme should pile up as work with a due date).
 */
export const DISCUSSION_RETENTION_DAYS = 60;
export const TOPIC_MAX = 200;
export const NOTE_MAX = 4000;

/** Whom a request goes to, as the form sends it: `employee:<id>` (one colleague) or `group:<id>` (one of the asker's groups). */
export type DiscussionTarget = { kind: 'employee'; id: string } | { kind: 'group'; id: number };

export function parseTarget(value: string): DiscussionTarget | null {
  const match = /^(employee|group):(.+)$/.exec(value);
  if (!match) return null;
  if (match[1] === 'employee') return { kind: 'employee', id: match[2] };
  return /^[1-9]\d{0,15}$/.test(match[2]) ? { kind: 'group', id: Number(match[2]) } : null;
}

/** The oldest moment a request may have been made at and still be shown. */
export const discussionCutoff = (now: Date) => new Date(now.getTime() - DISCUSSION_RETENTION_DAYS * 24 * 3600 * 1000);

/** Whether the group may write a session's notes: once it has begun, unless it was cancelled. */
export function notesOpen(session: { startsAt: Date; cancelledAt: Date | null }, now: Date): boolean {
  return session.cancelledAt === null && session.startsAt.getTime() <= now.getTime();
}

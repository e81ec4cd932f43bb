import { describe, expect, it } from 'vitest';
import {
  calendarFile,
  checkNewGroup,
  checkSession,
  DISCUSSION_RETENTION_DAYS,
  discussionCutoff,
  escapeText,
  foldLine,
  notesOpen,
  parseTarget,
  type CalendarEvent,
} from '../../src/circles/core.ts';
import { releasedCount } from '../../src/disclosure/figures.ts';
import { parseCalendar } from './ics.ts';

const offices: Record<string, string | null> = {
  a: 'o1',
  b: 'o1',
  c: 'o1',
  d: 'o1',
  e: 'o1',
  f: 'o1',
  g: 'o1',
  h: 'o1',
  i: 'o1',
  x: 'o2',
  nobody: null,
};
const officeOf = (id: string) => offices[id] ?? null;

describe('a new kollegaveiledning group', () => {
  it('has 3 to 8 members of the creator’s office, the creator counted, and names the field when not', () => {
    expect(checkNewGroup({ creatorId: 'a', memberIds: ['b', 'c'], officeOf })).toEqual([]);
    expect(checkNewGroup({ creatorId: 'a', memberIds: ['b', 'c', 'd', 'e', 'f', 'g', 'h'], officeOf })).toEqual([]);
    const two = checkNewGroup({ creatorId: 'a', memberIds: ['b', 'a'], officeOf });
    expect(two).toEqual([expect.objectContaining({ field: 'members', code: 'group_size', vars: { min: 3, max: 8, count: 2 } })]);
    const nine = checkNewGroup({ creatorId: 'a', memberIds: ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], officeOf });
    expect(nine.map((p) => p.code)).toEqual(['group_size']);
    const stranger = checkNewGroup({ creatorId: 'a', memberIds: ['b', 'x'], officeOf });
    expect(stranger.map((p) => [p.field, p.code])).toEqual([['members', 'not_office_colleague']]);
    expect(checkNewGroup({ creatorId: 'nobody', memberIds: ['a', 'b'], officeOf }).map((p) => p.code)).toEqual(['not_in_office']);
  });
});

describe('a planned session', () => {
  const now = new Date('2026-03-10T10:00:00Z');
  const ok = {
    facilitatorId: 'b',
    memberIds: ['a', 'b', 'c'],
    startsAt: new Date('2026-03-12T08:00:00Z'),
    endsAt: new Date('2026-03-12T09:00:00Z'),
    now,
    place: 'Møterom 2',
    videoLink: null,
  };
  it('is led by a member, starts ahead, ends after it starts, and has a place or a link', () => {
    expect(checkSession(ok)).toEqual([]);
    expect(checkSession({ ...ok, facilitatorId: 'x' }).map((p) => [p.field, p.code])).toEqual([
      ['facilitator_id', 'facilitator_not_member'],
    ]);
    expect(checkSession({ ...ok, startsAt: new Date('2026-03-09T08:00:00Z') }).map((p) => p.field)).toEqual(['date']);
    expect(checkSession({ ...ok, endsAt: ok.startsAt }).map((p) => p.field)).toEqual(['ends']);
    expect(checkSession({ ...ok, place: null }).map((p) => p.field)).toEqual(['place']);
    expect(checkSession({ ...ok, memberIds: ['a', 'b'] }).map((p) => p.code)).toEqual(['group_size']);
  });
});

describe('the calendar file', () => {
  const event: CalendarEvent = {
    method: 'REQUEST',
    uid: 'abc-123@brukerstemme',
    sequence: 0,
    stamp: new Date('2026-03-10T10:00:00Z'),
    startsAt: new Date('2026-03-12T08:00:00Z'),
    endsAt: new Date('2026-03-12T09:30:00Z'),
    summary: 'Kollegaveiledning: avslag, klage; og «hva nå?»\\neste gang',
    description: 'Linje én\nLinje to, med komma; og semikolon',
    location: 'Møterom 2, 3. etasje',
    url: 'https://video.example/rom/123',
    organizer: { name: 'Gruppe Øst', email: 'ikke-svar@nav.example' },
    attendees: Array.from({ length: 3 }, (_, i) => ({ name: `Kollega ${i} med et ganske langt navn æøå`, email: `k${i}@nav.example` })),
  };

  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds lines at 75 octets, never inside a character, with CRLF and a space', () => {
    const line = `DESCRIPTION:${'æ'.repeat(100)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .slice(1)
        .every((p) => p.startsWith(' ')),
    ).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('is CRLF text with METHOD, a stable UID, SEQUENCE, times in UTC, organizer and attendees, and reads back as written', () => {
    const text = calendarFile(event);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const cal = parseCalendar(text);
    expect(cal.method).toBe('REQUEST');
    const ev = cal.events[0];
    expect(ev.UID).toBe('abc-123@brukerstemme');
    expect(ev.SEQUENCE).toBe('0');
    expect(ev.DTSTART).toBe('20260312T080000Z');
    expect(ev.DTEND).toBe('20260312T093000Z');
    expect(ev.SUMMARY).toBe(event.summary);
    expect(ev.DESCRIPTION).toBe(event.description);
    expect(ev.LOCATION).toBe(event.location);
    expect(ev.ORGANIZER).toBe('mailto:ikke-svar@nav.example');
    expect(ev.attendees).toEqual(['mailto:k0@nav.example', 'mailto:k1@nav.example', 'mailto:k2@nav.example']);
    const cancel = parseCalendar(calendarFile({ ...event, method: 'CANCEL', sequence: 1 }));
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events[0].UID).toBe(ev.UID);
    expect(cancel.events[0].SEQUENCE).toBe('1');
    expect(cancel.events[0].STATUS).toBe('CANCELLED');
  });
});

describe('discussion requests and session notes, the pure part', () => {
  it('reads whom a request goes to from the form’s value', () => {
    expect(parseTarget('employee:v2')).toEqual({ kind: 'employee', id: 'v2' });
    expect(parseTarget('group:12')).toEqual({ kind: 'group', id: 12 });
    for (const bad of ['', 'v2', 'group:', 'group:0', 'group:x', 'group:-1', 'team:t1']) expect(parseTarget(bad), bad).toBeNull();
  });

  it('shows a request for DISCUSSION_RETENTION_DAYS', () => {
    const now = new Date('2026-05-10T10:00:00Z');
    expect(DISCUSSION_RETENTION_DAYS).toBe(60);
    expect(discussionCutoff(now).toISOString()).toBe('2026-03-11T10:00:00.000Z');
  });

  it('opens a session’s notes once it has begun, never for a cancelled one', () => {
    const startsAt = new Date('2026-03-12T08:00:00Z');
    expect(notesOpen({ startsAt, cancelledAt: null }, new Date('2026-03-12T07:59:00Z'))).toBe(false);
    expect(notesOpen({ startsAt, cancelledAt: null }, startsAt)).toBe(true);
    expect(notesOpen({ startsAt, cancelledAt: new Date('2026-03-01T00:00:00Z') }, new Date('2026-03-13T00:00:00Z'))).toBe(false);
  });

  it('leaders’ session counts use the disclosure module’s threshold', () => {
    expect(releasedCount(4, { answers: 5 })).toBeNull();
    expect(releasedCount(5, { answers: 5 })).toBe(5);
  });
});

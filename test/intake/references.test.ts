import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { importMeetingsFile } from '../../src/intake/import-file.ts';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { meetingEvent, testApp, type TestApp } from '../support/app.ts';
import { addStaff } from '../admin/actors.ts';

/**
 * Intake refuses meetings it cannot place in an audited group or that are not yet held: the
 * counselor must be an active counselor of the meeting's team or office at the meeting's time, the
 * unit a team or an office, the time at most a day ahead; and text with control characters.
 */

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await addStaff(t);
  // A second office with a team, a counselor on it, an office-level counselor and an inactive one on o1.
  await applyOrg(
    t.ctx.db,
    orgInputSchema.parse({
      units: [
        { id: 'o2', kind: 'office', name: 'NAV Annenby', parent_id: 'c1' },
        { id: 't3', kind: 'team', name: 'Team Annen', parent_id: 'o2' },
      ],
      employees: [
        { id: 'v9', name: 'Annen Rådgiver', unit_id: 't3', role: 'counselor' },
        { id: 'v8', name: 'Kontor Rådgiver', unit_id: 'o1', role: 'counselor' },
        { id: 'v7', name: 'Sluttet Rådgiver', unit_id: 't1', role: 'counselor', active: false },
      ],
    }),
    new Date('2026-01-01T00:00:00Z'),
  );
  // vm worked on t1 from January and moved to the other office's team on 1 March.
  await applyOrg(
    t.ctx.db,
    orgInputSchema.parse({ employees: [{ id: 'vm', name: 'Flytta Rådgiver', unit_id: 't1', role: 'counselor' }] }),
    new Date('2026-01-01T00:00:00Z'),
  );
  await applyOrg(
    t.ctx.db,
    orgInputSchema.parse({ employees: [{ id: 'vm', name: 'Flytta Rådgiver', unit_id: 't3', role: 'counselor' }] }),
    new Date('2026-03-01T00:00:00Z'),
  );
});
afterAll(async () => t.close());

const post = (url: string, payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

const meetingCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from meeting`.execute(t.ctx.db)).rows[0].n);
const invitationCount = async () =>
  Number((await sql<{ n: number }>`select count(*)::int as n from invitation`.execute(t.ctx.db)).rows[0].n);

describe('who may hold a meeting on which unit', () => {
  it.each([
    ['a team counselor on their team', { counselor_id: 'v1', unit_id: 't1' }],
    ['a team counselor on their office', { counselor_id: 'v1', unit_id: 'o1' }],
    ['an office counselor on their office', { counselor_id: 'v8', unit_id: 'o1' }],
    ['an office counselor on a team of their office', { counselor_id: 'v8', unit_id: 't1' }],
    [
      'a counselor on the team they belonged to at the meeting time',
      { counselor_id: 'vm', unit_id: 't1', starts_at: '2026-02-15T10:00:00+01:00' },
    ],
    ['a counselor on the team they moved to', { counselor_id: 'vm', unit_id: 't3', starts_at: '2026-03-05T10:00:00+01:00' }],
    ['a meeting 23 hours ahead', { counselor_id: 'v1', unit_id: 't1', starts_at: '2026-03-11T09:00:00Z' }],
  ])('accepts %s', async (_name, fields) => {
    const res = await post('/api/v1/meetings', meetingEvent(fields));
    expect(res.statusCode, res.body).toBe(201);
  });

  it.each([
    ['a leader', { counselor_id: 'l1', unit_id: 'o1' }, 'counselor_id', /registered as leader/],
    ['an administrator (staff)', { counselor_id: 'adm', unit_id: 't1' }, 'counselor_id', /registered as staff/],
    ['an inactive counselor', { counselor_id: 'v7', unit_id: 't1' }, 'counselor_id', /not an active employee/],
    ['a counselor of another office', { counselor_id: 'v9', unit_id: 't1' }, 'counselor_id', /belongs to t3/],
    ['a counselor of a sibling team', { counselor_id: 'v4', unit_id: 't1' }, 'counselor_id', /belongs to t2/],
    [
      'a counselor on the team they had left',
      { counselor_id: 'vm', unit_id: 't1', starts_at: '2026-03-05T10:00:00+01:00' },
      'counselor_id',
      /belongs to t3/,
    ],
    ['a county as unit', { counselor_id: 'v1', unit_id: 'c1' }, 'unit_id', /is a county/],
    ['the nation as unit', { counselor_id: 'v1', unit_id: 'n1' }, 'unit_id', /is a nation/],
    ['a meeting 25 hours ahead', { counselor_id: 'v1', unit_id: 't1', starts_at: '2026-03-11T11:00:00Z' }, 'starts_at', /24 hours/],
    ['a meeting years ahead', { counselor_id: 'v1', unit_id: 't1', starts_at: '2031-03-10T09:00:00+01:00' }, 'starts_at', /24 hours/],
  ])('refuses %s with 422 naming the field, and writes nothing', async (_name, fields, field, message) => {
    const [meetings, invitations] = [await meetingCount(), await invitationCount()];
    const single = await post('/api/v1/meetings', meetingEvent(fields));
    expect(single.statusCode).toBe(422);
    expect(single.json().fields).toContainEqual({ field, message: expect.stringMatching(message) });
    const batch = await post('/api/v1/meetings:batch', { meetings: [meetingEvent(), meetingEvent(), meetingEvent(fields)] });
    expect(batch.statusCode).toBe(422);
    expect(batch.json().fields.map((f: { field: string }) => f.field)).toEqual([`meetings.2.${field}`]);
    expect([await meetingCount(), await invitationCount()]).toEqual([meetings, invitations]);
  });
});

describe('control characters in intake text', () => {
  it.each([
    ['external_id', 'abc\u0000def'],
    ['external_id', 'abc\u0085'],
    ['counselor_id', 'v1\u0000'],
    ['unit_id', '\u001bt1'],
  ])('refuses %s %j with 400 naming the field', async (field, value) => {
    const before = await meetingCount();
    const res = await post('/api/v1/meetings:batch', { meetings: [meetingEvent(), meetingEvent({ [field]: value })] });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toContainEqual({ field: `meetings.1.${field}`, message: 'must not contain control characters' });
    expect(await meetingCount()).toBe(before);
  });
});

describe('the file import applies the same rules, by line', () => {
  it('names the line and column of each refused meeting and imports nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-refs-'));
    const file = join(dir, 'meetings.csv');
    const header = 'external_id,starts_at,counselor_id,unit_id,channel,meeting_kind,email';
    writeFileSync(
      file,
      [
        header,
        'f-ok,2026-03-10T09:00:00+01:00,v1,t1,in_person,follow_up,a@example.no',
        'f-leader,2026-03-10T09:00:00+01:00,l1,o1,in_person,follow_up,b@example.no',
        '"f-\u0000nul",2026-03-10T09:00:00+01:00,v1,t1,in_person,follow_up,c@example.no',
        'f-county,2026-03-10T09:00:00+01:00,v1,c1,in_person,follow_up,d@example.no',
        'f-ahead,2027-03-10T09:00:00+01:00,v1,t1,in_person,follow_up,e@example.no',
      ].join('\n'),
    );
    const before = await meetingCount();
    const result = await importMeetingsFile(t.ctx, file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'counselor_id'],
      [4, 'external_id'],
      [5, 'unit_id'],
      [6, 'starts_at'],
    ]);
    expect(await meetingCount()).toBe(before);
  });
});

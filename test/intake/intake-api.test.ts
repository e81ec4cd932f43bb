import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { revokeApiKey, createApiKey } from '../../src/auth/api-keys.ts';
import { meetingEvent, testApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ MAX_BODY_BYTES: 64 * 1024 });
});
afterAll(async () => t.close());

/** Row counts of every table intake may write, to prove a rejected request changed nothing. */
async function snapshot() {
  const count = async (table: 'meeting' | 'invitation' | 'contact_quarantine' | 'invitation_token') =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.ctx.db)).rows[0].n);
  return {
    meeting: await count('meeting'),
    invitation: await count('invitation'),
    quarantine: await count('contact_quarantine'),
    tokens: await count('invitation_token'),
  };
}

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

describe('POST /api/v1/meetings', () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeEach(async () => {
    before = await snapshot();
  });

  it('registers a meeting and schedules its invitation', async () => {
    const res = await post('/api/v1/meetings', meetingEvent({ external_id: 'ok-1' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ external_id: 'ok-1', status: 'created', invited: true });
    const after = await snapshot();
    expect(after.meeting).toBe(before.meeting + 1);
    expect(after.invitation).toBe(before.invitation + 1);
    const meeting = await t.ctx.db.selectFrom('meeting').selectAll().where('external_id', '=', 'ok-1').executeTakeFirstOrThrow();
    expect(meeting.month).toBe('2026-03-01');
    expect(meeting.counselor_id).toBe('v1');
    expect(meeting.benefit).toBe('aap');
  });

  it('is idempotent on the external id: the same event twice is one meeting', async () => {
    const event = meetingEvent({ external_id: 'dup-1' });
    expect((await post('/api/v1/meetings', event)).statusCode).toBe(201);
    const again = await post('/api/v1/meetings', event);
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('duplicate');
    const after = await snapshot();
    expect(after.meeting).toBe(before.meeting + 1);
    expect(after.invitation).toBe(before.invitation + 1);
  });

  it('answers 409 when an id comes back with different content, and keeps the first', async () => {
    await post('/api/v1/meetings', meetingEvent({ external_id: 'conf-1', channel: 'phone' }));
    const res = await post('/api/v1/meetings', meetingEvent({ external_id: 'conf-1', channel: 'video' }));
    expect(res.statusCode).toBe(409);
    const row = await t.ctx.db.selectFrom('meeting').select('channel').where('external_id', '=', 'conf-1').executeTakeFirstOrThrow();
    expect(row.channel).toBe('phone');
  });

  it('excludes sensitive, under-18 and contactless meetings with a recorded reason and no invitation', async () => {
    const cases = [
      [{ sensitive: true }, 'sensitive'],
      [{ age_band: 'under_18' }, 'under_18'],
      [{ email: null, mobile: null }, 'no_contact'],
      [{ protected_address: true }, 'protected_address'],
    ] as const;
    for (const [fields, reason] of cases) {
      const res = await post('/api/v1/meetings', meetingEvent(fields));
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ invited: false, exclusion_reason: reason });
    }
    const after = await snapshot();
    expect(after.meeting).toBe(before.meeting + cases.length);
    expect(after.invitation).toBe(before.invitation);
  });

  it.each([
    ['malformed JSON', '{"external_id": "x",', 400, null],
    ['a missing field', meetingEvent({ counselor_id: undefined }), 400, 'counselor_id'],
    ['a wrong type', meetingEvent({ sensitive: 'yes' }), 400, 'sensitive'],
    ['an unknown channel', meetingEvent({ channel: 'carrier_pigeon' }), 400, 'channel'],
    ['a bad time', meetingEvent({ starts_at: 'yesterday' }), 400, 'starts_at'],
    ['a bad e-mail', meetingEvent({ email: 'not-an-email' }), 400, 'email'],
    ['a bad mobile number', meetingEvent({ mobile: '12' }), 400, 'mobile'],
    ['an unknown field', meetingEvent({ fnr: '12345678901' }), 400, null],
    ['an unknown counselor', meetingEvent({ counselor_id: 'nobody' }), 422, 'counselor_id'],
    ['an unknown unit', meetingEvent({ unit_id: 'nowhere' }), 422, 'unit_id'],
  ])('rejects %s with status %s, names the field, and changes nothing', async (_name, payload, status, field) => {
    const res = await post('/api/v1/meetings', payload);
    expect(res.statusCode).toBe(status);
    if (field) expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await snapshot()).toEqual(before);
  });

  it('rejects an oversize body with 413 and changes nothing', async () => {
    const res = await post('/api/v1/meetings', meetingEvent({ meeting_kind: 'x'.repeat(70 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it('requires a live API key', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/meetings', payload: meetingEvent() });
    expect(none.statusCode).toBe(401);
    const { id, key } = await createApiKey(t.ctx.db, 'to-revoke');
    await revokeApiKey(t.ctx.db, id, new Date());
    const revoked = await post('/api/v1/meetings', meetingEvent(), { authorization: `Bearer ${key}` });
    expect(revoked.statusCode).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('stores only a hash of API keys', async () => {
    const rows = await t.ctx.db.selectFrom('api_key').select('key_hash').execute();
    for (const r of rows) expect(r.key_hash).not.toContain('bsk_');
    expect(rows.some((r) => r.key_hash === t.apiKey)).toBe(false);
  });
});

describe('POST /api/v1/meetings:batch', () => {
  it('registers a batch, reporting created, duplicate and conflict per event', async () => {
    const a = meetingEvent({ external_id: 'b-a' });
    const b = meetingEvent({ external_id: 'b-b', counselor_id: 'v4', unit_id: 't2' });
    const res = await post('/api/v1/meetings:batch', { meetings: [a, b, a, { ...b, channel: 'phone' }] });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 2, duplicate: 1, conflict: 1 });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'duplicate', 'conflict']);
  });

  it('writes nothing when one event in the batch is bad, and names it by index', async () => {
    const before = await snapshot();
    const res = await post('/api/v1/meetings:batch', { meetings: [meetingEvent(), meetingEvent({ channel: 'fax' }), meetingEvent()] });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].field).toBe('meetings.1.channel');
    const unknown = await post('/api/v1/meetings:batch', { meetings: [meetingEvent(), meetingEvent({ counselor_id: 'ghost' })] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().fields[0].field).toBe('meetings.1.counselor_id');
    expect(await snapshot()).toEqual(before);
  });

  it('rejects an empty batch', async () => {
    const res = await post('/api/v1/meetings:batch', { meetings: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].field).toBe('meetings');
  });
});

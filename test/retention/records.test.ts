import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { deleteExpiredRecords, retentionCutoff } from '../../src/retention/records.ts';
import { meetingEvent, testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';

const RULES = { TIME_ZONE: 'Europe/Oslo', RESPONSE_RETENTION_MONTHS: 36 };

describe('retentionCutoff', () => {
  it('keeps RESPONSE_RETENTION_MONTHS whole months before the current one, in local time', () => {
    expect(retentionCutoff(new Date('2026-03-10T12:00:00Z'), RULES)).toBe('2023-03-01');
    // 23:30 UTC on 28 February is already March in Oslo.
    expect(retentionCutoff(new Date('2026-02-28T23:30:00Z'), RULES)).toBe('2023-03-01');
    expect(retentionCutoff(new Date('2026-01-15T12:00:00Z'), { ...RULES, RESPONSE_RETENTION_MONTHS: 1 })).toBe('2025-12-01');
  });
});

describe('deleteExpiredRecords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ RESPONSE_RETENTION_MONTHS: 12 }, new Date('2026-03-10T10:00:00Z'));
  });
  afterAll(async () => t?.close());

  const count = async (table: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.ctx.db)).rows[0].n;

  it('deletes answers, local counts, meetings with their invitations and tokens, and old opt-out links before the cutoff; keeps the rest and every opt-out', async () => {
    // Answers in February 2025 (13 months back: gone) and March 2025 (12 months back: kept).
    await insertResponses(t.ctx.db, [
      ...Array.from({ length: 7 }, () => ({ month: '2025-02-01', comment: 'gammel' })),
      ...Array.from({ length: 5 }, () => ({ month: '2025-03-01' })),
      ...Array.from({ length: 3 }, () => ({ month: '2026-03-01' })),
    ]);
    // Meetings through the API (with invitations and, once sent, tokens); one moved back in time.
    t.setNow(new Date('2025-02-10T10:00:00Z'));
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: { authorization: `Bearer ${t.apiKey}` },
      payload: meetingEvent({ starts_at: '2025-02-10T09:00:00+01:00' }),
    });
    expect(old.statusCode).toBe(201);
    t.setNow(new Date('2026-03-10T10:00:00Z'));
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: { authorization: `Bearer ${t.apiKey}` },
      payload: meetingEvent(),
    });
    const [oldMeeting] = (await sql<{ id: string }>`select id from meeting where month = '2025-02-01'`.execute(t.ctx.db)).rows;
    await t.ctx.db
      .insertInto('invitation_token')
      .values({ token_hash: 'old-token-hash', meeting_id: oldMeeting.id, purpose: 'invite' })
      .execute();
    await t.ctx.db
      .insertInto('opt_out_link')
      .values([
        { token_hash: 'old-link', contact_key: 'k-old', created_at: new Date('2025-02-11T00:00:00Z') },
        { token_hash: 'new-link', contact_key: 'k-new' },
      ])
      .execute();
    await t.ctx.db
      .insertInto('opt_out')
      .values({ contact_key: 'k-old', opted_out_at: new Date('2025-02-12T00:00:00Z') })
      .execute();
    await t.ctx.db.deleteFrom('fairness_dirty_month').execute();

    const result = await deleteExpiredRecords(t.ctx.db, t.ctx.now(), t.ctx.config, 3);
    expect(result).toEqual({ cutoff: '2025-03-01', responses: 7, localCounts: 0, meetings: 1, optOutLinks: 1 });
    const months = (
      await sql<{ m: string }>`select distinct to_char(month, 'YYYY-MM') as m from response order by 1`.execute(t.ctx.db)
    ).rows.map((r) => r.m);
    expect(months).toEqual(['2025-03', '2026-03']);
    expect(await count('meeting')).toBe(1);
    expect(await count('invitation')).toBe(1);
    expect(await count('invitation_token')).toBe(0);
    expect((await t.ctx.db.selectFrom('opt_out_link').select('token_hash').execute()).map((r) => r.token_hash)).toEqual(['new-link']);
    expect(await count('opt_out')).toBe(1);
    // The fair comparison will recompute the month that lost its answers.
    const dirty = (await t.ctx.db.selectFrom('fairness_dirty_month').select('month').execute()).map((r) => r.month.slice(0, 7));
    expect(dirty).toContain('2025-02');
    // Nothing left to do: a second pass deletes nothing.
    expect(await deleteExpiredRecords(t.ctx.db, t.ctx.now(), t.ctx.config)).toMatchObject({ responses: 0, meetings: 0, optOutLinks: 0 });
  });
});

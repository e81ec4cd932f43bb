import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { contactKey } from '../../src/dispatch/contact.ts';
import { scheduleInvitation, scheduleInvitations, type InvitationRequest } from '../../src/dispatch/schedule.ts';
import { freshDatabase } from '../support/db.ts';
import { DAY, HOUR, insertMeeting, seedOrg, testClock, testContext } from './fixtures.ts';

let handle: DatabaseHandle;
const clock = testClock('2026-03-10T10:00:00Z');
const ctx = () => testContext(handle, clock);

// One database for the file (a fresh PGlite costs seconds); each test starts from no meetings.
beforeAll(async () => {
  handle = await freshDatabase();
  await seedOrg(handle);
});
afterAll(async () => handle.close());
beforeEach(async () => {
  clock.set('2026-03-10T10:00:00Z');
  await sql`delete from invitation_token; delete from opt_out_link; delete from opt_out; delete from contact_quarantine; delete from invitation; delete from meeting`.execute(
    handle.db,
  );
});

function request(meetingId: string, over: Partial<InvitationRequest> = {}): InvitationRequest {
  return {
    meetingId,
    startsAt: new Date('2026-03-10T09:00:00Z'),
    sensitive: false,
    protectedAddress: false,
    ageBand: '30_39',
    email: 'Ola.Nordmann@Example.no',
    phone: null,
    language: 'nb',
    ...over,
  };
}

describe('scheduleInvitation', () => {
  it('inserts a scheduled invitation with a hashed contact key and records quarantine', async () => {
    const id = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
    const outcome = await scheduleInvitation(handle.db, ctx(), request(id));
    expect(outcome).toEqual({ invited: true, sendAt: new Date('2026-03-10T11:00:00Z') });
    const inv = await handle.db.selectFrom('invitation').selectAll().where('meeting_id', '=', id).executeTakeFirstOrThrow();
    expect(inv.state).toBe('scheduled');
    expect(inv.contact_email).toBe('ola.nordmann@example.no');
    expect(inv.contact_phone).toBeNull();
    expect(inv.contact_key).toBe(contactKey(ctx().secrets.contactHash, 'ola.nordmann@example.no'));
    expect(inv.contact_key).not.toContain('example');
    expect(inv.next_action_at).toEqual(new Date('2026-03-10T11:00:00Z'));
    expect(inv.reminder_at).toEqual(new Date('2026-03-13T11:00:00Z'));
    expect(inv.expires_at).toEqual(new Date('2026-03-24T11:00:00Z'));
    const q = await handle.db.selectFrom('contact_quarantine').selectAll().execute();
    expect(q).toEqual([{ contact_key: inv.contact_key, last_invited_at: new Date('2026-03-10T11:00:00Z') }]);
  });

  it('is idempotent: scheduling the same meeting again changes nothing', async () => {
    const id = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
    const first = await scheduleInvitation(handle.db, ctx(), request(id));
    clock.advance(HOUR);
    const again = await scheduleInvitation(handle.db, ctx(), request(id));
    expect(again).toEqual(first);
    expect(await handle.db.selectFrom('invitation').selectAll().execute()).toHaveLength(1);
    const meeting = await handle.db.selectFrom('meeting').select('exclusion_reason').where('id', '=', id).executeTakeFirstOrThrow();
    expect(meeting.exclusion_reason).toBeNull();
  });

  it('records the exclusion reason on the meeting and inserts no invitation', async () => {
    const cases: [Partial<InvitationRequest>, string][] = [
      [{ sensitive: true }, 'sensitive'],
      [{ protectedAddress: true }, 'protected_address'],
      [{ ageBand: 'under_18' }, 'under_18'],
      [{ email: null, phone: null }, 'no_contact'],
      [{ email: 'not an address', phone: '12' }, 'no_contact'],
      [{ startsAt: new Date('2026-03-01T09:00:00Z') }, 'too_old'],
    ];
    for (const [over, reason] of cases) {
      const id = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
      const outcome = await scheduleInvitation(handle.db, ctx(), request(id, over));
      expect(outcome).toEqual({ invited: false, reason });
      const meeting = await handle.db.selectFrom('meeting').select('exclusion_reason').where('id', '=', id).executeTakeFirstOrThrow();
      expect(meeting.exclusion_reason).toBe(reason);
      // Idempotent for exclusions too.
      expect(await scheduleInvitation(handle.db, ctx(), request(id))).toEqual({ invited: false, reason });
    }
    expect(await handle.db.selectFrom('invitation').selectAll().execute()).toHaveLength(0);
  });

  it('honours an opt-out on either of the contacts given', async () => {
    await handle.db
      .insertInto('opt_out')
      .values({ contact_key: contactKey(ctx().secrets.contactHash, '+4791234567') })
      .execute();
    const id = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
    const outcome = await scheduleInvitation(handle.db, ctx(), request(id, { phone: '912 34 567' }));
    expect(outcome).toEqual({ invited: false, reason: 'opted_out' });
  });

  it('quarantines a person invited less than 30 days ago, on any of their contacts', async () => {
    const a = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
    expect((await scheduleInvitation(handle.db, ctx(), request(a, { email: null, phone: '+47 912 34 567' }))).invited).toBe(true);
    clock.advance(29 * DAY);
    const b = await insertMeeting(handle, clock.now());
    expect(
      await scheduleInvitation(handle.db, ctx(), request(b, { startsAt: clock.now(), email: 'x@y.no', phone: '004791234567' })),
    ).toEqual({
      invited: false,
      reason: 'quarantine',
    });
    clock.advance(2 * DAY);
    const c = await insertMeeting(handle, clock.now());
    expect((await scheduleInvitation(handle.db, ctx(), request(c, { startsAt: clock.now(), phone: '91234567' }))).invited).toBe(true);
  });

  it('a batch applies quarantine between its own meetings and keeps request order', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await insertMeeting(handle, new Date('2026-03-10T09:00:00Z')));
    const outcomes = await scheduleInvitations(handle.db, ctx(), [
      request(ids[0]!, { email: 'same@example.no' }),
      request(ids[1]!, { email: 'SAME@example.no' }),
      request(ids[2]!, { email: 'other@example.no', sensitive: true }),
    ]);
    expect(outcomes.map((o) => (o.invited ? 'invited' : o.reason))).toEqual(['invited', 'quarantine', 'sensitive']);
  });

  it('prefers e-mail for delivery and stores only the channel used', async () => {
    const id = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
    await scheduleInvitation(handle.db, ctx(), request(id, { email: 'a@b.no', phone: '91234567' }));
    const inv = await handle.db.selectFrom('invitation').selectAll().executeTakeFirstOrThrow();
    expect([inv.contact_email, inv.contact_phone]).toEqual(['a@b.no', null]);
    const id2 = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
    await scheduleInvitation(handle.db, ctx(), request(id2, { email: null, phone: '0047 98765432' }));
    const inv2 = await handle.db.selectFrom('invitation').selectAll().where('meeting_id', '=', id2).executeTakeFirstOrThrow();
    expect([inv2.contact_email, inv2.contact_phone]).toEqual([null, '+4798765432']);
  });

  it('works inside the caller transaction and rolls back with it', async () => {
    const id = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await scheduleInvitation(trx, ctx(), request(id));
        throw new Error('intake failed later');
      }),
    ).rejects.toThrow('intake failed later');
    expect(await handle.db.selectFrom('invitation').selectAll().execute()).toHaveLength(0);
    expect(await handle.db.selectFrom('contact_quarantine').selectAll().execute()).toHaveLength(0);
  });

  it('concurrent intake transactions for the same people invite each person once, without deadlock', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await insertMeeting(handle, new Date('2026-03-10T09:00:00Z')));
    // Overlapping people in opposite orders, and a plain race of single meetings.
    const batches = [
      [request(ids[0]!, { email: 'a@example.no' }), request(ids[1]!, { email: 'b@example.no' })],
      [request(ids[2]!, { email: 'b@example.no' }), request(ids[3]!, { email: 'a@example.no' })],
      [request(ids[4]!, { email: 'c@example.no' })],
      [request(ids[5]!, { email: null, phone: '+47 412 34 567' })],
    ];
    const outcomes = (
      await Promise.all(batches.map((batch) => handle.db.transaction().execute((trx) => scheduleInvitations(trx, ctx(), batch))))
    ).flat();
    expect(outcomes.filter((o) => o.invited)).toHaveLength(4);
    const invited = await handle.db.selectFrom('invitation').select('contact_key').execute();
    expect(new Set(invited.map((r) => r.contact_key)).size).toBe(4);
    expect(await handle.db.selectFrom('contact_quarantine').selectAll().execute()).toHaveLength(4);
  });

  it('leaves no quarantine trace of a contact that was not invited', async () => {
    const id = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
    await scheduleInvitation(handle.db, ctx(), request(id, { sensitive: true, phone: '41234567' }));
    expect(await handle.db.selectFrom('contact_quarantine').selectAll().execute()).toEqual([]);
  });
});

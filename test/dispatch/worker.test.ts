import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/core/context.ts';
import type { Config } from '../../src/core/config.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { isAnswerable } from '../../src/dispatch/lifecycle.ts';
import { scheduleInvitation } from '../../src/dispatch/schedule.ts';
import { hashToken } from '../../src/dispatch/tokens.ts';
import { runDueWork, startWorker } from '../../src/dispatch/worker.ts';
import type { OutgoingMessage } from '../../src/dispatch/transports/types.ts';
import { ensureInstrument, NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { optOut, submitResponse } from '../../src/survey/store.ts';
import { freshDatabase, usingPostgres } from '../support/db.ts';
import { recordingTransports } from './fakes.ts';
import { DAY, HOUR, insertMeeting, seedOrg, testClock, testContext } from './fixtures.ts';

let handle: DatabaseHandle;
const clock = testClock('2026-03-10T10:00:00Z');
const SEND_AT = new Date('2026-03-10T11:00:00Z');

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

function context(overrides: Partial<Config> = {}): AppContext {
  return testContext(handle, clock, overrides);
}

let counter = 0;
async function scheduled(ctx: AppContext, contact: { email?: string; phone?: string } = {}) {
  const id = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
  const email = contact.email ?? (contact.phone ? null : `person${++counter}@example.no`);
  const outcome = await scheduleInvitation(handle.db, ctx, {
    meetingId: id,
    startsAt: new Date('2026-03-10T09:00:00Z'),
    sensitive: false,
    protectedAddress: false,
    ageBand: '30_39',
    email,
    phone: contact.phone ?? null,
    language: 'nn',
  });
  expect(outcome.invited).toBe(true);
  return id;
}

const invitation = (id: string) => handle.db.selectFrom('invitation').selectAll().where('meeting_id', '=', id).executeTakeFirstOrThrow();
const meeting = (id: string) => handle.db.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);
/** Answers through the survey's own submission path; true when this call stored the answer. */
const answer = async (surveyLink: string, now: Date) => {
  await ensureInstrument(handle.db, NATIONAL_INSTRUMENT);
  return (
    (await submitResponse(handle.db, {
      token: tokenOf(surveyLink),
      instrument: NATIONAL_INSTRUMENT,
      answers: { answers: NATIONAL_INSTRUMENT.statements.map(() => 5), overall: 5, navGeneral: 4, comment: null },
      now,
    })) === 'stored'
  );
};

async function expectCaseMixCleared(id: string) {
  const m = await meeting(id);
  expect([m.age_band, m.innsatsgruppe, m.benefit, m.recent_adverse_decision, m.interpreter_used, m.first_meeting]).toEqual([
    null,
    null,
    null,
    null,
    null,
    null,
  ]);
}

describe('sending the invitation', () => {
  it('sends nothing before send_at, then one message with a stored token and an opt-out link', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx, { email: 'Kari@Example.no' });

    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(0);
    expect(fake.sent).toHaveLength(0);

    clock.set(SEND_AT);
    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(1);
    expect(fake.sent).toHaveLength(1);
    const message = fake.sent[0]!;
    expect(message).toMatchObject({
      to: 'kari@example.no',
      channel: 'email',
      kind: 'invite',
      idempotencyKey: `${id}-invite`,
      language: 'nn',
    });
    expect(message.surveyLink).toMatch(/^http:\/\/localhost:3000\/s\/[A-Za-z0-9_-]{43}$/);
    expect(message.optOutLink).toMatch(/^http:\/\/localhost:3000\/optout\/[A-Za-z0-9_-]{43}$/);
    expect(message.text).toContain(message.surveyLink);
    expect(message.text).toContain(message.optOutLink);

    const token = tokenOf(message.surveyLink);
    const tokens = await handle.db.selectFrom('invitation_token').selectAll().execute();
    expect(tokens.map((t) => [t.token_hash, t.meeting_id, t.purpose])).toEqual([[hashToken(token), id, 'invite']]);
    expect(JSON.stringify(tokens)).not.toContain(token);

    const inv = await invitation(id);
    const optOut = await handle.db.selectFrom('opt_out_link').selectAll().executeTakeFirstOrThrow();
    expect(optOut.token_hash).toBe(hashToken(tokenOf(message.optOutLink)));
    expect(optOut.contact_key).toBe(inv.contact_key);

    expect(inv.state).toBe('sent');
    expect(inv.sent_at).toEqual(SEND_AT);
    expect(inv.reminder_at).toEqual(new Date(SEND_AT.getTime() + 3 * DAY));
    expect(inv.next_action_at).toEqual(inv.reminder_at);
    expect(inv.expires_at).toEqual(new Date(SEND_AT.getTime() + 14 * DAY));
    expect(inv.contact_email).toBe('kari@example.no'); // kept for the reminder
    expect(inv.lease_until).toBeNull();

    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(0);
    expect(fake.sent).toHaveLength(1);
  });

  it('sends SMS to the phone when no e-mail is given', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx, { phone: '912 34 567' });
    clock.set(SEND_AT);
    await runDueWork(ctx, { transports: fake.transports });
    expect(fake.sent.map((m) => [m.channel, m.to, m.idempotencyKey])).toEqual([['sms', '+4791234567', `${id}-invite`]]);
  });

  it('without reminders, deletes the contact as soon as the invitation is sent', async () => {
    const ctx = context({ REMINDERS_ENABLED: false });
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    await runDueWork(ctx, { transports: fake.transports });
    const inv = await invitation(id);
    expect([inv.state, inv.contact_email, inv.contact_phone, inv.reminder_at]).toEqual(['sent', null, null, null]);
    expect(inv.next_action_at).toEqual(inv.expires_at);
  });
});

describe('reminder', () => {
  it('sends one reminder with a new token, after which the contact is deleted', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    await runDueWork(ctx, { transports: fake.transports });
    clock.advance(3 * DAY - 1000);
    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(0);
    clock.advance(1000);
    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(1);
    expect(fake.sent.map((m) => m.kind)).toEqual(['invite', 'reminder']);
    const reminder = fake.sent[1]!;
    expect(reminder.idempotencyKey).toBe(`${id}-reminder`);
    expect(reminder.subject).toMatch(/^Påminning/);
    expect(tokenOf(reminder.surveyLink)).not.toBe(tokenOf(fake.sent[0]!.surveyLink));

    const tokens = await handle.db.selectFrom('invitation_token').select(['token_hash', 'purpose']).orderBy('purpose').execute();
    expect(tokens).toEqual([
      { token_hash: hashToken(tokenOf(fake.sent[0]!.surveyLink)), purpose: 'invite' },
      { token_hash: hashToken(tokenOf(reminder.surveyLink)), purpose: 'reminder' },
    ]);
    const inv = await invitation(id);
    expect([inv.state, inv.contact_email, inv.contact_phone]).toEqual(['reminded', null, null]);
    expect(inv.reminded_at).toEqual(clock.now());
    expect(inv.next_action_at).toEqual(inv.expires_at);
    // The contact key (a salted hash) stays, for nothing but matching a later opt-out.
    expect(inv.contact_key).toMatch(/^[0-9a-f]{64}$/);

    clock.advance(DAY);
    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(0);
    expect(fake.sent).toHaveLength(2);
  });

  it('is not sent once the survey is answered; answering clears contact and case-mix', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    await runDueWork(ctx, { transports: fake.transports });
    clock.advance(HOUR);
    expect(await answer(fake.sent[0]!.surveyLink, clock.now())).toBe(true);
    expect(await answer(fake.sent[0]!.surveyLink, clock.now())).toBe(false); // a second tab stores nothing
    clock.advance(5 * DAY);
    await runDueWork(ctx, { transports: fake.transports });
    expect(fake.sent.map((m) => m.kind)).toEqual(['invite']);
    const inv = await invitation(id);
    expect([inv.state, inv.contact_email, inv.next_action_at]).toEqual(['answered', null, null]);
    await expectCaseMixCleared(id);
  });

  it('a reminder that cannot be delivered only loses the reminder; the first link still works', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    await runDueWork(ctx, { transports: fake.transports });
    clock.advance(3 * DAY);
    fake.failNext(1, true);
    await runDueWork(ctx, { transports: fake.transports });
    const inv = await invitation(id);
    expect([inv.state, inv.contact_email, inv.reminder_at]).toEqual(['sent', null, null]);
    expect(inv.last_error).toContain('[address]');
    expect(inv.last_error).not.toContain('@example.no');
    expect(isAnswerable(inv.state, inv.expires_at, clock.now())).toBe(true);
  });
});

describe('expiry', () => {
  it('expires an unanswered invitation: contact and case-mix deleted, no longer answerable', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    await runDueWork(ctx, { transports: fake.transports });
    clock.advance(3 * DAY);
    await runDueWork(ctx, { transports: fake.transports });
    clock.set(new Date(SEND_AT.getTime() + 14 * DAY));
    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(1);
    const inv = await invitation(id);
    expect([inv.state, inv.contact_email, inv.contact_phone, inv.next_action_at]).toEqual(['expired', null, null, null]);
    expect(inv.finalized_at).toEqual(clock.now());
    expect(isAnswerable(inv.state, inv.expires_at, clock.now())).toBe(false);
    expect(await answer(fake.sent[0]!.surveyLink, clock.now())).toBe(false);
    await expectCaseMixCleared(id);
  });

  it('expires an invitation that never got out before its expiry', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(new Date(SEND_AT.getTime() + 15 * DAY));
    await runDueWork(ctx, { transports: fake.transports });
    expect(fake.sent).toHaveLength(0);
    expect((await invitation(id)).state).toBe('expired');
  });
});

describe('transport failures', () => {
  it('retries with growing backoff and then delivers once', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    fake.failNext(2);
    await runDueWork(ctx, { transports: fake.transports });
    let inv = await invitation(id);
    expect([inv.state, inv.attempts]).toEqual(['scheduled', 1]);
    expect(inv.next_action_at).toEqual(new Date(SEND_AT.getTime() + 60_000));
    expect(inv.last_error).toBe('refused <[address]> for now');

    clock.advance(59_000);
    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(0);
    clock.advance(1_000);
    await runDueWork(ctx, { transports: fake.transports });
    inv = await invitation(id);
    expect([inv.state, inv.attempts]).toEqual(['scheduled', 2]);
    expect(inv.next_action_at).toEqual(new Date(clock.now().getTime() + 120_000));

    clock.advance(120_000);
    await runDueWork(ctx, { transports: fake.transports });
    inv = await invitation(id);
    expect([inv.state, inv.attempts, inv.last_error]).toEqual(['sent', 0, null]);
    expect(fake.sent).toHaveLength(1);
  });

  it('gives up after MAX_DELIVERY_ATTEMPTS: failed, contact and case-mix deleted', async () => {
    const ctx = context({ MAX_DELIVERY_ATTEMPTS: 3 });
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    fake.failNext(10);
    for (let i = 0; i < 5; i++) {
      await runDueWork(ctx, { transports: fake.transports });
      clock.advance(HOUR);
    }
    const inv = await invitation(id);
    expect([inv.state, inv.attempts, inv.contact_email, inv.next_action_at]).toEqual(['failed', 3, null, null]);
    expect(fake.sent).toHaveLength(0);
    await expectCaseMixCleared(id);
  });

  it('a permanent refusal fails at once', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    fake.failNext(1, true);
    await runDueWork(ctx, { transports: fake.transports });
    const inv = await invitation(id);
    expect([inv.state, inv.attempts, inv.contact_email]).toEqual(['failed', 1, null]);
  });
});

describe('opt-out', () => {
  it('cancels an invitation opted out after scheduling, and is honoured for every later meeting', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const first = await scheduled(ctx, { email: 'nei@example.no' });
    clock.set(SEND_AT);
    await runDueWork(ctx, { transports: fake.transports });
    // The person follows the opt-out link in the first message.
    expect(await optOut(handle.db, tokenOf(fake.sent[0]!.optOutLink), clock.now())).toBe('done');
    expect(await optOut(handle.db, 'not-a-token', clock.now())).toBe('unknown');

    // A second meeting scheduled before the opt-out (quarantine off so it is scheduled at all).
    const ctxNoQuarantine = context({ RECONTACT_QUARANTINE_DAYS: 0 });
    await handle.db.deleteFrom('opt_out').execute();
    const second = await scheduled(ctxNoQuarantine, { email: 'NEI@example.no' });
    await optOut(handle.db, tokenOf(fake.sent[0]!.optOutLink), clock.now());
    clock.advance(3 * DAY);
    await runDueWork(ctxNoQuarantine, { transports: fake.transports });
    expect(fake.sent.map((m) => m.idempotencyKey)).toEqual([`${first}-invite`]); // no reminder, no second invitation
    expect((await invitation(first)).contact_email).toBeNull();
    const cancelled = await invitation(second);
    expect([cancelled.state, cancelled.contact_email]).toEqual(['cancelled', null]);
    expect((await meeting(second)).exclusion_reason).toBe('opted_out');

    // Years later, still no.
    clock.advance(3 * 365 * DAY);
    const later = await insertMeeting(handle, clock.now());
    const outcome = await scheduleInvitation(handle.db, ctx, {
      meetingId: later,
      startsAt: clock.now(),
      sensitive: false,
      protectedAddress: false,
      ageBand: null,
      email: 'nei@example.no',
      phone: null,
      language: 'nb',
    });
    expect(outcome).toEqual({ invited: false, reason: 'opted_out' });
  });
});

describe('several workers', () => {
  it(`never claim the same invitation twice${usingPostgres ? ' (PostgreSQL, concurrent transactions)' : ' (PGlite)'}`, async () => {
    const ctx = context({ RECONTACT_QUARANTINE_DAYS: 0 });
    const fake = recordingTransports();
    fake.slowDown(5);
    const ids = new Set<string>();
    for (let i = 0; i < 30; i++) ids.add(await scheduled(ctx));
    clock.set(SEND_AT);
    let rounds = 0;
    while (rounds++ < 10) {
      const counts = await Promise.all([0, 1, 2].map(() => runDueWork(ctx, { transports: fake.transports, limit: 7 })));
      if (counts.every((c) => c === 0)) break;
    }
    const keys = fake.sent.map((m: OutgoingMessage) => m.idempotencyKey);
    expect(keys).toHaveLength(30);
    expect(new Set(keys)).toEqual(new Set([...ids].map((id) => `${id}-invite`)));
    const states = await handle.db.selectFrom('invitation').select('state').distinct().execute();
    expect(states).toEqual([{ state: 'sent' }]);
  });

  it('take over a claim whose lease ran out (a worker that died mid-send)', async () => {
    const ctx = context();
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    // As a crashed worker leaves it: claimed, lease running, never marked.
    const lease = new Date(SEND_AT.getTime() + 60_000);
    await handle.db.updateTable('invitation').set({ state: 'sending', attempts: 1, lease_until: lease, next_action_at: lease }).execute();
    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(0);
    clock.set(lease);
    expect(await runDueWork(ctx, { transports: fake.transports })).toBe(1);
    expect(fake.sent.map((m) => m.idempotencyKey)).toEqual([`${id}-invite`]);
    expect((await invitation(id)).state).toBe('sent');
  });
});

describe('startWorker', () => {
  it('polls for due work and stops cleanly', async () => {
    const ctx = context({ WORKER_POLL_MS: 10 });
    const fake = recordingTransports();
    const id = await scheduled(ctx);
    clock.set(SEND_AT);
    const worker = startWorker(ctx, { transports: fake.transports });
    for (let i = 0; i < 500 && fake.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    expect(fake.sent.map((m) => m.idempotencyKey)).toEqual([`${id}-invite`]);
  });
});

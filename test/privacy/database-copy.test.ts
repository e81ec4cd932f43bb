import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personContact } from '../../src/dispatch/contact.ts';
import { runDueWork } from '../../src/dispatch/worker.ts';
import { eventFingerprint, keptFingerprint, legacyFingerprint } from '../../src/intake/fingerprint.ts';
import { meetingEventSchema } from '../../src/intake/schema.ts';
import { closeFinishedInvitations } from '../../src/retention/invitations.ts';
import { shuffleRecentResponses } from '../../src/retention/shuffle.ts';
import { closingRulesOf } from '../../src/time/closing.ts';
import { recordingTransports } from '../dispatch/fakes.ts';
import { formBody, validForm } from '../survey/helpers.ts';
import { meetingEvent, testApp, type TestApp } from '../support/app.ts';

/**
 * A copy of the database taken once the links have closed (a backup, a read replica, an operator
 * with psql), read by someone who knows the e-mail addresses and the meetings' case-mix from the
 * case system, and who tries every way to tell which meeting was answered, and how: the payload
 * fingerprint, the physical order and transaction ids of the responses, contact keys, timestamps.
 * None may beat chance.
 */

const N = 240;
const AGE = ['18_29', '30_39', '40_49', '50_66'] as const;
const BENEFIT = ['none', 'aap', 'dagpenger', 'sykepenger', 'sosialhjelp'] as const;
const INNSATS = ['standard', 'situasjonsbestemt', 'spesielt_tilpasset'] as const;

/** Spearman's rank correlation of two orderings of the same items (no ties). */
function spearman(a: number[], b: number[]): number {
  const n = a.length;
  const rank = (xs: number[]) => {
    const r = new Array<number>(n);
    xs.map((x, i) => [x, i] as const)
      .sort((p, q) => p[0] - q[0])
      .forEach(([, i], k) => (r[i] = k));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const d2 = ra.reduce((s, x, i) => s + (x - rb[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('a copy of the database after the links have closed', () => {
  let t: TestApp;
  const fake = recordingTransports();
  let random = 20261206;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const events: Array<Record<string, unknown>> = [];
  /** Submission order → the meeting answered. */
  const answered: string[] = [];
  let orderBefore = 0;

  beforeAll(async () => {
    t = await testApp({
      SECRET_KEY: 'k'.repeat(48),
      CONTACT_HASH_SECRET: 'c'.repeat(32),
      RECONTACT_QUARANTINE_DAYS: 0,
      REMINDERS_ENABLED: false,
    });
    for (let i = 0; i < N; i++) {
      const minutes = String(i % 60).padStart(2, '0');
      events.push(
        meetingEvent({
          external_id: `copy-${i}`,
          counselor_id: ['v1', 'v2', 'v3'][i % 3],
          starts_at: `2026-03-${String(6 + Math.floor(i / 60)).padStart(2, '0')}T09:${minutes}:00+01:00`,
          email: `person-${i}@example.no`,
          age_band: AGE[Math.floor(next() * AGE.length)],
          benefit: BENEFIT[Math.floor(next() * BENEFIT.length)],
          innsatsgruppe: INNSATS[Math.floor(next() * INNSATS.length)],
          first_meeting: next() < 0.5,
          interpreter_used: next() < 0.2,
          recent_adverse_decision: next() < 0.3,
        }),
      );
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings:batch',
      headers: { authorization: `Bearer ${t.apiKey}` },
      payload: { meetings: events },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    while ((await runDueWork(t.ctx, { transports: fake.transports, limit: 100 })) > 0);
    expect(fake.sent.length).toBe(N);
    // About two in three answer, in an order of their own.
    const links = fake.sent.filter(() => next() < 0.65).sort(() => next() - 0.5);
    for (const [i, message] of links.entries()) {
      const to = message.to;
      const meeting = events.find((e) => e.email === to)!.external_id as string;
      const page = await t.app.inject({
        method: 'POST',
        url: new URL(message.surveyLink).pathname,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        payload: formBody(validForm({ comment: `svar ${i}`, overall: String(1 + Math.floor(next() * 6)) })),
      });
      expect(page.statusCode, page.body).toBe(303);
      answered.push(meeting);
    }
    const physical = await sql<{ comment: string }>`select comment from response order by ctid`.execute(t.ctx.db);
    orderBefore = spearman(
      physical.rows.map((_, k) => k),
      physical.rows.map((r) => Number(r.comment.split(' ')[1])),
    );
    // Every link has expired; the worker's housekeeping runs (shuffle, then closure) as it would.
    const later = new Date('2026-04-20T12:00:00Z');
    t.setNow(later);
    while ((await runDueWork(t.ctx, { transports: fake.transports, limit: 100 })) > 0);
    await shuffleRecentResponses(t.ctx.db, later, closingRulesOf(t.ctx.config), t.ctx.config.RESPONSE_SHUFFLE_MINUTES);
    await closeFinishedInvitations(t.ctx.db, later);
  });
  afterAll(async () => t?.close());

  it('holds answers from most meetings, all links closed', async () => {
    expect(answered.length).toBeGreaterThan(N / 2);
    expect(await t.ctx.db.selectFrom('response').select('id').execute()).toHaveLength(answered.length);
    const states = await t.ctx.db.selectFrom('invitation').select('state').distinct().execute();
    expect(states.map((s) => s.state)).toEqual(['closed']);
  });

  it('physical order: before the shuffle it was the order of submission; after, the rank correlation is at chance', async () => {
    expect(orderBefore).toBeGreaterThan(0.95);
    const physical = await sql<{ comment: string }>`select comment from response order by ctid`.execute(t.ctx.db);
    const rho = spearman(
      physical.rows.map((_, k) => k),
      physical.rows.map((r) => Number(r.comment.split(' ')[1])),
    );
    // Under no association rho has sd 1/sqrt(n − 1); 4 sd is chance (and fails for any real order).
    expect(Math.abs(rho)).toBeLessThan(4 / Math.sqrt(answered.length - 1));
  });

  it('transaction ids: every response carries the one id of the shuffle, which no meeting or invitation row carries', async () => {
    const xmin = async (table: string) =>
      (await sql<{ x: string }>`select xmin::text as x from ${sql.table(table)}`.execute(t.ctx.db)).rows.map((r) => r.x);
    const responses = new Set(await xmin('response'));
    expect(responses.size).toBe(1);
    for (const table of ['meeting', 'invitation', 'opt_out_link', 'contact_quarantine', 'local_answer']) {
      expect(
        (await xmin(table)).filter((x) => responses.has(x)),
        table,
      ).toEqual([]);
    }
  });

  it('fingerprints: no key the database holds, nor none, turns a meeting and its known case-mix into its stored fingerprint', async () => {
    const stored = new Map(
      (await t.ctx.db.selectFrom('meeting').select(['external_id', 'payload_hash', 'fingerprint_after']).execute()).map((r) => [
        r.external_id,
        r,
      ]),
    );
    const keys = (await t.ctx.db.selectFrom('app_secret').select('value').execute()).map((r) => r.value);
    let tried = 0;
    for (const raw of events) {
      const event = meetingEventSchema.parse(raw);
      const row = stored.get(event.external_id)!;
      expect(row.payload_hash.startsWith('r:')).toBe(true);
      expect(row.fingerprint_after).toBeNull();
      const guesses = [legacyFingerprint(event), ...keys.flatMap((k) => [eventFingerprint(k, event), keptFingerprint(k, event)])];
      tried += guesses.length;
      expect(guesses).not.toContain(row.payload_hash);
    }
    expect(tried).toBeGreaterThanOrEqual(N);
    // With the real key (outside the database) the kept fingerprint is what the row keeps: it says nothing more.
    const first = meetingEventSchema.parse(events[0]);
    expect(stored.get(first.external_id)!.payload_hash).toBe(keptFingerprint(t.ctx.secrets.fingerprint, first));
  });

  it('contact keys: closed invitations keep none, and no key the database holds turns an address into one it stores', async () => {
    const withKeys = await t.ctx.db
      .selectFrom('invitation')
      .select('meeting_id')
      .where((eb) => eb.or([eb('contact_key', 'is not', null), eb('contact_keys', 'is not', null), eb('sent_at', 'is not', null)]))
      .execute();
    expect(withKeys).toEqual([]);
    const storedKeys = new Set([
      ...(await t.ctx.db.selectFrom('opt_out_link').select('contact_key').execute()).map((r) => r.contact_key),
      ...(await t.ctx.db.selectFrom('contact_quarantine').select('contact_key').execute()).map((r) => r.contact_key),
    ]);
    expect(storedKeys.size).toBeGreaterThan(0);
    const keys = (await t.ctx.db.selectFrom('app_secret').select('value').execute()).map((r) => r.value);
    for (const e of events) for (const k of keys) expect(storedKeys.has(personContact(k, e.email as string, null).keys[0])).toBe(false);
  });

  it('timestamps and every other column: an answered meeting and its invitation look like an unanswered one', async () => {
    const isAnswered = new Set(answered);
    const shape = (row: Record<string, unknown>) =>
      JSON.stringify(Object.entries(row).map(([k, v]) => [k, v === null ? null : k === 'payload_hash' ? String(v).slice(0, 2) : typeof v]));
    const meetings = await sql<
      Record<string, unknown>
    >`select m.*, i.state, i.send_at = i.expires_at and i.expires_at = i.finalized_at as one_time,
        i.expires_at = date_trunc('day', i.expires_at) as whole_day, i.attempts, i.last_error, i.reminder_at, i.reminded_at, i.sent_at
      from meeting m join invitation i on i.meeting_id = m.id`.execute(t.ctx.db);
    const shapes = (yes: boolean) =>
      new Set(
        meetings.rows
          .filter((r) => isAnswered.has(r.external_id as string) === yes)
          .map(({ id: _i, external_id: _e, starts_at: _s, received_at: _r, counselor_id: _c, payload_hash, ...rest }) =>
            shape({ payload_hash, ...rest }),
          ),
      );
    expect([...shapes(true)]).toEqual([...shapes(false)]);
    expect(shapes(true).size).toBe(1);
    expect(meetings.rows.every((r) => r.one_time === true && r.whole_day === true)).toBe(true);
  });
});

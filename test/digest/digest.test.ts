import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestMonth, sendDigests, setDigest } from '../../src/digest/digest.ts';
import { loadConfig } from '../../src/core/config.ts';
import { closingRulesOf } from '../../src/time/closing.ts';
import { recordingTransports } from '../dispatch/fakes.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';

describe('digestMonth', () => {
  const rules = closingRulesOf(loadConfig({}));
  it('is the last month whose answers are final (23 days after it ends, local midnight)', () => {
    expect(digestMonth(new Date('2026-03-10T12:00:00Z'), rules)).toBe('2026-01-01');
    expect(digestMonth(new Date('2026-03-24T12:00:00Z'), rules)).toBe('2026-02-01');
    // 23:30 UTC on 23 February is already 24 February in Oslo: January is final.
    expect(digestMonth(new Date('2026-02-23T23:30:00Z'), rules)).toBe('2026-01-01');
    expect(digestMonth(new Date('2026-02-23T22:30:00Z'), rules)).toBe('2025-12-01');
  });
});

describe('the monthly results e-mail', () => {
  let t: TestApp;
  beforeAll(async () => {
    // 25 March: February's answers are final, so its e-mail goes out.
    t = await testApp({}, new Date('2026-03-25T10:00:00Z'));
    for (const id of ['v1', 'v2', 'v3', 'v4'])
      await t.ctx.db
        .updateTable('employee')
        .set({ email: `${id}@nav.example` })
        .where('id', '=', id)
        .execute();
    await insertResponses(t.ctx.db, [
      ...Array.from({ length: 6 }, () => ({ counselor_id: 'v1', unit_id: 't1', month: '2026-02-01' })),
      ...Array.from({ length: 2 }, () => ({ counselor_id: 'v1', unit_id: 't1', month: '2026-03-01' })),
      ...Array.from({ length: 4 }, () => ({ counselor_id: 'v3', unit_id: 't1', month: '2026-02-01' })),
      ...Array.from({ length: 3 }, () => ({ counselor_id: 'v4', unit_id: 't2', month: '2026-02-01' })),
    ]);
  });
  afterAll(async () => t?.close());

  const cookieOf = async (id: string) => {
    const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: id } });
    return `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`;
  };

  it('is off until the counselor switches it on from their own page, in the language they use', async () => {
    const cookie = await cookieOf('v1');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/digest', headers: { cookie } })).json()).toEqual({
      on: false,
      email: 'v1@nav.example',
    });
    const page = await t.app.inject({ method: 'GET', url: '/me?lang=en', headers: { cookie } });
    expect(page.body).toContain('Monthly e-mail');
    expect(page.body).toContain('The e-mail goes to v1@nav.example.');
    const saved = await t.app.inject({
      method: 'POST',
      url: '/me/digest?lang=en',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: 'monthly_digest=on',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/me?lang=en#digest');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/digest', headers: { cookie } })).json()).toEqual({
      on: true,
      email: 'v1@nav.example',
    });
    // A forged post from another site changes nothing.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/me/digest',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      payload: '',
    });
    expect(forged.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/digest', headers: { cookie } })).json().on).toBe(true);
  });

  it('sends last month’s to those who want it, once: a link and the number of answers, no results; nothing for a month without answers', async () => {
    await setDigest(t.ctx, 'v2', true, 'nb'); // no answers in February
    await setDigest(t.ctx, 'v4', true, 'nn');
    await t.ctx.db.updateTable('employee').set({ active: false }).where('id', '=', 'v4').execute(); // left the office
    const fake = recordingTransports();
    expect(await sendDigests(t.ctx, fake.transports)).toBe(1);
    expect(fake.sent).toHaveLength(1);
    const [mail] = fake.sent;
    expect(mail).toMatchObject({
      kind: 'digest',
      channel: 'email',
      to: 'v1@nav.example',
      idempotencyKey: 'digest-v1-2026-02',
      language: 'en',
      subject: 'Your results for February 2026 are ready',
    });
    expect(mail.text).toContain('Users answered 6 times about your meetings in February 2026.');
    expect(mail.text).toContain('/me?lang=en');
    // The next pass, and the next, send nothing more.
    expect(await sendDigests(t.ctx, fake.transports)).toBe(0);
    expect(fake.sent).toHaveLength(1);
    const rows = await t.ctx.db.selectFrom('digest_sent').select(['employee_id', 'state']).orderBy('employee_id').execute();
    expect(rows).toEqual([
      { employee_id: 'v1', state: 'sent' },
      { employee_id: 'v2', state: 'sent' },
    ]);
  });

  it('a failed send is retried after its lease, under the same key — never twice, never lost', async () => {
    await setDigest(t.ctx, 'v3', true, 'nb');
    const fake = recordingTransports();
    fake.failNext(1);
    await expect(sendDigests(t.ctx, fake.transports)).rejects.toThrow(/1 of 1 e-mails failed/);
    // Within the lease nobody takes it again (another worker would skip it too).
    expect(await sendDigests(t.ctx, fake.transports)).toBe(0);
    t.setNow(new Date(t.ctx.now().getTime() + (t.ctx.config.WORKER_LEASE_SECONDS + 1) * 1000));
    expect(await sendDigests(t.ctx, fake.transports)).toBe(1);
    expect(fake.sent.map((m) => m.idempotencyKey)).toEqual(['digest-v3-2026-02']);
    expect(fake.sent[0].text).toContain('Brukerne svarte 4 ganger');
  });
});

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { Lang } from '../../src/i18n/index.ts';
import { composeMessage, dispatchMessages } from '../../src/dispatch/messages.ts';
import { scheduleInvitation } from '../../src/dispatch/schedule.ts';
import { hashToken } from '../../src/dispatch/tokens.ts';
import { closeTransports, createTransports } from '../../src/dispatch/transports/index.ts';
import { outboxTransport, readOutbox } from '../../src/dispatch/transports/outbox.ts';
import { smsGatewayTransport } from '../../src/dispatch/transports/sms-gateway.ts';
import type { OutgoingMessage } from '../../src/dispatch/transports/types.ts';
import { runDueWork } from '../../src/dispatch/worker.ts';
import { freshDatabase } from '../support/db.ts';
import { startFakeSmsGateway, startSmtpServer } from './fakes.ts';
import { insertMeeting, seedOrg, testClock, testContext } from './fixtures.ts';

const clock = testClock('2026-03-10T10:00:00Z');
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await freshDatabase();
  await seedOrg(handle);
});
afterAll(async () => handle.close());
beforeEach(async () => {
  clock.set('2026-03-10T10:00:00Z');
  await sql`delete from invitation_token; delete from opt_out_link; delete from contact_quarantine; delete from invitation; delete from meeting`.execute(
    handle.db,
  );
});

async function invite(contact: { email?: string; phone?: string }, language: Lang): Promise<string> {
  const id = await insertMeeting(handle, new Date('2026-03-10T09:00:00Z'));
  const outcome = await scheduleInvitation(handle.db, testContext(handle, clock), {
    meetingId: id,
    startsAt: new Date('2026-03-10T09:00:00Z'),
    sensitive: false,
    protectedAddress: false,
    ageBand: null,
    email: contact.email ?? null,
    phone: contact.phone ?? null,
    language,
  });
  expect(outcome.invited).toBe(true);
  return id;
}

const linkIn = (text: string, path: 's' | 'optout') =>
  new RegExp(`https://brukerstemme\\.example/${path}/([A-Za-z0-9_-]{43})`).exec(text)?.[1];

describe('e-mail over SMTP (real local SMTP server)', () => {
  it('delivers each language with recipient, subject, survey link, opt-out link and Message-ID', async () => {
    const smtp = await startSmtpServer();
    try {
      const config = { DELIVERY_MODE: 'live' as const, SMTP_URL: smtp.url, PUBLIC_URL: 'https://brukerstemme.example' };
      const ctx = testContext(handle, clock, config);
      const ids = {
        nb: await invite({ email: 'bokmal@example.no' }, 'nb'),
        nn: await invite({ email: 'nynorsk@example.no' }, 'nn'),
        en: await invite({ email: 'english@example.no' }, 'en'),
      };
      clock.set('2026-03-10T11:00:00Z');
      const transports = createTransports(ctx.config, ctx.now);
      try {
        expect(await runDueWork(ctx, { transports })).toBe(3);
      } finally {
        await closeTransports(transports);
      }
      expect(smtp.received).toHaveLength(3);
      const byRecipient = Object.fromEntries(smtp.received.map((m) => [m.envelopeTo[0], m]));
      const expected: Record<Lang, { to: string; subject: string; phrase: RegExp }> = {
        nb: {
          to: 'bokmal@example.no',
          subject: 'Hvordan var møtet ditt med NAV?',
          phrase: /anonym og frivillig.*ikke en måte å kontakte NAV/s,
        },
        nn: {
          to: 'nynorsk@example.no',
          subject: 'Korleis var møtet ditt med NAV?',
          phrase: /anonym og frivillig.*ikkje ein måte å kontakte NAV/s,
        },
        en: {
          to: 'english@example.no',
          subject: 'How was your meeting with NAV?',
          phrase: /anonymous and voluntary.*not a way to contact NAV/s,
        },
      };
      for (const lang of ['nb', 'nn', 'en'] as const) {
        const mail = byRecipient[expected[lang].to]!;
        expect(mail.subject).toBe(expected[lang].subject);
        expect(mail.from).toContain('ikke-svar@nav.example');
        expect(mail.language).toBe(lang);
        expect(mail.text).toMatch(expected[lang].phrase);
        expect(mail.messageId).toBe(`<${ids[lang]}-invite@nav.example>`);
        const token = linkIn(mail.text, 's');
        const optOut = linkIn(mail.text, 'optout');
        expect(token).toBeDefined();
        expect(optOut).toBeDefined();
        const row = await handle.db
          .selectFrom('invitation_token')
          .selectAll()
          .where('token_hash', '=', hashToken(token!))
          .executeTakeFirstOrThrow();
        expect(row.meeting_id).toBe(ids[lang]);
        await handle.db.selectFrom('opt_out_link').selectAll().where('token_hash', '=', hashToken(optOut!)).executeTakeFirstOrThrow();
      }
    } finally {
      await smtp.close();
    }
  });

  it('a refused connection is a retryable failure', async () => {
    const smtp = await startSmtpServer();
    const url = smtp.url;
    await smtp.close(); // nothing listens there any more
    const ctx = testContext(handle, clock, { DELIVERY_MODE: 'live', SMTP_URL: url });
    const id = await invite({ email: 'x@example.no' }, 'nb');
    clock.set('2026-03-10T11:00:00Z');
    await runDueWork(ctx);
    const inv = await handle.db.selectFrom('invitation').selectAll().where('meeting_id', '=', id).executeTakeFirstOrThrow();
    expect([inv.state, inv.attempts]).toEqual(['scheduled', 1]);
    expect(inv.last_error).toMatch(/^smtp: /);
  });
});

describe('SMS through the HTTP gateway adapter (local fake gateway)', () => {
  const message: OutgoingMessage = {
    idempotencyKey: 'm1-invite',
    kind: 'invite',
    channel: 'sms',
    to: '+4791234567',
    subject: 's',
    text: 'hei https://x/s/abc',
    language: 'nb',
    surveyLink: 'https://x/s/abc',
    optOutLink: 'https://x/optout/def',
  };

  it('posts JSON with the bearer token, sender and Idempotency-Key; the gateway delivers a repeat once', async () => {
    const gateway = await startFakeSmsGateway({ token: 'secret-token' });
    try {
      const sms = smsGatewayTransport({ url: gateway.url, token: 'secret-token', sender: 'NAV', timeoutMs: 5000 });
      await sms.send(message);
      await sms.send(message);
      expect(gateway.requests).toHaveLength(2);
      expect(gateway.delivered).toEqual([
        {
          authorization: 'Bearer secret-token',
          idempotencyKey: 'm1-invite',
          body: { to: '+4791234567', from: 'NAV', text: 'hei https://x/s/abc' },
        },
      ]);
    } finally {
      await gateway.close();
    }
  });

  it('treats 5xx and 429 as retryable and other 4xx as permanent, without the number in the error', async () => {
    const gateway = await startFakeSmsGateway();
    try {
      const sms = smsGatewayTransport({ url: gateway.url, token: 't', sender: 'NAV', timeoutMs: 5000 });
      for (const [status, permanent] of [
        [503, false],
        [429, false],
        [400, true],
      ] as const) {
        gateway.failWith(status);
        const err = await sms.send(message).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toMatchObject({ permanent });
        expect((err as Error).message).toContain(String(status));
        expect((err as Error).message).not.toContain('91234567');
      }
    } finally {
      await gateway.close();
    }
  });

  it('the worker sends an SMS invitation through the gateway in live mode', async () => {
    const gateway = await startFakeSmsGateway({ token: 'tok' });
    try {
      const ctx = testContext(handle, clock, {
        DELIVERY_MODE: 'live',
        SMS_GATEWAY_URL: gateway.url,
        SMS_GATEWAY_TOKEN: 'tok',
        PUBLIC_URL: 'https://brukerstemme.example',
      });
      const id = await invite({ phone: '+47 41 23 45 67' }, 'en');
      clock.set('2026-03-10T11:00:00Z');
      await runDueWork(ctx);
      expect(gateway.delivered).toHaveLength(1);
      expect(gateway.delivered[0]!.body.to).toBe('+4741234567');
      expect(gateway.delivered[0]!.idempotencyKey).toBe(`${id}-invite`);
      expect(gateway.delivered[0]!.body.text).toMatch(/^How was your meeting with NAV\? Anonymous and voluntary/);
      expect(linkIn(gateway.delivered[0]!.body.text, 's')).toBeDefined();
      expect(linkIn(gateway.delivered[0]!.body.text, 'optout')).toBeDefined();
    } finally {
      await gateway.close();
    }
  });

  it('live mode without a gateway configured keeps the invitation waiting (retryable)', async () => {
    const ctx = testContext(handle, clock, { DELIVERY_MODE: 'live' });
    const id = await invite({ phone: '41234567' }, 'nb');
    clock.set('2026-03-10T11:00:00Z');
    await runDueWork(ctx);
    const inv = await handle.db.selectFrom('invitation').selectAll().where('meeting_id', '=', id).executeTakeFirstOrThrow();
    expect([inv.state, inv.last_error]).toEqual(['scheduled', 'DELIVERY_MODE=live but SMS_GATEWAY_URL is not set']);
  });
});

describe('dev outbox', () => {
  it('writes one file per message, named by its idempotency key; a re-send replaces it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bs-outbox-'));
    try {
      const t = testClock('2026-03-10T11:00:00Z');
      const outbox = outboxTransport(dir, t.now);
      const base: OutgoingMessage = {
        idempotencyKey: 'm1-invite',
        kind: 'invite',
        channel: 'email',
        to: 'a@b.no',
        subject: 's',
        text: 'first',
        language: 'nb',
        surveyLink: 'L1',
        optOutLink: 'O1',
      };
      await outbox.send(base);
      t.advance(1000);
      await outbox.send({ ...base, text: 'again', surveyLink: 'L2' });
      t.advance(1000);
      await outbox.send({ ...base, idempotencyKey: 'm1-reminder', kind: 'reminder', surveyLink: 'L3' });
      await writeFile(join(dir, 'outbox', 'stray.json'), '{"not": "a message"}');
      expect((await readdir(join(dir, 'outbox'))).sort()).toEqual(['m1-invite.json', 'm1-reminder.json', 'stray.json']);
      const entries = await readOutbox(dir);
      expect(entries.map((e) => [e.idempotencyKey, e.surveyLink])).toEqual([
        ['m1-reminder', 'L3'],
        ['m1-invite', 'L2'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is what DELIVERY_MODE=outbox (the default) uses, for e-mail and SMS alike', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bs-outbox-'));
    try {
      const ctx = testContext(handle, clock, { DATA_DIR: dir });
      expect(ctx.config.DELIVERY_MODE).toBe('outbox');
      const a = await invite({ email: 'a@example.no' }, 'nb');
      const b = await invite({ phone: '41234567' }, 'nn');
      clock.set('2026-03-10T11:00:00Z');
      await runDueWork(ctx);
      const entries = await readOutbox(dir);
      expect(entries.map((e) => [e.idempotencyKey, e.channel, e.to]).sort()).toEqual(
        [
          [`${a}-invite`, 'email', 'a@example.no'],
          [`${b}-invite`, 'sms', '+4741234567'],
        ].sort(),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('message texts', () => {
  const langs = ['nb', 'nn', 'en'] as const;
  it('every text in every language carries the survey link and the opt-out link', () => {
    for (const lang of langs)
      for (const kind of ['invite', 'reminder'] as const)
        for (const channel of ['email', 'sms'] as const) {
          const m = composeMessage({
            kind,
            channel,
            lang,
            link: 'LINK-X',
            optOutLink: 'OPTOUT-Y',
            expiresAt: new Date('2026-03-24T11:00:00Z'),
            timeZone: 'Europe/Oslo',
          });
          expect(m.text).toContain('LINK-X');
          expect(m.text).toContain('OPTOUT-Y');
          expect(m.text).not.toMatch(/\{\w+\}/);
          expect(m.subject.length).toBeGreaterThan(0);
        }
  });
  it('says anonymous, voluntary and not a way to contact NAV, in each language', () => {
    const phrases: Record<(typeof langs)[number], RegExp[]> = {
      nb: [/anonym/i, /frivillig/i, /ikke en måte å kontakte NAV/i],
      nn: [/anonym/i, /frivillig/i, /ikkje ein måte å kontakte NAV/i],
      en: [/anonymous/i, /voluntary/i, /not a way to contact NAV/i],
    };
    for (const lang of langs)
      for (const key of ['inviteEmail', 'reminderEmail', 'inviteSms', 'reminderSms'] as const)
        for (const phrase of phrases[lang]) expect(dispatchMessages[lang][key]).toMatch(phrase);
  });
  it('gives the expiry date in the language and the configured time zone', () => {
    // 23:30 UTC on 23 March is already 24 March in Oslo.
    const expiresAt = new Date('2026-03-23T23:30:00Z');
    const text = (lang: Lang) =>
      composeMessage({ kind: 'invite', channel: 'email', lang, link: 'l', optOutLink: 'o', expiresAt, timeZone: 'Europe/Oslo' }).text;
    expect(text('nb')).toContain('24. mars 2026');
    expect(text('nn')).toContain('24. mars 2026');
    expect(text('en')).toContain('24 March 2026');
  });
});

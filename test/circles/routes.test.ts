import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCircleInvites } from '../../src/circles/invites.ts';
import { smtpTransport } from '../../src/dispatch/transports/smtp.ts';
import type { Transports } from '../../src/dispatch/transports/index.ts';
import { zonedParts } from '../../src/time/zone.ts';
import { recordingTransports } from '../dispatch/fakes.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { parseCalendar } from './ics.ts';
import { startSmtpServer } from '../dispatch/fakes.ts';

let t: TestApp;
const cookies = new Map<string, string>();
async function cookieOf(id: string): Promise<string> {
  if (!cookies.has(id)) {
    const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: id } });
    cookies.set(id, `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`);
  }
  return cookies.get(id)!;
}
const get = async (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: await cookieOf(who) } });
const post = async (who: string, url: string, form: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: await cookieOf(who), 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    payload: form,
  });

beforeAll(async () => {
  t = await testApp({}, new Date('2026-03-10T10:00:00Z'));
  for (const id of ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'l1'])
    await t.ctx.db
      .updateTable('employee')
      .set({ email: `${id}@nav.example` })
      .where('id', '=', id)
      .execute();
  await t.ctx.db.updateTable('employee').set({ email: null }).where('id', '=', 'v6').execute();
});
afterAll(async () => t?.close());

let groupId = 0;
let sessionId = 0;

describe('kollegaveiledning groups', () => {
  it('is in the menu of counselors and leaders, h1 the menu’s name', async () => {
    for (const who of ['v1', 'l1']) {
      const page = await get(who, '/groups?lang=nb');
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/<h1[^>]*>Kollegaveiledning<\/h1>/);
      expect(page.body).toContain('href="/groups?lang=nb"');
    }
  });

  it('is created with 3–8 members of one office; fewer is refused naming the field', async () => {
    const few = await post('v1', '/groups?lang=en', 'name=Gruppe+%C3%98st&members=v2');
    expect(few.statusCode).toBe(422);
    expect(few.body).toContain('members');
    expect(few.body).toContain('a group has 3 to 8 members, you included (you chose 2)');
    const made = await post('v1', '/groups?lang=nb', 'name=Gruppe+%C3%98st&members=v2&members=v3&members=v6');
    expect(made.statusCode).toBe(303);
    groupId = Number(/\/groups\/(\d+)/.exec(made.headers.location as string)![1]);
    const page = await get('v2', `/groups/${groupId}?lang=nb`);
    expect(page.statusCode).toBe(200);
    for (const name of ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg', 'Jonas Lie']) expect(page.body).toContain(name);
    // It is the same group members share figures with on /me/sharing.
    expect((await get('v3', '/me/sharing?lang=nb')).body).toContain('Gruppe Øst');
  });

  it('is closed to everyone outside it: 404 for its page, its API and its forms, from a colleague and from the leader', async () => {
    for (const who of ['v4', 'l1']) {
      expect((await get(who, `/groups/${groupId}`)).statusCode).toBe(404);
      expect((await get(who, `/api/v1/groups/${groupId}`)).statusCode).toBe(404);
      const plan = await post(
        who,
        `/groups/${groupId}/sessions`,
        'date=2026-03-12&starts=09:00&ends=10:00&place=Rom&facilitator_id=v1&theme=Test',
      );
      expect(plan.statusCode).toBe(404);
    }
    // The leader sees the group's name and size only (to join it), no link to its page.
    const leader = await get('l1', '/groups?lang=nb');
    expect(leader.body).toContain('Gruppe Øst');
    expect(leader.body).not.toContain(`href="/groups/${groupId}`);
  });

  it('members join and leave freely; leaving keeps the group', async () => {
    expect((await post('v4', `/groups/${groupId}/join?lang=nb`, '')).statusCode).toBe(303);
    expect((await get('v4', `/groups/${groupId}`)).statusCode).toBe(200);
    expect((await post('v4', `/groups/${groupId}/leave?lang=nb`, '')).statusCode).toBe(303);
    expect((await get('v4', `/groups/${groupId}`)).statusCode).toBe(404);
    expect((await get('v1', `/groups/${groupId}`)).statusCode).toBe(200);
  });

  it('plans a session: the facilitator must be a member (named field), the theme is checked by the scrubber first', async () => {
    const notMember = await post(
      'v1',
      `/groups/${groupId}/sessions?lang=en`,
      'date=2026-03-12&starts=09:00&ends=10:30&place=M%C3%B8terom+2&facilitator_id=v5&theme=Avslag',
    );
    expect(notMember.statusCode).toBe(422);
    expect(notMember.body).toContain('facilitator_id');
    const form = 'date=2026-03-12&starts=09:00&ends=10:30&place=M%C3%B8terom+2&facilitator_id=v2&structure=case&areas=aap&areas=dagpenger';
    const warned = await post('v1', `/groups/${groupId}/sessions?lang=nb`, `${form}&theme=${encodeURIComponent('Saken til 12345678')}`);
    expect(warned.statusCode).toBe(422);
    expect(warned.body).toContain('Temaet kan inneholde opplysninger om en person');
    expect(warned.body).toContain('Lagre likevel');
    expect(warned.body).toContain('Saken til 12345678'); // the form keeps what was written, to edit
    expect((await t.ctx.db.selectFrom('circle_session').select('id').execute()).length).toBe(0);
    const planned = await post(
      'v1',
      `/groups/${groupId}/sessions?lang=nb`,
      `${form}&theme=${encodeURIComponent('Avslag, klage; og hva nå')}`,
    );
    expect(planned.statusCode).toBe(303);
    const page = await get('v3', `/groups/${groupId}?lang=nb`);
    expect(page.body).toContain('Avslag, klage; og hva nå');
    expect(page.body).toContain('Oppklarende spørsmål'); // the case structure's agenda
    expect(page.body).toContain('Dagpenger');
    const mine = await get('v3', '/groups?lang=nb');
    expect(mine.body).toContain('Avslag, klage; og hva nå');
    sessionId = Number((await t.ctx.db.selectFrom('circle_session').select('id').executeTakeFirstOrThrow()).id);
  });

  it('sends each member with an address the .ics over real SMTP, once; DTSTART in UTC is the planned time in Europe/Oslo', async () => {
    const smtp = await startSmtpServer();
    const email = smtpTransport({ url: smtp.url, from: 'Brukerstemme <ikke-svar@nav.example>', timeoutMs: 5000 });
    const transports: Transports = { email, sms: email };
    try {
      expect(await sendCircleInvites(t.ctx, transports)).toBe(3); // v1, v2, v3; v6 has no address
      expect(await sendCircleInvites(t.ctx, transports)).toBe(0);
      expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual(['v1@nav.example', 'v2@nav.example', 'v3@nav.example']);
      const mail = smtp.received.find((m) => m.envelopeTo[0] === 'v3@nav.example')!;
      expect(mail.subject).toContain('Kollegaveiledning');
      const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
      expect(ics.filename).toBe('invitasjon.ics');
      const cal = parseCalendar(ics.content);
      expect(cal.method).toBe('REQUEST');
      expect(cal.version).toBe('2.0');
      const ev = cal.events[0];
      expect(ev.DTSTART).toMatch(/^\d{8}T\d{6}Z$/);
      const start = new Date(ev.DTSTART.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
      expect(zonedParts(start, 'Europe/Oslo')).toMatchObject({ year: 2026, month: 3, day: 12, hour: 9, minute: 0 });
      expect(ev.DTSTART).toBe('20260312T080000Z');
      expect(ev.DTEND).toBe('20260312T093000Z');
      expect(ev.SUMMARY).toBe('Kollegaveiledning: Avslag, klage; og hva nå');
      expect(ev.attendees.sort()).toEqual(['mailto:v1@nav.example', 'mailto:v2@nav.example', 'mailto:v3@nav.example']);
      const uid = ev.UID;

      // Cancelled: METHOD:CANCEL, the same UID, a higher SEQUENCE, to the same members.
      expect((await post('v2', `/groups/${groupId}/sessions/${sessionId}/cancel?lang=nb`, '')).statusCode).toBe(303);
      expect(await sendCircleInvites(t.ctx, transports)).toBe(3);
      const cancels = smtp.received.slice(3);
      expect(cancels.map((m) => m.envelopeTo[0]).sort()).toEqual(['v1@nav.example', 'v2@nav.example', 'v3@nav.example']);
      const cancel = parseCalendar(cancels[0].attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content);
      expect(cancel.method).toBe('CANCEL');
      expect(cancel.events[0].UID).toBe(uid);
      expect(Number(cancel.events[0].SEQUENCE)).toBeGreaterThan(Number(ev.SEQUENCE));
      expect((await get('v1', `/groups/${groupId}?lang=nb`)).body).toContain('Avlyst');
    } finally {
      await email.close?.();
      await smtp.close();
    }
  });

  it('a failed send is retried under the same key after the lease, never sent twice', async () => {
    const planned = await post(
      'v1',
      `/groups/${groupId}/sessions?lang=nb`,
      'date=2026-03-19&starts=13:00&ends=14:00&video_link=https%3A%2F%2Fvideo.example%2From&facilitator_id=v1&theme=Ny+rutine',
    );
    expect(planned.statusCode).toBe(303);
    const rec = recordingTransports();
    rec.failNext(1);
    await expect(sendCircleInvites(t.ctx, rec.transports)).rejects.toThrow(/1 of 3/);
    expect(rec.sent).toHaveLength(2);
    expect(await sendCircleInvites(t.ctx, rec.transports)).toBe(0); // leased
    t.setNow(new Date('2026-03-10T10:30:00Z'));
    expect(await sendCircleInvites(t.ctx, rec.transports)).toBe(1);
    const keys = rec.sent.map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(3);
    expect(rec.sent.every((m) => m.kind === 'session' && m.calendar?.method === 'REQUEST')).toBe(true);
  });

  it('leaders see counts of sessions held per office and period, "fewer than k" below k, never names or themes', async () => {
    t.setNow(new Date('2026-03-25T10:00:00Z'));
    cookies.clear(); // the sessions of two weeks ago have run out
    const page = await get('l1', '/groups?lang=en');
    expect(page.statusCode, page.body.slice(0, 2000)).toBe(200);
    expect(page.body).toContain('Sessions held in the units you lead');
    expect(page.body).toContain('fewer than 5');
    expect(page.body).not.toContain('Ny rutine');
    const counselor = await get('v1', '/groups?lang=en');
    expect(counselor.body).not.toContain('Sessions held in the units you lead');
  });
});

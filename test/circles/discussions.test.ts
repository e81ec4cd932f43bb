import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteOldDiscussions } from '../../src/circles/discussions.ts';
import { sendCircleInvites } from '../../src/circles/invites.ts';
import { recordingTransports } from '../dispatch/fakes.ts';
import { testApp, type TestApp } from '../support/app.ts';

/**
 * Kollegaveiledning beyond groups and sessions: "Drøft en sak" (requests for a talk, on the
 * recipients' own pages only), a member's coming sessions on /me, the group's notes of a session,
 * the 8-member cap of a group grown on /me/sharing, and calendar e-mails in each member's language.
 */

let t: TestApp;
const cookies = new Map<string, string>();
async function cookieOf(id: string): Promise<string> {
  if (!cookies.has(id)) {
    const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: id } });
    cookies.set(id, `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`);
  }
  return cookies.get(id)!;
}
const get = async (who: string, url: string, extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: [await cookieOf(who), ...Object.values(extra)].join('; ') } });
const post = async (who: string, url: string, form: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: await cookieOf(who), 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    payload: form,
  });
const travel = (at: string) => {
  t.setNow(new Date(at));
  cookies.clear();
};
const enc = encodeURIComponent;

let groupId = 0;

beforeAll(async () => {
  t = await testApp({}, new Date('2026-03-10T10:00:00Z'));
  for (const id of ['v1', 'v2', 'v3'])
    await t.ctx.db
      .updateTable('employee')
      .set({ email: `${id}@nav.example` })
      .where('id', '=', id)
      .execute();
  const made = await post('v1', '/groups?lang=nb', 'name=Gruppe+Vest&members=v2&members=v3');
  groupId = Number(/\/groups\/(\d+)/.exec(made.headers.location as string)![1]);
});
afterAll(async () => t?.close());

describe('Drøft en sak', () => {
  it('asks a colleague: the topic is scrubbed first (edit or send anyway), the colleague sees it on /me and /groups', async () => {
    const warned = await post('v1', '/groups/discussions?lang=nb', `to=employee:v2&topic=${enc('Ring 91234567 om saken')}`);
    expect(warned.statusCode).toBe(422);
    expect(warned.body).toContain('Temaet kan inneholde opplysninger om en person');
    expect(warned.body).toContain('Send likevel');
    expect(warned.body).toContain('Ring 91234567 om saken'); // kept in the form, to edit
    expect(await t.ctx.db.selectFrom('circle_discussion').select('id').execute()).toHaveLength(0);
    const json = await t.app.inject({
      method: 'POST',
      url: '/groups/discussions',
      headers: { cookie: await cookieOf('v1'), 'content-type': 'application/json' },
      payload: { to: 'employee:v2', topic: 'Ring 91234567' },
    });
    expect(json.statusCode).toBe(422);
    expect(json.json().fields[0].field).toBe('topic');

    expect((await post('v1', '/groups/discussions?lang=nb', `to=employee:v2&topic=${enc('Avslag på AAP og klage')}`)).statusCode).toBe(303);
    for (const url of ['/me?lang=nb', '/groups?lang=nb']) {
      const page = await get('v2', url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Kari Nordmann vil gjerne drøfte: Avslag på AAP og klage');
    }
    // The asker sees it as theirs, not yet done; nobody else sees it.
    expect((await get('v1', '/me?lang=nb')).body).toContain('Til Ola Hansen: Avslag på AAP og klage');
    for (const who of ['v3', 'l1']) expect((await get(who, '/groups?lang=nb')).body).not.toContain('Avslag på AAP og klage');
  });

  it('refuses a recipient outside the office, oneself or a group one is not in, naming the field "to"', async () => {
    await t.ctx.db.insertInto('unit').values({ id: 'o9', kind: 'office', name: 'NAV Annetby', parent_id: 'c1' }).execute();
    await t.ctx.db.insertInto('employee').values({ id: 'x1', name: 'Ute Annen', unit_id: 'o9', role: 'counselor' }).execute();
    for (const to of ['employee:x1', 'employee:v1', `group:${groupId + 100}`, 'somebody']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/groups/discussions',
        headers: { cookie: await cookieOf('v1'), 'content-type': 'application/json' },
        payload: { to, topic: 'Et tema' },
      });
      expect(res.statusCode, to).toBe(422);
      expect(res.json().fields.map((f: { field: string }) => f.field)).toEqual(['to']);
    }
  });

  it('the recipient marks it done; only the asker withdraws; leaders and others get 404', async () => {
    const id = Number((await t.ctx.db.selectFrom('circle_discussion').select('id').executeTakeFirstOrThrow()).id);
    for (const who of ['l1', 'v3', 'v4']) {
      expect((await post(who, `/groups/discussions/${id}/done`, 'back=me')).statusCode, who).toBe(404);
      expect((await post(who, `/groups/discussions/${id}/withdraw`, 'back=me')).statusCode, who).toBe(404);
    }
    expect((await post('v2', `/groups/discussions/${id}/withdraw`, '')).statusCode).toBe(404); // not the asker
    const doneRes = await post('v2', `/groups/discussions/${id}/done?lang=nb`, 'back=me');
    expect(doneRes.statusCode).toBe(303);
    expect(doneRes.headers.location).toBe('/me?lang=nb');
    expect((await get('v2', '/me?lang=nb')).body).not.toContain('Avslag på AAP og klage');
    expect((await get('v1', '/me?lang=nb')).body).toContain('markert som gjort');
    expect((await post('v1', `/groups/discussions/${id}/withdraw?lang=nb`, 'back=groups')).statusCode).toBe(303);
    expect((await get('v1', '/me?lang=nb')).body).not.toContain('Avslag på AAP og klage');
  });

  it('asks a group: every other member sees it until they mark it done; withdrawn, it is gone for all', async () => {
    expect((await post('v2', '/groups/discussions?lang=en', `to=group:${groupId}&topic=${enc('Tolk i videomøter')}`)).statusCode).toBe(303);
    for (const who of ['v1', 'v3'])
      expect((await get(who, '/groups?lang=en')).body).toContain('Ola Hansen would like to discuss with Gruppe Vest: Tolk i videomøter');
    expect((await get('v4', '/groups?lang=en')).body).not.toContain('Tolk i videomøter');
    const id = Number(
      (await t.ctx.db.selectFrom('circle_discussion').select('id').where('topic', '=', 'Tolk i videomøter').executeTakeFirstOrThrow()).id,
    );
    expect((await post('v3', `/groups/discussions/${id}/done`, '')).statusCode).toBe(303);
    expect((await get('v3', '/groups?lang=en')).body).not.toContain('Tolk i videomøter');
    expect((await get('v1', '/groups?lang=en')).body).toContain('Tolk i videomøter');
    expect((await get('v2', '/groups?lang=en')).body).toContain('1 of 2 have marked it done');
    expect((await post('v2', `/groups/discussions/${id}/withdraw`, '')).statusCode).toBe(303);
    expect((await get('v1', '/groups?lang=en')).body).not.toContain('Tolk i videomøter');
  });

  it('disappears after 60 days, and retention deletes it', async () => {
    expect((await post('v3', '/groups/discussions?lang=nb', `to=employee:v1&topic=${enc('Sykepenger og arbeidsgiver')}`)).statusCode).toBe(
      303,
    );
    travel('2026-05-08T10:00:00Z'); // 59 days on
    expect((await get('v1', '/me?lang=nb')).body).toContain('Sykepenger og arbeidsgiver');
    expect(await deleteOldDiscussions(t.ctx)).toBe(0);
    travel('2026-05-10T10:00:00Z'); // 61 days on
    expect((await get('v1', '/me?lang=nb')).body).not.toContain('Sykepenger og arbeidsgiver');
    expect(await deleteOldDiscussions(t.ctx)).toBe(1);
    expect(await t.ctx.db.selectFrom('circle_discussion').select('id').execute()).toHaveLength(0);
    travel('2026-03-10T10:00:00Z');
  });
});

describe('sessions on /me, in each member’s language', () => {
  it('a member’s coming sessions are on their page: date, time, place, group, theme', async () => {
    // v2 picked English on a page once: remembered for what is sent to them.
    expect((await get('v2', '/groups?lang=en')).statusCode).toBe(200);
    expect((await get('v3', '/groups?lang=nb', { lang: 'bs_lang=en' })).statusCode).toBe(200); // back to bokmål
    const prefs = await t.ctx.db
      .selectFrom('employee_preference')
      .select(['employee_id', 'language'])
      .where('employee_id', 'in', ['v2', 'v3', 'v5'])
      .orderBy('employee_id')
      .execute();
    expect(prefs).toEqual([
      { employee_id: 'v2', language: 'en' },
      { employee_id: 'v3', language: 'nb' },
    ]);
    const form = `date=2026-03-12&starts=09:00&ends=10:30&place=${enc('Møterom 2')}&facilitator_id=v2&theme=${enc('Skjønn mot regel')}`;
    expect((await post('v1', `/groups/${groupId}/sessions?lang=nb`, form)).statusCode).toBe(303);
    const me = await get('v3', '/me?lang=nb');
    expect(me.body).toContain('Dine kommende samlinger');
    for (const text of ['Skjønn mot regel', 'Gruppe Vest', '09:00–10:30', 'Møterom 2']) expect(me.body).toContain(text);
    expect((await get('v4', '/me?lang=nb')).body).not.toContain('Skjønn mot regel');
  });

  it('the calendar e-mail is in the recipient’s language, not the planner’s', async () => {
    const rec = recordingTransports();
    expect(await sendCircleInvites(t.ctx, rec.transports)).toBe(3);
    const subject = (to: string) => rec.sent.find((m) => m.to === to)!.subject;
    expect(subject('v2@nav.example')).toMatch(/^Peer supervision/);
    expect(subject('v3@nav.example')).toMatch(/^Kollegaveiledning/);
    expect(subject('v1@nav.example')).toMatch(/^Kollegaveiledning/); // the pages they opened were in bokmål
    expect(rec.sent.find((m) => m.to === 'v2@nav.example')!.language).toBe('en');
  });
});

describe('the group’s notes of a session', () => {
  let sessionId = 0;
  let url = '';
  beforeAll(async () => {
    sessionId = Number((await t.ctx.db.selectFrom('circle_session').select('id').executeTakeFirstOrThrow()).id);
    url = `/groups/${groupId}/sessions/${sessionId}`;
  });

  it('cannot be written before the session begins (named field)', async () => {
    const page = await get('v1', `${url}?lang=nb`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Notater kan skrives når samlingen har begynt.');
    const res = await post('v1', `${url}/notes?lang=nb`, 'text=Notat');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('text');
  });

  it('after it began, any member writes them (scrubbed first) and every member reads them', async () => {
    travel('2026-03-12T10:00:00Z');
    const warned = await post('v3', `${url}/notes?lang=nb`, `text=${enc('Saken til Aisha Khan\nVi lærte mye')}`);
    expect(warned.statusCode).toBe(422);
    expect(warned.body).toContain('Notatene kan inneholde opplysninger om en person');
    expect(await t.ctx.db.selectFrom('circle_session_note').selectAll().execute()).toHaveLength(0);
    const text = 'Vi øvde på å forklare avslag.\nNeste gang: klageretten først.';
    expect((await post('v2', `${url}/notes?lang=nb`, `text=${enc(text)}`)).statusCode).toBe(303);
    for (const who of ['v1', 'v3']) {
      const page = await get(who, `${url}?lang=nb`);
      expect(page.body).toContain('Vi øvde på å forklare avslag.');
      expect(page.body).toContain('Ola Hansen');
    }
    // The group page links to the session's notes.
    expect((await get('v1', `/groups/${groupId}?lang=nb`)).body).toContain(`href="${url}?lang=nb"`);
  });

  it('is 404 for the leader, a colleague outside the group and a member who left', async () => {
    expect((await post('v3', `/groups/${groupId}/leave`, '')).statusCode).toBe(303);
    for (const who of ['l1', 'v4', 'v3']) {
      const page = await get(who, url);
      expect(page.statusCode, who).toBe(404);
      expect(page.body).not.toContain('forklare avslag');
      expect((await post(who, `${url}/notes`, 'text=Overskrevet')).statusCode, who).toBe(404);
    }
    expect((await t.ctx.db.selectFrom('circle_session_note').select('text').executeTakeFirstOrThrow()).text).toContain('forklare avslag');
  });
});

describe('a group grown on /me/sharing', () => {
  it('refuses a ninth member, naming the field', async () => {
    await t.ctx.db
      .insertInto('employee')
      .values(['v7', 'v8', 'v9'].map((id, i) => ({ id, name: `Ny Kollega ${i + 7}`, unit_id: 't2', role: 'counselor' as const })))
      .execute();
    const made = await t.app.inject({
      method: 'POST',
      url: '/me/sharing/groups',
      headers: { cookie: await cookieOf('v1'), 'content-type': 'application/json' },
      payload: { name: 'Stor gruppe' },
    });
    const id = made.json().id as number;
    const add = (employee_id: string) =>
      t.app.inject({
        method: 'POST',
        url: `/me/sharing/groups/${id}/members`,
        headers: { cookie: cookies.get('v1')!, 'content-type': 'application/json' },
        payload: { employee_id },
      });
    for (const who of ['v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8']) expect((await add(who)).statusCode, who).toBe(200);
    const ninth = await add('v9');
    expect(ninth.statusCode).toBe(422);
    expect(ninth.json().fields[0]).toMatchObject({ field: 'employee_id' });
    // As a page too.
    const page = await post('v1', `/me/sharing/groups/${id}/members?lang=en`, 'employee_id=v9');
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('employee_id');
    expect((await add('v8')).statusCode).toBe(200); // already in: no change, no refusal
  });
});

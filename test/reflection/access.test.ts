import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes } from '../../src/access/guard.ts';
import { notesOf } from '../../src/reflection/store.ts';
import { addStaff, sessionOf } from '../admin/actors.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';

/**
 * A counselor's private note is theirs alone, by every route the server registers: the leader of
 * their office, a county and a national analyst, an administrator and a colleague on the same team
 * call each route (every method, the path's parameters filled with the note's id, the owner's id and
 * the owner's units) and none gets the note's text back, in a page, JSON or an export. The note is
 * unchanged afterwards. Neither the audit log nor the server's log (read at level trace) holds it.
 * Kollegaveiledning's texts are swept alike: a request for a talk to one colleague and a group's notes
 * of a session (routes under /groups get the group's and the request's ids too) reach none of them.
 */

const SECRET = 'Privat refleksjon 7f3e: jeg avbryter brukerne';
/** Kollegaveiledning's private texts, swept the same way: a discussion request to one colleague, and a group's notes of a session. */
const REQUEST = 'Drøfte 4b9d: vanskelig samtale';
const GROUP_NOTE = 'Gruppenotat c81a: vi øvde på avslag';
const MARKERS = ['7f3e', '4b9d', 'c81a'];
const READERS = ['l1', 'ca1', 'na1', 'adm', 'v2'] as const;
/** Routes that would end the reader's own session or change who holds which role while the test runs. */
const LEFT_OUT = new Set([
  'POST /logout',
  'POST /admin/roles/:id/revoke',
  'DELETE /api/v1/admin/roles/:id',
  'POST /api/v1/admin/employees/:id/sessions:end',
]);

describe('nobody but the owner reaches a private note', () => {
  let t: TestApp;
  let noteId: number;
  let groupId: number;
  let sessionId: number;
  let requestId: number;
  const logged: string[] = [];
  const original = { write: fs.write, writeSync: fs.writeSync };

  beforeAll(async () => {
    t = await testApp({ SECRET_KEY: 'k'.repeat(48), LOG_LEVEL: 'trace' });
    // The server's log goes to standard output (pino through sonic-boom, which writes with fs): keep what it writes there.
    const keep = (fd: unknown, data: unknown) => {
      if (fd === 1 || fd === 2) logged.push(typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8'));
    };
    (fs as { write: unknown }).write = (fd: number, data: unknown, ...rest: unknown[]) => {
      keep(fd, data);
      return (original.write as (...a: unknown[]) => unknown)(fd, data, ...rest);
    };
    (fs as { writeSync: unknown }).writeSync = (fd: number, data: unknown, ...rest: unknown[]) => {
      keep(fd, data);
      return (original.writeSync as (...a: unknown[]) => unknown)(fd, data, ...rest);
    };
    await addStaff(t);
    await insertResponses(
      t.ctx.db,
      Array.from({ length: 12 }, (_, i) => ({
        counselor_id: 'v1',
        month: '2025-11-01',
        overall: 2 + (i % 5),
        comment: i < 3 ? 'Godt møte' : null,
      })),
    );
    const owner = await sessionOf(t, 'v1');
    const saved = await t.app.inject({ method: 'POST', url: '/me/notes', cookies: owner, payload: { period: '2025-T3', text: SECRET } });
    expect(saved.statusCode).toBe(303);
    noteId = (await notesOf(t.ctx, 'v1'))[0].id;
    // Refused and failing requests of the owner too, so the log has had its chances.
    await t.app.inject({ method: 'POST', url: '/me/notes', cookies: owner, payload: { period: '2099-T1', text: SECRET } });
    await t.app.inject({ method: 'POST', url: `/me/notes/${noteId}`, cookies: owner, payload: { text: `${SECRET}${'x'.repeat(5000)}` } });
    await t.app.inject({ method: 'GET', url: `/me/notes/${noteId}/edit`, cookies: owner });

    // Kollegaveiledning: v1's group with v3 and v4 (none of the readers), a held session with the
    // group's notes, and v1's request to v3 for a talk.
    const group = await t.app.inject({
      method: 'POST',
      url: '/groups',
      cookies: owner,
      payload: { name: 'Gruppe Sveip', members: ['v3', 'v4'] },
    });
    groupId = group.json().id;
    const session = await t.ctx.db
      .insertInto('circle_session')
      .values({
        group_id: groupId,
        starts_at: new Date(t.ctx.now().getTime() - 2 * 3600_000),
        ends_at: new Date(t.ctx.now().getTime() - 3600_000),
        place: 'Rom 1',
        facilitator_id: 'v1',
        theme: 'Avslag',
        uid: 'sweep@brukerstemme',
        created_by: 'v1',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    sessionId = Number(session.id);
    const saved2 = await t.app.inject({
      method: 'POST',
      url: `/groups/${groupId}/sessions/${sessionId}/notes`,
      cookies: owner,
      payload: { text: GROUP_NOTE },
    });
    expect(saved2.statusCode).toBe(200);
    const asked = await t.app.inject({
      method: 'POST',
      url: '/groups/discussions',
      cookies: owner,
      payload: { to: 'employee:v3', topic: REQUEST },
    });
    expect(asked.statusCode).toBe(200);
    requestId = Number((await t.ctx.db.selectFrom('circle_discussion').select('id').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => {
    fs.write = original.write;
    fs.writeSync = original.writeSync;
    await t?.close();
  });

  it('every route, every reader: 401/403/404 or a body without the note', async () => {
    const routes = declaredRoutes(t.app).filter((r) => r.method !== 'HEAD' && !LEFT_OUT.has(`${r.method} ${r.url}`));
    expect(routes.some((r) => r.url === '/me/notes/:id/edit')).toBe(true);
    expect(routes.length).toBeGreaterThan(80);
    const fill = (url: string, id: string) =>
      url
        .replace(/:sessionId\b/g, String(sessionId))
        .replace(/:(id|employeeId)\b/g, (_, name: string) => (name === 'id' ? id : 'v1'))
        .replace(/:token\b/g, 'x')
        .replace(/:file\b/g, 'x')
        .replace('::', ':');
    const leaks: string[] = [];
    let calls = 0;
    for (const reader of READERS) {
      const cookies = await sessionOf(t, reader);
      for (const route of routes) {
        // Under /groups, :id is also the group's and the request's id.
        const ids = [
          String(noteId),
          'v1',
          'o1',
          't1',
          ...(route.url.startsWith('/groups') || route.url.includes('/groups/') ? [String(groupId), String(requestId)] : []),
        ];
        const urls = route.url.includes(':id') ? [...new Set(ids)].map((id) => fill(route.url, id)) : [fill(route.url, '')];
        for (const url of urls) {
          for (const query of ['', '?lang=en&period=2025-T3&format=json']) {
            const headers: Record<string, string> = route.access === 'api_key' ? { authorization: `Bearer ${t.apiKey}` } : {};
            const write = route.method !== 'GET';
            const res = await t.app.inject({
              method: route.method as 'GET',
              url: url + query,
              cookies,
              headers,
              ...(write ? { payload: { id: noteId, note_id: noteId, employee_id: 'v1', text: 'x', to: 'employee:v1', topic: 'x' } } : {}),
            });
            calls++;
            const body = res.rawPayload.toString('utf8');
            if (body.includes(SECRET) || MARKERS.some((m) => body.includes(m)))
              leaks.push(`${reader} ${route.method} ${url + query}: ${res.statusCode}`);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect(leaks).toEqual([]);
    // Nothing anyone did changed or removed it.
    expect((await notesOf(t.ctx, 'v1')).map((n) => n.text)).toEqual([SECRET]);
    expect(
      (await t.ctx.db.selectFrom('circle_session_note').select('text').where('session_id', '=', sessionId).executeTakeFirstOrThrow()).text,
    ).toBe(GROUP_NOTE);
    expect(
      (await t.ctx.db.selectFrom('circle_discussion').select('topic').where('id', '=', requestId).executeTakeFirstOrThrow()).topic,
    ).toBe(REQUEST);
    expect(await t.ctx.db.selectFrom('circle_discussion_done').selectAll().where('discussion_id', '=', requestId).execute()).toEqual([]);
  }, 300_000);

  it('the note routes themselves answer 403 to leaders, analysts and the administrator, 404 to a colleague', async () => {
    const paths = ['/me/notes', `/me/notes/${noteId}/edit`, `/me/notes/${noteId}/delete`, '/me/notes/delete-all'];
    // The owner reads it on three of them (so the search for the text above can find it where it is).
    const owner = await sessionOf(t, 'v1');
    for (const path of paths.slice(0, 3)) expect((await t.app.inject({ method: 'GET', url: path, cookies: owner })).body).toContain(SECRET);
    for (const reader of READERS) {
      const cookies = await sessionOf(t, reader);
      for (const path of paths) {
        const res = await t.app.inject({ method: 'GET', url: path, cookies });
        const expected = reader === 'v2' ? (path === '/me/notes' || path === '/me/notes/delete-all' ? 200 : 404) : 403;
        expect(res.statusCode, `${reader} ${path}`).toBe(expected);
        expect(res.body).not.toContain(SECRET);
      }
    }
  });

  it('a group’s notes and a request for a talk: 404 to the leader and a colleague, 403 to analysts and the administrator', async () => {
    const owner = await sessionOf(t, 'v1');
    expect((await t.app.inject({ method: 'GET', url: `/groups/${groupId}/sessions/${sessionId}`, cookies: owner })).body).toContain(
      GROUP_NOTE,
    );
    expect((await t.app.inject({ method: 'GET', url: '/me', cookies: owner })).body).toContain(REQUEST);
    for (const reader of READERS) {
      const cookies = await sessionOf(t, reader);
      const expected = reader === 'l1' || reader === 'v2' ? 404 : 403;
      for (const [method, url] of [
        ['GET', `/groups/${groupId}/sessions/${sessionId}`],
        ['POST', `/groups/${groupId}/sessions/${sessionId}/notes`],
        ['POST', `/groups/discussions/${requestId}/done`],
        ['POST', `/groups/discussions/${requestId}/withdraw`],
      ] as const) {
        const res = await t.app.inject({ method, url, cookies, ...(method === 'POST' ? { payload: { text: 'x' } } : {}) });
        expect(res.statusCode, `${reader} ${method} ${url}`).toBe(expected);
      }
    }
  });

  it('the audit log and the server log hold no note text', async () => {
    const audit = JSON.stringify(await t.ctx.db.selectFrom('audit_log').selectAll().execute());
    for (const marker of MARKERS) expect(audit).not.toContain(marker);
    // The capture works: the app's logger reaches it.
    t.app.log.info('probe-from-the-access-test');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const log = logged.join('');
    expect(log).toContain('probe-from-the-access-test');
    for (const marker of MARKERS) expect(log).not.toContain(marker);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole, loadActor } from '../../src/access/actor.ts';
import { readerViewFor } from '../../src/consent/readers.ts';
import { counselorReport } from '../../src/reporting/counselor-report.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';

/**
 * Sharing, groups, policy, audit and moderation over HTTP, against PGlite or PostgreSQL. The clock
 * stands in March 2026; the answers are from November 2025 (2025-T3, closed), and each team has four
 * counselors, so what a leader sees of one who shares still leaves three others together.
 */
let t: TestApp;
const cookies = new Map<string, string>();

beforeAll(async () => {
  t = await testApp();
  await t.ctx.db
    .insertInto('employee')
    .values([
      { id: 'adm', name: 'Ada Admin', unit_id: 'c1', role: 'staff', email: null },
      { id: 'v7', name: 'Siri Sund', unit_id: 't1', role: 'counselor', email: null },
      { id: 'v8', name: 'Tor Tveit', unit_id: 't2', role: 'counselor', email: null },
    ])
    .execute();
  await grantRole(t.ctx.db, 'adm', 'administrator', null);
  for (const c of ['v1', 'v2', 'v3', 'v7', 'v4', 'v5', 'v6', 'v8']) {
    const unit = ['v4', 'v5', 'v6', 'v8'].includes(c) ? 't2' : 't1';
    await insertResponses(
      t.ctx.db,
      Array.from({ length: 6 }, (_, i) => ({ counselor_id: c, unit_id: unit, month: '2025-11-01', overall: 3 + (i % 3) })),
    );
  }
});
afterAll(async () => t.close());

/** Moves the clock; sessions are re-issued, since a signed-in session lasts only hours. */
function moveClock(at: Date) {
  t.setNow(at);
  cookies.clear();
}

async function login(employeeId: string): Promise<string> {
  const known = cookies.get(employeeId);
  if (known) return known;
  const res = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: employeeId } });
  expect(res.statusCode).toBe(303);
  const cookie = `bs_session=${res.cookies.find((c) => c.name === 'bs_session')!.value}`;
  cookies.set(employeeId, cookie);
  return cookie;
}

async function get(who: string | null, url: string) {
  return t.app.inject({ method: 'GET', url, headers: who ? { cookie: await login(who) } : {} });
}

/** A form post, as the pages send it without JavaScript. */
async function postForm(who: string, url: string, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: await login(who), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

async function auditRows(action?: string) {
  let q = t.ctx.db.selectFrom('audit_log').selectAll().orderBy('id');
  if (action) q = q.where('action', '=', action);
  return q.execute();
}

describe('sharing with the leader', () => {
  it('needs a signed-in user, and only a counselor has sharing settings', async () => {
    // Pages send the visitor to the login; the API answers 401.
    const page = await get(null, '/me/sharing?lang=en');
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/login?lang=en');
    expect((await get(null, '/employees/v1/results')).statusCode).toBe(302);
    expect((await get(null, '/api/v1/employees/v1/results')).statusCode).toBe(401);
    const refused = await get('l1', '/me/sharing?lang=en');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('Only counselors have results of their own to share');
    expect((await get('adm', '/me/sharing')).statusCode).toBe(403);
  });

  it('the leader gets 403 until the counselor shares, then sees figures only; revoking closes it at once', async () => {
    const before = (await auditRows()).length;
    expect((await get('l1', '/api/v1/employees/v1/results')).statusCode).toBe(403);
    expect((await get('l1', '/employees/v1/results')).statusCode).toBe(403);
    expect((await auditRows()).length).toBe(before);

    const on = await postForm('v1', '/me/sharing/shares?lang=en', { grantee: 'leader', what: 'figures', share: 'on' });
    expect(on.statusCode).toBe(303);
    expect(on.headers.location).toBe('/me/sharing?lang=en');

    const json = await get('l1', '/api/v1/employees/v1/results');
    expect(json.statusCode).toBe(200);
    const view = json.json();
    expect(view.access).toEqual({ figures: 'shared-with-leader', comments: null });
    expect(view.periods[0].answers).toBe(6);
    expect(view.periods[0].overall).toMatchObject({ suppressed: false, n: 6 });
    expect(view.periods[0].comments).toEqual({ suppressed: true, reason: 'not_shared' });
    expect(json.headers['cache-control']).toBe('no-store');
    const page = await get('l1', '/employees/v1/results?lang=en');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Results of Kari Nordmann');
    expect(page.body).toContain('You see this because: the counselor shares with their leader.');

    // Nobody else: a colleague, a leader of nobody here, the administrator.
    for (const who of ['v2', 'v4', 'adm']) expect((await get(who, '/api/v1/employees/v1/results')).statusCode).toBe(403);

    const off = await postForm('v1', '/me/sharing/shares', { grantee: 'leader', what: 'figures', share: 'off' });
    expect(off.statusCode).toBe(303);
    expect((await get('l1', '/api/v1/employees/v1/results')).statusCode).toBe(403);
    expect((await get('l1', '/employees/v1/results')).statusCode).toBe(403);

    // Exactly the two reads by the leader were audited, with who and what.
    const reads = (await auditRows('individual_results.read')).slice(-2);
    expect((await auditRows()).length).toBe(before + 2);
    for (const r of reads) {
      expect(r).toMatchObject({ actor_id: 'l1', subject_employee_id: 'v1' });
      expect(r.detail).toMatchObject({ what: ['figures'], reasons: { figures: 'shared-with-leader', comments: null } });
    }
    expect(reads.map((r) => (r.detail as { channel: string }).channel)).toEqual(['json', 'page']);

    // The history keeps the revoked share.
    const history = (await get('v1', '/api/v1/me/sharing')).json();
    expect(history.shares).toHaveLength(1);
    expect(history.shares[0]).toMatchObject({ grantee_kind: 'leader', what: 'figures' });
    expect(history.shares[0].revoked_at).not.toBeNull();
  });

  it('the owner reading their own results is not audited', async () => {
    const before = (await auditRows()).length;
    const own = await get('v1', '/api/v1/employees/v1/results');
    expect(own.statusCode).toBe(200);
    expect(own.json().access).toEqual({ figures: 'self', comments: 'self' });
    expect((await get('v1', '/employees/v1/results')).statusCode).toBe(200);
    expect((await auditRows()).length).toBe(before);
  });

  it("the counselor sees each read in their audit trail, with the reader's name", async () => {
    const page = await get('v1', '/me/audit?lang=en');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lise Leder');
    expect(page.body).toContain('Read your results');
    const json = (await get('v1', '/api/v1/me/audit')).json();
    expect(json.entries).toHaveLength(2);
    // Another counselor's trail does not contain v1's entries.
    expect((await get('v2', '/api/v1/me/audit')).json().entries).toHaveLength(0);
  });

  it('rejects bad input with the field named, and changes nothing', async () => {
    const before = await t.ctx.db.selectFrom('result_share').selectAll().execute();
    const bad = await postForm('v2', '/me/sharing/shares', { grantee: 'leader', what: 'everything', share: 'on' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<li>what: /);
    const noGroup = await postForm('v2', '/me/sharing/shares', { grantee: 'group', what: 'figures', share: 'on' });
    expect(noGroup.statusCode).toBe(400);
    // In the page's language (bokmål by default), from the catalog.
    expect(noGroup.body).toContain('group_id: må velges når du deler med en gruppe');
    expect(await t.ctx.db.selectFrom('result_share').selectAll().execute()).toEqual(before);
    expect((await get('l1', '/employees/not-a-person/results')).statusCode).toBe(404);
    // Fastify's own errors keep their JSON answer.
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/me/sharing/shares',
      headers: { cookie: await login('v2'), 'content-type': 'application/json' },
      payload: '{"grantee":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toBeTruthy();
  });
});

describe('colleague groups', () => {
  let groupId: number;

  it('a counselor creates a group in their office and adds a colleague from it, not anyone else', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/me/sharing/groups',
      headers: { cookie: await login('v2'), 'content-type': 'application/json' },
      payload: { name: 'Kollegaveiledning tirsdag' },
    });
    expect(created.statusCode).toBe(200);
    groupId = created.json().id;
    expect((await postForm('v2', `/me/sharing/groups/${groupId}/members`, { employee_id: 'v4' })).statusCode).toBe(303);
    const notCounselor = await postForm('v2', `/me/sharing/groups/${groupId}/members`, { employee_id: 'l1' });
    expect(notCounselor.statusCode).toBe(422);
    expect(notCounselor.body).toContain('employee_id: er ikke en veileder på ditt kontor');
    // Only the creator changes members.
    expect((await postForm('v4', `/me/sharing/groups/${groupId}/members`, { employee_id: 'v5' })).statusCode).toBe(403);
    const page = await get('v2', '/me/sharing?lang=en');
    expect(page.body).toContain('Kollegaveiledning tirsdag');
    expect(page.body).toContain('Per Olsen');
  });

  it('sharing comments with the group lets members read comments only; leaving closes it at once', async () => {
    // Not a member: cannot share with the group.
    expect(
      (await postForm('v3', '/me/sharing/shares', { grantee: 'group', group_id: String(groupId), what: 'figures', share: 'on' }))
        .statusCode,
    ).toBe(422);
    expect(
      (await postForm('v4', '/me/sharing/shares', { grantee: 'group', group_id: String(groupId), what: 'comments', share: 'on' }))
        .statusCode,
    ).toBe(303);
    const seen = await get('v2', '/api/v1/employees/v4/results');
    expect(seen.statusCode).toBe(200);
    expect(seen.json().access).toEqual({ figures: null, comments: 'shared-with-group' });
    expect(seen.json().periods[0].overall).toBeNull();
    expect(seen.json().periods[0].statements).toBeNull();
    // Not members, and the leader (not in the group), are refused.
    for (const who of ['v3', 'v5', 'l1']) expect((await get(who, '/api/v1/employees/v4/results')).statusCode).toBe(403);
    const listed = await get('v2', '/shared-with-me?lang=en');
    expect(listed.body).toContain('/employees/v4/results');

    expect((await postForm('v4', `/me/sharing/groups/${groupId}/members/v4/remove`, {})).statusCode).toBe(303);
    expect((await get('v2', '/api/v1/employees/v4/results')).statusCode).toBe(403);
    const share = await t.ctx.db.selectFrom('result_share').selectAll().where('counselor_id', '=', 'v4').executeTakeFirstOrThrow();
    expect(share.revoked_at).not.toBeNull();
  });
});

describe('office policy', () => {
  it('needs at least POLICY_NOTICE_DAYS notice and an administrator or the office leader', async () => {
    const tooSoon = await postForm('l1', '/policies', { office_id: 'o1', starts_on: '2026-03-23' });
    expect(tooSoon.statusCode).toBe(422);
    // A form post without JavaScript gets the error as a page naming the field, with the way back.
    expect(tooSoon.headers['content-type']).toContain('text/html');
    expect(tooSoon.body).toContain('starts_on: må være 2026-03-24 eller senere (14 dagers varsel)');
    expect(tooSoon.body).toContain('href="/policies?lang=nb"');
    const tooSoonJson = await t.app.inject({
      method: 'POST',
      url: '/policies',
      headers: { cookie: await login('l1'), 'content-type': 'application/json' },
      payload: { office_id: 'o1', starts_on: '2026-03-23' },
    });
    expect(tooSoonJson.statusCode).toBe(422);
    expect(tooSoonJson.json().fields[0].field).toBe('starts_on');
    const notADate = await postForm('l1', '/policies', { office_id: 'o1', starts_on: '2026-02-30' });
    expect(notADate.statusCode).toBe(400);
    expect((await postForm('v1', '/policies', { office_id: 'o1', starts_on: '2026-04-01' })).statusCode).toBe(403);
    expect((await get('v1', '/policies')).statusCode).toBe(403);
    expect(await t.ctx.db.selectFrom('office_policy').selectAll().execute()).toHaveLength(0);
  });

  it('is announced to counselors before it applies, applies from its start date, and the pages say so', async () => {
    const published = await postForm('l1', '/policies?lang=en', { office_id: 'o1', starts_on: '2026-03-24' });
    expect(published.statusCode).toBe(303);
    expect(await auditRows('policy.publish')).toHaveLength(1);
    expect((await auditRows('policy.publish'))[0]).toMatchObject({ actor_id: 'l1', unit_id: 'o1' });

    const notice = await get('v5', '/me/sharing?lang=en');
    expect(notice.body).toContain('from 24 March 2026');
    expect(notice.body).toContain('Until then, only what you share yourself applies');
    expect((await get('l1', '/api/v1/employees/v5/results')).statusCode).toBe(403);

    moveClock(new Date('2026-03-23T22:59:00Z')); // 23:59 in Oslo, the day before
    expect((await get('l1', '/api/v1/employees/v5/results')).statusCode).toBe(403);
    moveClock(new Date('2026-03-23T23:01:00Z')); // 00:01 on the start date
    const seen = await get('l1', '/api/v1/employees/v5/results');
    expect(seen.statusCode).toBe(200);
    expect(seen.json().access).toEqual({ figures: 'office-policy', comments: null });
    expect((await get('l1', '/employees/v5/results?lang=en')).body).toContain(
      'You see this because: the office policy that leaders see individual results.',
    );
    expect((await get('v5', '/me/sharing?lang=en')).body).toContain('under the office policy in force since 24 March 2026');
    // The policy opens nothing to colleagues or the administrator.
    for (const who of ['v6', 'adm']) expect((await get(who, '/api/v1/employees/v5/results')).statusCode).toBe(403);

    const [policy] = await t.ctx.db.selectFrom('office_policy').select('id').execute();
    expect((await postForm('adm', `/policies/${policy.id}/withdraw`, {})).statusCode).toBe(303);
    expect((await get('l1', '/api/v1/employees/v5/results')).statusCode).toBe(403);
    expect(await auditRows('policy.withdraw')).toHaveLength(1);
    moveClock(new Date('2026-03-10T10:00:00Z'));
  });

  it('covers comments only when the checkbox says so; republishing needs the full notice again', async () => {
    expect((await postForm('adm', '/policies', { office_id: 'o1', starts_on: '2026-03-24', includes_comments: 'true' })).statusCode).toBe(
      303,
    );
    const [current] = await t.ctx.db.selectFrom('office_policy').selectAll().where('withdrawn_at', 'is', null).execute();
    expect(current).toMatchObject({ includes_comments: true, published_by: 'adm' });
    moveClock(new Date('2026-03-25T10:00:00Z'));
    expect((await get('l1', '/api/v1/employees/v5/results')).json().access).toEqual({
      figures: 'office-policy',
      comments: 'office-policy',
    });
    // A new policy replaces the old one at once and starts no sooner than the notice allows.
    expect((await postForm('l1', '/policies', { office_id: 'o1', starts_on: '2026-04-07' })).statusCode).toBe(422);
    expect((await postForm('l1', '/policies', { office_id: 'o1', starts_on: '2026-04-08' })).statusCode).toBe(303);
    expect((await get('l1', '/api/v1/employees/v5/results')).statusCode).toBe(403);
    expect(await t.ctx.db.selectFrom('office_policy').selectAll().where('withdrawn_at', 'is', null).execute()).toHaveLength(1);
    // Leave no policy behind for the tests that follow.
    const [latest] = await t.ctx.db.selectFrom('office_policy').select('id').where('withdrawn_at', 'is', null).execute();
    await postForm('l1', `/policies/${latest.id}/withdraw`, {});
    moveClock(new Date('2026-03-10T10:00:00Z'));
  });

  it('offers no individual-level export: no CSV or spreadsheet route for anyone', async () => {
    for (const url of ['/employees/v1/results.csv', '/api/v1/employees/v1/results.csv', '/api/v1/employees/v1/results.xlsx']) {
      expect((await get('l1', url)).statusCode).toBe(404);
    }
  });
});

describe('comment moderation', () => {
  beforeAll(() => moveClock(new Date('2026-03-10T10:00:00Z')));

  it('a counselor reports a released comment, the administrator hides it, and it is gone everywhere', async () => {
    const texts = ['Veldig hyggelig', 'Du er en idiot og burde sparkes', 'Lyttet godt', 'Ok', null, null, null, null, null, null];
    await insertResponses(
      t.ctx.db,
      texts.map((comment) => ({ counselor_id: 'v6', unit_id: 't2', month: '2025-10-01', comment })),
    );
    const listed = await get('v6', '/me/comments?lang=en');
    expect(listed.statusCode).toBe(200);
    expect(listed.body).toContain('Du er en idiot');
    const refs = [...listed.body.matchAll(/name="ref" value="([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toHaveLength(4);
    const responses = await t.ctx.db
      .selectFrom('response')
      .select(['id', 'comment'])
      .where('counselor_id', '=', 'v6')
      .where('comment', 'is not', null)
      .execute();
    // The reference reveals neither the id nor anything ordered by time.
    for (const r of refs) expect(responses.some((x) => r.includes(x.id) || x.id.includes(r))).toBe(false);

    const abusive = responses.find((r) => r.comment!.includes('idiot'))!;
    const abusiveRef = refs.find((r) => listed.body.indexOf(`value="${r}"`) > listed.body.indexOf('Du er en idiot'))!;
    // Someone else cannot report v6's comment.
    expect((await postForm('v5', '/me/comments/report', { ref: abusiveRef })).statusCode).toBe(404);
    expect((await postForm('v6', '/me/comments/report', { ref: 'not-a-ref' })).statusCode).toBe(400);
    expect((await postForm('v6', '/me/comments/report', { ref: abusiveRef })).statusCode).toBe(303);
    const row = await t.ctx.db.selectFrom('comment_moderation').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ response_id: abusive.id, state: 'reported' });

    expect((await get('v6', '/admin/comments')).statusCode).toBe(403);
    expect((await get('l1', '/api/v1/admin/comments')).statusCode).toBe(403);
    const queue = (await get('adm', '/api/v1/admin/comments')).json();
    expect(queue.items).toEqual([
      expect.objectContaining({ ref: abusiveRef, state: 'reported', text: 'Du er en idiot og burde sparkes', month: '2025-10' }),
    ]);
    expect(JSON.stringify(queue)).not.toContain(abusive.id);

    expect((await postForm('adm', '/admin/comments/decide', { ref: abusiveRef, decision: 'hidden' })).statusCode).toBe(303);
    const hideAudit = await auditRows('comment.hide');
    expect(hideAudit).toHaveLength(1);
    expect(hideAudit[0]).toMatchObject({ actor_id: 'adm', subject_employee_id: 'v6' });
    // Hidden in the counselor's own report as well.
    const own = JSON.stringify(
      await counselorReport(t.ctx, await readerViewFor(t.ctx, (await loadActor(t.ctx.db, 'v6'))!), 'v6', 'nb', 'tertial'),
    );
    expect(own).toContain('Lyttet godt');
    expect(own).not.toContain('idiot');

    // Shared with the leader, the hidden comment is not among those the leader reads.
    await postForm('v6', '/me/sharing/shares', { grantee: 'leader', what: 'comments', share: 'on' });
    const view = (await get('l1', '/api/v1/employees/v6/results?period=tertial')).json();
    const october = view.periods.find((p: { period: string }) => p.period === '2025-T3');
    expect(october.comments.items.map((c: { text: string }) => c.text).sort()).toEqual(['Lyttet godt', 'Ok', 'Veldig hyggelig']);
    expect((await get('v6', '/me/comments?lang=en')).body).not.toContain('idiot');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.ts';
import { addStaff, sessionOf } from '../admin/actors.ts';
import { usingPostgres } from '../support/db.ts';
import { addCounts, approvedQuestion, form, FORM } from './helpers.ts';

/**
 * Office and county questions through the HTTP routes, on SMALL_ORG plus: a nation n1, county
 * analyst ca1 (c1), national analyst na1, administrator adm (addStaff), and a second office o2 in
 * c1 with its leader l2, and a second county c2 with office o3 and its leader l3.
 * The clock stands at 10 March 2026.
 */
let t: TestApp;
const cookies = new Map<string, Record<string, string>>();
const as = (id: string) => cookies.get(id);

beforeAll(async () => {
  t = await testApp();
  await addStaff(t);
  const db = t.ctx.db;
  await db
    .insertInto('unit')
    .values([
      { id: 'o2', kind: 'office', name: 'NAV Nabobyen', parent_id: 'c1' },
      { id: 'c2', kind: 'county', name: 'Annetfylke', parent_id: 'n1' },
      { id: 'o3', kind: 'office', name: 'NAV Annetby', parent_id: 'c2' },
    ])
    .execute();
  await db
    .insertInto('employee')
    .values([
      { id: 'l2', name: 'Nina Nabo', unit_id: 'o2', role: 'leader' },
      { id: 'l3', name: 'Arne Annet', unit_id: 'o3', role: 'leader' },
    ])
    .execute();
  for (const id of ['v1', 'l1', 'l2', 'l3', 'ca1', 'na1', 'adm']) cookies.set(id, await sessionOf(t, id));
});
afterAll(async () => t?.close());

const post = (url: string, who: string | null, payload: Record<string, string>) =>
  t.app.inject({ method: 'POST', url, headers: FORM, cookies: who ? as(who) : undefined, payload: form(payload) });
const postJson = (url: string, who: string | null, payload: unknown) =>
  t.app.inject({ method: 'POST', url, cookies: who ? as(who) : undefined, payload: payload as object });
const get = (url: string, who: string | null) => t.app.inject({ method: 'GET', url, cookies: who ? as(who) : undefined });

const proposal = (over: Record<string, string> = {}) => ({
  owner_unit_id: 'o1',
  text_nb: 'Det var lett å finne fram på kontoret.',
  text_en: 'It was easy to find my way at the office.',
  start_month: '2026-04',
  end_month: '2026-06',
  ...over,
});

describe(`local questions over HTTP (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('a leader proposes for their office; the page lists it as awaiting review; the proposal is audited', async () => {
    const res = await post('/local-questions?lang=en', 'l1', proposal());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/local-questions?lang=en');
    const page = await get('/local-questions?lang=en', 'l1');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('It was easy to find my way at the office.');
    expect(page.body).toContain('Awaiting review');
    const api = (await get('/api/v1/local-questions', 'l1')).json();
    expect(api.owners).toEqual([{ id: 'o1', name: 'NAV Testby', kind: 'office' }]);
    expect(api.questions[0]).toMatchObject({
      status: 'pending',
      start_month: '2026-04-01',
      end_month: '2026-06-01',
      text: { nb: 'Det var lett å finne fram på kontoret.', en: 'It was easy to find my way at the office.' },
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'unit_id'])
      .where('action', 'like', 'local_question.%')
      .execute();
    expect(audit).toEqual([{ actor_id: 'l1', action: 'local_question.propose', unit_id: 'o1' }]);
  });

  it('bad input is a 400 naming each field, nothing stored; the form is shown again with what was typed', async () => {
    const before = await t.ctx.db
      .selectFrom('local_question')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const api = await postJson('/api/v1/local-questions', 'l1', {
      owner_unit_id: 'o1',
      text_nb: '',
      start_month: '2026-4',
      end_month: '2026-06',
    });
    expect(api.statusCode).toBe(400);
    expect(
      api
        .json()
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['start_month', 'text_nb']);
    const past = await postJson('/api/v1/local-questions', 'l1', proposal({ start_month: '2026-02', end_month: '2026-01' }));
    expect(past.statusCode).toBe(400);
    expect(past.json().fields.map((f: { field: string }) => f.field)).toEqual(['start_month', 'end_month']);
    const page = await post('/local-questions?lang=en', 'l1', proposal({ text_nb: '', text_en: 'Kept as typed' }));
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Statement in bokmål: must be filled in');
    expect(page.body).toContain('Kept as typed');
    const after = await t.ctx.db
      .selectFrom('local_question')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('only the office’s leader or the county’s analyst may propose for it (403 otherwise, 422 for a unit that is not an office or county)', async () => {
    expect((await postJson('/api/v1/local-questions', 'l1', proposal({ owner_unit_id: 'o2' }))).statusCode).toBe(403);
    expect((await postJson('/api/v1/local-questions', 'l1', proposal({ owner_unit_id: 'c1' }))).statusCode).toBe(403);
    expect((await postJson('/api/v1/local-questions', 'ca1', proposal({ owner_unit_id: 'o1' }))).statusCode).toBe(403);
    expect((await postJson('/api/v1/local-questions', 'l1', proposal({ owner_unit_id: 't1' }))).statusCode).toBe(422);
    for (const who of ['v1', 'na1', 'adm']) expect((await postJson('/api/v1/local-questions', who, proposal())).statusCode).toBe(403);
    expect((await postJson('/api/v1/local-questions', null, proposal())).statusCode).toBe(401);
    const county = await postJson(
      '/api/v1/local-questions',
      'ca1',
      proposal({ owner_unit_id: 'c1', text_nb: 'Det er lett å få time hos NAV i fylket.' }),
    );
    expect(county.statusCode).toBe(201);
    expect(county.json().question).toMatchObject({ owner_unit_id: 'c1', owner_kind: 'county', status: 'pending' });
  });

  it('the administrator sees the queue and approves or rejects (a reason is required to reject); both audited; the proposer sees the outcome', async () => {
    const queue = (await get('/api/v1/admin/local-questions', 'adm')).json();
    expect(queue.pending.map((q: { owner_unit_id: string }) => q.owner_unit_id)).toEqual(['o1', 'c1']);
    const [office, county] = queue.pending as Array<{ id: number }>;
    const page = await get('/admin/local-questions?lang=en', 'adm');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Fits within the limit of three.');

    const noReason = await post(`/admin/local-questions/${county.id}/reject?lang=en`, 'adm', { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Reason: must be filled in');

    expect((await post(`/admin/local-questions/${office.id}/approve?lang=en`, 'adm', { reason: '' })).statusCode).toBe(303);
    expect((await post(`/admin/local-questions/${county.id}/reject?lang=en`, 'adm', { reason: 'Handler ikke om møtet.' })).statusCode).toBe(
      303,
    );
    // A decided question cannot be decided again.
    expect((await postJson(`/api/v1/admin/local-questions/${office.id}/reject`, 'adm', { reason: 'x' })).statusCode).toBe(409);
    expect((await postJson('/api/v1/admin/local-questions/999999/approve', 'adm', {})).statusCode).toBe(404);
    // Only the administrator decides.
    expect((await postJson(`/api/v1/admin/local-questions/${county.id}/approve`, 'l1', {})).statusCode).toBe(403);

    const mine = (await get('/api/v1/local-questions', 'ca1')).json();
    expect(mine.questions[0]).toMatchObject({ status: 'rejected', decision_reason: 'Handler ikke om møtet.', decided_by: 'adm' });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'detail'])
      .where('action', 'in', ['local_question.approve', 'local_question.reject'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.actor_id, a.action])).toEqual([
      ['adm', 'local_question.approve'],
      ['adm', 'local_question.reject'],
    ]);
    expect(audit[1].detail).toMatchObject({ question_id: county.id, reason: 'Handler ikke om møtet.' });
  });

  it('withdraw a pending proposal, end an approved one early (shown no more, window closes with this month); not the other way round', async () => {
    const pending = (
      await postJson(
        '/api/v1/local-questions',
        'l1',
        proposal({ text_nb: 'Venterommet var greit.', start_month: '2026-03', end_month: '2026-03' }),
      )
    ).json().question;
    expect((await postJson(`/api/v1/local-questions/${pending.id}/end`, 'l1', {})).statusCode).toBe(409);
    expect((await postJson(`/api/v1/local-questions/${pending.id}/withdraw`, 'l2', {})).statusCode).toBe(403);
    expect((await post(`/local-questions/${pending.id}/withdraw?lang=en`, 'l1', {})).statusCode).toBe(303);
    expect((await get('/api/v1/local-questions', 'l1')).json().questions.find((q: { id: number }) => q.id === pending.id).status).toBe(
      'withdrawn',
    );

    const running = await approvedQuestion(t.ctx.db, { start: '2026-02-01', end: '2026-08-01' });
    expect((await postJson(`/api/v1/local-questions/${running}/withdraw`, 'l1', {})).statusCode).toBe(409);
    const ended = await postJson(`/api/v1/local-questions/${running}/end`, 'l1', {});
    expect(ended.statusCode).toBe(200);
    expect(ended.json().question).toMatchObject({
      status: 'ended',
      end_month: '2026-03-01',
      proposed_end_month: '2026-08-01',
      closed_by: 'l1',
    });
  });

  it('the cap: a fourth overlapping office question is refused when proposed; a county question is refused at approval when an office would show four', async () => {
    // o2 gets three running questions in May–June.
    for (let i = 0; i < 3; i++)
      await approvedQuestion(t.ctx.db, { owner: 'o2', text: { nb: `Spørsmål ${i}` }, start: '2026-05-01', end: '2026-06-01' });
    const fourth = await postJson(
      '/api/v1/local-questions',
      'l2',
      proposal({ owner_unit_id: 'o2', start_month: '2026-06', end_month: '2026-07' }),
    );
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().fields[0]).toMatchObject({ field: 'start_month' });
    expect(fourth.json().fields[0].message).toContain('2026-06');
    // July alone is fine for o2.
    expect(
      (await postJson('/api/v1/local-questions', 'l2', proposal({ owner_unit_id: 'o2', start_month: '2026-07', end_month: '2026-07' })))
        .statusCode,
    ).toBe(201);

    // A county question for June: o2's surveys would show four. Proposing is allowed (the county has none); approving is not.
    const county = (
      await postJson(
        '/api/v1/local-questions',
        'ca1',
        proposal({ owner_unit_id: 'c1', text_nb: 'Fylkesspørsmål', start_month: '2026-06', end_month: '2026-06' }),
      )
    ).json().question;
    const queue = await get('/admin/local-questions?lang=en', 'adm');
    expect(queue.body).toContain('Cannot be approved now');
    const refused = await postJson(`/api/v1/admin/local-questions/${county.id}/approve`, 'adm', {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().fields[0].message).toContain('o2');
    const page = await post(`/admin/local-questions/${county.id}/approve?lang=en`, 'adm', {});
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('would show 4 local questions');
    expect((await get('/api/v1/local-questions', 'ca1')).json().questions.find((q: { id: number }) => q.id === county.id).status).toBe(
      'pending',
    );
  });

  it('concurrent approvals cannot together break the cap', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await postJson(
        '/api/v1/local-questions',
        'l3',
        proposal({ owner_unit_id: 'o3', text_nb: `Samtidig ${i}`, start_month: '2026-09', end_month: '2026-09' }),
      );
      expect(res.statusCode).toBe(201);
      ids.push(res.json().question.id);
    }
    const results = await Promise.all(ids.map((id) => postJson(`/api/v1/admin/local-questions/${id}/approve`, 'adm', {})));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 409]);
  });
});

describe('results: threshold and who sees them', () => {
  let officeQ: number;
  let countyQ: number;
  // 25 May: January–April are final, so 2026-T1 has closed (figures are shown for closed periods
  // only). Sessions last hours, so everyone signs in again at each move of the clock.
  const moveClock = async (at: string) => {
    t.setNow(new Date(at));
    for (const id of cookies.keys()) cookies.set(id, await sessionOf(t, id));
  };
  beforeAll(() => moveClock('2026-05-25T10:00:00Z'));
  afterAll(() => moveClock('2026-03-10T10:00:00Z'));
  beforeAll(async () => {
    officeQ = await approvedQuestion(t.ctx.db, { owner: 'o1', text: { nb: 'Resultatspørsmål' }, start: '2026-01-01', end: '2026-03-01' });
    countyQ = await approvedQuestion(t.ctx.db, { owner: 'c1', text: { nb: 'Fylkesresultat' }, start: '2026-01-01', end: '2026-02-01' });
    // January: 6 on the scale + 1 don't know; February: 4 (below k); March: 5.
    await addCounts(t.ctx.db, officeQ, '2026-01-01', { 0: 1, 3: 1, 5: 3, 6: 2 });
    await addCounts(t.ctx.db, officeQ, '2026-02-01', { 6: 4 });
    await addCounts(t.ctx.db, officeQ, '2026-03-01', { 1: 1, 2: 1, 4: 1, 5: 1, 6: 1 });
    await addCounts(t.ctx.db, countyQ, '2026-01-01', { 4: 9 });
  });

  it('below MIN_ANSWERS a period is suppressed and marked, not zero; at or above it n, mean, share agreeing and distribution', async () => {
    const res = await get(`/api/v1/local-questions/${officeQ}/results?period=month`, 'l1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.threshold).toBe(5);
    expect(body.periods.map((p: { period: string }) => p.period)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(body.periods[0].figure).toEqual({
      suppressed: false,
      n: 6,
      mean: 5,
      share_agree: 0.833,
      distribution: [0, 0, 1, 0, 3, 2],
      dont_know: 1,
    });
    expect(body.periods[1].figure).toEqual({ suppressed: true, reason: 'too_few_answers', n_min: 5 });
    // March (5 answers) would be releasable, but with it and January released, February could be
    // worked out from the released tertial: March is hidden too, and marked as such.
    expect(body.periods[2].figure).toEqual({ suppressed: true, reason: 'disclosure_control', n_min: 5 });
    const tertial = (await get(`/api/v1/local-questions/${officeQ}/results?period=tertial`, 'l1')).json();
    expect(tertial.periods).toEqual([
      {
        period: '2026-T1',
        from: '2026-01-01',
        to: '2026-05-01',
        figure: expect.objectContaining({ suppressed: false, n: 15, dont_know: 1 }),
      },
    ]);
  });

  it('CSV and XLSX hold exactly what the page shows: suppressed periods blank and marked, never zero; only for the owner', async () => {
    const csv = await get(`/api/v1/local-questions/${officeQ}/results.csv?period=month`, 'l1');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.trim().split('\r\n')).toEqual([
      'question_id,owner,period,n,mean,share_agree,dont_know,d1,d2,d3,d4,d5,d6,suppressed',
      `${officeQ},NAV Testby,2026-01,6,5,0.833,1,0,0,1,0,3,2,no`,
      `${officeQ},NAV Testby,2026-02,,,,,,,,,,,yes`,
      `${officeQ},NAV Testby,2026-03,,,,,,,,,,,yes`,
    ]);
    const xlsx = await get(`/api/v1/local-questions/${officeQ}/results.xlsx?period=tertial`, 'l1');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    for (const who of ['adm', 'na1', 'v1']) expect((await get(`/api/v1/local-questions/${officeQ}/results.csv`, who)).statusCode).toBe(403);
  });

  it('with a higher MIN_ANSWERS the same data is suppressed', async () => {
    const strict = await testApp({ MIN_ANSWERS: 7 });
    try {
      const id = await approvedQuestion(strict.ctx.db, { start: '2026-01-01', end: '2026-01-01' });
      await addCounts(strict.ctx.db, id, '2026-01-01', { 5: 6 });
      const res = await strict.app.inject({
        method: 'GET',
        url: `/api/v1/local-questions/${id}/results?period=month`,
        cookies: await sessionOf(strict, 'l1'),
      });
      expect(res.json().periods[0].figure).toEqual({ suppressed: true, reason: 'too_few_answers', n_min: 7 });
    } finally {
      await strict.close();
    }
  });

  it('the page shows the figures, a marked suppressed cell, and a chart with a table of the same numbers', async () => {
    const res = await get(`/local-questions/${officeQ}?period=month&lang=en`, 'l1');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Resultatspørsmål');
    expect(res.body).toContain('Too few answers');
    expect(res.body).toContain('class="bs-chart"');
    expect(res.body).toContain('Number of answers per scale value and period');
  });

  // The matrix: who may read the results of an office question (o1) and a county question (c1).
  //                 v1   l1   l2   l3   ca1  na1  adm  anon
  const MATRIX: Array<[string, number[]]> = [
    ['office', [403, 200, 403, 403, 403, 403, 403, 401]],
    ['county', [403, 403, 403, 403, 200, 403, 403, 401]],
  ];
  const WHO = ['v1', 'l1', 'l2', 'l3', 'ca1', 'na1', 'adm', null];
  for (const [kind, expected] of MATRIX) {
    it(`results of the ${kind} question: only its own ${kind === 'office' ? 'leaders' : 'analysts'} — administrators and national analysts get 403`, async () => {
      const id = kind === 'office' ? officeQ : countyQ;
      const api = await Promise.all(WHO.map((who) => get(`/api/v1/local-questions/${id}/results`, who)));
      expect(api.map((r) => r.statusCode)).toEqual(expected);
      const pages = await Promise.all(WHO.map((who) => get(`/local-questions/${id}?lang=en`, who)));
      expect(pages.map((r) => r.statusCode)).toEqual(expected.map((s) => (s === 401 ? 302 : s)));
    });
  }

  it('the other routes: owner pages for owners, the queue for the administrator, 404 for a question that does not exist', async () => {
    const statuses = async (url: string) => (await Promise.all(WHO.map((who) => get(url, who)))).map((r) => r.statusCode);
    //                                                        v1   l1   l2   l3   ca1  na1  adm  anon
    expect(await statuses('/api/v1/local-questions')).toEqual([403, 200, 200, 200, 200, 403, 403, 401]);
    expect(await statuses('/local-questions')).toEqual([403, 200, 200, 200, 200, 403, 403, 302]);
    expect(await statuses('/api/v1/admin/local-questions')).toEqual([403, 403, 403, 403, 403, 403, 200, 401]);
    expect(await statuses('/admin/local-questions')).toEqual([403, 403, 403, 403, 403, 403, 200, 302]);
    expect(await statuses('/api/v1/local-questions/999999/results')).toEqual([404, 404, 404, 404, 404, 404, 404, 401]);
    expect((await get('/api/v1/local-questions/abc/results', 'l1')).statusCode).toBe(400);
  });

  it('links: the owner page links to results; the review page and the owner page to each other for someone who is both', async () => {
    const page = await get('/local-questions?lang=en', 'l1');
    expect(page.body).toContain(`href="/local-questions/${officeQ}?lang=en"`);
    const admin = await get('/admin/local-questions?lang=en', 'adm');
    expect(admin.body).toContain('href="/admin/local-questions?lang=en"');
    expect(admin.body).not.toContain('href="/local-questions?lang=en"');
  });
});

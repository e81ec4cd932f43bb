import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteRecentLocalCounts } from '../../src/retention/invitations.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { usingPostgres } from '../support/db.ts';
import { approvedQuestion, form, FORM, invitationFor } from './helpers.ts';

/**
 * The survey with office and county questions: shown after the national items for the meeting's
 * office and county in the meeting's month, answers counted in the response's transaction — once,
 * or not at all — and stored without anything that leads back to the response.
 */
let t: TestApp;
let officeQ: number;
let countyQ: number;
let otherOfficeQ: number;
let futureQ: number;

beforeAll(async () => {
  t = await testApp();
  await t.ctx.db
    .insertInto('unit')
    .values([
      { id: 'o2', kind: 'office', name: 'NAV Nabobyen', parent_id: 'c1' },
      { id: 't9', kind: 'team', name: 'Team Nabo', parent_id: 'o2' },
    ])
    .execute();
  await t.ctx.db.insertInto('employee').values({ id: 'v9', name: 'Vera Nabo', unit_id: 't9', role: 'counselor' }).execute();
  countyQ = await approvedQuestion(t.ctx.db, {
    owner: 'c1',
    text: { nb: 'Fylkets spørsmål på bokmål.', nn: 'Spørsmålet til fylket på nynorsk.' },
  });
  officeQ = await approvedQuestion(t.ctx.db, {
    owner: 'o1',
    text: { nb: 'Det var lett å finne fram på kontoret.', en: 'It was easy to find my way at the office.' },
  });
  otherOfficeQ = await approvedQuestion(t.ctx.db, { owner: 'o2', text: { nb: 'Nabokontorets spørsmål.' } });
  futureQ = await approvedQuestion(t.ctx.db, { owner: 'o1', text: { nb: 'Spørsmål fra april.' }, start: '2026-04-01', end: '2026-05-01' });
  await approvedQuestion(t.ctx.db, { owner: 'o1', text: { nb: 'Venter på vurdering.' }, status: 'pending' });
});
afterAll(async () => t?.close());

const counts = async () =>
  (
    await t.ctx.db
      .selectFrom('local_answer')
      .select(['question_id', 'month', 'value', 'answers'])
      .orderBy('question_id')
      .orderBy('value')
      .execute()
  ).map((r) => ({
    ...r,
    question_id: Number(r.question_id),
    month: String(r.month).slice(0, 10),
  }));
const responses = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('response')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const national = { instrument_version: '1', s_prepared: '5', overall: '5' };

describe(`the survey with local questions (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('shows the county’s and the office’s approved questions for the meeting month, after the national items, marked as theirs; not another office’s, a later one’s or a pending one', async () => {
    const { token } = await invitationFor(t.ctx.db);
    const res = await t.app.inject({ method: 'GET', url: `/s/${token}?lang=en` });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Questions from Testfylke');
    expect(html).toContain('Questions from NAV Testby');
    expect(html).toContain('Asked by NAV Testby');
    expect(html).toContain('It was easy to find my way at the office.');
    // No English text for the county's question: bokmål is shown.
    expect(html).toContain('Fylkets spørsmål på bokmål.');
    expect(html).not.toContain('Nabokontorets spørsmål.');
    expect(html).not.toContain('Spørsmål fra april.');
    expect(html).not.toContain('Venter på vurdering.');
    expect(html).toContain(`name="lq_${officeQ}"`);
    // After every national item (the last being "NAV in general"), before the comment.
    expect(html.indexOf('name="nav_general"')).toBeLessThan(html.indexOf(`name="lq_${countyQ}"`));
    expect(html.indexOf(`name="lq_${countyQ}"`)).toBeLessThan(html.indexOf(`name="lq_${officeQ}"`));
    expect(html.indexOf(`name="lq_${officeQ}"`)).toBeLessThan(html.indexOf('name="comment"'));
    // In nynorsk the county's question has its own text.
    expect((await t.app.inject({ method: 'GET', url: `/s/${token}?lang=nn` })).body).toContain('Spørsmålet til fylket på nynorsk.');
    // An April meeting gets the April question.
    const april = await invitationFor(t.ctx.db, { month: '2026-04-01' });
    expect((await t.app.inject({ method: 'GET', url: `/s/${april.token}?lang=nb` })).body).toContain('Spørsmål fra april.');
  });

  it('stores the answers as counts with the meeting month, in the same transaction as the response; the count rows carry no response id', async () => {
    const { token } = await invitationFor(t.ctx.db);
    const before = await responses();
    const res = await t.app.inject({
      method: 'POST',
      url: `/s/${token}?lang=nb`,
      headers: FORM,
      payload: form({ ...national, [`lq_${officeQ}`]: '6', [`lq_${countyQ}`]: 'dk' }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/s/${token}/takk?lang=nb`);
    expect(await responses()).toBe(before + 1);
    expect(await counts()).toEqual([
      { question_id: countyQ, month: '2026-03-01', value: 0, answers: 1 },
      { question_id: officeQ, month: '2026-03-01', value: 6, answers: 1 },
    ]);
    const columns = await sql<{
      column_name: string;
    }>`select column_name from information_schema.columns where table_name = 'local_answer' order by ordinal_position`.execute(t.ctx.db);
    expect(columns.rows.map((c) => c.column_name)).toEqual(['question_id', 'month', 'value', 'answers']);
    const references = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.constraint_column_usage
       where constraint_name in (select constraint_name from information_schema.table_constraints where table_name = 'local_answer' and constraint_type = 'FOREIGN KEY')
         and table_name <> 'local_question'`.execute(t.ctx.db);
    expect(references.rows[0].n).toBe(0);
  });

  it('the retention pass gives the recent counts a new transaction id, so no count keeps the id of the response it was bumped with', async () => {
    const { token } = await invitationFor(t.ctx.db);
    await t.app.inject({
      method: 'POST',
      url: `/s/${token}?lang=nb`,
      headers: FORM,
      payload: form({ ...national, comment: 'xmin-merket', [`lq_${officeQ}`]: '3' }),
    });
    const xminOf = async (query: string) => (await sql<{ x: string }>`${sql.raw(query)}`.execute(t.ctx.db)).rows.map((r) => r.x);
    const [responseXmin] = await xminOf(`select xmin::text as x from response where comment = 'xmin-merket'`);
    expect(await xminOf('select xmin::text as x from local_answer')).toContain(responseXmin);
    expect(await rewriteRecentLocalCounts(t.ctx.db, t.ctx.now())).toBeGreaterThan(0);
    expect(await xminOf('select xmin::text as x from local_answer')).not.toContain(responseXmin);
    // The counts themselves are unchanged.
    expect((await counts()).find((c) => c.question_id === officeQ && c.value === 3)).toMatchObject({ answers: 1 });
  });

  it('only local answers is an answer too (the national ones stay empty); a second answer of the same value adds to the count', async () => {
    const { token } = await invitationFor(t.ctx.db);
    const res = await t.app.inject({
      method: 'POST',
      url: `/s/${token}?lang=nb`,
      headers: FORM,
      payload: form({ instrument_version: '1', [`lq_${officeQ}`]: '6' }),
    });
    expect(res.statusCode).toBe(303);
    expect((await counts()).find((c) => c.question_id === officeQ && c.value === 6)?.answers).toBe(2);
  });

  it('a double submit (20 at once, two links) counts the local answers once', async () => {
    const { token } = await invitationFor(t.ctx.db);
    const before = await counts();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: `/s/${token}${i % 2 ? '?lang=nb' : ''}`,
          headers: FORM,
          payload: form({ ...national, [`lq_${officeQ}`]: '3', [`lq_${countyQ}`]: '4' }),
        }),
      ),
    );
    expect(results.filter((r) => r.headers.location === `/s/${token}/takk?lang=nb`)).toHaveLength(1);
    const after = await counts();
    const delta = (q: number, v: number) =>
      (after.find((c) => c.question_id === q && c.value === v)?.answers ?? 0) -
      (before.find((c) => c.question_id === q && c.value === v)?.answers ?? 0);
    expect([delta(officeQ, 3), delta(countyQ, 4)]).toEqual([1, 1]);
  });

  it('bad input: the form comes back (400) naming the question, nothing stored, the link still open', async () => {
    const { token, meetingId } = await invitationFor(t.ctx.db);
    const [r0, c0] = [await responses(), await counts()];
    const res = await t.app.inject({
      method: 'POST',
      url: `/s/${token}?lang=en`,
      headers: FORM,
      payload: form({ ...national, [`lq_${officeQ}`]: '9' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Choose one of the options for: It was easy to find my way at the office.');
    // The national answers given are kept in the form.
    expect(res.body).toMatch(/value="5"[^>]*checked|checked[^>]*value="5"/);
    expect([await responses(), await counts()]).toEqual([r0, c0]);
    const inv = await t.ctx.db.selectFrom('invitation').select('state').where('meeting_id', '=', meetingId).executeTakeFirstOrThrow();
    expect(inv.state).toBe('sent');
  });

  it('answers to questions that do not apply to this meeting (another office’s, a later month’s) are dropped; the rest is stored', async () => {
    const { token } = await invitationFor(t.ctx.db);
    const before = await counts();
    const res = await t.app.inject({
      method: 'POST',
      url: `/s/${token}?lang=nb`,
      headers: FORM,
      payload: form({ ...national, [`lq_${otherOfficeQ}`]: '1', [`lq_${futureQ}`]: '1', lq_999999: '1' }),
    });
    expect(res.statusCode).toBe(303);
    expect(await counts()).toEqual(before);
  });

  it('a crash while storing the local answers stores nothing — no response, no count, the link still open — and a retry stores both once', async () => {
    const { token, meetingId } = await invitationFor(t.ctx.db);
    const [r0, c0] = [await responses(), await counts()];
    // Every insert into the counts fails, as a crash mid-transaction would.
    await sql`alter table local_answer add constraint crash_test check (answers < 0) not valid`.execute(t.ctx.db);
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: `/s/${token}?lang=nb`,
        headers: FORM,
        payload: form({ ...national, [`lq_${officeQ}`]: '2' }),
      });
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`alter table local_answer drop constraint crash_test`.execute(t.ctx.db);
    }
    expect([await responses(), await counts()]).toEqual([r0, c0]);
    const inv = await t.ctx.db
      .selectFrom('invitation')
      .select(['state', 'contact_email'])
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    expect(inv).toEqual({ state: 'sent', contact_email: 'bruker@example.no' });
    const retry = await t.app.inject({
      method: 'POST',
      url: `/s/${token}?lang=nb`,
      headers: FORM,
      payload: form({ ...national, [`lq_${officeQ}`]: '2' }),
    });
    expect(retry.statusCode).toBe(303);
    expect(await responses()).toBe(r0 + 1);
    expect((await counts()).find((c) => c.question_id === officeQ && c.value === 2)?.answers).toBe(1);
  });

  it('a question ended while the page was open: gone from the survey at once, and its answer is dropped', async () => {
    const q = await approvedQuestion(t.ctx.db, { owner: 'o2', text: { nb: 'Avsluttes snart.' } });
    const { token } = await invitationFor(t.ctx.db, { unitId: 't9', counselorId: 'v9' });
    expect((await t.app.inject({ method: 'GET', url: `/s/${token}?lang=nb` })).body).toContain('Avsluttes snart.');
    await t.ctx.db
      .updateTable('local_question')
      .set({ status: 'ended', end_month: '2026-03-01', closed_at: t.ctx.now(), closed_by: 'l1' })
      .where('id', '=', q)
      .execute();
    expect((await t.app.inject({ method: 'GET', url: `/s/${token}?lang=nb` })).body).not.toContain('Avsluttes snart.');
    const res = await t.app.inject({
      method: 'POST',
      url: `/s/${token}?lang=nb`,
      headers: FORM,
      payload: form({ ...national, [`lq_${q}`]: '5' }),
    });
    expect(res.statusCode).toBe(303);
    expect((await counts()).some((c) => c.question_id === q)).toBe(false);
  });

  it('an office without local questions gets the national survey only, and the response is the same as ever', async () => {
    await t.ctx.db.insertInto('unit').values({ id: 'o5', kind: 'office', name: 'NAV Uten', parent_id: null }).execute();
    await t.ctx.db.insertInto('employee').values({ id: 'v5x', name: 'Uten Spørsmål', unit_id: 'o5', role: 'counselor' }).execute();
    const { token } = await invitationFor(t.ctx.db, { unitId: 'o5', counselorId: 'v5x' });
    const page = await t.app.inject({ method: 'GET', url: `/s/${token}?lang=nb` });
    expect(page.body).not.toContain('name="lq_');
    expect(page.body).not.toContain('Spørsmål fra');
    const c0 = await counts();
    const res = await t.app.inject({ method: 'POST', url: `/s/${token}?lang=nb`, headers: FORM, payload: form(national) });
    expect(res.statusCode).toBe(303);
    expect(await counts()).toEqual(c0);
    const stored = await t.ctx.db
      .selectFrom('response')
      .select(['answers', 'overall', 'unit_id'])
      .where('unit_id', '=', 'o5')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ answers: [5, null, null, null, null, null], overall: 5, unit_id: 'o5' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/access/actor.ts';
import { counselorReport as report } from '../../src/reporting/counselor-report.ts';
import { MARKERS } from '../../src/validation/scrub.ts';
import { readerViewFor } from '../../src/consent/readers.ts';
import type { Lang } from '../../src/i18n/index.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';

let t: TestApp;
beforeAll(async () => {
  // 1 October 2026: January–August are final, so 2026-T1 and 2026-T2 have closed; 2026-T3 is open.
  t = await testApp({}, new Date('2026-10-01T10:00:00Z'));
});
afterAll(async () => t.close());

/** The counselor's own report, as they see it. */
async function counselorReport(_ctx: unknown, id: string, lang: Lang) {
  return report(t.ctx, await readerViewFor(t.ctx, (await loadActor(t.ctx.db, id))!), id, lang);
}

async function login(employeeId: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: employeeId } });
  expect(res.statusCode).toBe(303);
  const cookie = res.cookies.find((c) => c.name === 'bs_session');
  return `bs_session=${cookie!.value}`;
}

describe('counselor report', () => {
  it('shows nothing below 5 answers in a period, and figures from 5 on', async () => {
    const statements = 6;
    await insertResponses(
      t.ctx.db,
      [1, 2, 3, 4].map((v) => ({ counselor_id: 'v2', answers: Array(statements).fill(v), overall: v })),
    );
    let report = (await counselorReport(t.ctx, 'v2', 'nb'))!;
    expect(report.periods).toHaveLength(1);
    const p = report.periods[0];
    expect(p).toMatchObject({ period: '2026-T1', answers: 4, enough_answers: false });
    expect(p.statements.every((s) => s.figure.suppressed)).toBe(true);
    expect(p.overall.suppressed).toBe(true);
    expect(JSON.stringify(report)).not.toMatch(/"mean"/);

    await insertResponses(t.ctx.db, [{ counselor_id: 'v2', answers: [6, 6, 6, 6, 6, null], overall: 6 }]);
    report = (await counselorReport(t.ctx, 'v2', 'nb'))!;
    const q = report.periods[0];
    expect(q.enough_answers).toBe(true);
    // Statement 1: answers 1,2,3,4,6 → mean 3.2, positive (4–6) 2 of 5.
    expect(q.statements[0].figure).toMatchObject({ suppressed: false, n: 5, mean: 3.2, share_positive: 0.4 });
    // Statement 6: the fifth answer was "don't know", so only 4 answers on the scale → suppressed.
    expect(q.statements[5].figure).toMatchObject({ suppressed: true });
    expect(q.overall).toMatchObject({ suppressed: false, n: 5, mean: 3.2 });
    expect(q.comments).toMatchObject({ suppressed: true, n_min: 10 });
  });

  it('shows figures only once a period has closed: its answers are final and cannot move with a new one', async () => {
    await insertResponses(
      t.ctx.db,
      Array.from({ length: 6 }, () => ({ counselor_id: 'v6', unit_id: 't2', month: '2026-09-01' })),
    );
    const open = (await counselorReport(t.ctx, 'v6', 'en'))!;
    // September is not final until 24 October: not even counted yet.
    expect(open.periods).toEqual([]);
    t.setNow(new Date('2026-10-25T10:00:00Z'));
    try {
      const counted = (await counselorReport(t.ctx, 'v6', 'en'))!;
      expect(counted.periods).toHaveLength(1);
      expect(counted.periods[0]).toMatchObject({
        period: '2026-T3',
        answers: 6,
        closed: false,
        enough_answers: false,
        closes_on: '2027-01-24',
      });
      expect(counted.periods[0].overall).toMatchObject({ suppressed: true, reason: 'period_open' });
    } finally {
      t.setNow(new Date('2026-10-01T10:00:00Z'));
    }
  });

  it('keeps periods apart: tertials are fixed, and answers from another counselor never count', async () => {
    await insertResponses(
      t.ctx.db,
      Array.from({ length: 5 }, () => ({ counselor_id: 'v3', month: '2026-05-01' })),
    );
    await insertResponses(
      t.ctx.db,
      Array.from({ length: 3 }, () => ({ counselor_id: 'v3', month: '2026-04-01' })),
    );
    const report = (await counselorReport(t.ctx, 'v3', 'en'))!;
    expect(report.periods.map((p) => [p.period, p.answers, p.enough_answers])).toEqual([
      ['2026-T2', 5, true],
      ['2026-T1', 3, false],
    ]);
    expect(report.periods[0].statements[0].text).toBe('The counselor was well prepared for the meeting.');
  });

  it('shows scrubbed comments with month only once the period has 10 answers', async () => {
    const comments = ['Kari Nordmann lyttet godt', 'Ring meg på 912 34 567', 'Bra', null, null, null, null, null, null];
    await insertResponses(
      t.ctx.db,
      comments.map((comment) => ({ counselor_id: 'v4', unit_id: 't2', comment })),
    );
    expect((await counselorReport(t.ctx, 'v4', 'nb'))!.periods[0].comments.suppressed).toBe(true);
    await insertResponses(t.ctx.db, [{ counselor_id: 'v4', unit_id: 't2', comment: 'Skriv til meg: a@b.no' }]);
    const shown = (await counselorReport(t.ctx, 'v4', 'nb'))!.periods[0].comments;
    expect(shown.suppressed).toBe(false);
    if (shown.suppressed) return;
    expect(shown.items.map((c) => c.text).sort()).toEqual(
      ['Bra', `${MARKERS.name} lyttet godt`, `Ring meg på ${MARKERS.phone}`, `Skriv til meg: ${MARKERS.email}`].sort(),
    );
    expect(shown.items.every((c) => c.month === '2026-03')).toBe(true);
  });

  it('serves the same figures as JSON and as a page to the signed-in counselor only', async () => {
    await insertResponses(
      t.ctx.db,
      Array.from({ length: 6 }, () => ({ counselor_id: 'v5', unit_id: 't2' })),
    );
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/me/report' });
    expect(anonymous.statusCode).toBe(401);
    const cookie = await login('v5');
    const json = await t.app.inject({ method: 'GET', url: '/api/v1/me/report', headers: { cookie } });
    expect(json.statusCode).toBe(200);
    expect(json.json().periods[0]).toMatchObject({ answers: 6, enough_answers: true });
    expect(json.json().counselor.id).toBe('v5');
    const page = await t.app.inject({ method: 'GET', url: '/me?lang=en', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('My results');
    expect(page.body).toContain('6 answers');
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/me/report', headers: { cookie: 'bs_session=v1|9999999999.forged' } });
    expect(forged.statusCode).toBe(401);
  });

  it('rejects a free date range: only fixed period kinds exist', async () => {
    const cookie = await login('v5');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/report?period=week', headers: { cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].field).toBe('period');
  });
});

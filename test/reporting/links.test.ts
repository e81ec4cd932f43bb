import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await insertResponses(
    t.ctx.db,
    ['v1', 'v2', 'v3'].flatMap((c) => Array.from({ length: 4 }, () => ({ counselor_id: c, unit_id: 't1' }))),
  );
});
afterAll(async () => t.close());

async function as(employeeId: string) {
  const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: employeeId } });
  return `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`;
}

describe('links between reporting and sharing', () => {
  it('offers a leader the shared individual results only once a counselor has shared', async () => {
    const leader = await as('l1');
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/units/t1/report', headers: { cookie: leader } })).json();
    expect(before.individualResultsLink).toBeUndefined();
    const counselor = await as('v1');
    const shared = await t.app.inject({
      method: 'POST',
      url: '/me/sharing/shares',
      headers: { cookie: counselor, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grantee=leader&what=figures&share=on',
    });
    expect(shared.statusCode).toBe(303);
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/units/t1/report?lang=en', headers: { cookie: leader } })).json();
    expect(after.individualResultsLink).toBe('/shared-with-me?lang=en');
  });

  it('links the counselor to their sharing, audit, comments and fair-comparison pages', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/me?lang=en', headers: { cookie: await as('v2') } });
    expect(page.statusCode).toBe(200);
    for (const href of ['/me/sharing?lang=en', '/me/audit?lang=en', '/me/comments?lang=en', '/me/fair?lang=en'])
      expect(page.body).toContain(`href="${href}"`);
  });

  it("links the office's own questions from /reports for the office leader only", async () => {
    const leaderPage = await t.app.inject({ method: 'GET', url: '/reports?lang=en', headers: { cookie: await as('l1') } });
    expect(leaderPage.body).toContain('href="/local-questions?lang=en"');
    const counselorPage = await t.app.inject({ method: 'GET', url: '/reports?lang=en', headers: { cookie: await as('v2') } });
    expect(counselorPage.statusCode).toBe(200);
    expect(counselorPage.body).not.toContain('/local-questions');
  });
});

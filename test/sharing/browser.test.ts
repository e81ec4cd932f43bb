import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole, loadActor } from '../../src/access/actor.ts';
import { releasedComments, reportComment } from '../../src/sharing/moderation.ts';
import { addMember, createGroup, publishPolicy } from '../../src/consent/store.ts';
import { sessionOf } from '../admin/actors.ts';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, clickAndLoad, signInAs, useBrowser } from '../support/browser.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';

/** Headless Chromium, JavaScript off for the people: the counselor shares, the leader sees, the counselor revokes. axe-core on every page. */
describe('sharing pages in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();
  let base: string;

  beforeAll(async () => {
    t = await testApp();
    await t.ctx.db.insertInto('employee').values({ id: 'adm', name: 'Ada Admin', unit_id: 'c1', role: 'staff', email: null }).execute();
    await grantRole(t.ctx.db, 'adm', 'administrator', null);
    const comments = [
      'Godt forberedt',
      'Lyttet til meg',
      'Ring meg på 912 34 567',
      'Dårlig møte, du er udugelig',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ];
    // November 2025: 2025-T3 has closed by the test clock (10 March 2026), so its figures and comments show.
    await insertResponses(
      t.ctx.db,
      comments.map((comment, i) => ({ counselor_id: 'v1', month: '2025-11-01', overall: 2 + (i % 5), comment })),
    );
    const groupId = await createGroup(t.ctx, 'v1', 'Kollegaveiledning');
    await addMember(t.ctx, 'v1', groupId, 'v2');
    const leader = (await loadActor(t.ctx.db, 'l1'))!;
    await publishPolicy(t.ctx, leader, { officeId: 'o1', startsOn: '2026-04-01', includesComments: false });
    const abusive = (await releasedComments(t.ctx, 'v1')).find((c) => c.text.includes('udugelig'))!;
    await reportComment(t.ctx, 'v1', abusive.ref);

    base = browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function signIn(
    employeeId: string,
    opts: { javaScriptEnabled?: boolean; width?: number; via?: 'form' } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: opts.width ?? 1280, height: 800 },
      javaScriptEnabled: opts.javaScriptEnabled ?? false,
      bypassCSP: true,
    });
    const page = await context.newPage();
    await signInAs(page, employeeId, { via: opts.via });
    return { context, page };
  }

  it('a counselor turns on sharing and the leader then sees the results; after revoking, the leader no longer does', async () => {
    // The counselor signs in on the login page, as a person would (JavaScript off); the leader from the context.
    const counselor = await signIn('v1', { via: 'form' });
    const leader = await signIn('l1');

    const before = await leader.page.goto(`${base}/employees/v1/results?lang=en`);
    expect(before!.status()).toBe(403);

    await counselor.page.goto(`${base}/me/sharing?lang=en`);
    // The upcoming office policy is announced before it applies.
    expect(await counselor.page.getByText('from 1 April 2026').count()).toBe(1);
    await clickAndLoad(counselor.page, counselor.page.getByRole('button', { name: 'Share figures with my leader' }));
    expect(counselor.page.url()).toMatch(/\/me\/sharing\?lang=en$/);
    expect(await counselor.page.getByRole('button', { name: 'Stop sharing figures with my leader' }).count()).toBe(1);

    await leader.page.goto(`${base}/shared-with-me?lang=en`);
    await Promise.all([
      leader.page.waitForURL('**/employees/v1/results?lang=en'),
      leader.page.getByRole('link', { name: 'See the results of Kari Nordmann' }).click(),
    ]);
    expect(await leader.page.getByRole('heading', { level: 1 }).textContent()).toBe('Results of Kari Nordmann');
    expect(await leader.page.getByRole('rowheader', { name: 'All in all, how satisfied are you with the meeting?' }).count()).toBe(1);
    expect(await leader.page.getByText('The comments are not shared with you.').count()).toBe(1);

    await clickAndLoad(counselor.page, counselor.page.getByRole('button', { name: 'Stop sharing figures with my leader' }));
    expect(counselor.page.url()).toMatch(/\/me\/sharing\?lang=en$/);
    expect(await counselor.page.getByRole('button', { name: 'Share figures with my leader' }).count()).toBe(1);

    const after = await leader.page.reload();
    expect(after!.status()).toBe(403);
    await leader.page.goto(`${base}/shared-with-me?lang=en`);
    expect(await leader.page.getByText('Nobody has shared results with you.').count()).toBe(1);

    // The counselor sees the leader's one read in the audit trail.
    await counselor.page.goto(`${base}/me/audit?lang=en`);
    expect(await counselor.page.getByRole('cell', { name: 'Lise Leder' }).count()).toBe(1);
    await counselor.context.close();
    await leader.context.close();
  });

  it('the axe check finds violations when there are some (so a pass means something)', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
    const found = await axeViolations(page);
    await context.close();
    expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
  });

  for (const width of [1280, 360]) {
    it(`every sharing page passes axe-core at ${width} px, without horizontal scrolling`, async () => {
      const pages: Array<{ who: string; path: string; status?: number }> = [
        { who: 'v1', path: '/me?lang=en' },
        { who: 'v1', path: '/me/sharing?lang=nb' },
        { who: 'v1', path: '/me/sharing?lang=nn' },
        { who: 'v1', path: '/me/sharing?lang=en' },
        { who: 'v1', path: '/me/audit?lang=en' },
        { who: 'v1', path: '/me/comments?lang=nb' },
        { who: 'v1', path: '/employees/v1/results?lang=nn' },
        { who: 'v2', path: '/shared-with-me?lang=en' },
        { who: 'l1', path: '/policies?lang=nb' },
        { who: 'l1', path: '/units/o1?lang=nn' },
        { who: 'adm', path: '/admin/comments?lang=en' },
        { who: 'adm', path: '/policies?lang=nn' },
        { who: 'adm', path: '/me/sharing?lang=en', status: 403 },
        { who: 'v3', path: '/employees/v1/results?lang=nb', status: 403 },
      ];
      // A shared view for a leader, so the results page is checked as others see it too.
      await t.app.inject({
        method: 'POST',
        url: '/me/sharing/shares',
        cookies: await sessionOf(t, 'v1'),
        payload: { grantee: 'group', group_id: await groupOf('v1'), what: 'comments', share: 'on' },
      });
      pages.push({ who: 'v2', path: '/employees/v1/results?lang=en' });
      const problems: string[] = [];
      // One page for them all, signed in afresh whenever the reader changes.
      const page = await browser.newPage({ viewport: { width, height: 800 }, bypassCSP: true });
      let reader: string | undefined;
      for (const target of pages) {
        if (target.who !== reader) {
          await page.context().clearCookies();
          await signInAs(page, target.who);
          reader = target.who;
        }
        const response = await page.goto(target.path);
        if (response!.status() !== (target.status ?? 200)) problems.push(`${target.who} ${target.path}: status ${response!.status()}`);
        for (const v of await axeViolations(page)) problems.push(`${target.who} ${target.path}: ${v}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${target.who} ${target.path}: ${overflow} px horizontal overflow`);
      }
      await page.context().close();
      expect(problems).toEqual([]);
    });
  }

  async function groupOf(employeeId: string): Promise<number> {
    const row = await t.ctx.db.selectFrom('colleague_group').select('id').where('created_by', '=', employeeId).executeTakeFirstOrThrow();
    return Number(row.id);
  }
});

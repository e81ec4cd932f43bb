import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, clickAndLoad, signInAs, useBrowser } from '../support/browser.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { addCounts, approvedQuestion, invitationFor } from './helpers.ts';
import { pageNames } from '../../src/i18n/vocabulary.ts';

/**
 * Headless Chromium with JavaScript off: a citizen answers a survey that has the office's own
 * question; the office leader finds the question and its results; the administrator's queue.
 * axe-core on every page.
 */
describe('office questions in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();
  let base: string;
  let questionId: number;

  beforeAll(async () => {
    t = await testApp();
    await t.ctx.db.insertInto('employee').values({ id: 'adm', name: 'Ada Admin', unit_id: 'c1', role: 'staff', email: null }).execute();
    await grantRole(t.ctx.db, 'adm', 'administrator', null);
    questionId = await approvedQuestion(t.ctx.db, {
      owner: 'o1',
      text: { nb: 'Det var lett å finne fram på kontoret.', en: 'It was easy to find my way at the office.' },
      start: '2026-02-01',
      end: '2026-05-01',
    });
    // February's answers so far, and five in March before the citizen below answers.
    await addCounts(t.ctx.db, questionId, '2026-02-01', { 0: 1, 3: 2, 4: 2, 5: 3, 6: 1 });
    await addCounts(t.ctx.db, questionId, '2026-03-01', { 2: 1, 5: 2, 6: 2 });
    await approvedQuestion(t.ctx.db, {
      owner: 'o1',
      text: { nb: 'Et forslag som venter.', en: 'A proposal that waits.' },
      status: 'pending',
      start: '2026-04-01',
    });

    base = browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function newPage(width = 1280, javaScriptEnabled = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled, bypassCSP: true });
    return { context, page: await context.newPage() };
  }

  async function signIn(
    employeeId: string,
    opts: { javaScriptEnabled?: boolean; width?: number } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const session = await newPage(opts.width, opts.javaScriptEnabled);
    await signInAs(session.context, employeeId);
    return session;
  }

  it('a citizen answers the survey with the office’s own question, on a phone, JavaScript off', async () => {
    const { token } = await invitationFor(t.ctx.db);
    const { context, page } = await newPage(360);
    await page.goto(`${base}/s/${token}?lang=en`);
    expect(await page.getByRole('heading', { name: 'Questions from NAV Testby' }).count()).toBe(1);

    await page.getByRole('radiogroup', { name: 'The counselor was well prepared for the meeting.' }).getByLabel('5 – Agree').check();
    await page
      .getByRole('radiogroup', { name: /It was easy to find my way at the office\./ })
      .getByLabel('6 – Strongly agree')
      .check();
    await Promise.all([page.waitForURL(`**/s/${token}/takk?lang=en`), page.getByRole('button', { name: 'Send answers' }).click()]);
    expect(await page.getByRole('heading', { name: 'Thank you for your answers' }).count()).toBe(1);
    await context.close();

    const sixes = await t.ctx.db
      .selectFrom('local_answer')
      .select('answers')
      .where('question_id', '=', questionId)
      .where('month', '=', '2026-03-01')
      .where('value', '=', 6)
      .executeTakeFirstOrThrow();
    expect(sixes.answers).toBe(3);
  });

  it('the office leader finds the question from the menu, opens its results, and switches period', async () => {
    // 25 May: February–April are final and the question's first tertial has closed.
    t.setNow(new Date('2026-05-25T10:00:00Z'));
    const { context, page } = await signIn('l1');
    await page.goto(`${base}/policies?lang=en`);
    await Promise.all([
      page.waitForURL('**/local-questions?lang=en'),
      page.getByRole('link', { name: 'Office and county questions' }).click(),
    ]);
    expect(await page.getByText('Awaiting review').count()).toBe(1);

    await Promise.all([page.waitForURL(`**/local-questions/${questionId}?lang=en`), page.getByRole('link', { name: 'Results' }).click()]);
    const table = page.getByRole('table', { name: 'Answers, mean and share agreeing per period' });
    // Tertial 1 (February and March): 8 + 6 on the scale, mean 65/14, 9 of 14 agreeing, 1 don't know.
    const row = table.getByRole('row', { name: /2026-T1/ });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['14', '4.6', '79%', '1']);
    expect(await page.getByRole('img', { name: 'Distribution of answers per period, as in the table below' }).count()).toBe(1);

    await Promise.all([
      page.waitForURL(`**/local-questions/${questionId}?period=month&lang=en`),
      page.getByRole('link', { name: 'Month', exact: true }).click(),
    ]);
    const months = page.getByRole('table', { name: 'Answers, mean and share agreeing per period' });
    expect(
      await months
        .getByRole('row', { name: /2026-03/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['6', '5.0', '83%', '0']);
    // May is not final yet: marked as such, not as too few answers.
    expect(
      await months
        .getByRole('row', { name: /2026-05/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['Period not closed yet']);
    await context.close();
    t.setNow(new Date('2026-03-10T10:00:00Z'));
  });

  it('a proposal through the form, then the administrator approves it from the queue', async () => {
    const leader = await signIn('l1');
    await leader.page.goto(`${base}/local-questions?lang=en`);
    await leader.page.getByLabel('Statement in bokmål (required)').fill('Jeg fikk hjelp i skranken.');
    await leader.page.getByLabel('First month').fill('2026-06');
    await leader.page.getByLabel('Last month').fill('2026-05');
    await clickAndLoad(leader.page, leader.page.getByRole('button', { name: 'Send for review' }));
    // Refused, with the field named and the text kept.
    expect(await leader.page.getByText('Last month: must not be before the start month').count()).toBe(1);
    expect(await leader.page.getByLabel('Statement in bokmål (required)').inputValue()).toBe('Jeg fikk hjelp i skranken.');
    await leader.page.getByLabel('Last month').fill('2026-07');
    // Accepted: back to the list, at the same address the form was on.
    expect((await clickAndLoad(leader.page, leader.page.getByRole('button', { name: 'Send for review' }))).status()).toBe(303);
    expect(leader.page.url()).toMatch(/\/local-questions\?lang=en$/);
    expect(await leader.page.getByRole('heading', { name: 'Jeg fikk hjelp i skranken.' }).count()).toBe(1);
    await leader.context.close();

    const admin = await signIn('adm');
    await admin.page.goto(`${base}/admin?lang=en`);
    await Promise.all([
      admin.page.waitForURL('**/admin/local-questions?lang=en'),
      admin.page.getByRole('link', { name: pageNames.en.review }).click(),
    ]);
    expect((await clickAndLoad(admin.page, admin.page.getByRole('button', { name: /^Approve.*Jeg fikk hjelp i skranken/ }))).status()).toBe(
      303,
    );
    expect(admin.page.url()).toMatch(/\/admin\/local-questions\?lang=en$/);
    expect(await admin.page.getByRole('row', { name: /Jeg fikk hjelp i skranken\..*Approved/ }).count()).toBe(1);
    // The administrator does not see results.
    const results = await admin.page.goto(`${base}/local-questions/${questionId}?lang=en`);
    expect(results!.status()).toBe(403);
    await admin.context.close();
  });

  it('the axe check finds violations when there are some (so a pass means something)', async () => {
    const { context, page } = await newPage(1280, true);
    await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
    const found = await axeViolations(page);
    await context.close();
    expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
  });

  for (const width of [1280, 360]) {
    it(`every page passes axe-core at ${width} px, without horizontal scrolling (JavaScript on only for axe)`, async () => {
      const { token } = await invitationFor(t.ctx.db);
      const targets: Array<{ who: string | null; path: string; status?: number }> = [
        { who: null, path: `/s/${token}?lang=nb` },
        { who: null, path: `/s/${token}?lang=nn` },
        { who: null, path: `/s/${token}?lang=en` },
        { who: 'l1', path: '/local-questions?lang=nb' },
        { who: 'l1', path: '/local-questions?lang=nn' },
        { who: 'l1', path: '/local-questions?lang=en' },
        { who: 'l1', path: `/local-questions/${questionId}?lang=nb` },
        { who: 'l1', path: `/local-questions/${questionId}?period=month&lang=en` },
        { who: 'l1', path: `/local-questions/${questionId}?period=year&lang=nn` },
        { who: 'adm', path: '/admin/local-questions?lang=nb' },
        { who: 'adm', path: '/admin/local-questions?lang=en' },
        { who: 'adm', path: `/local-questions/${questionId}?lang=en`, status: 403 },
        { who: 'v1', path: '/local-questions?lang=nb', status: 403 },
      ];
      const problems: string[] = [];
      // One page for them all, signed in afresh whenever the reader changes (the citizen is signed out).
      const { context, page } = await newPage(width, true);
      let reader: string | null | undefined;
      for (const target of targets) {
        const key = target.who ?? 'citizen';
        if (target.who !== reader) {
          await context.clearCookies();
          if (target.who) await signInAs(context, target.who);
          reader = target.who;
        }
        const response = await page.goto(base + target.path);
        if (response!.status() !== (target.status ?? 200)) problems.push(`${key} ${target.path}: status ${response!.status()}`);
        for (const v of await axeViolations(page)) problems.push(`${key} ${target.path}: ${v}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${key} ${target.path}: ${overflow} px horizontal overflow`);
      }
      await context.close();
      expect(problems).toEqual([]);
    });
  }
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcProblemPage } from '../../src/auth/oidc-pages.tsx';
import { addMonths } from '../../src/monitoring/detector.ts';
import { insertProcessHistory } from '../../src/monitoring/demo.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { launchChromium, axeViolations } from '../support/browser.ts';
import { addStaff, sessionOf } from './actors.ts';


/** Headless Chromium: the administrator's pages and the OIDC problem pages pass axe-core at 1280 and 360 px. */
describe('administrator pages in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    // An issuer that is never contacted: the callback without a flow cookie fails before discovery.
    t = await testApp({ OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' });
    await addStaff(t);
    const months = Array.from({ length: 7 }, (_, i) => addMonths('2026-02', i - 6));
    await insertProcessHistory(
      t.ctx.db,
      ['v1', 'v2', 'v3'].flatMap((c) => months.map((month) => ({ counselor_id: c, unit_id: 't1', month, registered: c === 'v1' && month === '2026-02' ? 3 : 30, invited: c === 'v1' && month === '2026-02' ? 2 : 27, answered: 2, excluded: { no_contact: 1 } }))),
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });


  for (const width of [1280, 360]) {
    it(`every page passes axe-core at ${width} px, without the page scrolling sideways`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
      const admin = (await sessionOf(t, 'adm')).bs_session!;
      const leader = (await sessionOf(t, 'l1')).bs_session!;
      const problems: string[] = [];
      const check = async (name: string, session: string | null, go: (page: Page) => Promise<unknown>, status: number) => {
        await context.clearCookies();
        if (session) await context.addCookies([{ name: 'bs_session', value: session, url: base }]);
        const page = await context.newPage();
        const response = (await go(page)) as { status(): number } | null;
        expect(response?.status(), name).toBe(status);
        for (const v of await axeViolations(page)) problems.push(`${name}: ${v}`);
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (sideways > 0) problems.push(`${name}: page scrolls ${sideways} px sideways`);
        // Captions are for screen readers (the heading above says it visually); a class our CSS
        // lacks would show them on screen.
        const shownCaptions = await page.evaluate(() =>
          Array.from(document.querySelectorAll('caption')).filter((c) => c.getBoundingClientRect().width > 1).map((c) => c.textContent),
        );
        for (const caption of shownCaptions) problems.push(`${name}: caption shown on screen: ${caption}`);
        await page.close();
      };
      await check('roles nb', admin, (p) => p.goto(`${base}/admin`), 200);
      await check('roles en', admin, (p) => p.goto(`${base}/admin?lang=en&notice=granted`), 200);
      await check('grant with error', admin, async (p) => {
        await p.goto(`${base}/admin?lang=nn`);
        await p.selectOption('#grant-employee', 'v2');
        await p.selectOption('#grant-role', 'leader');
        const [response] = await Promise.all([p.waitForNavigation(), p.click('form[action^="/admin/roles?"] button[type=submit]')]);
        return response;
      }, 422);
      await check('monitoring', admin, (p) => p.goto(`${base}/admin/monitoring?lang=en&office=o1&period=2026-02`), 200);
      await check('monitoring tertial nb', admin, (p) => p.goto(`${base}/admin/monitoring?kind=tertial`), 200);
      await check('no access', leader, (p) => p.goto(`${base}/admin/monitoring`), 403);
      await check('oidc failed', null, (p) => p.goto(`${base}/login/oidc/callback?code=x&state=y`), 400);
      await check('oidc forbidden', null, async (p) => {
        await p.route(`${base}/__forbidden`, (route) => route.fulfill({ status: 403, contentType: 'text/html; charset=utf-8', body: oidcProblemPage('forbidden', 'en') }));
        return p.goto(`${base}/__forbidden`);
      }, 403);
      await context.close();
      expect(problems).toEqual([]);
    }, 120_000);
  }

  it('the monitoring page shows the flag an administrator needs to see', async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'bs_session', value: (await sessionOf(t, 'adm')).bs_session!, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/admin/monitoring?lang=en`);
    const flags = page.getByRole('table', { name: 'Flagged units and counselors' });
    await expect(flags.getByRole('rowheader', { name: 'Kari Nordmann (counselor)' }).count()).resolves.toBe(1);
    await context.close();
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcProblemPage } from '../../src/auth/oidc-pages.tsx';
import { addMonths } from '../../src/monitoring/detector.ts';
import { insertProcessHistory } from '../../src/monitoring/demo.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, clickAndLoad, signInAs, useBrowser } from '../support/browser.ts';
import { addStaff } from './actors.ts';

/** Headless Chromium: the administrator's pages and the OIDC problem pages pass axe-core at 1280 and 360 px. */
describe('administrator pages in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();

  beforeAll(async () => {
    // An issuer that is never contacted: the callback without a flow cookie fails before discovery.
    t = await testApp({ OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' });
    await addStaff(t);
    const months = Array.from({ length: 7 }, (_, i) => addMonths('2026-02', i - 6));
    await insertProcessHistory(
      t.ctx.db,
      ['v1', 'v2', 'v3'].flatMap((c) =>
        months.map((month) => ({
          counselor_id: c,
          unit_id: 't1',
          month,
          registered: c === 'v1' && month === '2026-02' ? 3 : 30,
          invited: c === 'v1' && month === '2026-02' ? 2 : 27,
          answered: 2,
          excluded: { no_contact: 1 },
        })),
      ),
    );
    browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  for (const width of [1280, 360]) {
    it(`every page passes axe-core at ${width} px, without the page scrolling sideways`, async () => {
      // One page for every check: signed in afresh as each check's reader.
      const page = await browser.newPage({ viewport: { width, height: 800 }, bypassCSP: true });
      const context = page.context();
      const problems: string[] = [];
      const check = async (name: string, who: string | null, go: (page: Page) => Promise<{ status(): number } | null>, status: number) => {
        await context.clearCookies();
        if (who) await signInAs(context, who);
        const response = await go(page);
        expect(response?.status(), name).toBe(status);
        for (const v of await axeViolations(page)) problems.push(`${name}: ${v}`);
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (sideways > 0) problems.push(`${name}: page scrolls ${sideways} px sideways`);
        // Captions are for screen readers (the heading above says it visually); a class our CSS
        // lacks would show them on screen.
        const shownCaptions = await page.evaluate(() =>
          Array.from(document.querySelectorAll('caption'))
            .filter((c) => c.getBoundingClientRect().width > 1)
            .map((c) => c.textContent),
        );
        for (const caption of shownCaptions) problems.push(`${name}: caption shown on screen: ${caption}`);
      };
      await check('roles nb', 'adm', (p) => p.goto('/admin'), 200);
      await check('roles en', 'adm', (p) => p.goto('/admin?lang=en&notice=granted'), 200);
      await check(
        'grant with error',
        'adm',
        async (p) => {
          await p.goto('/admin?lang=nn');
          await p.selectOption('#grant-employee', 'v2');
          await p.selectOption('#grant-role', 'leader');
          return clickAndLoad(p, p.locator('form[action^="/admin/roles?"] button[type=submit]'));
        },
        422,
      );
      await check('monitoring', 'adm', (p) => p.goto('/admin/monitoring?lang=en&office=o1&period=2026-02'), 200);
      await check('monitoring tertial nb', 'adm', (p) => p.goto('/admin/monitoring?kind=tertial'), 200);
      await check('no access', 'l1', (p) => p.goto('/admin/monitoring'), 403);
      await check('oidc failed', null, (p) => p.goto('/login/oidc/callback?code=x&state=y'), 400);
      await check(
        'oidc forbidden',
        null,
        async (p) => {
          await p.route(`${browser.base}/__forbidden`, (route) =>
            route.fulfill({ status: 403, contentType: 'text/html; charset=utf-8', body: oidcProblemPage('forbidden', 'en') }),
          );
          return p.goto('/__forbidden');
        },
        403,
      );
      await context.close();
      expect(problems).toEqual([]);
    });
  }

  it('the monitoring page shows the flag an administrator needs to see', async () => {
    const page = await browser.newPage();
    const context = page.context();
    await signInAs(context, 'adm');
    await page.goto('/admin/monitoring?lang=en');
    const flags = page.getByRole('table', { name: 'Flagged units and counselors' });
    await expect(flags.getByRole('rowheader', { name: 'Kari Nordmann (counselor)' }).count()).resolves.toBe(1);
    await context.close();
  });
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, demoTestApp, type TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, signInAs, useBrowser } from '../support/browser.ts';

/**
 * The application shell in headless Chromium on the demo, at a phone's width and a desk's: the header
 * (product, who is signed in, menu, languages, log-out) wraps instead of making the page scroll
 * sideways, and its menu and language links are there to use. With SHELL_SHOTS=<folder> each page is
 * also saved as a screenshot there, to look at.
 */

const PAGES: Array<{ who: string; path: string; name: string }> = [
  { who: 'demo-v01', path: '/me', name: 'me' },
  { who: 'demo-l1', path: '/units/demo-fjordby', name: 'unit-office' },
  { who: 'demo-a1', path: '/analysis/fair', name: 'analysis-fair' },
  { who: 'demo-admin', path: '/admin/monitoring', name: 'admin-monitoring' },
];

describe('the shell in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();
  const shots = process.env.SHELL_SHOTS;

  beforeAll(async () => {
    t = await demoTestApp();
    browser.base = await listen(t.app);
    if (shots) mkdirSync(shots, { recursive: true });
  }, 300_000);
  afterAll(async () => t?.close());

  for (const width of [360, 1280]) {
    it(`at ${width} px the header wraps: no page scrolls sideways because of it, and its links are visible`, async () => {
      const problems: string[] = [];
      for (const { who, path, name } of PAGES) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        await signInAs(context, who);
        const page = await context.newPage();
        const response = await page.goto(`${path}?lang=nb`);
        expect(response!.status(), path).toBe(200);
        const header = await page.evaluate(() => {
          const shell = document.querySelector('.bs-header')!;
          return {
            headerWidth: Math.ceil(shell.scrollWidth),
            documentWidth: document.documentElement.scrollWidth,
            widest: Math.max(...Array.from(shell.querySelectorAll('*'), (e) => Math.ceil(e.getBoundingClientRect().right))),
          };
        });
        if (header.headerWidth > width || header.widest > width) problems.push(`${path} at ${width}: header ${JSON.stringify(header)}`);
        // The page's own content (wide tables scroll inside their own box) must not widen the page either.
        if (header.documentWidth > width) problems.push(`${path} at ${width}: document ${header.documentWidth} px wide`);
        // On a phone the menu is folded under "Meny": open it as a person would, then every entry is there.
        if (width === 360) await page.locator('.bs-shell-menu summary').click();
        for (const nav of ['.bs-shell-menu a', '.bs-shell-lang a']) {
          const links = page.locator(nav);
          if ((await links.count()) === 0) problems.push(`${path}: no ${nav}`);
          for (const link of await links.all()) if (!(await link.isVisible())) problems.push(`${path}: ${nav} hidden`);
        }
        if (shots) await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: false });
        if (width === 1280 && (await page.locator('.bs-shell-menu summary').isVisible())) problems.push(`${path}: a menu toggle at 1280`);
        // The header keeps to the page's column: log-out ends where the content below it ends, not past it.
        const edges = await page.evaluate(() => {
          const column = document.querySelector('main')!.querySelector('h1')!.parentElement!;
          const style = getComputedStyle(column);
          return {
            logout: document.querySelector('.bs-shell-logout button')!.getBoundingClientRect().right,
            column: column.getBoundingClientRect().right - parseFloat(style.paddingRight),
          };
        });
        if (edges.logout > edges.column + 0.5)
          problems.push(`${path} at ${width}: log-out ends at ${edges.logout}, the column at ${edges.column}`);
        await context.close();
      }
      expect(problems).toEqual([]);
    });
  }

  it('folds the menu under "Meny" on a phone, which opens without JavaScript (mouse or keyboard) and marks the page', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 }, javaScriptEnabled: false });
    await signInAs(context, 'demo-v01');
    const page = await context.newPage();
    await page.goto('/me?lang=nb');
    const menu = page.getByRole('navigation', { name: 'Meny' });
    const toggle = menu.locator('summary');
    const height = async () => (await menu.boundingBox())!.height;
    // Folded: one line above the title, the entries out of sight.
    expect(await height()).toBeLessThanOrEqual(48);
    expect(await toggle.innerText()).toBe('Meny');
    expect(await menu.getByRole('link').first().isVisible()).toBe(false);
    await toggle.click();
    expect(await menu.getByRole('link').first().isVisible()).toBe(true);
    // The page open now is marked among the entries.
    expect(await menu.locator('a[aria-current="page"]').allInnerTexts()).toEqual(['Mine resultater']);
    await toggle.click();
    expect(await menu.getByRole('link').first().isVisible()).toBe(false);
    // By keyboard: Tab reaches the toggle, Enter opens it, Tab goes on to the first entry.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('nav')?.getAttribute('aria-label'))).toBe('Meny');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('A');
    await context.close();

    // On a desk the menu is open and inline, with no toggle, and no taller than two lines (a leader's has eight entries).
    const wide = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    await signInAs(wide, 'demo-l1');
    const desk = await wide.newPage();
    await desk.goto('/units/demo-fjordby?lang=nb');
    const deskMenu = desk.getByRole('navigation', { name: 'Meny' });
    expect(await deskMenu.locator('summary').isVisible()).toBe(false);
    for (const link of await deskMenu.getByRole('link').all()) expect(await link.isVisible()).toBe(true);
    expect((await deskMenu.boundingBox())!.height).toBeLessThanOrEqual(56);
    await wide.close();
  });
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, demoTestApp, type TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, signInAs, useBrowser } from '../support/browser.ts';
import { crawl } from '../support/crawl.ts';

/**
 * Every page each demo role can open, in Chromium as they would see it: on a 360 px phone with no
 * sideways scroll of the page (a wide table scrolls inside its own region, or stacks), with no axe-core
 * violation, and photographed at 360 and 1280 px into artifacts/screens/<role>/ for a person to look
 * at (gitignored; `npx vitest run test/pages/browser.test.ts` after a change to a page). The pages are found as the role finds
 * them (test/support/crawl.ts), one of each shape.
 */

const ROLES = ['demo-v01', 'demo-l1', 'demo-l2', 'demo-a1', 'demo-a2', 'demo-admin'] as const;
const SCREENS = fileURLToPath(new URL('../../artifacts/screens/', import.meta.url));
/** .ci/run keeps no files of its runs, so it sets SCREENSHOTS=0 and saves the minute they take; every other run takes them. */
const SCREENSHOTS = process.env.SCREENSHOTS !== '0';

const slug = (url: string) =>
  url
    .replace(/[?&]lang=[a-z]+/, '')
    .replace(/^\//, '')
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .replace(/_+$/, '') || 'home';

/**
 * The charts (Vega's SVG, each with a viewBox and text) on the page: their natural width, the width they are
 * drawn at, and the smallest of their texts as drawn (font size × drawn / natural).
 */
async function chartTexts(page: Page): Promise<Array<{ natural: number; drawn: number; smallest: number }>> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('svg[viewBox]'))
      .filter((svg) => svg.querySelector('text'))
      .map((svg) => {
        const natural = Number(svg.getAttribute('viewBox')!.trim().split(/\s+/)[2]);
        const drawn = svg.getBoundingClientRect().width;
        const sizes = Array.from(svg.querySelectorAll('text'), (text) => parseFloat(getComputedStyle(text).fontSize));
        return { natural, drawn, smallest: (Math.min(...sizes) * drawn) / natural };
      }),
  );
}

describe('every page of every demo role in a browser', { timeout: 15 * BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();
  const urls = new Map<string, string[]>();

  beforeAll(async () => {
    t = await demoTestApp();
    for (const who of ROLES) {
      const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: who } });
      const cookie = `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`;
      const pages = await crawl(t.app, { cookie, lang: 'nb', perPath: 1, max: 40 });
      urls.set(
        who,
        pages.filter((p) => p.status === 200).map((p) => p.url),
      );
    }
    browser.base = await listen(t.app);
  }, 600_000);
  afterAll(async () => t?.close());

  async function signedIn(who: string, width: number): Promise<BrowserContext> {
    // bypassCSP only so axe can be injected.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    await signInAs(context, who);
    return context;
  }

  for (const who of ROLES) {
    it(`${who}: fits 360 px, passes axe, and is photographed at 360 and 1280 px`, async () => {
      const list = urls.get(who)!;
      expect(list.length).toBeGreaterThan(2);
      const dir = join(SCREENS, who);
      mkdirSync(dir, { recursive: true });
      const problems: string[] = [];
      const withCharts = new Set<string>();
      for (const width of [360, 1280]) {
        const context = await signedIn(who, width);
        const page = await context.newPage();
        // At 1280 only the charts are checked (the rest is the 360 pass's): without screenshots to take,
        // only the pages that have one are opened again.
        for (const url of width === 360 || SCREENSHOTS ? list : list.filter((u) => withCharts.has(u))) {
          const response = await page.goto(url);
          if (response?.status() !== 200) {
            problems.push(`${url} at ${width}: ${response?.status()}`);
            continue;
          }
          if (SCREENSHOTS) await page.screenshot({ path: join(dir, `${slug(url)}-${width}.png`), fullPage: true });
          // Every chart's text as drawn: its font size times the scale the page draws the SVG at. On a phone
          // it stays legible (≥ 11 px); on a desk the chart keeps its own size, never blown up.
          const charts = await chartTexts(page);
          if (charts.length > 0) withCharts.add(url);
          for (const chart of charts) {
            if (width === 360 && chart.smallest < 11)
              problems.push(`${url}: chart text drawn at ${chart.smallest.toFixed(1)} px at 360 (${chart.natural} px wide)`);
            if (chart.drawn > chart.natural + 0.5) problems.push(`${url}: chart scaled up to ${chart.drawn} px from ${chart.natural} px`);
          }
          if (width !== 360) continue;
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scrollWidth > 360) problems.push(`${url}: the page is ${scrollWidth} px wide at 360`);
          // A count is written as the text around it writes it ("1 244"), never as a bare "1244".
          for (const bare of await page
            .locator('td.bs-num')
            .evaluateAll((cells) => cells.map((c) => c.textContent!.trim()).filter((text) => /^\d{4,}$/.test(text))))
            problems.push(`${url}: a count written "${bare}"`);
          // The menu folds on a phone: the page's title is not pushed down by it.
          const menuHeight = await page.evaluate(() => document.querySelector('.bs-shell-menu')?.getBoundingClientRect().height ?? 0);
          if (menuHeight > 48) problems.push(`${url}: the menu is ${Math.round(menuHeight)} px tall at 360`);
          for (const violation of await axeViolations(page)) problems.push(`${url}: ${violation}`);
        }
        await context.close();
      }
      expect(problems).toEqual([]);
    });
  }
});

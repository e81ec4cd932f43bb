import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { refreshFairnessStats } from '../../src/fairness/store.ts';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { SeededRandom } from '../../src/stats/index.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, signInAs, useBrowser } from '../support/browser.ts';
import { FAIR_COUNSELORS, FAIR_ORG, insertCaseMixResponses, randomResponses } from './helpers.ts';

/** The fair-comparison pages in headless Chromium: what a reader sees, and axe-core on it. */
describe('fair comparison pages in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();

  beforeAll(async () => {
    // 2026-T1 (January–April) has closed: April's answers are final from 24 May.
    t = await testApp({}, new Date('2026-06-01T10:00:00Z'));
    await applyOrg(t.ctx.db, orgInputSchema.parse(FAIR_ORG), new Date('2026-03-10T10:00:00Z'));
    await grantRole(t.ctx.db, 'a2', 'national_analyst', null);
    const random = new SeededRandom(21);
    // Enough answers that the case-mix levels hold the MIN_LEVEL_ANSWERS a coefficient needs.
    await insertCaseMixResponses(
      t.ctx.db,
      randomResponses(random, 1500, { counselors: FAIR_COUNSELORS, months: ['2026-01-01', '2026-02-01'] }),
    );
    await insertCaseMixResponses(t.ctx.db, randomResponses(random, 2, { counselors: [['y1', 'o4']], months: ['2026-02-01'] }));
    await refreshFairnessStats(t.ctx.db);
    browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function signedIn(employeeId: string, width: number): Promise<BrowserContext> {
    // bypassCSP only so axe can be injected.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    await signInAs(context, employeeId);
    return context;
  }

  it('shows raw and adjusted side by side with n, interval and reliability, alphabetically, and passes axe', async () => {
    for (const width of [1280, 360]) {
      const context = await signedIn('a2', width);
      const page = await context.newPage();
      const response = await page.goto('/analysis/fair?lang=en');
      expect(response!.status()).toBe(200);
      await expect(page.title()).resolves.toContain('Fair comparison of offices');
      const table = page.getByTestId('fair-table');
      if (width === 1280) {
        // On a desk the whole table, its comparison with the nation included, is in view: its region does not scroll.
        const region = await table.evaluate((t) => {
          const box = t.closest('.bs-table-scroll')!;
          return { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
        });
        expect(region.scrollWidth, JSON.stringify(region)).toBeLessThanOrEqual(region.clientWidth);
        await expect(table.locator('[data-column="comparison"]').first().isVisible()).resolves.toBe(true);
      }
      const headers = await table.locator('thead th').allInnerTexts();
      expect(headers).toEqual(
        expect.arrayContaining([
          'Office',
          'Answers',
          'Raw mean',
          'Adjusted mean',
          'Estimate (adjusted, shrunken)',
          '95 % interval',
          'Reliability',
        ]),
      );
      expect(headers.indexOf('Adjusted mean')).toBe(headers.indexOf('Raw mean') + 1);
      const rows = table.locator('tbody tr');
      expect(await rows.locator('th').allInnerTexts()).toEqual(['NAV Bakkeby', 'NAV Dalstad', 'NAV Elvedal', 'NAV Testby']);
      // NAV Dalstad has two answers, and NAV Elvedal, the other office of its county, is withheld as its complement
      // (as in the group reports): no figures.
      await expect(rows.nth(1).innerText()).resolves.toContain('Withheld, as in the group reports');
      await expect(rows.nth(2).innerText()).resolves.toContain('Withheld, as in the group reports');
      await expect(rows.nth(1).locator('[data-column]').count()).resolves.toBe(0);
      await expect(rows.nth(2).locator('[data-column]').count()).resolves.toBe(0);
      for (const i of [0, 3]) {
        const cell = (column: string) => rows.nth(i).locator(`[data-column="${column}"]`).innerText();
        // Counts are grouped as the reader's language writes them ("1,244"): read back without the grouping.
        expect(Number((await cell('n')).replace(/[\s,]/g, ''))).toBeGreaterThanOrEqual(5);
        expect(await cell('raw')).toMatch(/^\d\.\d\d$/);
        expect(await cell('adjusted')).toMatch(/^\d\.\d\d$/);
        expect(await cell('estimate')).toMatch(/^\d\.\d\d$/);
        expect(await cell('interval')).toMatch(/^\d\.\d\d–\d\.\d\d$/);
        expect(await cell('reliability')).toMatch(/^\d\.\d\d/);
      }
      await expect(page.locator('figure svg[role="img"] title').textContent()).resolves.toContain('Estimates with 95 % intervals');
      await expect(page.getByRole('heading', { name: 'The model: what was adjusted for' }).count()).resolves.toBe(1);
      await expect(page.getByText('Recent adverse decision: yes').count()).resolves.toBeGreaterThan(0);
      await expect(page.getByRole('link', { name: 'Tertial 1 of 2026' }).getAttribute('aria-current')).resolves.toBe('page');
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('shows a counselor their own raw and adjusted figures, in nynorsk, and passes axe', async () => {
    const context = await signedIn('x1', 1280);
    const page = await context.newPage();
    expect((await page.goto('/me/fair?lang=nn&item=prepared'))!.status()).toBe(200);
    // Plain words and the picture first; the table and the model are folded away until asked for.
    const standing = await page.getByTestId('fair-standing').innerText();
    expect(standing).toMatch(
      /^Når vi tek omsyn til kven brukarane dine er, ligg du på \d,\d\d på «.+», truleg ein stad mellom \d,\d\d og \d,\d\d\./,
    );
    await expect(page.getByTestId('fair-table').isVisible()).resolves.toBe(false);
    await page.locator('details.bs-details > summary').click();
    await expect(page.getByTestId('fair-table').isVisible()).resolves.toBe(true);
    const rows = page.getByTestId('fair-table').locator('tbody tr');
    // The sentence says the table's numbers, in the same format.
    const [estimate, interval] = await Promise.all(['estimate', 'interval'].map((c) => rows.locator(`[data-column="${c}"]`).innerText()));
    expect(standing).toContain(`ligg du på ${estimate} på`);
    for (const bound of interval.split(/[–-]/).map((b) => b.trim())) expect(standing).toContain(bound);
    const svg = page.locator('figure.bs-standing svg[role="img"]');
    expect(await svg.locator('desc').textContent()).toContain(estimate);
    expect(await rows.count()).toBe(1);
    expect(await rows.locator('th').innerText()).toBe('Xenia Elv');
    for (const column of ['n', 'raw', 'adjusted', 'estimate', 'interval', 'reliability']) {
      expect((await rows.locator(`[data-column="${column}"]`).innerText()).length).toBeGreaterThan(0);
    }
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('says when an open period closes, offers only closed periods, and passes axe', async () => {
    const context = await signedIn('a2', 1280);
    const page = await context.newPage();
    expect((await page.goto('/analysis/fair?period=2026-T2&lang=nb'))!.status()).toBe(200);
    await expect(page.getByText('2. tertial 2026 er ikke avsluttet ennå').count()).resolves.toBe(1);
    await expect(page.getByTestId('fair-table').count()).resolves.toBe(0);
    const periods = page.getByRole('navigation', { name: 'Velg periode' }).getByRole('link');
    expect(await periods.allInnerTexts()).toEqual(['1. tertial 2026']);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('answers a counselor 403 on the office comparison', async () => {
    const context = await signedIn('v3', 1280);
    const page = await context.newPage();
    expect((await page.goto('/analysis/fair'))!.status()).toBe(403);
    await context.close();
  });
});

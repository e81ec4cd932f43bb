import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, clickAndLoad, signInAs, useBrowser } from '../support/browser.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { insertResponses } from '../support/responses.ts';
import { validFnr } from './fnr.ts';

/** Headless Chromium: a counselor writes a note, is warned of a fødselsnummer, edits, saves, deletes. axe-core and 360 px on each page. */
describe('private notes in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();

  beforeAll(async () => {
    t = await testApp();
    await insertResponses(
      t.ctx.db,
      Array.from({ length: 6 }, (_, i) => ({ counselor_id: 'v1', month: '2025-11-01', overall: 2 + (i % 5) })),
    );
    browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  for (const width of [1280, 360]) {
    it(`write, warned, edit, save, delete at ${width} px: axe-clean and no horizontal scrolling`, async () => {
      // The pages carry no script (their CSP allows none); JavaScript stays on in the browser only for axe-core.
      const page = await browser.newPage({ viewport: { width, height: 800 }, bypassCSP: true });
      await signInAs(page, 'v1');
      const problems: string[] = [];
      const check = async (what: string) => {
        for (const v of await axeViolations(page)) problems.push(`${what}: ${v}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${what}: ${overflow} px horizontal overflow`);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width === 360 && scrollWidth > 360) problems.push(`${what}: scrollWidth ${scrollWidth}`);
      };

      // From the period on /me to its notes.
      await page.goto('/me?lang=en&period=tertial');
      await clickAndLoad(page, page.getByRole('link', { name: 'Notes for this period' }).first());
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My notes');
      expect(await page.getByLabel('Period').inputValue()).toBe('2025-T3');
      await check('/me/notes (empty)');

      // A fødselsnummer: warned, nothing saved, the text back to edit.
      const fnr = validFnr();
      await page.getByLabel('Note', { exact: true }).fill(`The user ${fnr} was upset about the decision.`);
      await clickAndLoad(page, page.getByRole('button', { name: 'Save the note' }));
      expect(await page.getByText('The text may point to a person').count()).toBe(1);
      expect(await page.getByText('a national identity number').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Save anyway' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Edit the text' }).count()).toBe(1);
      expect(await page.getByText('You have no notes yet.').count()).toBe(1);
      await check('/me/notes (warning)');

      // Edit: the number out, saved.
      await page
        .getByLabel('Note', { exact: true })
        .fill('The user was upset about the decision. Explain the decision before the meeting.');
      await clickAndLoad(page, page.getByRole('button', { name: 'Save the note' }));
      expect(page.url()).toMatch(/\/me\/notes\?lang=en#notes$/);
      expect(await page.getByText('Explain the decision before the meeting.').count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Period 2025-T3' }).count()).toBe(1);
      await check('/me/notes (one note)');

      // Edit it again on its own page.
      await clickAndLoad(page, page.getByRole('link', { name: 'Edit', exact: true }));
      await check('/me/notes/:id/edit');
      await page.getByLabel('Note', { exact: true }).fill('Explain the decision before the meeting, and why.');
      await clickAndLoad(page, page.getByRole('button', { name: 'Save the note' }));
      expect(await page.getByText('Explain the decision before the meeting, and why.').count()).toBe(1);

      // Delete, with confirmation.
      await clickAndLoad(page, page.getByRole('link', { name: 'Delete', exact: true }));
      await check('/me/notes/:id/delete');
      await clickAndLoad(page, page.getByRole('button', { name: 'Yes, delete the note' }));
      expect(await page.getByText('You have no notes yet.').count()).toBe(1);
      expect(await t.ctx.db.selectFrom('reflection_note').select('id').execute()).toEqual([]);

      // Delete all, with confirmation.
      await page.getByLabel('Note', { exact: true }).fill('One more to remember.');
      await clickAndLoad(page, page.getByRole('button', { name: 'Save the note' }));
      await clickAndLoad(page, page.getByRole('link', { name: 'Delete all my notes' }));
      await check('/me/notes/delete-all');
      await clickAndLoad(page, page.getByRole('button', { name: 'Yes, delete all notes' }));
      expect(await page.getByText('You have no notes yet.').count()).toBe(1);
      expect(await t.ctx.db.selectFrom('reflection_key').select('employee_id').execute()).toEqual([]);

      for (const lang of ['nb', 'nn'] as const) {
        await page.goto(`/me/notes?lang=${lang}`);
        await check(`/me/notes?lang=${lang}`);
      }
      await page.context().close();
      expect(problems).toEqual([]);
    });
  }
});

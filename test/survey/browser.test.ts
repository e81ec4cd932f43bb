import { randomUUID } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, clickAndLoad, useBrowser } from '../support/browser.ts';
import { createInvitation, createOptOutLink, NOW, surveyTestApp, type SurveyTestApp } from './helpers.ts';

/** Headless Chromium against the survey server: axe-core on every page, at desktop and 360 px, and the whole flow with JavaScript off. */
describe('survey pages in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: SurveyTestApp;
  const browser = useBrowser();
  let base: string;

  beforeAll(async () => {
    t = await surveyTestApp();
    base = browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The pages have a CSP without scripts; bypass it only to inject axe. */
  async function axeContext(width: number): Promise<BrowserContext> {
    return browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
  }

  async function pagesToCheck(): Promise<Array<{ name: string; path: string; method?: 'post' }>> {
    const open = await createInvitation(t.db, { language: 'nb' });
    const answered = await createInvitation(t.db, { state: 'answered' });
    const expired = await createInvitation(t.db, { expiresAt: new Date(NOW.getTime() - 1) });
    const optOutOpen = await createOptOutLink(t.db, `ck-open-${randomUUID()}`);
    const doneKey = `ck-done-${randomUUID()}`;
    const optOutDone = await createOptOutLink(t.db, doneKey);
    await t.db.insertInto('opt_out').values({ contact_key: doneKey }).execute();
    return [
      { name: 'survey nb', path: `/s/${open.token}` },
      { name: 'survey nn', path: `/s/${open.token}?lang=nn` },
      { name: 'survey en', path: `/s/${open.token}?lang=en` },
      { name: 'survey with errors', path: `/s/${open.token}`, method: 'post' },
      { name: 'already answered', path: `/s/${answered.token}` },
      { name: 'thanks', path: `/s/${answered.token}/takk?lang=en` },
      { name: 'expired', path: `/s/${expired.token}?lang=nn` },
      { name: 'unknown', path: `/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` },
      { name: 'opt-out', path: `/optout/${optOutOpen}` },
      { name: 'opt-out done', path: `/optout/${optOutDone}?lang=en` },
      { name: 'opt-out unknown', path: `/optout/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` },
    ];
  }

  it('the axe check does find violations when there are some (so a pass means something)', async () => {
    const context = await axeContext(360);
    const page = await context.newPage();
    await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
    const found = await axeViolations(page);
    await context.close();
    expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
    expect(found.some((v) => v.startsWith('html-has-lang'))).toBe(true);
  });

  for (const width of [1280, 360, 320]) {
    it(`every page passes axe-core with no violations at ${width} px, without horizontal scrolling`, async () => {
      const context = await axeContext(width);
      const page = await context.newPage();
      const problems: string[] = [];
      for (const target of await pagesToCheck()) {
        await page.goto(base + target.path);
        if (target.method === 'post') {
          // An empty submission shows the error summary.
          await clickAndLoad(page, page.locator('button[type=submit]'));
          await page.waitForSelector('.aksel-error-summary');
        }
        for (const v of await axeViolations(page)) problems.push(`${target.name}: ${v}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${target.name}: ${overflow} px horizontal overflow`);
        const css = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
        if (!/Source Sans|Arial/.test(css)) problems.push(`${target.name}: Aksel CSS not applied (${css})`);
      }
      await context.close();
      expect(problems).toEqual([]);
    });
  }

  it('answers the survey with JavaScript off: choose, send, see thanks; the back button cannot answer twice', async () => {
    const inv = await createInvitation(t.db, { language: 'en' });
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/s/${inv.token}`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await clickAndLoad(page, page.getByRole('link', { name: 'Norsk nynorsk' }));
    expect(await page.getAttribute('html', 'lang')).toBe('nn');
    await clickAndLoad(page, page.getByRole('link', { name: 'English' }));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('radiogroup', { name: 'The counselor was well prepared for the meeting.' }).getByLabel('5 – Agree').check();
    await page.getByRole('radiogroup', { name: 'I was treated with respect.' }).getByLabel("Don't know / not relevant").check();
    await page
      .getByRole('radiogroup', { name: 'All in all, how satisfied are you with the meeting?' })
      .getByLabel('4', { exact: true })
      .check();
    await page.getByLabel('Is there anything else you would like to say about the meeting? (optional)').fill('Good meeting');
    await Promise.all([page.waitForURL(`**/s/${inv.token}/takk?lang=en`), page.getByRole('button', { name: 'Send answers' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you for your answers');

    await page.goBack();
    // The form page now says it is answered; a replayed POST changes nothing.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This survey has already been answered');
    const replay = await page.request.post(`${base}/s/${inv.token}`, { form: { s_prepared: '1' }, maxRedirects: 0 });
    expect(replay.status()).toBe(303);
    await context.close();

    const rows = await t.db.selectFrom('response').selectAll().where('comment', '=', 'Good meeting').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].answers).toEqual([5, null, null, null, null, null]);
    expect(rows[0].overall).toBe(4);
  });

  it('opts out with JavaScript off', async () => {
    const inv = await createInvitation(t.db, { state: 'scheduled', contactKey: 'ck-browser-nojs' });
    const token = await createOptOutLink(t.db, 'ck-browser-nojs');
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/optout/${token}?lang=en`);
    await clickAndLoad(page, page.getByRole('button', { name: 'Do not send me surveys' }));
    await page.waitForSelector('text=You will not receive more surveys');
    await context.close();
    const invitation = await t.db
      .selectFrom('invitation')
      .select('state')
      .where('meeting_id', '=', inv.meetingId)
      .executeTakeFirstOrThrow();
    expect(invitation.state).toBe('cancelled');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, clickAndLoad, signInAs, useBrowser } from '../support/browser.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';

/** Headless Chromium, JavaScript off: a counselor creates a kollegaveiledning group and plans a session; axe and 360 px on every page. */
describe('kollegaveiledning in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();

  beforeAll(async () => {
    t = await testApp();
    browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a counselor creates a group and plans a session, with the scrubber’s warning on the way; every page passes axe at 1280 and 360 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    await signInAs(page, 'v1');
    await page.goto('/groups?lang=en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Peer supervision');

    // Too few first: the error names the field.
    await page.getByLabel('Name of the group', { exact: true }).fill('Gruppe Øst');
    await page.getByRole('checkbox', { name: 'Ola Hansen' }).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Create group' }));
    expect(await page.getByText('a group has 3 to 8 members, you included (you chose 2)').count()).toBe(1);

    await page.goto('/groups?lang=en');
    await page.getByLabel('Name of the group', { exact: true }).fill('Gruppe Øst');
    for (const name of ['Ola Hansen', 'Ingrid Berg', 'Per Olsen']) await page.getByRole('checkbox', { name }).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Create group' }));
    expect(page.url()).toMatch(/\/groups\/\d+\?lang=en$/);
    const groupPath = new URL(page.url()).pathname;

    await page.getByLabel('Date (yyyy-mm-dd)', { exact: true }).fill('2026-03-19');
    await page.getByLabel('Starts (hh:mm)', { exact: true }).fill('09:00');
    await page.getByLabel('Ends (hh:mm)', { exact: true }).fill('10:30');
    await page.getByLabel('Place', { exact: true }).fill('Møterom 2');
    await page.getByLabel('Facilitator', { exact: true }).selectOption({ label: 'Ingrid Berg' });
    await page.getByLabel('Theme', { exact: true }).fill('Brukeren med fnr 123 45 678 ringte');
    await page.getByRole('radio', { name: 'A dilemma from a case' }).check();
    await page.getByRole('checkbox', { name: 'Sickness benefit' }).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Plan the session' }));
    expect(await page.getByText('The theme may hold details about a person').count()).toBe(1);
    await page.getByLabel('Theme', { exact: true }).fill('Når brukeren ikke møter');
    await clickAndLoad(page, page.getByRole('button', { name: 'Plan with the edited theme' }));
    expect(page.url()).toMatch(new RegExp(`${groupPath}\\?lang=en$`));
    expect(await page.getByText('Når brukeren ikke møter').count()).toBe(1);
    expect(await page.getByText('Facilitator: Ingrid Berg').count()).toBe(1);
    expect(await page.getByText('The case owner responds').count()).toBe(1);
    await context.close();

    const problems: string[] = [];
    for (const width of [1280, 360]) {
      const view = await browser.newPage({ viewport: { width, height: 800 }, bypassCSP: true });
      let reader: string | undefined;
      for (const target of [
        { who: 'v1', path: '/groups?lang=nb' },
        { who: 'v1', path: `${groupPath}?lang=nn` },
        { who: 'v1', path: `${groupPath}?lang=en` },
        { who: 'v5', path: '/groups?lang=en' },
        { who: 'l1', path: '/groups?lang=nb' },
        { who: 'v5', path: `${groupPath}?lang=nb`, status: 404 },
      ]) {
        if (target.who !== reader) {
          await view.context().clearCookies();
          await signInAs(view, target.who);
          reader = target.who;
        }
        const response = await view.goto(target.path);
        if (response!.status() !== (target.status ?? 200)) problems.push(`${target.who} ${target.path}: status ${response!.status()}`);
        for (const v of await axeViolations(view)) problems.push(`${width} ${target.who} ${target.path}: ${v}`);
        const overflow = await view.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${width} ${target.who} ${target.path}: ${overflow} px horizontal overflow`);
      }
      await view.context().close();
    }
    expect(problems).toEqual([]);
  });
});

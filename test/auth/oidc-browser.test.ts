import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, clickAndLoad, useBrowser } from '../support/browser.ts';
import { CLIENT_ID, CLIENT_SECRET, startLocalProvider, type LocalProvider } from './local-provider.ts';
import { freePort } from '../support/ports.ts';

/**
 * The whole login in headless Chromium: our app on `localhost`, the provider on `127.0.0.1` (another
 * site), so the flow cookie must survive a cross-site redirect back (SameSite=Lax, top-level GET).
 */
describe('OIDC login in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let provider: LocalProvider;
  let t: TestApp;
  // The employee signs in here through the provider (the login under test), not with signInAs().
  const browser = useBrowser();
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    provider = await startLocalProvider(`${base}/login/oidc/callback`);
    t = await testApp({
      PUBLIC_URL: base,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      DEV_LOGIN: false,
      SECRET_KEY: 's'.repeat(40),
      CONTACT_HASH_SECRET: 'c'.repeat(24),
    });
    browser.base = await listen(t.app, { port, hostname: 'localhost' });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('a signed-out employee is sent to the provider, signs in and lands on their own page', async () => {
    const page = await browser.newPage();
    const context = page.context();
    await page.goto(`${base}/me?lang=en`);
    expect(new URL(page.url()).origin).toBe(provider.issuer);
    await page.fill('input[name=login]', 'navident:v2');
    await page.fill('input[name=password]', 'any');
    // The development provider asks for consent on the first login: wait for that page before pressing its button.
    await clickAndLoad(page, page.locator('button[type=submit]'));
    expect(new URL(page.url()).origin).toBe(provider.issuer);
    expect(await page.locator('input[name=login]').count()).toBe(0);
    await Promise.all([page.waitForURL(`${base}/me?**`), page.click('button[type=submit]')]);
    expect(await page.textContent('body')).toContain('Ola Hansen');
    const cookies = await context.cookies(base);
    expect(cookies.find((c) => c.name === 'bs_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'bs_oidc')).toBeUndefined();
    await context.close();
  });
});

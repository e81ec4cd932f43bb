import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { CLIENT_ID, CLIENT_SECRET, startLocalProvider, type LocalProvider } from './local-provider.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The whole login in headless Chromium: our app on `localhost`, the provider on `127.0.0.1` (another
 * site), so the flow cookie must survive a cross-site redirect back (SameSite=Lax, top-level GET).
 */
describe('OIDC login in a browser', () => {
  let provider: LocalProvider;
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    provider = await startLocalProvider(`${base}/login/oidc/callback`);
    t = await testApp({ PUBLIC_URL: base, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, DEV_LOGIN: false, SECRET_KEY: 's'.repeat(40), CONTACT_HASH_SECRET: 'c'.repeat(24) });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await provider?.close();
  });

  it('a signed-out employee is sent to the provider, signs in and lands on their own page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/me?lang=en`);
    expect(new URL(page.url()).origin).toBe(provider.issuer);
    await page.fill('input[name=login]', 'navident:v2');
    await page.fill('input[name=password]', 'any');
    await page.click('button[type=submit]');
    // The development provider asks for consent on the first login.
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/me?**`);
    expect(await page.textContent('body')).toContain('Ola Hansen');
    const cookies = await context.cookies(base);
    expect(cookies.find((c) => c.name === 'bs_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'bs_oidc')).toBeUndefined();
    await context.close();
  }, 60_000);
});

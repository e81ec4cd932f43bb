import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const SHARED = Symbol.for('brukerstemme.test.sharedChromium');

/**
 * This process's Chromium, launched on first use and then shared by every browser test file the
 * process runs: vitest runs the files of a worker one after another in one process (`isolate:
 * false`), so each file no longer pays for a launch. Kept on globalThis, so it is one per process
 * even if this module were loaded twice. Nobody closes it explicitly: Playwright closes it when the
 * process ends (its SIGTERM and exit handlers; vitest ends a worker with SIGTERM), and Chromium quits
 * by itself when the process holding its pipe dies, even on SIGKILL. A browser that crashed or was
 * closed is replaced at the next call.
 */
export function sharedChromium(): Promise<Browser> {
  const holder = globalThis as { [SHARED]?: Promise<Browser> };
  const existing = holder[SHARED];
  if (existing) return existing;
  const launched = launchChromium();
  holder[SHARED] = launched;
  const forget = () => {
    if (holder[SHARED] === launched) delete holder[SHARED];
  };
  launched.then((browser) => browser.on('disconnected', forget), forget);
  return launched;
}

export interface BrowserFixture {
  /** Where the app under test listens (`http://127.0.0.1:41234`); set it in beforeAll, before opening a context. */
  base: string;
  /**
   * A fresh context of the shared Chromium (no cookies, storage or cache from any other test or
   * file), with `base` as its baseURL, so `page.goto('/me')` and signInAs() reach the file's app.
   * It is closed after the file if the test did not close it (say, because it failed).
   */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a new context (see newContext); `page.context().close()` closes both. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Waits: what a test waits for is a condition (a URL, an element, an event), never a fixed time.
 * These are the longest waits for one of them; generous, so that a busy machine (CI runs two test
 * processes on two cores, each driving Chromium) is slow rather than red, and short of the test's
 * own limit, so a wait that never ends fails with Playwright's message naming what it waited for.
 */
export const ACTION_TIMEOUT_MS = 30_000;
export const NAVIGATION_TIMEOUT_MS = 45_000;
/**
 * vitest's limit for one browser test, set on each browser file's describe block. A test that checks
 * a dozen pages with axe-core at one width takes about 15 s on a quiet machine and four times that
 * when other work shares the two cores; a hang is caught sooner, by the waits above.
 */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;

/**
 * The browser set-up of one test file, called in its describe block: the process's Chromium
 * (launched in beforeAll, so a slow first launch counts against the hook's time, not a test's) and
 * fresh contexts from it, all closed again after the file.
 */
export function useBrowser(): BrowserFixture {
  const open = new Set<BrowserContext>();
  const fixture: BrowserFixture = {
    base: '',
    async newContext(options = {}) {
      if (!fixture.base) throw new Error('useBrowser(): set .base to the app’s URL (in beforeAll) before opening a context');
      // axe-core's script comes from 127.0.0.1 (axeScriptUrl); a page a test serves itself through
      // page.route counts as a public page, from which Chromium loads from loopback only with this permission.
      const permissions = ['local-network-access', ...(options.permissions ?? [])];
      const context = await (await sharedChromium()).newContext({ baseURL: fixture.base, ...options, permissions });
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
      open.add(context);
      context.on('close', () => open.delete(context));
      return context;
    },
    async newPage(options = {}) {
      return (await fixture.newContext(options)).newPage();
    },
  };
  beforeAll(async () => {
    await sharedChromium();
  });
  afterAll(async () => {
    await Promise.all([...open].map((context) => context.close()));
  });
  return fixture;
}

const isPage = (target: Page | BrowserContext): target is Page => 'goto' in target;

/**
 * Signs the browser in as `employeeId` with the dev login (DEV_LOGIN), the one way every browser
 * test signs in. By default it posts the login form's fields from the context (context.request
 * shares the context's cookies): the session cookie is set by the app's real response and kept
 * by the browser's own cookie rules (HttpOnly, SameSite), with no page load. `via: 'form'` does what
 * a person does on `page` instead: opens /login, picks the employee, presses "Log in" and waits for
 * /me; one test per login page is enough for that (the sharing flow does it).
 *
 * The context must have the app as its baseURL (useBrowser's contexts do).
 */
export async function signInAs(target: Page | BrowserContext, employeeId: string, opts: { via?: 'request' | 'form' } = {}): Promise<void> {
  if (opts.via === 'form') {
    if (!isPage(target)) throw new Error('signInAs(…, { via: "form" }) needs a page to fill the form in');
    await target.goto('/login?lang=en');
    await target.selectOption('select[name=employee_id]', employeeId);
    // Each role lands where its work is (access/navigation.ts): wait until the login has led there.
    await Promise.all([
      target.waitForURL((url) => url.pathname !== '/login' && url.pathname !== '/home'),
      target.getByRole('button', { name: 'Log in' }).click(),
    ]);
    return;
  }
  const context = isPage(target) ? target.context() : target;
  const response = await context.request.post('/login', { form: { employee_id: employeeId }, maxRedirects: 0 });
  if (response.status() !== 303) throw new Error(`dev login as ${employeeId} answered ${response.status()}: ${await response.text()}`);
  if (!(await context.cookies()).some((c) => c.name === 'bs_session'))
    throw new Error(`dev login as ${employeeId} set no session cookie in the browser`);
}

/**
 * Clicks something that loads a new page (a link, a form's submit button) and waits until that page
 * has loaded, stylesheets and all, so what follows (axe-core above all: contrast depends on the CSS)
 * reads the new page and not the old one or half of the new one. Waiting on the page's next `load`
 * event (armed before the click) works for a form posted back to its own address too, where the URL
 * does not change. Returns the response to the navigation's first request (before any redirect):
 * its status is the form post's own status, e.g. 422 for a refused one.
 */
export async function clickAndLoad(page: Page, target: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame()),
    page.waitForEvent('load'),
    target.click(),
  ]);
  return response;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_SERVER = Symbol.for('brukerstemme.test.axeServer');

/**
 * The URL of axe-core's script, served by a small HTTP server of this process (started on first use,
 * not keeping the process alive) as a cacheable file. Chromium keeps it, compiled, in the context's
 * cache, so from a context's second page on it loads in about 0.1 s; inlining its 0.5 MB into every
 * page (addScriptTag with its text) cost 0.5–0.8 s each time on this two-core machine, and the
 * browser tests check about 150 pages. Cross-origin for every page, so it says it may be loaded
 * from anywhere.
 */
function axeScriptUrl(): Promise<string> {
  const holder = globalThis as { [AXE_SERVER]?: Promise<string> };
  holder[AXE_SERVER] ??= new Promise<string>((resolve, reject) => {
    const server = createServer((request, response) => {
      if (request.url !== '/axe.min.js') return void response.writeHead(404).end();
      response.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400, immutable',
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
      });
      response.end(AXE_SOURCE);
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/axe.min.js`);
    });
  });
  return holder[AXE_SERVER];
}

/**
 * axe-core's findings on the page as it is now (WCAG 2.0–2.2 A and AA, and best practice), one line
 * each: "rule (impact): selectors". The page's context must bypass its CSP (`bypassCSP: true`), which
 * allows no scripts.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ url: await axeScriptUrl() });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    return axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
  });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import { BROWSER_TEST_TIMEOUT_MS, axeViolations, signInAs, useBrowser } from '../support/browser.ts';
import { listen, testApp, type TestApp } from '../support/app.ts';
import { insertResponses, type ResponseSeed } from '../support/responses.ts';

const many = (n: number, seed: ResponseSeed): ResponseSeed[] => Array.from({ length: n }, () => ({ ...seed }));

/** Every report page in headless Chromium, checked with axe-core (WCAG 2.2 AA and best practice). */
describe('report pages in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let t: TestApp;
  const browser = useBrowser();

  beforeAll(async () => {
    // 1 June 2026: 2026-T1 (the March answers) is the latest closed tertial.
    t = await testApp({}, new Date('2026-06-01T10:00:00Z'));
    await t.ctx.db.insertInto('employee').values({ id: 'ca', name: 'Cora Analytiker', unit_id: 'c1', role: 'staff' }).execute();
    await grantRole(t.ctx.db, 'ca', 'county_analyst', 'c1');
    await insertResponses(t.ctx.db, [
      ...['v1', 'v2', 'v3'].flatMap((v) => many(4, { counselor_id: v, unit_id: 't1', comment: 'Godt møte, Kari Nordmann hjalp meg' })),
      ...many(3, { counselor_id: 'v4', unit_id: 't2', overall: 2 }),
      ...['v1', 'v2', 'v3'].flatMap((v) => many(4, { counselor_id: v, unit_id: 't1', month: '2025-11-01', comment: 'Fint' })),
      ...['v4', 'v5', 'v6'].flatMap((v) => many(2, { counselor_id: v, unit_id: 't2', month: '2025-11-01' })),
    ]);
    await t.ctx.db.insertInto('counselor_setting').values({ employee_id: 'v1', compare_with_averages: true }).execute();
    browser.base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** One page per reader for the whole file, signed in once: each test below loads a page in it. */
  const pagesOf = new Map<string, Promise<Page>>();
  function pageOf(who: string | null): Promise<Page> {
    const key = who ?? 'anonymous';
    if (!pagesOf.has(key)) {
      pagesOf.set(
        key,
        (async () => {
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
          if (who) await signInAs(page, who);
          return page;
        })(),
      );
    }
    return pagesOf.get(key)!;
  }

  const pages: Array<{ who: string | null; path: string; status: number; expect: string }> = [
    { who: 'l1', path: '/reports?lang=nb', status: 200, expect: 'Rapporter' },
    { who: 'l1', path: '/units/o1?lang=nb', status: 200, expect: 'Enhetene side om side' },
    { who: 'l1', path: '/units/o1?lang=nn&period=month&key=2026-03', status: 200, expect: 'Einingane side om side' },
    { who: 'l1', path: '/units/t1?lang=en&key=2025-T3', status: 200, expect: 'Comments from tertial 2025-T3' },
    { who: 'l1', path: '/units/t2?lang=en', status: 200, expect: 'Too few answers or too few counselors' },
    { who: 'ca', path: '/units/c1?lang=en&period=year&key=2025', status: 200, expect: 'Units side by side' },
    { who: 'ca', path: '/units/c1?lang=en&period=year&key=2026', status: 200, expect: 'Period not closed yet' },
    { who: 'ca', path: '/units/t1?lang=en', status: 403, expect: 'outside your access' },
    { who: 'v1', path: '/me?lang=nb', status: 200, expect: 'Sammenligning' },
    { who: 'v1', path: '/me?lang=en', status: 200, expect: 'Your meetings and invitations' },
    // The signed-out are sent to the login; refusals and unknown addresses are pages of the one error handler.
    { who: null, path: '/reports?lang=en', status: 200, expect: 'Log in (demo)' },
    { who: 'v1', path: '/me?period=week&lang=en', status: 400, expect: 'period: must be one of: month, tertial, year' },
    { who: 'v1', path: '/no/such/page?lang=en', status: 404, expect: 'Page not found' },
  ];

  for (const p of pages) {
    it(`${p.who ?? 'anonymous'} ${p.path}: ${p.status}, no axe violations`, async () => {
      const page = await pageOf(p.who);
      const response = await page.goto(p.path);
      expect(response?.status()).toBe(p.status);
      expect(await page.textContent('body')).toContain(p.expect);
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

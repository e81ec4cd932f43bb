import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import type { Element } from 'domhandler';
import { loadActor, loadUnitTree } from '../../src/access/actor.ts';
import { menuPages, pagePath } from '../../src/access/navigation.ts';
import { LANGUAGES, type Lang } from '../../src/i18n/index.ts';
import { pageNames, type PageId } from '../../src/i18n/vocabulary.ts';
import { demoTestApp, type TestApp } from '../support/app.ts';
import { linksOf } from '../support/crawl.ts';

/**
 * The application shell on every page of each demo role's menu, in each language: the page answers 200
 * with one h1, its name in the menu; the menu holds exactly the pages the role opens (access/navigation.ts),
 * in the page's language; the one language switch offers the three languages on this same address; and
 * every link to another page keeps the language. A language picked once is remembered on the next page.
 */

const ROLES = ['demo-v01', 'demo-l1', 'demo-l2', 'demo-a1', 'demo-a2', 'demo-admin'] as const;

let t: TestApp;
const cookies = new Map<string, string>();
const menus = new Map<string, PageId[]>();

beforeAll(async () => {
  t = await demoTestApp();
  const tree = await loadUnitTree(t.ctx.db);
  for (const who of ROLES) {
    const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: who } });
    cookies.set(who, `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`);
    menus.set(who, menuPages((await loadActor(t.ctx.db, who))!, tree));
  }
}, 300_000);
afterAll(async () => t?.close());

const get = (who: string, url: string, extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies.get(who)!, accept: 'text/html', ...extra } });

const elements = (html: string) => parseDocument(html).children;
const byClass = (html: string, name: string) =>
  findOne((e) => (getAttributeValue(e, 'class') ?? '').split(/\s+/).includes(name), elements(html), true);
const anchors = (root: Element | null) =>
  root ? findAll((e) => e.name === 'a', [root]).map((a) => ({ href: getAttributeValue(a, 'href')!, a })) : [];
const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the shell around every page of each role’s menu', () => {
  it('gives each role a menu', () => {
    for (const who of ROLES) expect(menus.get(who)!.length, who).toBeGreaterThan(0);
  });

  for (const who of ROLES) {
    it(`${who}: each menu page has one h1 (its menu name), the role's menu, three languages, and links that keep the language`, async () => {
      const problems: string[] = [];
      for (const lang of LANGUAGES) {
        const names = pageNames[lang];
        for (const page of menus.get(who)!) {
          const url = `${pagePath(page)}?lang=${lang}`;
          const res = await get(who, url);
          const where = `${who} ${url}`;
          if (res.statusCode !== 200) {
            problems.push(`${where}: status ${res.statusCode}`);
            continue;
          }
          const html = res.body;
          const h1s = findAll((e) => e.name === 'h1', elements(html)).map((e) => clean(textContent(e)));
          if (h1s.length !== 1 || h1s[0] !== names[page]) problems.push(`${where}: h1 ${JSON.stringify(h1s)}, menu name "${names[page]}"`);

          const menu = anchors(byClass(html, 'bs-shell-menu')).map(({ href, a }) => `${href} ${clean(textContent(a))}`);
          const expected = menus.get(who)!.map((p) => `${pagePath(p)}?lang=${lang} ${names[p]}`);
          if (JSON.stringify(menu) !== JSON.stringify(expected)) problems.push(`${where}: menu ${JSON.stringify(menu)}`);
          const current = anchors(byClass(html, 'bs-shell-menu')).filter(({ a }) => getAttributeValue(a, 'aria-current') === 'page');
          if (current.length !== 1 || current[0].href !== url) problems.push(`${where}: current menu entry ${current.map((c) => c.href)}`);

          const switcher = anchors(byClass(html, 'bs-shell-lang'));
          const offered = switcher.map(({ href, a }) => `${getAttributeValue(a, 'hreflang')} ${href}`);
          if (JSON.stringify(offered) !== JSON.stringify(LANGUAGES.map((l) => `${l} ${pagePath(page)}?lang=${l}`)))
            problems.push(`${where}: language switch ${JSON.stringify(offered)}`);

          // Every link to a page of the app keeps the language; the switch's own links and downloads/API excepted.
          const switchHrefs = new Set(switcher.map((s) => s.href));
          for (const href of linksOf(html)) {
            if (!href.startsWith('/') || href.startsWith('/api/') || switchHrefs.has(href) || /\.(csv|xlsx|json)(\?|$)/.test(href))
              continue;
            if (new URLSearchParams(href.split('?')[1] ?? '').get('lang') !== lang)
              problems.push(`${where}: link ${href} loses the language`);
          }
          // One shell: one menu, one language switch, one log-out, no other header.
          for (const name of ['bs-shell-menu', 'bs-shell-lang', 'bs-shell-logout'])
            if (findAll((e) => (getAttributeValue(e, 'class') ?? '').split(/\s+/).includes(name), elements(html)).length !== 1)
              problems.push(`${where}: not exactly one ${name}`);
          if (findAll((e) => e.name === 'header', elements(html)).length !== 1) problems.push(`${where}: not exactly one header`);
        }
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }
});

describe('the language the reader picks', () => {
  it('is remembered on the next page opened without ?lang (cookie), over the browser’s language', async () => {
    const who = 'demo-l1';
    const picked = await get(who, '/reports?lang=nn', { 'accept-language': 'en' });
    const remembered = picked.cookies.find((c) => c.name === 'bs_lang');
    expect(remembered?.value).toBe('nn');
    const next = await get(who, '/analysis/fair', { 'accept-language': 'en', cookie: `${cookies.get(who)!}; bs_lang=nn` });
    expect(next.statusCode).toBe(200);
    expect(next.body).toContain('<html lang="nn">');
    expect(next.body).toMatch(new RegExp(`<h1[^>]*>${pageNames.nn.fair}</h1>`));
  });

  for (const lang of ['nb', 'en'] as Lang[]) {
    it(`keeps ${lang} on every unit report a leader opens from the reports list`, async () => {
      const list = await get('demo-l1', `/reports?lang=${lang}`);
      const units = linksOf(list.body).filter((href) => href.startsWith('/units/'));
      expect(units.length).toBeGreaterThan(0);
      for (const href of units) {
        const res = await get('demo-l1', href);
        expect(res.statusCode, href).toBe(200);
        expect(res.body, href).toContain(`<html lang="${lang}">`);
        expect(byClass(res.body, 'bs-shell-menu'), href).not.toBeNull();
      }
    });
  }
});

describe('the error pages of a signed-in employee', () => {
  it('show the shell on an unknown address and on a refusal; the signed out get no shell', async () => {
    const missing = await get('demo-v01', '/no-such-page?lang=en');
    expect(missing.statusCode).toBe(404);
    expect(byClass(missing.body, 'bs-shell-menu')).not.toBeNull();
    expect(findAll((e) => e.name === 'h1', elements(missing.body))).toHaveLength(1);

    const refused = await get('demo-v01', '/admin?lang=en');
    expect(refused.statusCode).toBe(403);
    expect(byClass(refused.body, 'bs-shell-menu')).not.toBeNull();
    expect(anchors(byClass(refused.body, 'bs-shell-menu')).map((a) => a.href)).not.toContain('/admin?lang=en');

    const signedOut = await t.app.inject({ method: 'GET', url: '/no-such-page?lang=en', headers: { accept: 'text/html' } });
    expect(signedOut.statusCode).toBe(404);
    expect(byClass(signedOut.body, 'bs-shell-menu')).toBeNull();
  });
});

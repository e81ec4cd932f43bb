import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, type Lang } from '../../src/i18n/index.ts';
import { demoTestApp, type TestApp } from '../support/app.ts';
import { crawl, type CrawledPage } from '../support/crawl.ts';
import { catalogVocabulary, dataWords, foreignWords } from '../support/language.ts';

/**
 * Every page each demo role can open, found by following links from where they land, in all three
 * languages: each answers 200, and none holds a word that only another language's catalogs use
 * ("national" on a bokmål page, "ikkje" on a bokmål one, "Spørreskjema" on an English one).
 */

const ROLES = ['demo-v01', 'demo-l1', 'demo-l2', 'demo-a1', 'demo-a2', 'demo-admin'] as const;

describe('the demo as each role sees it', () => {
  let t: TestApp;
  const pages = new Map<string, CrawledPage[]>();
  let vocabulary: Map<Lang, Set<string>>;
  /** Words of data (names, offices' own questions, group names, session themes): not the catalogs' words. */
  let data: Set<string>;

  beforeAll(async () => {
    t = await demoTestApp();
    data = await dataWords(t.ctx.db);
    vocabulary = await catalogVocabulary();
    for (const who of ROLES) {
      const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: who } });
      const cookie = `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`;
      for (const lang of LANGUAGES) pages.set(`${who} ${lang}`, await crawl(t.app, { cookie, lang }));
    }
  }, 600_000);
  afterAll(async () => t?.close());

  it('finds the pages of every role, each answering 200', () => {
    const failing = [...pages].flatMap(([key, list]) => list.filter((p) => p.status !== 200).map((p) => `${key}: ${p.url} → ${p.status}`));
    expect(failing).toEqual([]);
    for (const [key, list] of pages) expect(list.length, key).toBeGreaterThan(2);
  });

  it('speaks one language on each page', () => {
    const problems: string[] = [];
    for (const [key, list] of pages) {
      const lang = key.split(' ')[1] as Lang;
      for (const page of list) {
        const found = foreignWords(page.html, lang, vocabulary, data);
        if (found.length > 0) problems.push(`${key} ${page.url}: ${found.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { LANGUAGES, type Lang } from '../../src/i18n/index.ts';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { crawl, pageText, type CrawledPage } from '../support/crawl.ts';

/**
 * Every page each demo role can open, found by following links from where they land, in all three
 * languages: each answers 200, and none holds a word that only another language's catalogs use
 * ("national" on a bokmål page, "ikkje" on a bokmål one, "Spørreskjema" on an English one).
 */

const ROLES = ['demo-v01', 'demo-l1', 'demo-l2', 'demo-a1', 'demo-a2', 'demo-admin'] as const;

/** Every catalog the app exports: objects with the three languages as keys, each a record of strings. */
async function catalogs(): Promise<Array<Record<Lang, Record<string, string>>>> {
  const src = fileURLToPath(new URL('../../src/', import.meta.url));
  const files = (function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((name) =>
      statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : /messages\.ts$|vocabulary\.ts$/.test(name) ? [join(dir, name)] : [],
    );
  })(src);
  const out: Array<Record<Lang, Record<string, string>>> = [];
  for (const file of files) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (value && typeof value === 'object' && LANGUAGES.every((l) => typeof (value as Record<string, unknown>)[l] === 'object'))
        out.push(value as Record<Lang, Record<string, string>>);
    }
  }
  return out;
}

const words = (text: string) => text.toLowerCase().match(/\p{L}{3,}/gu) ?? [];

describe('the demo as each role sees it', () => {
  let t: TestApp;
  const pages = new Map<string, CrawledPage[]>();
  const vocabulary = new Map<Lang, Set<string>>(LANGUAGES.map((l) => [l, new Set<string>()]));
  /** Words of names (people, units, colleague groups), offices' own questions and session themes: data, not the catalogs' words. */
  const names = new Set<string>();

  beforeAll(async () => {
    t = await testApp({}, new Date('2026-11-23T10:00:00Z'));
    await seedDemo(t.ctx);
    for (const table of ['employee', 'unit'] as const)
      for (const row of await t.ctx.db.selectFrom(table).select('name').execute()) for (const w of words(row.name)) names.add(w);
    // A colleague group's name and a session's theme are typed in by its members: data too.
    for (const row of await t.ctx.db.selectFrom('colleague_group').select('name').execute()) for (const w of words(row.name)) names.add(w);
    for (const row of await t.ctx.db.selectFrom('circle_session').select('theme').execute()) for (const w of words(row.theme)) names.add(w);
    // An office's own questions are its words, typed in by its leader (in each language they wrote): data too.
    for (const row of await t.ctx.db.selectFrom('local_question').select('text').execute())
      for (const text of Object.values(row.text as Record<string, string>)) for (const w of words(String(text))) names.add(w);
    for (const catalog of await catalogs())
      for (const l of LANGUAGES) for (const text of Object.values(catalog[l])) for (const w of words(text)) vocabulary.get(l)!.add(w);
    for (const s of NATIONAL_INSTRUMENT.statements) for (const l of LANGUAGES) for (const w of words(s.text[l])) vocabulary.get(l)!.add(w);
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
      const own = vocabulary.get(lang)!;
      const foreign = new Set(
        LANGUAGES.filter((l) => l !== lang)
          .flatMap((l) => [...vocabulary.get(l)!])
          .filter((w) => !own.has(w) && !names.has(w)),
      );
      for (const page of list) {
        const found = new Set(
          pageText(page.html)
            .flatMap(words)
            .filter((w) => foreign.has(w)),
        );
        if (found.size > 0) problems.push(`${key} ${page.url}: ${[...found].join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

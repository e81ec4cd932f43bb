import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { LANGUAGES, type Lang } from '../../src/i18n/index.ts';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { pageText } from './crawl.ts';

/**
 * The language test's parts, shared by the demo's crawl and the random histories: the words each
 * language's catalogs use, the words of data (names, offices' questions, group names, session themes)
 * that belong to no catalog, and the words on a page that only another language's catalogs use.
 */

export const words = (text: string) => text.toLowerCase().match(/\p{L}{3,}/gu) ?? [];

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

/** Each language's words: its catalogs and the national questionnaire's statements. */
export async function catalogVocabulary(): Promise<Map<Lang, Set<string>>> {
  const vocabulary = new Map<Lang, Set<string>>(LANGUAGES.map((l) => [l, new Set<string>()]));
  for (const catalog of await catalogs())
    for (const l of LANGUAGES) for (const text of Object.values(catalog[l])) for (const w of words(text)) vocabulary.get(l)!.add(w);
  for (const s of NATIONAL_INSTRUMENT.statements) for (const l of LANGUAGES) for (const w of words(s.text[l])) vocabulary.get(l)!.add(w);
  return vocabulary;
}

/** Words of data in the database: people's, units' and colleague groups' names, session themes, discussion topics and session notes, offices' own questions and competence activities. */
export async function dataWords(db: Kysely<DB>): Promise<Set<string>> {
  const names = new Set<string>();
  const add = (text: string) => words(text).forEach((w) => names.add(w));
  for (const table of ['employee', 'unit', 'colleague_group'] as const)
    for (const row of await db.selectFrom(table).select('name').execute()) add(row.name);
  for (const row of await db.selectFrom('circle_session').select('theme').execute()) add(row.theme);
  for (const row of await db
    .selectFrom('competence_activity')
    .select(['title', 'led_by', 'target_group', 'expected_outcome', 'observed_outcome'])
    .execute())
    for (const text of Object.values(row)) if (text) add(text);
  // What employees wrote for each other: requests to discuss a matter, a group's session notes.
  for (const row of await db.selectFrom('circle_discussion').select('topic').execute()) add(row.topic);
  for (const row of await db.selectFrom('circle_session_note').select('text').execute()) add(row.text);
  for (const row of await db.selectFrom('local_question').select('text').execute())
    for (const text of Object.values(row.text as Record<string, string>)) add(String(text));
  return names;
}

/** The words on a page in `lang` that only another language's catalogs use (none on a page that speaks one language). */
export function foreignWords(html: string, lang: Lang, vocabulary: Map<Lang, Set<string>>, data: Set<string>): string[] {
  const own = vocabulary.get(lang)!;
  const foreign = new Set(
    LANGUAGES.filter((l) => l !== lang)
      .flatMap((l) => [...vocabulary.get(l)!])
      .filter((w) => !own.has(w) && !data.has(w)),
  );
  return [
    ...new Set(
      pageText(html)
        .flatMap(words)
        .filter((w) => foreign.has(w)),
    ),
  ];
}

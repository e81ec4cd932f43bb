/**
 * User-facing text lives in message catalogs, one per capability (src/<capability>/messages.ts),
 * each with the same keys in bokmål, nynorsk and English. The English catalog defines the keys;
 * TypeScript makes the other two complete.
 */
export const LANGUAGES = ['nb', 'nn', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Each language in its own words (for a language switch, marked with its `lang`). */
export const LANGUAGE_NAMES: Record<Lang, string> = { nb: 'Norsk bokmål', nn: 'Norsk nynorsk', en: 'English' };

/** Each language named in the page's language ("på engelsk" on a bokmål page). */
export const LANGUAGE_NAMES_IN: Record<Lang, Record<Lang, string>> = {
  nb: { nb: 'bokmål', nn: 'nynorsk', en: 'engelsk' },
  nn: { nb: 'bokmål', nn: 'nynorsk', en: 'engelsk' },
  en: { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' },
};

export type Catalog<K extends string> = Record<Lang, Record<K, string>>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** `?lang=` wins, then the Accept-Language header, then the fallback. */
export function negotiateLang(query: unknown, acceptLanguage: string | undefined, fallback: Lang = 'nb'): Lang {
  if (isLang(query)) return query;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('nn')) return 'nn';
    if (tag.startsWith('nb') || tag === 'no' || tag.startsWith('no-')) return 'nb';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}

/** Returns a translator for one catalog; `{name}` placeholders are filled from `vars`. */
export function translator<K extends string>(catalog: Catalog<K>, lang: Lang) {
  const messages = catalog[lang];
  return (key: K, vars: Record<string, string | number> = {}): string =>
    messages[key].replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
}

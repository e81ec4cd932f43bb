import type { Lang } from './index.ts';

/**
 * Numbers and dates in the reader's language (shared leaf): every page, chart and export text formats through here,
 * so a figure reads the same everywhere (decimal comma in Norwegian, point in English), and clock times are in the
 * configured TIME_ZONE, never the server's.
 */

const LOCALE: Record<Lang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${lang}|${JSON.stringify(options)}`;
  let format = formats.get(key) as Intl.NumberFormat | undefined;
  if (!format) formats.set(key, (format = new Intl.NumberFormat(LOCALE[lang], options)));
  return format;
}

function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${lang}|${JSON.stringify(options)}`;
  let format = formats.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(LOCALE[lang], options)));
  return format;
}

/** A number with exactly `digits` decimals: "4,47". */
export const formatDecimal = (lang: Lang, value: number, digits: number): string =>
  numberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

/** A number with at most `digits` decimals (counts: 0): "1 244". */
export const formatNumber = (lang: Lang, value: number, digits = 0): string =>
  numberFormat(lang, { maximumFractionDigits: digits }).format(value);

/** A share 0–1 as a percentage with `digits` decimals: "87 %". */
export const formatShare = (lang: Lang, value: number, digits = 0): string =>
  numberFormat(lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

/** A difference with its sign, zero without: "+0,12", "−0,30". */
export const formatSigned = (lang: Lang, value: number, digits = 2): string =>
  numberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(value);

/** A moment as date and clock time in `timeZone`: "6. des. 2026, 14:05". */
export const formatDateTime = (lang: Lang, at: Date | string, timeZone: string): string =>
  dateFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(typeof at === 'string' ? new Date(at) : at);

/** A moment's date in `timeZone`: "6. des. 2026". */
export const formatDate = (lang: Lang, at: Date | string, timeZone: string): string =>
  dateFormat(lang, { dateStyle: 'medium', timeZone }).format(typeof at === 'string' ? new Date(at) : at);

/** A calendar date ('YYYY-MM-DD') written out: "24. januar 2027", "24 January 2027" (no time zone: it is a date). */
export const formatLongDate = (lang: Lang, date: string): string =>
  dateFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date.slice(0, 10)}T00:00:00Z`));

/** A month ('YYYY-MM…'): "mars 2026", "March 2026". */
export const formatMonth = (lang: Lang, month: string): string =>
  dateFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month.slice(0, 7)}-01T00:00:00Z`));

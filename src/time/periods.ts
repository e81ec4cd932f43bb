/**
 * Fixed reporting periods. Below office level only these exist — no free date ranges — so two
 * allowed queries can never be differenced to isolate one answer.
 */
export type PeriodKind = 'month' | 'tertial' | 'year';

export interface Period {
  kind: PeriodKind;
  /** e.g. 2026-03, 2026-T1, 2026 */
  key: string;
  /** First month (ISO date, day 01) and first month after the period. */
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

// Building an Intl.DateTimeFormat costs far more than using one: one per time zone, kept.
const monthFormatters = new Map<string, Intl.DateTimeFormat>();

/** The month (first day, ISO date) a moment falls in, in the agency's time zone. */
export function monthStartOf(moment: Date, timeZone: string): string {
  let formatter = monthFormatters.get(timeZone);
  if (!formatter)
    monthFormatters.set(timeZone, (formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })));
  const parts = formatter.formatToParts(moment);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return `${year}-${month}-01`;
}

/** The month `n` months from `month` (YYYY-MM or YYYY-MM-01), as YYYY-MM-01. */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
}

export function periodOf(month: string, kind: PeriodKind): Period {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  if (kind === 'month') {
    const next = m === 12 ? `${year + 1}-01-01` : `${year}-${pad(m + 1)}-01`;
    return { kind, key: `${year}-${pad(m)}`, from: `${year}-${pad(m)}-01`, to: next };
  }
  if (kind === 'tertial') {
    const t = Math.floor((m - 1) / 4) + 1;
    const startMonth = (t - 1) * 4 + 1;
    const to = t === 3 ? `${year + 1}-01-01` : `${year}-${pad(startMonth + 4)}-01`;
    return { kind, key: `${year}-T${t}`, from: `${year}-${pad(startMonth)}-01`, to };
  }
  return { kind, key: String(year), from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

/** Parses a period key back (2026-T2, 2026-05, 2026); null if it is not a fixed period. */
export function parsePeriodKey(key: string): Period | null {
  let match = /^(\d{4})-T([123])$/.exec(key);
  if (match) return periodOf(`${match[1]}-${pad((Number(match[2]) - 1) * 4 + 1)}-01`, 'tertial');
  match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (match) return periodOf(`${match[1]}-${match[2]}-01`, 'month');
  match = /^(\d{4})$/.exec(key);
  if (match) return periodOf(`${match[1]}-01-01`, 'year');
  return null;
}
/** The last `count` periods of a kind, oldest first, ending with the one holding `month`. */
export function lastPeriods(month: string, kind: 'month' | 'tertial' | 'year', count: number) {
  const out = [];
  let current = periodOf(month, kind);
  for (let i = 0; i < count; i++) {
    out.unshift(current);
    const year = Number(current.from.slice(0, 4));
    const m = Number(current.from.slice(5, 7));
    const previousMonth = m === 1 ? `${year - 1}-12-01` : `${year}-${String(m - 1).padStart(2, '0')}-01`;
    current = periodOf(previousMonth, kind);
  }
  return out;
}

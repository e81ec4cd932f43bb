import type { Cell, Relation } from '../disclosure/relations.ts';
import { protectFigures } from '../disclosure/audit.ts';
import { round } from '../disclosure/figures.ts';
import { periodOf, type PeriodKind } from '../time/periods.ts';
import { AGREE_FROM } from '../instrument/instrument.ts';
import { monthIndex, monthsBetween } from './rules.ts';

/**
 * Results of one local question per fixed period, pure. The answers are counts per month and value
 * (see the migration), so a figure is a sum of months. Disclosure control as everywhere else:
 *  - a period's figure needs at least k answers on the scale ("don't know" not counted), else it is
 *    suppressed and marked — never shown as zero, and a period with no answers looks the same as
 *    one with too few;
 *  - complementary suppression over the period hierarchy (tertial = Σ its months, year = Σ its
 *    tertials), with the same pure rule the group reports use, so a suppressed month cannot be
 *    derived from a released tertial minus the released other months.
 * The m-counselors rule does not apply: local questions are reported for the whole office or county,
 * and their counts do not even know the counselor.
 * "Agreeing" is AGREE_FROM or more (4–6: slightly agree to strongly agree) on the six-point scale, as for the national statements.
 */

export interface AnswerCount {
  month: string;
  /** 0 = don't know, 1..6 the scale. */
  value: number;
  answers: number;
}

export type LocalFigure =
  | { suppressed: true; reason: 'too_few_answers' | 'disclosure_control' | 'period_open'; n_min: number }
  | { suppressed: false; n: number; mean: number; share_agree: number; distribution: number[]; dont_know: number };

export interface LocalPeriodResult {
  period: string;
  from: string;
  to: string;
  figure: LocalFigure;
}

export interface LocalResults {
  period_kind: PeriodKind;
  threshold: number;
  /** Months reported: from the first month of the window to its end or the current month, whichever is earlier. */
  months: { from: string; to: string } | null;
  periods: LocalPeriodResult[];
}

interface Tally {
  n: number;
  sum: number;
  agree: number;
  dontKnow: number;
  distribution: number[];
}

const emptyTally = (): Tally => ({ n: 0, sum: 0, agree: 0, dontKnow: 0, distribution: [0, 0, 0, 0, 0, 0] });

export function localResults(args: {
  counts: AnswerCount[];
  window: { start: string; end: string } | null;
  currentMonth: string;
  /** The last final month (time/closing.ts): later answers are not counted, and a period shows figures once its last month is final. */
  finalThrough: string;
  kind: PeriodKind;
  k: number;
}): LocalResults {
  const { window, kind, k } = args;
  const last = window ? (monthIndex(window.end) < monthIndex(args.currentMonth) ? window.end : args.currentMonth) : null;
  if (!window || !last || monthIndex(last) < monthIndex(window.start))
    return { period_kind: kind, threshold: k, months: null, periods: [] };
  const months = monthsBetween(window.start, last);

  // One tally per period of every kind, so the released pattern is the same whichever kind is read.
  const tallies = new Map<string, Tally>();
  const tallyOf = (key: string) => {
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = emptyTally()));
    return t;
  };
  const inWindow = new Set(months);
  const isFinal = (month: string) => monthIndex(month) <= monthIndex(args.finalThrough);
  for (const c of args.counts) {
    const month = c.month.slice(0, 10);
    if (!inWindow.has(month) || !isFinal(month)) continue;
    for (const level of ['month', 'tertial', 'year'] as const) {
      const t = tallyOf(periodOf(month, level).key);
      if (c.value === 0) t.dontKnow += c.answers;
      else {
        t.n += c.answers;
        t.sum += c.value * c.answers;
        // The national statements' threshold (instrument.ts), so the two compare.
        if (c.value >= AGREE_FROM) t.agree += c.answers;
        t.distribution[c.value - 1] += c.answers;
      }
    }
  }

  const cells = new Map<string, Cell>();
  const relations = new Map<string, Relation>();
  // m does not apply, so every cell counts as covering one "counselor" and m is 1.
  const noCounselors = new Set<string>(['*']);
  /** A period closes with its last month in the window: once that month is final, its figure is fixed. */
  const lastMonthOf = new Map<string, string>();
  for (const month of months) {
    const m = periodOf(month, 'month').key;
    const t = periodOf(month, 'tertial').key;
    const y = periodOf(month, 'year').key;
    for (const key of [m, t, y]) {
      if (!cells.has(key)) cells.set(key, { id: key, n: tallies.get(key)?.n ?? 0, counselors: noCounselors });
      lastMonthOf.set(key, month);
    }
    const tertial = relations.get(t) ?? { total: t, parts: [] };
    if (!tertial.parts.includes(m)) tertial.parts.push(m);
    relations.set(t, tertial);
    const year = relations.get(y) ?? { total: y, parts: [] };
    if (!year.parts.includes(t)) year.parts.push(t);
    relations.set(y, year);
  }
  const closed = (key: string) => isFinal(lastMonthOf.get(key)!);
  // Decided in the order the periods closed, each keeping what was decided before: an owner who
  // looked each month has seen every earlier decision, so none may be taken back later.
  const decided = new Map<string, boolean>();
  for (const step of months.filter(isFinal)) {
    const done = [...cells.keys()].filter((key) => monthIndex(lastMonthOf.get(key)!) <= monthIndex(step));
    const now = done.filter((key) => !decided.has(key));
    if (now.length === 0) continue;
    const fixed = new Map<string, boolean>([...cells.keys()].filter((key) => !done.includes(key)).map((key) => [key, false]));
    for (const [key, released] of decided) fixed.set(key, released);
    const hidden = protectFigures({
      cells,
      relations: [...relations.values()].filter((r) => done.includes(r.total)),
      units: [{ key: 'question', parent: null }],
      years: [...new Set(months.map((month) => Number(month.slice(0, 4))))],
      thresholds: { answers: k, comments: k, counselors: 1 },
      cellId: (_unit, periodKey) => periodKey,
      fixed,
    });
    for (const key of now) decided.set(key, !hidden.has(key));
  }

  const keys = [...new Set(months.map((month) => periodOf(month, kind).key))];
  const periods = keys.map((key) => {
    const p = periodOf(
      months.find((month) => periodOf(month, kind).key === key)!,
      kind,
    );
    const t = tallies.get(key) ?? emptyTally();
    const figure: LocalFigure = !closed(key)
      ? { suppressed: true, reason: 'period_open', n_min: k }
      : decided.get(key) !== true
        ? { suppressed: true, reason: t.n < k ? 'too_few_answers' : 'disclosure_control', n_min: k }
        : {
            suppressed: false,
            n: t.n,
            mean: round(t.sum / t.n, 2),
            share_agree: round(t.agree / t.n, 3),
            distribution: t.distribution,
            dont_know: t.dontKnow,
          };
    return { period: key, from: p.from, to: p.to, figure };
  });
  return { period_kind: kind, threshold: k, months: { from: months[0], to: months[months.length - 1] }, periods };
}

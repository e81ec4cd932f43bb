import {
  StatsInputError,
  factorAnalysis,
  cronbachAlpha,
  logisticRegression,
  predictProbability,
  type FactorAnalysis,
  type CronbachAlpha,
} from '../stats/index.ts';
import { waldPValue } from './pvalue.ts';

/** One staff-survey respondent: background group (e.g. role) and answers 1–5 per item, null = no answer. */
export interface StaffRespondent {
  group: string;
  answers: readonly (number | null)[];
}

export interface GroupComparisonRow {
  item: string;
  group: string;
  /** Respondents in the group who answered the item. */
  n: number;
  /** Share answering 4 or 5. */
  sharePositive: number;
  /** Predicted probability of 4–5 from the logistic regression with group as the only predictor. */
  predicted: number;
  /**
   * Wald p-value of this group's difference from the reference group; null for the reference group itself or
   * when no test exists. Accurate in the far tail (down to ~1e-308); 0 only where the double underflows.
   */
  pValue: number | null;
  /** The group's log odds ratio of answering 4–5 against the reference group, and its standard error (null when pValue is). */
  logOddsRatio: number | null;
  se: number | null;
  /** '**' for p < 0.05, '*' for p < 0.10, '' otherwise (as in the seed-000 report). */
  marker: '' | '*' | '**';
  /**
   * `reference`: the reference group's own row; `tested`: pValue holds the test; `not testable`: the figures are
   * shown but no test exists (everyone or no one in the group, or in the reference group, answered 4–5, or the
   * reference group has too few answers to the item); `suppressed`: fewer than minAnswers answered (figures blank).
   */
  status: GroupRowStatus;
  /** Why no p-value could be computed, when that happened. */
  note?: string;
}

export type GroupRowStatus = 'reference' | 'tested' | 'not testable' | 'suppressed';

export interface GroupComparisonOptions {
  /** Group the others are compared with (default: the largest group shown). */
  referenceGroup?: string;
  /**
   * Privacy threshold (MIN_ANSWERS): a group with fewer respondents than this is left out of the table
   * altogether (its rows are not written and its respondents are not in the regressions), and a group's
   * figures for an item answered by fewer than this are blank (n only) and kept out of that item's
   * regression. Default 1: every group is shown.
   */
  minAnswers?: number;
}

/** Respondents per group, largest first (ties by name). */
export function groupSizes(respondents: readonly StaffRespondent[]): { group: string; n: number }[] {
  const counts = new Map<string, number>();
  respondents.forEach((r) => counts.set(r.group, (counts.get(r.group) ?? 0) + 1));
  return [...counts.entries()].map(([group, n]) => ({ group, n })).sort((a, b) => b.n - a.n || a.group.localeCompare(b.group));
}

export function significanceMarker(p: number | null): '' | '*' | '**' {
  if (p === null) return '';
  if (p < 0.05) return '**';
  if (p < 0.1) return '*';
  return '';
}

/** Validate answers: integers 1–5 or null, one per item. Errors name the respondent and the item. */
export function validateRespondents(respondents: readonly StaffRespondent[], items: readonly string[]): void {
  if (items.length === 0) throw new StatsInputError('too_few_cases', 'staff analysis: no items');
  respondents.forEach((r, i) => {
    if (r.answers.length !== items.length) {
      throw new StatsInputError('shape_mismatch', `respondent ${i + 1}: ${r.answers.length} answers for ${items.length} items`);
    }
    if (r.group.trim() === '') throw new StatsInputError('out_of_range', `respondent ${i + 1}: the group is empty`);
    r.answers.forEach((a, j) => {
      if (a !== null && !(Number.isInteger(a) && a >= 1 && a <= 5)) {
        throw new StatsInputError('out_of_range', `respondent ${i + 1}, item ${items[j]}: answer must be 1–5 or empty, got ${a}`);
      }
    });
  });
}

/**
 * The seed-000 table: for each item and group, n, share positive (4–5), the predicted proportion from a
 * logistic regression of "positive" on group dummies (reference = the largest group), and the Wald p-value
 * with significance markers. Each item is analysed on the respondents who answered it. With `minAnswers`,
 * groups and item cells under the threshold are left out as described there.
 */
export function compareGroupsByItem(
  respondents: readonly StaffRespondent[],
  items: readonly string[],
  options: GroupComparisonOptions = {},
): GroupComparisonRow[] {
  validateRespondents(respondents, items);
  const min = Math.max(1, options.minAnswers ?? 1);
  const sizes = groupSizes(respondents);
  const groups = sizes.filter((s) => s.n >= min).map((s) => s.group);
  if (groups.length < 2) {
    throw new StatsInputError(
      'too_few_cases',
      min > 1
        ? `staff analysis: needs at least 2 groups with at least ${min} respondents, found ${groups.length}`
        : `staff analysis: needs at least 2 groups, found ${groups.length}`,
    );
  }
  const reference = options.referenceGroup ?? groups[0];
  if (!sizes.some((s) => s.group === reference))
    throw new StatsInputError('out_of_range', `staff analysis: reference group "${reference}" does not occur in the data`);
  if (!groups.includes(reference))
    throw new StatsInputError('out_of_range', `staff analysis: reference group "${reference}" has fewer than ${min} respondents`);
  const shown = new Set(groups);
  const ordered = [reference, ...groups.filter((g) => g !== reference)];

  const rows: GroupComparisonRow[] = [];
  items.forEach((item, j) => {
    const answered = respondents.filter((r) => shown.has(r.group) && r.answers[j] !== null);
    const cellN = new Map<string, number>();
    const cellPositive = new Map<string, number>();
    answered.forEach((r) => {
      cellN.set(r.group, (cellN.get(r.group) ?? 0) + 1);
      if (r.answers[j]! >= 4) cellPositive.set(r.group, (cellPositive.get(r.group) ?? 0) + 1);
    });
    // Only groups with enough answers to this item enter its regression.
    const tested = ordered.filter((g) => (cellN.get(g) ?? 0) >= min);
    // A group where everyone (or no one) answered 4–5 has no finite odds ratio (separation). With group as the
    // only predictor the model is saturated, so leaving such a group out changes nothing for the others: their
    // estimates, SEs and tests are exactly those of the full model's finite part.
    const isSeparated = (g: string) => {
      const positive = cellPositive.get(g) ?? 0;
      return positive === 0 || positive === cellN.get(g);
    };
    const separationNote = (g: string) => {
      const positive = cellPositive.get(g) ?? 0;
      return `${positive === 0 ? 'no one' : 'everyone'} in "${g}" answered 4 or 5 (${positive} of ${cellN.get(g)}): separated, its odds ratio is infinite`;
    };
    const others = tested.filter((g) => g !== reference && !isSeparated(g));
    const dummies = (group: string) => others.map((g) => (g === group ? 1 : 0));
    let fit: ReturnType<typeof logisticRegression> | null = null;
    let note: string | undefined;
    if (!tested.includes(reference)) {
      note = `the reference group "${reference}" has fewer than ${min} answers to this item`;
    } else if (isSeparated(reference)) {
      note = `not testable: ${separationNote(reference)}; no group can be compared with it on this item`;
    } else if (others.length > 0) {
      const inModel = answered.filter((r) => r.group === reference || others.includes(r.group));
      try {
        fit = logisticRegression(
          inModel.map((r) => dummies(r.group)),
          inModel.map((r) => (r.answers[j]! >= 4 ? 1 : 0)),
          { names: others },
        );
      } catch (error) {
        if (!(error instanceof StatsInputError)) throw error;
        // Should not happen once separated groups are out; report shares without a test rather than fail.
        note = error.message;
      }
    }
    for (const group of ordered) {
      const n = cellN.get(group) ?? 0;
      const blank = {
        sharePositive: Number.NaN,
        predicted: Number.NaN,
        pValue: null,
        logOddsRatio: null,
        se: null,
        marker: '' as const,
        status: 'suppressed' as const,
      };
      if (n === 0) {
        rows.push({ item, group, n: 0, ...blank, note: 'no answers' });
        continue;
      }
      if (n < min) {
        rows.push({ item, group, n, ...blank, note: `fewer than ${min} answers` });
        continue;
      }
      const share = (cellPositive.get(group) ?? 0) / n;
      const coefficient = fit && others.includes(group) ? fit.coefficients[1 + others.indexOf(group)] : null;
      const pValue = coefficient ? waldPValue(coefficient.statistic) : null;
      const rowNote =
        group === reference
          ? undefined
          : !note && isSeparated(group)
            ? `not testable: ${separationNote(group)}; the other groups are tested without it`
            : note;
      rows.push({
        item,
        group,
        n,
        sharePositive: share,
        // The saturated model's fitted proportion is the observed share (the limit, for a separated group).
        predicted: fit && (group === reference || others.includes(group)) ? predictProbability(fit, dummies(group)) : share,
        pValue,
        logOddsRatio: coefficient ? coefficient.estimate : null,
        se: coefficient ? coefficient.se : null,
        marker: significanceMarker(pValue),
        status: group === reference ? 'reference' : pValue !== null ? 'tested' : 'not testable',
        ...(rowNote ? { note: rowNote } : {}),
      });
    }
  });
  return rows;
}

export interface ItemBlockAnalysis {
  factors: FactorAnalysis;
  /** Cronbach's alpha of the whole block. */
  alphaBlock: CronbachAlpha;
  /** Cronbach's alpha of the items that load highest on each factor. */
  alphaPerFactor: { factor: number; items: string[]; alpha: CronbachAlpha | null }[];
}

/**
 * Factor analysis of a block of staff items (as seed 002's Tabell 2: «Målekortet» and «Leders fokus»):
 * principal axis (or components) with varimax, then Cronbach's alpha for the items assigned to each
 * factor (each item to the factor it loads highest on).
 */
export function analyzeItemBlock(
  respondents: readonly StaffRespondent[],
  items: readonly string[],
  options: { factors: number; method?: 'principal-axis' | 'principal-components' },
): ItemBlockAnalysis {
  validateRespondents(respondents, items);
  const factors = factorAnalysis(
    respondents.map((r) => r.answers),
    { factors: options.factors, method: options.method ?? 'principal-axis', rotation: 'varimax' },
  );
  const assigned = factors.loadings.map((row) => row.reduce((best, v, f) => (Math.abs(v) > Math.abs(row[best]) ? f : best), 0));
  const alphaPerFactor = Array.from({ length: options.factors }, (_, f) => {
    const columns = assigned.map((a, j) => (a === f ? j : -1)).filter((j) => j >= 0);
    return {
      factor: f + 1,
      items: columns.map((j) => items[j]),
      alpha: columns.length >= 2 ? cronbachAlpha(respondents.map((r) => columns.map((j) => r.answers[j]))) : null,
    };
  });
  const alphaBlock = cronbachAlpha(respondents.map((r) => r.answers));
  return { factors, alphaBlock, alphaPerFactor };
}

import { officeOf, type UnitTree } from '../access/scope.ts';
import type { Lang } from '../i18n/index.ts';
import { fitRandomInterceptFromTotals, StatsInputError, type FixedEffect } from '../stats/index.ts';
import type { InstrumentDefinition } from '../survey/instrument.ts';
import { addUnit, analyzeItem, compactUnits, identifiableColumns, type DroppedCovariate, type FairEstimate, type ItemAnalysis, type PooledStats, type UnitItemStats } from './model.ts';
import type { YearItemStats, YearStats } from './store.ts';

/**
 * The fair-comparison report (pure): per item, raw mean, case-mix adjusted mean, shrunken estimate with
 * interval and reliability for each unit, and the model behind it. The model is always fitted on every unit
 * in the country (for the instrument version and year); the reader's scope only filters which rows are shown.
 * No figure rests on fewer than `minAnswers` answers.
 */

export const RELIABILITY_WARNING = 0.7;
export const CONFIDENCE = 0.95;

export interface FairFigure {
  unit_id: string;
  name: string;
  n: number;
  /** True when n < minAnswers: no figure is given at all. */
  suppressed: boolean;
  raw_mean: number | null;
  adjusted_mean: number | null;
  estimate: number | null;
  interval: { lower: number; upper: number } | null;
  reliability: number | null;
  low_reliability: boolean;
  /** Only when the interval excludes the national reference level. */
  differs: 'higher' | 'lower' | null;
  /** Adjusted mean had innsatsgruppe (set by the counselor) been adjusted for as well. */
  adjusted_mean_with_innsatsgruppe: number | null;
}

export interface FairModel {
  shrinkage: boolean;
  answers: number;
  units: number;
  reference_level: number;
  between_variance: number | null;
  within_variance: number;
  answers_for_reliability_0_7: number | null;
  covariates: Array<{ name: string; estimate: number; se: number; p_value: number }>;
  dropped: DroppedCovariate[];
  adjustment_sd: number;
  adjustment_max_abs: number;
  between_variance_ratio: number | null;
  rank_correlation: number | null;
  flag_changes: number | null;
  innsatsgruppe: { covariates: Array<{ name: string; estimate: number; se: number; p_value: number }>; change_sd: number; change_max_abs: number } | null;
}

export interface FairItem {
  item: string;
  label: string;
  /** Why there is no model (too few answers or units nationally); then no figures. */
  unavailable: string | null;
  model: FairModel | null;
  figures: FairFigure[];
}

export interface FairReport {
  level: 'office' | 'counselor';
  instrument: { id: string; version: number };
  year: number;
  /** When the statistics behind the report were computed (the last refresh that changed this year). */
  computed_at: string | null;
  confidence: number;
  thresholds: { answers: number; reliability_warning: number };
  items: FairItem[];
}

const coefficient = (f: FixedEffect) => ({ name: f.name, estimate: f.estimate, se: f.se, p_value: f.pValue });

function modelOf(analysis: ItemAnalysis, answers: number, units: number): FairModel {
  return {
    shrinkage: analysis.shrinkage,
    answers,
    units,
    reference_level: analysis.referenceLevel,
    between_variance: analysis.betweenVariance,
    within_variance: analysis.withinVariance,
    answers_for_reliability_0_7: analysis.answersForReliability07,
    covariates: analysis.coefficients.map(coefficient),
    dropped: analysis.dropped,
    adjustment_sd: analysis.adjustmentSd,
    adjustment_max_abs: analysis.adjustmentMaxAbs,
    between_variance_ratio: analysis.betweenVarianceRatio,
    rank_correlation: analysis.rankCorrelation,
    flag_changes: analysis.flagChanges,
    innsatsgruppe: analysis.counselorSet
      ? { covariates: analysis.counselorSet.coefficients.map(coefficient), change_sd: analysis.counselorSet.changeSd, change_max_abs: analysis.counselorSet.changeMaxAbs }
      : null,
  };
}

function figureOf(unitId: string, name: string, estimate: FairEstimate | undefined, minAnswers: number): FairFigure {
  const n = estimate?.n ?? 0;
  if (!estimate || n < minAnswers) {
    return {
      unit_id: unitId, name, n, suppressed: true, raw_mean: null, adjusted_mean: null, estimate: null, interval: null,
      reliability: null, low_reliability: false, differs: null, adjusted_mean_with_innsatsgruppe: null,
    };
  }
  return {
    unit_id: unitId,
    name,
    n,
    suppressed: false,
    raw_mean: estimate.rawMean,
    adjusted_mean: estimate.adjustedMean,
    estimate: estimate.estimate,
    interval: estimate.interval,
    reliability: estimate.reliability,
    low_reliability: estimate.reliability !== null && estimate.reliability < RELIABILITY_WARNING,
    differs: estimate.differs,
    adjusted_mean_with_innsatsgruppe: estimate.adjustedMeanWithCounselorSet,
  };
}

/** Items in instrument order: the overall rating first, then each statement. */
export function itemsOf(instrument: InstrumentDefinition, lang: Lang): Array<{ index: number; id: string; label: string }> {
  return [
    { index: 0, id: 'overall', label: instrument.overall.text[lang] },
    ...instrument.statements.map((s, i) => ({ index: i + 1, id: s.id, label: s.text[lang] })),
  ];
}

function rollUp(units: readonly (UnitItemStats & { counselorId: string; unitId: string })[], keyOf: (u: { counselorId: string; unitId: string }) => string): UnitItemStats[] {
  const out = new Map<string, UnitItemStats>();
  for (const u of units) addUnit(out, keyOf(u), u);
  return [...out.values()];
}

function unavailableReason(error: unknown): string {
  if (error instanceof StatsInputError) return error.code;
  throw error;
}

/**
 * Office-level fair comparison. `offices` are the offices the reader may see (id and name); the report
 * lists them alphabetically, never by score.
 */
export function officeFairReport(args: {
  stats: YearStats;
  tree: UnitTree;
  instrument: InstrumentDefinition;
  lang: Lang;
  offices: Array<{ id: string; name: string }>;
  minAnswers: number;
}): FairReport {
  const { stats, tree, instrument, lang, minAnswers } = args;
  const shown = [...args.offices].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  const items = itemsOf(instrument, lang).map(({ index, id, label }): FairItem => {
    const data = stats.items.get(index);
    if (!data || data.pooled.n === 0) return { item: id, label, unavailable: 'no_answers', model: null, figures: [] };
    const offices = rollUp(data.units, (u) => officeOf(tree, u.unitId)?.id ?? u.unitId);
    let analysis: ItemAnalysis;
    try {
      const active = offices.filter((o) => o.n > 0).length;
      // Fewer than three offices nationally: borrow the case-mix coefficients from the counselor-level model.
      const fallback = active < 3 ? counselorFit(data.units, data.pooled, stats) : undefined;
      analysis = analyzeItem(offices, data.pooled, { covariates: stats.covariates, confidence: CONFIDENCE, fallback });
    } catch (error) {
      return { item: id, label, unavailable: unavailableReason(error), model: null, figures: [] };
    }
    return {
      item: id,
      label,
      unavailable: null,
      model: modelOf(analysis, data.pooled.n, offices.filter((o) => o.n > 0).length),
      figures: shown.map((o) => figureOf(o.id, o.name, analysis.estimates.get(o.id), minAnswers)),
    };
  });
  return { level: 'office', instrument: { id: instrument.id, version: instrument.version }, year: stats.year, computed_at: stats.computedAt, confidence: CONFIDENCE, thresholds: { answers: minAnswers, reliability_warning: RELIABILITY_WARNING }, items };
}

function counselorFit(units: YearItemStats['units'], pooled: PooledStats, stats: YearStats) {
  const counselors = rollUp(units, (u) => u.counselorId).filter((c) => c.n > 0);
  const names = stats.covariates.map((c) => c.name);
  const columns = identifiableColumns(pooled, stats.covariates.flatMap((c, i) => (c.counselorSet ? [] : [i])), names).kept;
  const compact = compactUnits(counselors, pooled, columns);
  return fitRandomInterceptFromTotals(compact.units, compact.totals, { covariates: columns.map((c) => names[c]), confidence: CONFIDENCE });
}

/**
 * Counselors' own figures, from the model fitted on every counselor in the country. Each counselor may see
 * only their own row: pass just them, or keep the whole report server-side and use `onlyUnits`.
 */
export function counselorFairReport(args: {
  stats: YearStats;
  instrument: InstrumentDefinition;
  lang: Lang;
  counselors: Array<{ id: string; name: string }>;
  minAnswers: number;
}): FairReport {
  const { stats, instrument, lang, counselors: shown, minAnswers } = args;
  const items = itemsOf(instrument, lang).map(({ index, id, label }): FairItem => {
    const data = stats.items.get(index);
    if (!data || data.pooled.n === 0) return { item: id, label, unavailable: 'no_answers', model: null, figures: [] };
    const counselors = rollUp(data.units, (u) => u.counselorId);
    let analysis: ItemAnalysis;
    try {
      // Innsatsgruppe is shown apart at office level; here its extra fit over every counselor would double the cost.
      analysis = analyzeItem(counselors, data.pooled, { covariates: stats.covariates, confidence: CONFIDENCE, showCounselorSet: false });
    } catch (error) {
      return { item: id, label, unavailable: unavailableReason(error), model: null, figures: [] };
    }
    return {
      item: id,
      label,
      unavailable: null,
      model: modelOf(analysis, data.pooled.n, counselors.filter((c) => c.n > 0).length),
      figures: shown.map((c) => figureOf(c.id, c.name, analysis.estimates.get(c.id), minAnswers)),
    };
  });
  return { level: 'counselor', instrument: { id: instrument.id, version: instrument.version }, year: stats.year, computed_at: stats.computedAt, confidence: CONFIDENCE, thresholds: { answers: minAnswers, reliability_warning: RELIABILITY_WARNING }, items };
}

/** The report restricted to some units' rows (in the given order), each optionally renamed. */
export function onlyUnits(report: FairReport, units: Array<{ id: string; name?: string }>): FairReport {
  return {
    ...report,
    items: report.items.map((item) => {
      const byId = new Map(item.figures.map((f) => [f.unit_id, f]));
      const figures = units.flatMap((u) => {
        const figure = byId.get(u.id) ?? figureOf(u.id, u.name ?? u.id, undefined, report.thresholds.answers);
        return item.model ? [{ ...figure, name: u.name ?? figure.name }] : [];
      });
      return { ...item, figures };
    }),
  };
}

/** All counselors with statistics in the year (ids), for a report kept whole and cut per reader. */
export function counselorsIn(stats: YearStats): Array<{ id: string; name: string }> {
  const ids = new Set<string>();
  for (const item of stats.items.values()) for (const u of item.units) ids.add(u.counselorId);
  return [...ids].sort().map((id) => ({ id, name: id }));
}

import { createHash } from 'node:crypto';
import { officeOf, type UnitTree } from '../access/scope.ts';
import type { Lang } from '../i18n/index.ts';
import {
  fitRandomInterceptFromTotals,
  nestedUnitEstimate,
  StatsInputError,
  unitEstimate,
  type FixedEffect,
  type NestedModel,
  type RandomInterceptModel,
} from '../stats/index.ts';
import type { InstrumentDefinition } from '../instrument/instrument.ts';
import type { Figure, SuppressionReason } from '../disclosure/figures.ts';
import type { Covariate } from './coding.ts';
import {
  addUnit,
  analyzeItem,
  analyzeNested,
  compactUnits,
  identifiableColumns,
  type DroppedCovariate,
  type FairEstimate,
  type ItemAnalysis,
  type NestedItemAnalysis,
  type NestedItemStats,
  type PooledStats,
  type UnitItemStats,
} from './model.ts';
import type { YearItemStats, YearStats } from './store.ts';

/**
 * The fair-comparison report (pure): per item, raw mean, case-mix adjusted mean, shrunken estimate with
 * interval and reliability for each unit, and the model behind it, for a fixed closed period (a year or a tertial).
 * The model is always fitted on every unit in the country (for the instrument version and period); the reader's
 * scope only filters which rows are shown, and a row is shown only where the unit's raw figure is released to the
 * reader (`released`: the released group table for offices, the reader's own view for a counselor). No figure
 * rests on fewer than `minAnswers` answers, and no coefficient on a case-mix level with fewer than
 * MIN_LEVEL_ANSWERS answers nationally.
 */

export const RELIABILITY_WARNING = 0.7;
export const CONFIDENCE = 0.95;

/**
 * The fewest answers nationally in the period that a case-mix level, and everything outside it, must hold for the level
 * to get a coefficient of its own. A coefficient is a figure too: where a level (an age band, a benefit) holds one
 * answer in the country, the reference level plus that level's coefficient is that answer, readable by anyone who
 * knows the meeting (the counselor who had it), whatever the suppression of their own figure. At 100 answers a single
 * answer moves its level's coefficient by about a hundredth of its own change (turning a 1 into a 6: about 0.05),
 * lost among the other answers, so no single answer can be read off it. A sparser level is merged with its field's
 * reference level before fitting: its answers count as the reference group's, and the report lists it as merged
 * ('sparse'). See `sparseLevels`.
 */
export const MIN_LEVEL_ANSWERS = 100;

/**
 * The case-mix columns to merge with their field's reference level for a period's national sums, field by field:
 * - a level held by fewer than MIN_LEVEL_ANSWERS answers, or all but fewer than that (its complement is the sparse
 *   group then); a level held by none or by every answer is left to identifiableColumns ('constant');
 * - then, if the field's reference group (its reference level with the merged levels) holds some answers but fewer
 *   than MIN_LEVEL_ANSWERS, its smallest remaining level too, until it holds enough: otherwise every coefficient of
 *   the field would be "this level minus those few answers".
 * Innsatsgruppe's columns are treated alike. Across fields, identifiableColumns with `minResidual` (MIN_LEVEL_ANSWERS/2,
 * what a lone level passing this rule has at least) catches a column the others leave only a few answers of.
 */
export function sparseLevels(pooled: PooledStats, covariates: readonly Covariate[], minAnswers = MIN_LEVEL_ANSWERS): number[] {
  const n = pooled.n;
  const merged: number[] = [];
  const fields = [...new Set(covariates.map((c) => c.field))];
  for (const field of fields) {
    const columns = covariates.flatMap((c, i) => (c.field === field ? [i] : []));
    const held = (c: number) => pooled.sumX[c];
    const sparse = (count: number) => count > 0 && count < minAnswers;
    const kept = columns.filter((c) => !(sparse(held(c)) || (held(c) < n && sparse(n - held(c)))));
    merged.push(...columns.filter((c) => !kept.includes(c)));
    const reference = () => n - kept.reduce((s, c) => s + held(c), 0);
    while (sparse(reference())) {
      const smallest = kept.filter((c) => held(c) > 0).sort((a, b) => held(a) - held(b))[0];
      if (smallest === undefined) break;
      kept.splice(kept.indexOf(smallest), 1);
      merged.push(smallest);
    }
  }
  return merged.sort((a, b) => a - b);
}

/** The sparse-level rule for a period's national sums (analyzeItem's `sparse`). */
const sparseRule = (pooled: PooledStats, covariates: readonly Covariate[]) => ({
  columns: sparseLevels(pooled, covariates),
  minResidual: MIN_LEVEL_ANSWERS / 2,
});

export interface FairFigure {
  unit_id: string;
  name: string;
  /** Answers behind the figure; null when it is suppressed. */
  n: number | null;
  /** No figure is given at all (no numbers): too few answers, or the unit's raw figure is not released to the reader. */
  suppressed: boolean;
  /** Why it is suppressed, as the group reports say it; null when shown. */
  reason: SuppressionReason | null;
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
  /** Between offices (nested model) or between the units fitted (fallback). */
  between_variance: number | null;
  /** Between counselors within an office: the nested model only (null in the fallback below three offices). */
  counselor_variance: number | null;
  within_variance: number;
  answers_for_reliability_0_7: number | null;
  covariates: Array<{ name: string; estimate: number; se: number; p_value: number }>;
  dropped: DroppedCovariate[];
  adjustment_sd: number;
  adjustment_max_abs: number;
  between_variance_ratio: number | null;
  rank_correlation: number | null;
  flag_changes: number | null;
  innsatsgruppe: {
    covariates: Array<{ name: string; estimate: number; se: number; p_value: number }>;
    change_sd: number;
    change_max_abs: number;
  } | null;
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
  /** The period's year (also for a tertial). */
  year: number;
  /** The fixed period: a year ("2026") or a tertial ("2026-T2"). */
  period: string;
  period_kind: 'year' | 'tertial';
  /** Only a closed period carries figures and a model (time/closing.ts). */
  closed: boolean;
  /** The day an open period closes (its last month's answers are final; local date); null once closed. */
  closes_on: string | null;
  /** When the statistics behind the report were computed (the last refresh that changed the period's year). */
  computed_at: string | null;
  confidence: number;
  /** answers: k for a row; level_answers: MIN_LEVEL_ANSWERS for a case-mix level's coefficient. */
  thresholds: { answers: number; reliability_warning: number; level_answers: number };
  items: FairItem[];
}

const coefficient = (f: FixedEffect) => ({ name: f.name, estimate: f.estimate, se: f.se, p_value: f.pValue });

function modelOf(analysis: ItemAnalysis | NestedItemAnalysis, answers: number, units: number): FairModel {
  return {
    shrinkage: analysis.shrinkage,
    answers,
    units,
    reference_level: analysis.referenceLevel,
    between_variance: analysis.betweenVariance,
    counselor_variance: 'counselorVariance' in analysis ? analysis.counselorVariance : null,
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
      ? {
          covariates: analysis.counselorSet.coefficients.map(coefficient),
          change_sd: analysis.counselorSet.changeSd,
          change_max_abs: analysis.counselorSet.changeMaxAbs,
        }
      : null,
  };
}

/**
 * A unit's row: its estimate, where it rests on at least `minAnswers` answers and, when `release` is given, where that
 * is the unit's raw figure as released to the reader for the period and item, on the same answers. Otherwise no
 * numbers at all.
 */
function figureOf(unitId: string, name: string, estimate: FairEstimate | undefined, minAnswers: number, release?: Figure): FairFigure {
  const hidden = (reason: SuppressionReason): FairFigure => ({
    unit_id: unitId,
    name,
    n: null,
    suppressed: true,
    reason,
    raw_mean: null,
    adjusted_mean: null,
    estimate: null,
    interval: null,
    reliability: null,
    low_reliability: false,
    differs: null,
    adjusted_mean_with_innsatsgruppe: null,
  });
  if (!estimate || estimate.n < minAnswers) return hidden(release?.suppressed ? release.reason : 'too_few_answers');
  if (release?.suppressed) return hidden(release.reason);
  // Released for other answers than the model's (a snapshot not yet refreshed): not this figure.
  if (release && release.n !== estimate.n) return hidden('disclosure_control');
  return {
    unit_id: unitId,
    name,
    n: estimate.n,
    suppressed: false,
    reason: null,
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

function rollUp(
  units: readonly (UnitItemStats & { counselorId: string; unitId: string })[],
  keyOf: (u: { counselorId: string; unitId: string }) => string,
): UnitItemStats[] {
  const out = new Map<string, UnitItemStats>();
  for (const u of units) addUnit(out, keyOf(u), u);
  return [...out.values()];
}

function unavailableReason(error: unknown): string {
  if (error instanceof StatsInputError) return error.code;
  throw error;
}

/**
 * One item's fitted comparison, without labels or names, so it can be kept (fairness_fit) and turned into any
 * reader's report: the model summary, and either every unit's estimate (offices) or the parameters to compute any
 * one unit's estimate later (counselors: the model fitted on all of them, applied to the reader's own sums).
 */
export interface ItemFit {
  unavailable: string | null;
  model: FairModel | null;
  estimates?: Record<string, FairEstimate>;
  params?: CounselorParams;
}

/**
 * What a counselor's estimate needs: under the nested model, its parameters and each office's own effect and effective
 * size (the counselor's estimate is office + counselor); below three offices, the counselor-level model's parameters.
 */
export type CounselorParams =
  | { columns: number[]; model: RandomInterceptModel }
  | { columns: number[]; nested: NestedModel; offices: Record<string, { effect: number; effectiveAnswers: number }> };

/** Every item's fit at one level for a period (items without answers are absent), with what it was computed from. */
export interface FairFits {
  level: 'office' | 'counselor';
  year: number;
  /** The period fitted ("2026", "2026-T2"); fits kept before tertials existed lack it and are years. */
  period?: string;
  generation: number;
  computedAt: string | null;
  /** Office level: the organisation the counselors' units were rolled up with (treeKey); counselors: COUNSELOR_FIT_KEY. */
  treeKey: string;
  items: Record<number, ItemFit>;
}

/**
 * The rules a kept fit was made under; part of its key (fairness_fit.tree_key), so that fits kept by an earlier version
 * (say, before sparse levels were merged) are never served and the worker fits again.
 */
export const FIT_RULES = `levels>=${MIN_LEVEL_ANSWERS};nested`;

/** A digest of the organisation as the office roll-up sees it, with the rules of the fit. */
export function treeKey(tree: UnitTree): string {
  return (
    `${FIT_RULES}:` +
    createHash('sha256')
      .update(JSON.stringify([...tree.values()].map((u) => [u.id, u.kind, u.name, u.parent_id])))
      .digest('hex')
  );
}

/** The nested model's units for an item: each counselor's sums within each office (of the unit they answered for). */
function nestedUnits(units: YearItemStats['units'], tree: UnitTree): NestedItemStats[] {
  const out = new Map<string, NestedItemStats>();
  for (const u of units) {
    const office = officeOf(tree, u.unitId)?.id ?? u.unitId;
    const key = `${office}\u0000${u.counselorId}`;
    let s = out.get(key);
    if (!s) out.set(key, (s = { unit: u.counselorId, office, n: 0, sumY: 0, sumYY: 0, sumX: new Float64Array(u.sumX.length) }));
    s.n += u.n;
    s.sumY += u.sumY;
    s.sumYY += u.sumYY;
    for (let a = 0; a < s.sumX.length; a++) s.sumX[a] += u.sumX[a];
  }
  return [...out.values()];
}

/**
 * Both levels' fits for every item, from one model: `y ~ case mix + (1 | office/counselor)` fitted on every counselor in
 * every office of the country. Offices get their own effect (kept per office); counselors the parameters to compute
 * office + counselor from their own sums later. With fewer than three offices nationally there is no office variance
 * to estimate: counselors then get the counselor-level model, and offices its case-mix coefficients without shrinkage.
 */
export function fairFits(stats: YearStats, tree: UnitTree): { office: FairFits; counselor: FairFits } {
  const office: FairFits['items'] = {};
  const counselor: FairFits['items'] = {};
  const names = stats.covariates.map((c) => c.name);
  for (const [index, data] of stats.items) {
    if (data.pooled.n === 0) continue;
    const units = nestedUnits(data.units, tree).filter((u) => u.n > 0);
    const offices = new Set(units.map((u) => u.office)).size;
    const sparse = sparseRule(data.pooled, stats.covariates);
    if (offices >= 3) {
      try {
        const analysis = analyzeNested(units, data.pooled, { covariates: stats.covariates, confidence: CONFIDENCE, sparse });
        const model = modelOf(analysis, data.pooled.n, offices);
        office[index] = { unavailable: null, model, estimates: Object.fromEntries(analysis.estimates) };
        const effects = Object.fromEntries(
          analysis.fit.groups.map((g) => [g.group, { effect: g.effect, effectiveAnswers: g.effectiveAnswers }]),
        );
        // The counselor page's model is the same fit; only the kinds of unit counted differ.
        counselor[index] = {
          unavailable: null,
          model: { ...model, units: units.length },
          params: { columns: analysis.columns, nested: analysis.fit.model, offices: effects },
        };
      } catch (error) {
        office[index] = counselor[index] = { unavailable: unavailableReason(error), model: null };
      }
      continue;
    }
    const counselors = rollUp(data.units, (u) => u.counselorId);
    try {
      const analysis = analyzeItem(counselors, data.pooled, {
        covariates: stats.covariates,
        confidence: CONFIDENCE,
        showCounselorSet: false,
        sparse,
      });
      const fit = analysis.fit!;
      counselor[index] = {
        unavailable: null,
        model: modelOf(analysis, data.pooled.n, counselors.filter((c) => c.n > 0).length),
        params: { columns: fit.fixedEffects.slice(1).map((f) => names.indexOf(f.name)), model: fit.model },
      };
    } catch (error) {
      counselor[index] = { unavailable: unavailableReason(error), model: null };
    }
    const rolled = rollUp(data.units, (u) => officeOf(tree, u.unitId)?.id ?? u.unitId);
    try {
      const fallback = counselorFit(data.units, data.pooled, stats);
      const analysis = analyzeItem(rolled, data.pooled, { covariates: stats.covariates, confidence: CONFIDENCE, fallback, sparse });
      office[index] = {
        unavailable: null,
        model: modelOf(analysis, data.pooled.n, rolled.filter((o) => o.n > 0).length),
        estimates: Object.fromEntries(analysis.estimates),
      };
    } catch (error) {
      office[index] = { unavailable: unavailableReason(error), model: null };
    }
  }
  const frame = {
    year: stats.year,
    period: stats.period,
    generation: stats.generation,
    computedAt: stats.computedAt,
    treeKey: treeKey(tree),
  };
  return { office: { level: 'office', ...frame, items: office }, counselor: { level: 'counselor', ...frame, items: counselor } };
}

/** Office-level fits for every item (fairFits). */
export function officeFits(stats: YearStats, tree: UnitTree): FairFits {
  return fairFits(stats, tree).office;
}

/** Counselor-level fits for every item (fairFits): kept as parameters, applied to a counselor's own sums. */
export function counselorFits(stats: YearStats, tree: UnitTree): FairFits {
  return fairFits(stats, tree).counselor;
}

/**
 * A counselor's estimate under kept parameters: what the fit gives them when fitting everyone. Under the nested model
 * it is office + counselor for their answers in `office`; none for an office the fit did not have.
 */
export function estimateFromParams(params: CounselorParams, unit: UnitItemStats, office?: string | null): FairEstimate | undefined {
  const sumX = params.columns.map((c) => unit.sumX[c]);
  if ('nested' in params) {
    const effect = office ? params.offices[office] : undefined;
    if (!effect || !office) return undefined;
    const u = nestedUnitEstimate(
      params.nested,
      { group: office, ...effect },
      { unit: unit.unit, n: unit.n, sumY: unit.sumY, sumYY: unit.sumYY, sumX },
    );
    return {
      unit: u.unit,
      n: u.n,
      rawMean: u.rawMean,
      adjustedMean: u.adjustedMean,
      estimate: u.estimate,
      interval: u.interval,
      reliability: u.reliability,
      differs: u.differsFromReference ? (u.estimate > params.nested.referenceLevel ? 'higher' : 'lower') : null,
      adjustedMeanWithCounselorSet: null,
    };
  }
  const u = unitEstimate(params.model, { unit: unit.unit, n: unit.n, sumY: unit.sumY, sumYY: unit.sumYY, sumX });
  return {
    unit: u.unit,
    n: u.n,
    rawMean: u.rawMean,
    adjustedMean: u.adjustedMean,
    estimate: u.shrunkenEstimate,
    interval: u.interval,
    reliability: u.reliability,
    differs: u.differsFromReference ? (u.shrunkenEstimate > params.model.referenceLevel ? 'higher' : 'lower') : null,
    adjustedMeanWithCounselorSet: null,
  };
}

/** Whether the report's period has closed, and when it closes if not (default: closed). */
export interface PeriodState {
  closed: boolean;
  closesOn: string | null;
}

const CLOSED: PeriodState = { closed: true, closesOn: null };

function frame(args: {
  level: FairReport['level'];
  instrument: InstrumentDefinition;
  year: number;
  period: string;
  state: PeriodState;
  computedAt: string | null;
  minAnswers: number;
}): Omit<FairReport, 'items'> {
  return {
    level: args.level,
    instrument: { id: args.instrument.id, version: args.instrument.version },
    year: args.year,
    period: args.period,
    period_kind: /^\d{4}$/.test(args.period) ? 'year' : 'tertial',
    closed: args.state.closed,
    closes_on: args.state.closed ? null : args.state.closesOn,
    computed_at: args.computedAt,
    confidence: CONFIDENCE,
    thresholds: { answers: args.minAnswers, reliability_warning: RELIABILITY_WARNING, level_answers: MIN_LEVEL_ANSWERS },
  };
}

function reportOf(
  fits: FairFits,
  instrument: InstrumentDefinition,
  lang: Lang,
  minAnswers: number,
  figures: (index: number, fit: ItemFit) => FairFigure[],
): FairReport {
  const items = itemsOf(instrument, lang).map(({ index, id, label }): FairItem => {
    const fit = fits.items[index];
    if (!fit) return { item: id, label, unavailable: 'no_answers', model: null, figures: [] };
    if (fit.unavailable !== null || !fit.model) return { item: id, label, unavailable: fit.unavailable, model: null, figures: [] };
    return { item: id, label, unavailable: null, model: fit.model, figures: figures(index, fit) };
  });
  const period = fits.period ?? String(fits.year);
  return {
    ...frame({ level: fits.level, instrument, year: fits.year, period, state: CLOSED, computedAt: fits.computedAt, minAnswers }),
    items,
  };
}

/**
 * The report of a period that has not closed: no model and no figures at all (they would move with every answer, and a
 * reader coming back could read each new answer off the change), only when it closes.
 */
export function openPeriodReport(args: {
  level: FairReport['level'];
  instrument: InstrumentDefinition;
  lang: Lang;
  period: string;
  closesOn: string;
  minAnswers: number;
}): FairReport {
  const items = itemsOf(args.instrument, args.lang).map(({ id, label }): FairItem => ({
    item: id,
    label,
    unavailable: 'period_open',
    model: null,
    figures: [],
  }));
  const state = { closed: false, closesOn: args.closesOn };
  return { ...frame({ ...args, year: Number(args.period.slice(0, 4)), state, computedAt: null }), items };
}

/**
 * The raw figure of a unit for a fair item as released to the reader: item 0 (overall) is the measure after the
 * statements, item i ≥ 1 statement i − 1 (the order of the released group table and of the reader's view).
 */
export type ReleasedFigure = (unitId: string, measure: number) => Figure;

/** The measure (released group table, reader view) of a fair item of an instrument with `statements` statements. */
export const measureOfItem = (item: number, statements: number): number => (item === 0 ? statements : item - 1);

/**
 * The office report from office-level fits; `offices` (id and name) are listed alphabetically, never by score. With
 * `released`, an office's row is shown only where its raw figure is released for the period and item; with
 * `released: null` (no released table for this instrument version) no office has a row.
 */
export function officeReportFromFits(
  fits: FairFits,
  args: {
    instrument: InstrumentDefinition;
    lang: Lang;
    offices: Array<{ id: string; name: string }>;
    minAnswers: number;
    released?: ReleasedFigure | null;
  },
): FairReport {
  const shown = args.released === null ? [] : [...args.offices].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  const statements = args.instrument.statements.length;
  return reportOf(fits, args.instrument, args.lang, args.minAnswers, (index, fit) =>
    shown.map((o) =>
      figureOf(o.id, o.name, fit.estimates?.[o.id], args.minAnswers, args.released?.(o.id, measureOfItem(index, statements))),
    ),
  );
}

/**
 * Counselors' own figures from counselor-level fits and each counselor's own sums per item (summed over their units);
 * with `released`, a counselor's row only where their own figure for the period and item is released to the reader.
 */
export function counselorReportFromFits(
  fits: FairFits,
  args: {
    instrument: InstrumentDefinition;
    lang: Lang;
    counselors: Array<{ id: string; name: string; items: Map<number, UnitItemStats>; office?: string | null }>;
    minAnswers: number;
    released?: ReleasedFigure;
  },
): FairReport {
  const statements = args.instrument.statements.length;
  return reportOf(fits, args.instrument, args.lang, args.minAnswers, (index, fit) =>
    args.counselors.map((c) => {
      const own = c.items.get(index);
      const estimate = own && own.n > 0 && fit.params ? estimateFromParams(fit.params, own, c.office) : undefined;
      return figureOf(c.id, c.name, estimate, args.minAnswers, args.released?.(c.id, measureOfItem(index, statements)));
    }),
  );
}

/**
 * Office-level fair comparison fitted afresh, every office's row subject to `minAnswers` only (for checks and the
 * bench; a reader's report passes `released` to officeReportFromFits). `offices` are listed alphabetically, never by
 * score.
 */
export function officeFairReport(args: {
  stats: YearStats;
  tree: UnitTree;
  instrument: InstrumentDefinition;
  lang: Lang;
  offices: Array<{ id: string; name: string }>;
  minAnswers: number;
}): FairReport {
  return officeReportFromFits(officeFits(args.stats, args.tree), args);
}

function counselorFit(units: YearItemStats['units'], pooled: PooledStats, stats: YearStats) {
  const counselors = rollUp(units, (u) => u.counselorId).filter((c) => c.n > 0);
  const names = stats.covariates.map((c) => c.name);
  const rule = sparseRule(pooled, stats.covariates);
  const candidates = stats.covariates.flatMap((c, i) => (c.counselorSet || rule.columns.includes(i) ? [] : [i]));
  const columns = identifiableColumns(pooled, candidates, names, rule.minResidual).kept;
  const compact = compactUnits(counselors, pooled, columns);
  return fitRandomInterceptFromTotals(compact.units, compact.totals, { covariates: columns.map((c) => names[c]), confidence: CONFIDENCE });
}

/**
 * Each counselor's own sums per item, summed over the units they answered for, from a year's statistics; with their
 * office, or null when their answers in the period belong to more than one office (then the nested model has them as
 * two counselors and gives them no one figure).
 */
export function counselorSums(
  stats: YearStats,
  tree: UnitTree,
  ids?: ReadonlySet<string>,
): Map<string, { office: string | null; items: Map<number, UnitItemStats> }> {
  const out = new Map<string, { office: string | null; offices: Set<string>; items: Map<number, UnitItemStats> }>();
  for (const [index, data] of stats.items) {
    for (const u of data.units) {
      if (ids && !ids.has(u.counselorId)) continue;
      let own = out.get(u.counselorId);
      if (!own) out.set(u.counselorId, (own = { office: null, offices: new Set(), items: new Map() }));
      if (u.n > 0) own.offices.add(officeOf(tree, u.unitId)?.id ?? u.unitId);
      const sums = new Map<string, UnitItemStats>();
      const before = own.items.get(index);
      if (before) sums.set(u.counselorId, before);
      addUnit(sums, u.counselorId, u);
      own.items.set(index, sums.get(u.counselorId)!);
    }
  }
  return new Map([...out].map(([id, own]) => [id, { office: own.offices.size === 1 ? [...own.offices][0] : null, items: own.items }]));
}

/**
 * Counselors' own figures, from the model fitted on every counselor in the country. Each counselor may see
 * only their own row: pass just them, or keep the whole report server-side and use `onlyUnits`.
 */
export function counselorFairReport(args: {
  stats: YearStats;
  tree: UnitTree;
  instrument: InstrumentDefinition;
  lang: Lang;
  counselors: Array<{ id: string; name: string }>;
  minAnswers: number;
}): FairReport {
  const sums = counselorSums(args.stats, args.tree, new Set(args.counselors.map((c) => c.id)));
  return counselorReportFromFits(counselorFits(args.stats, args.tree), {
    ...args,
    counselors: args.counselors.map((c) => ({ ...c, items: sums.get(c.id)?.items ?? new Map(), office: sums.get(c.id)?.office ?? null })),
  });
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

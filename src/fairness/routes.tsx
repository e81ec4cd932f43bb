import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { singleLineText } from '../validation/text.ts';
import type { AppContext } from '../core/context.ts';
import { loadUnitTree, assertCanViewUnit } from '../access/actor.ts';
import { actorOf } from '../access/guard.ts';
import { canViewUnit, isWithin, type Actor, type UnitTree } from '../access/scope.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { requestLang } from '../web/lang.ts';
import { pageFrame } from '../access/navigation.ts';
import { loadInstrument, NATIONAL_INSTRUMENT, type InstrumentDefinition } from '../instrument/instrument.ts';
import { AppError, fieldProblem, parseInput } from '../core/errors.ts';
import { sendHtml } from '../web/layout.tsx';
import { fairnessMessages } from './messages.ts';
import { analysisFairPage, meFairPage, type FairPageContext } from './pages.tsx';
import { officeOfUnits, periodStatsVersion, readCounselorPeriodSums, readFits } from './fits.ts';
import {
  counselorFits,
  counselorReportFromFits,
  itemsOf,
  measureOfItem,
  officeFits,
  officeReportFromFits,
  openPeriodReport,
  treeKey,
  type FairFits,
  type FairReport,
  type ReleasedFigure,
} from './report.ts';
import { availableYears, loadPeriodStats, monthsWithStats, type PeriodStatsKey } from './store.ts';
import { loadReleaseTable } from '../disclosure/group-store.ts';
import type { Figure } from '../disclosure/figures.ts';
import { leafSubject } from '../disclosure/reader-store.ts';
import { readerViewFor } from '../consent/readers.ts';
import { closesAt, closingRulesOf, isClosed, latestClosed } from '../time/closing.ts';
import { parsePeriodKey, periodOf, type Period } from '../time/periods.ts';
import { localDate } from '../time/zone.ts';

/** A fixed period of the fair comparison: a year or a tertial (months are too small for a national model of offices). */
const PERIOD = /^\d{4}(-T[1-3])?$/;

const querySchema = z
  .object({
    item: singleLineText().trim().min(1).max(100).optional(),
    period: singleLineText().trim().regex(PERIOD, 'a year (2026) or a tertial (2026-T2)').optional(),
    /** Kept for scripts: year=2026 is period=2026. */
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    instrument: singleLineText().trim().min(1).max(100).optional(),
    version: z.coerce.number().int().min(1).max(100000).optional(),
    unit: singleLineText().trim().min(1).max(100).optional(),
    lang: z.string().optional(),
  })
  .superRefine((q, issue) => {
    if (q.period !== undefined && q.year !== undefined && q.period !== String(q.year)) {
      issue.addIssue({
        code: 'custom',
        path: ['period'],
        message: `give the period or the year, not both (year=${q.year} is period=${q.year})`,
      });
    }
  });
type FairQuery = z.infer<typeof querySchema>;

/** The released group table covers the national instrument only (disclosure/group-store.ts). */
const isNationalInstrument = (i: { id: string; version: number }) =>
  i.id === NATIONAL_INSTRUMENT.id && i.version === NATIONAL_INSTRUMENT.version;

/** The period a report is for, whether it has closed, and the closed periods with statistics a reader may choose. */
interface ChosenPeriod {
  period: Period;
  closed: boolean;
  /** Local date the period closes. */
  closesOn: string;
  /** The instrument version with statistics in the period's year; null when there are none (no report). */
  instrument: InstrumentDefinition | null;
  /** Closed periods (years and tertials) with statistics for the instrument version, newest first. */
  periods: string[];
}

/**
 * /analysis/fair (leaders, county and national analysts, administrators: office figures within their
 * scope) and /me/fair (a counselor's own figures), each with a JSON twin under /api/v1, for a fixed closed period (a
 * year or a tertial; by default the latest closed tertial). The statistics are refreshed by the background worker
 * (refresher.ts); a report shows the last completed refresh and its time. Rows follow the same rules as the group
 * reports: an office's only where the released group table releases its figure, a counselor's own only where the
 * reader's disclosure view releases it.
 */
export async function registerFairnessRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const rules = closingRulesOf(ctx.config);

  /** Closed years and tertials in which an instrument version has statistics, newest first (a year before its tertials). */
  const closedPeriods = async (key: { instrumentId: string; instrumentVersion: number }): Promise<string[]> => {
    const months = await monthsWithStats(ctx.db, key);
    const keys = new Set(months.flatMap((m) => [periodOf(m, 'year').key, periodOf(m, 'tertial').key]));
    return [...keys]
      .filter((k) => isClosed(parsePeriodKey(k)!, ctx.now(), rules))
      .sort((a, b) => (a.slice(0, 4) === b.slice(0, 4) ? a.length - b.length || b.localeCompare(a) : b.localeCompare(a)));
  };

  /**
   * The period asked for (period, or year for scripts; by default the latest closed tertial) and the instrument version
   * with statistics in its year (newest unless asked). Asking for what has no statistics is a 404 naming the field.
   */
  const choosePeriod = async (query: FairQuery): Promise<ChosenPeriod> => {
    const asked = query.period ?? (query.year !== undefined ? String(query.year) : undefined);
    const period = parsePeriodKey(asked ?? latestClosed('tertial', ctx.now(), rules).key)!;
    const year = Number(period.key.slice(0, 4));
    const versions = (await availableYears(ctx.db)).filter(
      (y) =>
        (query.instrument === undefined || y.instrumentId === query.instrument) &&
        (query.version === undefined || y.instrumentVersion === query.version),
    );
    const chosen = versions.find((y) => y.year === year);
    const state = { period, closed: isClosed(period, ctx.now(), rules), closesOn: localDate(closesAt(period, rules), rules.timeZone) };
    if (!chosen) {
      if (asked !== undefined || query.instrument !== undefined || query.version !== undefined) {
        const field =
          query.period !== undefined
            ? 'period'
            : query.year !== undefined
              ? 'year'
              : query.instrument !== undefined
                ? 'instrument'
                : 'version';
        throw new AppError('not_found', {
          reason: 'no_statistics',
          fields: [fieldProblem(field, 'no_statistics', 'no answers for this period and instrument version')],
        });
      }
      // Nothing in the latest closed tertial: no report, but the closed periods that have answers are offered.
      return { ...state, instrument: null, periods: versions[0] ? await closedPeriods(versions[0]) : [] };
    }
    const instrument = await loadInstrument(ctx.db, chosen.instrumentId, chosen.instrumentVersion);
    if (!instrument) throw new Error(`instrument ${chosen.instrumentId} v${chosen.instrumentVersion} is missing`);
    return { ...state, instrument, periods: await closedPeriods(chosen) };
  };

  const checkItem = (query: FairQuery, instrument: InstrumentDefinition | undefined, lang: Lang) => {
    if (query.item && instrument && !itemsOf(instrument, lang).some((i) => i.id === query.item)) {
      throw new AppError('invalid_input', {
        fields: [fieldProblem('item', 'no_such_item', `no such item in ${instrument.id} version ${instrument.version}`)],
      });
    }
  };

  // Fits by the statistics they were made from (and organisation): for a year the worker keeps them in fairness_fit
  // (fits.ts); for a tertial, or when the kept ones are missing or older than the statistics, this node fits for itself
  // and keeps the result in memory until the statistics change (a tertial: periodStatsVersion). A closed tertial's
  // months no longer change, so its fit is made once per node.
  const cache = new Map<string, FairFits>();
  const fitsOf = async (
    key: PeriodStatsKey,
    level: FairFits['level'],
    stats: { generation: number; version: string },
    tree: UnitTree,
  ): Promise<FairFits> => {
    const forTree = treeKey(tree);
    const id = `${level}|${key.instrumentId}|${key.instrumentVersion}|${key.period}|${stats.version}|${forTree}`;
    const isYear = /^\d{4}$/.test(key.period);
    const yearKey = { instrumentId: key.instrumentId, instrumentVersion: key.instrumentVersion, year: Number(key.period.slice(0, 4)) };
    const hit = cache.get(id) ?? (isYear ? await readFits(ctx.db, yearKey, level, stats.generation, forTree) : null);
    if (hit) return hit;
    const loaded = await loadPeriodStats(ctx.db, key);
    const fits = level === 'office' ? officeFits(loaded, tree) : counselorFits(loaded, tree);
    cache.set(id, fits);
    while (cache.size > 16) cache.delete(cache.keys().next().value!);
    return fits;
  };

  /** Offices' raw figures as the released group table has them for the period (national instrument only). */
  const releasedOffices = async (tree: UnitTree, officeIds: string[], period: string): Promise<ReleasedFigure> => {
    const { table } = await loadReleaseTable(ctx, [Number(period.slice(0, 4))], tree, officeIds);
    const withheld: Figure = { suppressed: true, reason: 'disclosure_control', n_min: ctx.config.MIN_ANSWERS };
    return (unitId, measure) => {
      try {
        return table.cell(unitId, period).measures[measure] ?? withheld;
      } catch {
        return withheld;
      }
    };
  };

  /**
   * The period and instrument version to report on, if there are statistics and the period has closed; otherwise the
   * answer already: no report (no statistics), or the report of an open period (no figures, when it closes).
   */
  const closedTarget = async (
    request: FastifyRequest,
    query: FairQuery,
    level: FairReport['level'],
  ): Promise<
    | { report: FairReport | null; chosen: ChosenPeriod }
    | { chosen: ChosenPeriod; instrument: InstrumentDefinition; period: Period; key: PeriodStatsKey; lang: Lang; minAnswers: number }
  > => {
    const chosen = await choosePeriod(query);
    const { instrument, period } = chosen;
    if (!instrument) return { report: null, chosen };
    const lang = requestLang(request);
    checkItem(query, instrument, lang);
    const minAnswers = ctx.config.MIN_ANSWERS;
    if (!chosen.closed)
      return { report: openPeriodReport({ level, instrument, lang, period: period.key, closesOn: chosen.closesOn, minAnswers }), chosen };
    return {
      chosen,
      instrument,
      period,
      key: { instrumentId: instrument.id, instrumentVersion: instrument.version, period: period.key },
      lang,
      minAnswers,
    };
  };

  const officeReport = async (
    request: FastifyRequest,
    actor: Actor,
    query: FairQuery,
  ): Promise<{ report: FairReport | null; chosen: ChosenPeriod }> => {
    const tree = await loadUnitTree(ctx.db);
    if (query.unit) assertCanViewUnit(actor, tree, query.unit);
    const offices = [...tree.values()].filter(
      (u) => u.kind === 'office' && canViewUnit(actor, tree, u.id) && (query.unit === undefined || isWithin(tree, u.id, query.unit)),
    );
    if (offices.length === 0) throw new AppError('forbidden', { reason: 'no_office_in_access' });
    const target = await closedTarget(request, query, 'office');
    if ('report' in target) return target;
    const { chosen, instrument, period, key, lang, minAnswers } = target;
    const fits = await fitsOf(key, 'office', await periodStatsVersion(ctx.db, key), tree);
    // Only the national instrument has a released group table; other versions get the model and no office rows.
    const released = isNationalInstrument(instrument)
      ? await releasedOffices(
          tree,
          offices.map((o) => o.id),
          period.key,
        )
      : null;
    const report = officeReportFromFits(fits, {
      instrument,
      lang,
      offices: offices.map((o) => ({ id: o.id, name: o.name })),
      minAnswers,
      released,
    });
    return { report, chosen };
  };

  const ownReport = async (
    request: FastifyRequest,
    actor: Actor,
    query: FairQuery,
  ): Promise<{ report: FairReport | null; chosen: ChosenPeriod }> => {
    if (query.unit !== undefined)
      throw new AppError('invalid_input', { fields: [fieldProblem('unit', 'no_unit_for_own', 'your own results take no unit')] });
    const target = await closedTarget(request, query, 'counselor');
    if ('report' in target) return target;
    const { chosen, instrument, period, key, lang, minAnswers } = target;
    // Only the reader's own sums are read (with the version of the statistics they come from, for the model fitted on
    // the same), and only their row leaves the server: where their own figure is released to them.
    const own = await readCounselorPeriodSums(ctx.db, key, actor.employeeId);
    const tree = await loadUnitTree(ctx.db);
    const fits = await fitsOf(key, 'counselor', own, tree);
    const view = await readerViewFor(ctx, actor);
    const version = { id: instrument.id, version: instrument.version };
    const report = counselorReportFromFits(fits, {
      instrument,
      lang,
      counselors: [{ id: actor.employeeId, name: actor.name, items: own.items, office: officeOfUnits(tree, own.units) }],
      minAnswers,
      released: (counselorId, measure) => view.combined(counselorId, version, period.key, measure),
    });
    // What was shown goes into the reader's history, as on their other pages.
    const statements = instrument.statements.length;
    const measures = report.items.flatMap((item, index) =>
      item.figures.some((f) => !f.suppressed) ? [measureOfItem(index, statements)] : [],
    );
    if (measures.length > 0) {
      const leaves = view
        .leavesOf(actor.employeeId)
        .filter(
          (l) => l.instrument.id === version.id && l.instrument.version === version.version && l.year === Number(period.key.slice(0, 4)),
        );
      await view.record(
        leaves.map((l) => ({ subject: leafSubject(l.counselorId, l.unitId), instrument: version, period: period.key, measures })),
      );
    }
    return { report, chosen };
  };

  const pageContext = async (
    request: FastifyRequest,
    actor: Actor,
    query: FairQuery,
    path: string,
    jsonPath: string,
    result: { report: FairReport | null; chosen: ChosenPeriod },
  ): Promise<FairPageContext> => {
    const lang = requestLang(request);
    const keep: Record<string, string> = { period: result.chosen.period.key };
    if (result.report) {
      keep.instrument = result.report.instrument.id;
      keep.version = String(result.report.instrument.version);
    }
    if (query.unit) keep.unit = query.unit;
    return {
      lang,
      t: translator(fairnessMessages, lang),
      frame: await pageFrame(ctx.db, request, lang),
      path,
      jsonPath,
      keep,
      selectedItem: query.item ?? 'overall',
      period: { key: result.chosen.period.key, closed: result.chosen.closed, closesOn: result.chosen.closesOn },
      periods: result.chosen.periods,
      minCounselors: ctx.config.MIN_COUNSELORS,
      timeZone: ctx.config.TIME_ZONE,
    };
  };

  // Office comparisons for leaders and analysts; a reader's own comparison for anyone signed in (access/guard.ts).
  const analysts = { config: { access: 'leader_or_analyst' } } as const;
  const signedIn = { config: { access: 'signed_in' } } as const;

  app.get('/analysis/fair', analysts, async (request, reply) => {
    const actor = actorOf(request);
    const query = parseInput(querySchema, request.query);
    const result = await officeReport(request, actor, query);
    return sendHtml(
      request,
      reply,
      analysisFairPage(result.report, await pageContext(request, actor, query, '/analysis/fair', '/api/v1/analysis/fair', result)),
    );
  });

  app.get('/api/v1/analysis/fair', analysts, async (request) => {
    const actor = actorOf(request);
    const query = parseInput(querySchema, request.query);
    const { report, chosen } = await officeReport(request, actor, query);
    return { report, periods: chosen.periods };
  });

  app.get('/me/fair', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const query = parseInput(querySchema, request.query);
    const result = await ownReport(request, actor, query);
    return sendHtml(
      request,
      reply,
      meFairPage(result.report, await pageContext(request, actor, query, '/me/fair', '/api/v1/me/fair', result)),
    );
  });

  app.get('/api/v1/me/fair', signedIn, async (request) => {
    const actor = actorOf(request);
    const query = parseInput(querySchema, request.query);
    const { report, chosen } = await ownReport(request, actor, query);
    return { report, periods: chosen.periods };
  });
}

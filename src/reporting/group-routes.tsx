import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { singleLineText } from '../validation/text.ts';
import type { AppContext } from '../core/context.ts';
import { assertCanViewUnit, audit, loadUnitTree } from '../access/actor.ts';
import { actorOf } from '../access/guard.ts';
import { rolesOf, visibleUnits, type Actor, type UnitTree } from '../access/scope.ts';
import type { Lang } from '../i18n/index.ts';
import { requestLang } from '../web/lang.ts';
import { shellFrame } from '../access/navigation.ts';
import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import { AppError, fieldProblem, parseInput } from '../core/errors.ts';
import { sendHtml } from '../web/layout.tsx';
import { distributionBars, meanBars } from './charts.ts';
import { formatDecimal } from './figure-table.tsx';
import { counselorOverview, setCompareSetting } from './counselor-overview.ts';
import { EXPORT_COLUMNS, exportRows, type ExportRow } from './exports.ts';
import { toCsv } from '../files/csv.ts';
import { toXlsx } from '../files/xlsx.ts';
import { loadReleaseTable, OVERALL } from '../disclosure/group-store.ts';
import { groupMessages } from './group-messages.ts';
import { navigationPage, unitReportPage, type ReportCharts } from './group-pages.tsx';
import { currentPeriodKey, unitReport, type UnitReport } from './group-report.ts';
import { parsePeriodKey, type PeriodKind } from '../time/periods.ts';
import { translator } from '../i18n/index.ts';
import { readerViewFor } from '../consent/readers.ts';
import { marksForReport } from '../competence/store.ts';
import { markTexts } from '../competence/pages.tsx';

const reportQuery = z
  .object({
    period: z.enum(['month', 'tertial', 'year']).default('tertial'),
    key: z.string().optional(),
    lang: z.string().optional(),
  })
  // No filters or breakdowns (channel, meeting kind, dates) exist: an unknown parameter is an error, not ignored.
  .strict()
  .superRefine((q, issue) => {
    if (q.key === undefined) return;
    const parsed = parsePeriodKey(q.key);
    if (!parsed || parsed.kind !== q.period)
      issue.addIssue({
        code: 'custom',
        path: ['key'],
        message: `not a fixed ${q.period} period (e.g. 2026-T1, 2026-03, 2026)`,
        params: { code: 'not_fixed_period' },
      });
  });

const unitParams = z.object({ id: singleLineText().min(1).max(100) });

export const OPEN_DATA_SETTING = 'open_data';

/** Group reports (leader, county, national), the navigation, exports and the open-data switch. */
export async function registerGroupReportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const periodFrom = (query: z.infer<typeof reportQuery>) => {
    const key = query.key ?? currentPeriodKey(ctx, query.period);
    const period = parsePeriodKey(key)!;
    return { kind: query.period as PeriodKind, key: period.key, from: period.from };
  };

  /** The unit asked for, for a signed-in reader: 404 for an unknown unit, 403 outside the reader's scope. */
  const authorised = async (request: FastifyRequest): Promise<{ actor: Actor; tree: UnitTree; unitId: string }> => {
    const { id } = parseInput(unitParams, request.params);
    const actor = actorOf(request);
    const tree = await loadUnitTree(ctx.db);
    assertCanViewUnit(actor, tree, id);
    return { actor, tree, unitId: id };
  };

  const reportFor = async (request: FastifyRequest, lang: Lang): Promise<UnitReport> => (await reportAndTree(request, lang)).report;
  const reportAndTree = async (request: FastifyRequest, lang: Lang): Promise<{ report: UnitReport; tree: UnitTree }> => {
    const { actor, tree, unitId } = await authorised(request);
    const query = parseInput(reportQuery, request.query);
    return { report: await unitReport(ctx, actor, tree, unitId, periodFrom(query), lang), tree };
  };

  const signedIn = { config: { access: 'signed_in' } } as const;

  app.get('/api/v1/units/:id/report', signedIn, async (request) => reportFor(request, requestLang(request)));

  app.get('/api/v1/units/:id/report.csv', signedIn, async (request, reply) => {
    const report = await reportFor(request, requestLang(request));
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${fileName(report)}.csv"`);
    return toCsv<ExportRow>(exportRows(report), EXPORT_COLUMNS);
  });

  app.get('/api/v1/units/:id/report.xlsx', signedIn, async (request, reply) => {
    const report = await reportFor(request, requestLang(request));
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="${fileName(report)}.xlsx"`);
    return reply.send(await toXlsx<ExportRow>(exportRows(report), EXPORT_COLUMNS, report.period));
  });

  app.get('/units/:id', signedIn, async (request, reply) => {
    const lang = requestLang(request);
    const { report, tree } = await reportAndTree(request, lang);
    // An office's own leaders see its competence activities as marks on its results over time (src/competence).
    const marks = await marksForReport(
      ctx,
      actorOf(request),
      tree,
      report.unit.id,
      report.period_kind,
      report.trend.map((p) => p.period),
    );
    const charts = await chartsFor(report, lang, marks ? markTexts(marks, lang) : undefined);
    return sendHtml(request, reply, unitReportPage(report, charts, lang, shellFrame(request, tree, lang), marks));
  });

  app.get('/api/v1/me/units', signedIn, async (request) => {
    const actor = actorOf(request);
    const tree = await loadUnitTree(ctx.db);
    return {
      roles: rolesOf(actor),
      own_results: actor.job === 'counselor',
      units: visibleUnits(actor, tree).map((u) => ({ id: u.id, name: u.name, kind: u.kind })),
    };
  });

  app.get('/reports', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const tree = await loadUnitTree(ctx.db);
    const lang = requestLang(request);
    const units = visibleUnits(actor, tree).map((u) => ({ id: u.id, name: u.name, kind: u.kind }));
    return sendHtml(request, reply, navigationPage({ frame: shellFrame(request, tree, lang), lang, units }));
  });

  // The counselor's own additions: trend, dispatch counts, and the opt-in comparison.
  app.get('/api/v1/me/overview', signedIn, async (request) => {
    const actor = actorOf(request);
    const { period } = parseInput(reportQuery, request.query);
    return counselorOverview(ctx, await readerViewFor(ctx, actor), actor.employeeId, period);
  });

  const settingsBody = z.object({
    compare_with_averages: z.union([z.boolean(), z.enum(['on', 'off', 'true', 'false']).transform((v) => v === 'on' || v === 'true')]),
  });
  app.put('/api/v1/me/settings', signedIn, async (request) => {
    const actor = actorOf(request);
    const body = parseInput(settingsBody, request.body, 422);
    await setCompareSetting(ctx, actor.employeeId, body.compare_with_averages);
    return { compare_with_averages: body.compare_with_averages };
  });
  app.post('/me/settings', signedIn, async (request, reply) => {
    // An unchecked checkbox is simply absent from the form.
    const body = parseInput(z.object({ compare_with_averages: z.literal('on').optional() }), request.body ?? {}, 422);
    await setCompareSetting(ctx, actorOf(request).employeeId, body.compare_with_averages === 'on');
    return reply.redirect(`/me?lang=${requestLang(request)}`, 303);
  });

  // Open data: office-level results for everyone, off until an administrator switches it on.
  app.put('/api/v1/admin/open-data', { config: { access: 'administrator' } }, async (request) => {
    const actor = actorOf(request);
    const { enabled } = parseInput(z.object({ enabled: z.boolean() }), request.body, 422);
    await ctx.db
      .insertInto('reporting_setting')
      .values({ name: OPEN_DATA_SETTING, enabled, updated_at: ctx.now(), updated_by: actor.employeeId })
      .onConflict((oc) => oc.column('name').doUpdateSet({ enabled, updated_at: ctx.now(), updated_by: actor.employeeId }))
      .execute();
    await audit(ctx.db, { actorId: actor.employeeId, action: 'open_data.switch', detail: { enabled }, at: ctx.now() });
    return { enabled };
  });

  const openDataQuery = z
    .object({
      period: z.enum(['tertial', 'year']).default('year'),
      key: z.string().optional(),
      format: z.enum(['json', 'csv']).default('json'),
    })
    .strict();
  app.get('/api/v1/open-data/offices', { config: { access: 'public' } }, async (request, reply) => {
    const setting = await ctx.db.selectFrom('reporting_setting').select('enabled').where('name', '=', OPEN_DATA_SETTING).executeTakeFirst();
    if (!setting?.enabled) throw new AppError('not_found', { reason: 'open_data_off' });
    const query = parseInput(openDataQuery, request.query);
    const key = query.key ?? currentPeriodKey(ctx, query.period);
    const period = parsePeriodKey(key);
    if (!period || period.kind !== query.period)
      throw new AppError('invalid_input', { fields: [fieldProblem('key', 'not_fixed_period', `not a fixed ${query.period} period`)] });
    const tree = await loadUnitTree(ctx.db);
    const offices = [...tree.values()].filter((u) => u.kind === 'office' && u.active).sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    const { table } = await loadReleaseTable(
      ctx,
      [Number(period.from.slice(0, 4))],
      tree,
      offices.map((o) => o.id),
    );
    const rows = offices.map((o) => {
      const figure = table.cell(o.id, period.key).measures[OVERALL];
      return figure.suppressed
        ? { office_id: o.id, office: o.name, period: period.key, n: null, mean: null, share_positive: null, suppressed: true }
        : {
            office_id: o.id,
            office: o.name,
            period: period.key,
            n: figure.n,
            mean: figure.mean,
            share_positive: figure.share_positive,
            suppressed: false,
          };
    });
    if (query.format === 'csv') {
      reply.header('content-type', 'text/csv; charset=utf-8');
      return toCsv(rows, ['office_id', 'office', 'period', 'n', 'mean', 'share_positive', 'suppressed']);
    }
    return {
      period: period.key,
      measure: 'overall',
      instrument: { id: NATIONAL_INSTRUMENT.id, version: NATIONAL_INSTRUMENT.version },
      offices: rows,
    };
  });
}

function fileName(report: UnitReport): string {
  return `${report.unit.id}-${report.period}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** The report's charts; `trendMarks`: texts to mark some periods of the trend with (the office's competence activities). */
export async function chartsFor(report: UnitReport, lang: Lang, trendMarks?: ReadonlyMap<string, string>): Promise<ReportCharts> {
  const t = translator(groupMessages, lang);
  const released = report.current.statements.filter((s) => !s.figure.suppressed);
  const figureValue = (f: UnitReport['current']['overall']) => (f.suppressed ? { value: null } : { value: f.mean, n: f.n });
  // The tables' formatter (figure-table.tsx): the bars say the number the table beside them says.
  const mean = (v: number) => formatDecimal(lang, v);
  return {
    statements: await meanBars(
      report.current.statements.map((s) => ({ label: s.text, ...figureValue(s.figure) })),
      t('meanAxis'),
      lang,
      mean,
    ),
    distribution:
      released.length > 0
        ? await distributionBars(
            released.map((s) => ({ label: s.text, distribution: s.figure.suppressed ? [] : (s.figure.distribution ?? []) })),
            NATIONAL_INSTRUMENT.scale.map((l) => l[lang]),
            t('shareAxis'),
            lang,
          )
        : null,
    trend: await meanBars(
      report.trend.map((p) => ({ label: p.period, ...figureValue(p.overall) })),
      t('meanAxis'),
      lang,
      mean,
      trendMarks,
    ),
    breakdown:
      report.breakdown.length > 0
        ? await meanBars(
            report.breakdown.map((b) => ({ label: b.unit.name, ...figureValue(b.overall) })),
            t('meanAxis'),
            lang,
            mean,
          )
        : null,
  };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { loadActor, loadUnitTree, assertCanViewUnit } from '../access/actor.ts';
import { canViewUnit, isWithin, rolesOf, type Actor, type UnitTree } from '../access/scope.ts';
import { currentEmployee } from '../auth/session.ts';
import { negotiateLang, translator, type Lang } from '../i18n/index.ts';
import { loadInstrument, type InstrumentDefinition } from '../survey/instrument.ts';
import { HttpError, parseInput } from '../web/errors.ts';
import { sendHtml } from '../web/layout.tsx';
import { fairnessMessages } from './messages.ts';
import { analysisFairPage, meFairPage, type FairPageContext } from './pages.tsx';
import { readCounselorSums, readFits, yearStatsVersion } from './fits.ts';
import { COUNSELOR_FIT_KEY, counselorFits, counselorReportFromFits, itemsOf, officeFits, officeReportFromFits, treeKey, type FairFits, type FairReport } from './report.ts';
import { availableYears, loadYearStats } from './store.ts';

const querySchema = z.object({
  item: z.string().trim().min(1).max(100).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  instrument: z.string().trim().min(1).max(100).optional(),
  version: z.coerce.number().int().min(1).max(100000).optional(),
  unit: z.string().trim().min(1).max(100).optional(),
  lang: z.string().optional(),
});
type FairQuery = z.infer<typeof querySchema>;

const ANALYSIS_ROLES = ['leader', 'county_analyst', 'national_analyst', 'administrator'] as const;

/**
 * /analysis/fair (leaders, county and national analysts, administrators: office figures within their
 * scope) and /me/fair (a counselor's own figures), each with a JSON twin under /api/v1. The statistics are
 * refreshed by the background worker (refresher.ts); a report shows the last completed refresh and its time.
 */
export async function registerFairnessRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const langOf = (request: FastifyRequest) => negotiateLang((request.query as { lang?: string })?.lang, request.headers['accept-language']);

  /** The signed-in actor; pages redirect to the login, the API answers 401. */
  const signedIn = async (request: FastifyRequest, reply: FastifyReply, api: boolean): Promise<Actor | null> => {
    const employee = await currentEmployee(request, ctx);
    const actor = employee ? await loadActor(ctx.db, employee.id) : null;
    if (actor) return actor;
    if (api) throw new HttpError(401, 'Not signed in');
    reply.redirect(`/login?lang=${langOf(request)}`);
    return null;
  };

  /** Picks the instrument version and year (newest with statistics unless asked), or null when there are none. */
  const chooseYear = async (query: FairQuery): Promise<{ instrument: InstrumentDefinition; year: number; generation: number } | null> => {
    const years = await availableYears(ctx.db);
    const chosen = years.find(
      (y) => (query.year === undefined || y.year === query.year) && (query.instrument === undefined || y.instrumentId === query.instrument) && (query.version === undefined || y.instrumentVersion === query.version),
    );
    if (!chosen) {
      if (query.year !== undefined || query.instrument !== undefined || query.version !== undefined) {
        throw new HttpError(404, 'No statistics for this year and instrument version', [{ field: 'year', message: 'no answers for this year and instrument version' }]);
      }
      return null;
    }
    const instrument = await loadInstrument(ctx.db, chosen.instrumentId, chosen.instrumentVersion);
    if (!instrument) throw new Error(`instrument ${chosen.instrumentId} v${chosen.instrumentVersion} is missing`);
    const { generation } = await yearStatsVersion(ctx.db, chosen);
    return { instrument, year: chosen.year, generation };
  };

  const checkItem = (query: FairQuery, instrument: InstrumentDefinition | undefined, lang: Lang) => {
    if (query.item && instrument && !itemsOf(instrument, lang).some((i) => i.id === query.item)) {
      throw new HttpError(400, 'Invalid input', [{ field: 'item', message: `no such item in ${instrument.id} version ${instrument.version}` }]);
    }
  };

  // Fits by statistics generation (and organisation): the worker keeps them in fairness_fit (fits.ts); when they are
  // missing or older than the statistics, this node fits for itself and keeps the result in memory until they change.
  const cache = new Map<string, FairFits>();
  const fitsOf = async (key: { instrumentId: string; instrumentVersion: number; year: number }, level: FairFits['level'], generation: number, tree: UnitTree | null): Promise<FairFits> => {
    const forTree = tree ? treeKey(tree) : COUNSELOR_FIT_KEY;
    const id = `${level}|${key.instrumentId}|${key.instrumentVersion}|${key.year}|${generation}|${forTree}`;
    const hit = cache.get(id) ?? (await readFits(ctx.db, key, level, generation, forTree));
    if (hit) return hit;
    const stats = await loadYearStats(ctx.db, key);
    const fits = tree ? officeFits(stats, tree) : counselorFits(stats);
    cache.set(id, fits);
    while (cache.size > 8) cache.delete(cache.keys().next().value!);
    return fits;
  };

  const officeReport = async (request: FastifyRequest, actor: Actor, query: FairQuery): Promise<FairReport | null> => {
    const roles = rolesOf(actor);
    if (!ANALYSIS_ROLES.some((r) => roles.includes(r))) throw new HttpError(403, 'The fair comparison of offices is for leaders and analysts');
    const tree = await loadUnitTree(ctx.db);
    if (query.unit) assertCanViewUnit(actor, tree, query.unit);
    const offices = [...tree.values()].filter(
      (u) => u.kind === 'office' && canViewUnit(actor, tree, u.id) && (query.unit === undefined || isWithin(tree, u.id, query.unit)),
    );
    if (offices.length === 0) throw new HttpError(403, 'No office within your access');
    const chosen = await chooseYear(query);
    if (!chosen) return null;
    checkItem(query, chosen.instrument, langOf(request));
    const key = { instrumentId: chosen.instrument.id, instrumentVersion: chosen.instrument.version, year: chosen.year };
    const fits = await fitsOf(key, 'office', chosen.generation, tree);
    return officeReportFromFits(fits, {
      instrument: chosen.instrument,
      lang: langOf(request),
      offices: offices.map((o) => ({ id: o.id, name: o.name })),
      minAnswers: ctx.config.MIN_ANSWERS,
    });
  };

  const ownReport = async (request: FastifyRequest, actor: Actor, query: FairQuery): Promise<FairReport | null> => {
    if (query.unit !== undefined) throw new HttpError(400, 'Invalid input', [{ field: 'unit', message: 'your own results take no unit' }]);
    const chosen = await chooseYear(query);
    if (!chosen) return null;
    checkItem(query, chosen.instrument, langOf(request));
    const key = { instrumentId: chosen.instrument.id, instrumentVersion: chosen.instrument.version, year: chosen.year };
    // Only the reader's own sums are read (with the generation of the statistics they come from, for the model
    // fitted on the same), and only their row leaves the server.
    const own = await readCounselorSums(ctx.db, key, actor.employeeId);
    const fits = await fitsOf(key, 'counselor', own.generation, null);
    return counselorReportFromFits(fits, {
      instrument: chosen.instrument,
      lang: langOf(request),
      counselors: [{ id: actor.employeeId, name: actor.name, items: own.items }],
      minAnswers: ctx.config.MIN_ANSWERS,
    });
  };

  const pageContext = (request: FastifyRequest, actor: Actor, query: FairQuery, path: string, jsonPath: string, report: FairReport | null): FairPageContext => {
    const lang = langOf(request);
    const keep: Record<string, string> = {};
    if (report) {
      keep.year = String(report.year);
      keep.instrument = report.instrument.id;
      keep.version = String(report.instrument.version);
    }
    if (query.unit) keep.unit = query.unit;
    return { lang, t: translator(fairnessMessages, lang), viewer: actor.name, path, jsonPath, keep, selectedItem: query.item ?? 'overall' };
  };

  app.get('/analysis/fair', async (request, reply) => {
    const actor = await signedIn(request, reply, false);
    if (!actor) return reply;
    const query = parseInput(querySchema, request.query);
    const report = await officeReport(request, actor, query);
    return sendHtml(request, reply, analysisFairPage(report, pageContext(request, actor, query, '/analysis/fair', '/api/v1/analysis/fair', report)));
  });

  app.get('/api/v1/analysis/fair', async (request, reply) => {
    const actor = (await signedIn(request, reply, true))!;
    const query = parseInput(querySchema, request.query);
    return { report: await officeReport(request, actor, query) };
  });

  app.get('/me/fair', async (request, reply) => {
    const actor = await signedIn(request, reply, false);
    if (!actor) return reply;
    const query = parseInput(querySchema, request.query);
    const report = await ownReport(request, actor, query);
    return sendHtml(request, reply, meFairPage(report, pageContext(request, actor, query, '/me/fair', '/api/v1/me/fair', report)));
  });

  app.get('/api/v1/me/fair', async (request, reply) => {
    const actor = (await signedIn(request, reply, true))!;
    const query = parseInput(querySchema, request.query);
    return { report: await ownReport(request, actor, query) };
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { multilineText } from '../validation/text.ts';
import type { AppContext } from '../app.ts';
import { loadActor, loadUnitTree, requireActor } from '../access/actor.ts';
import type { Actor } from '../access/scope.ts';
import { currentEmployee } from '../auth/session.ts';
import { negotiateLang, translator, type Lang } from '../i18n/index.ts';
import { distributionBars } from '../reporting/charts.ts';
import { toCsv, toXlsx } from '../reporting/exports.ts';
import { LOCAL_EXPORT_COLUMNS, localExportRows } from './exports.ts';
import { NATIONAL_INSTRUMENT } from '../survey/instrument.ts';
import { HttpError, parseInput } from '../web/errors.ts';
import { sendHtml } from '../web/layout.tsx';
import { localQuestionMessages } from './messages.ts';
import { errorPage, managePage, resultsPage, reviewPage, type FormProblem, type Viewer } from './pages.tsx';
import { ownedUnits, proposalSchema } from './rules.ts';
import { capCheck, currentMonth, propose, questionsOf, resultsFor, reviewQueue, transition } from './store.ts';

/**
 * Office and county questions on the web:
 *   /local-questions                 the owner's page: their questions, status, proposal form
 *   /local-questions/:id             results of one question (owner only)
 *   /admin/local-questions           the administrator's review queue
 * and the same as JSON under /api/v1/. Form posts answer 303 back to the page; JSON posts (or any
 * post under /api/v1/) answer JSON. Every route decides access in the server.
 */

const langOf = (request: FastifyRequest): Lang => negotiateLang((request.query as { lang?: string } | undefined)?.lang, request.headers['accept-language']);
const isApi = (request: FastifyRequest) => request.url.startsWith('/api/') || (request.headers['content-type'] ?? '').startsWith('application/json');
const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const periodQuery = z.object({ period: z.enum(['month', 'tertial', 'year']).default('tertial'), lang: z.string().optional() });
const reasonBody = z.object({ reason: multilineText().trim().max(500, 'at most 500 characters').optional().transform((v) => (v ? v : undefined)) });
const rejectBody = z.object({ reason: multilineText().trim().min(1, 'a reason is required when rejecting').max(500, 'at most 500 characters') });

export async function registerLocalQuestionRoutes(root: FastifyInstance, ctx: AppContext): Promise<void> {
  // Own scope: pages and form posts get their errors as HTML, the API keeps the JSON errors.
  await root.register(async (app) => {
    app.setErrorHandler(async (error, request, reply) => {
      if (!(error instanceof HttpError) || isApi(request)) throw error;
      const lang = langOf(request);
      if (error.statusCode === 401) return reply.redirect(`/login?lang=${lang}`, 303);
      const employee = await currentEmployee(request, ctx);
      const actor = employee ? await loadActor(ctx.db, employee.id) : null;
      const viewer = actor ? await viewerOf(actor) : null;
      const back = request.url.startsWith('/admin/') ? '/admin/local-questions' : viewer?.owns ? '/local-questions' : '/reports';
      const problem = { status: error.statusCode, message: error.message, fields: error.fields };
      return sendHtml(request, reply, errorPage(viewer, problem, `${back}?lang=${lang}`, lang), error.statusCode);
    });
    routes(app);
  });

  async function viewerOf(actor: Actor): Promise<Viewer> {
    const tree = await loadUnitTree(ctx.db);
    return { name: actor.name, owns: ownedUnits(actor, tree).length > 0, administrator: actor.administrator };
  }

  async function requireOwner(request: FastifyRequest) {
    const actor = await requireActor(request, ctx);
    const owners = ownedUnits(actor, await loadUnitTree(ctx.db));
    if (owners.length === 0) throw new HttpError(403, 'Only the leader of an office or an analyst of a county has local questions');
    return { actor, owners };
  }

  async function requireAdministrator(request: FastifyRequest) {
    const actor = await requireActor(request, ctx);
    if (!actor.administrator) throw new HttpError(403, 'Only an administrator reviews local questions');
    return actor;
  }

  const renderManage = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, owners: ReturnType<typeof ownedUnits>, extra: { problem?: FormProblem; values?: Record<string, string> } = {},
    status = 200,
  ) => {
    const questions = await questionsOf(ctx.db, owners.map((o) => o.id));
    const viewer = { name: actor.name, owns: true, administrator: actor.administrator };
    const html = managePage({ viewer, timeZone: ctx.config.TIME_ZONE, owners, questions, k: ctx.config.MIN_ANSWERS, currentMonth: currentMonth(ctx), ...extra }, langOf(request));
    return sendHtml(request, reply, html, status);
  };

  const renderReview = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, problem?: FormProblem, status = 200) => {
    const tree = await loadUnitTree(ctx.db);
    const { pending, decided } = await reviewQueue(ctx.db);
    const withCap = await Promise.all(pending.map(async (question) => ({ question, violation: await capCheck(ctx.db, tree, question) })));
    const viewer = await viewerOf(actor);
    return sendHtml(request, reply, reviewPage({ viewer, timeZone: ctx.config.TIME_ZONE, pending: withCap, decided, problem }, langOf(request)), status);
  };

  /** After a form post: back to the page (303). */
  const back = (request: FastifyRequest, reply: FastifyReply, to: string) => reply.redirect(`${to}?lang=${langOf(request)}`, 303);

  function routes(app: FastifyInstance) {
    // ----- The owner's page and API -----
    app.get('/local-questions', async (request, reply) => {
      const { actor, owners } = await requireOwner(request);
      return renderManage(request, reply, actor, owners);
    });

    app.get('/api/v1/local-questions', async (request) => {
      const { owners } = await requireOwner(request);
      return { owners, questions: await questionsOf(ctx.db, owners.map((o) => o.id)) };
    });

    const proposeHandler = async (request: FastifyRequest, reply: FastifyReply) => {
      const { actor, owners } = await requireOwner(request);
      if (isApi(request)) {
        const question = await propose(ctx, actor, parseInput(proposalSchema, request.body));
        return reply.status(201).send({ question });
      }
      // A form: show the page again with the problem and what was typed, nothing stored.
      const values: Record<string, string> = {};
      for (const [key, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) if (typeof value === 'string') values[key] = value;
      try {
        await propose(ctx, actor, parseInput(proposalSchema, request.body));
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode >= 500 || error.statusCode === 401) throw error;
        return renderManage(request, reply, actor, owners, { problem: { status: error.statusCode, message: error.message, fields: error.fields }, values }, error.statusCode);
      }
      return back(request, reply, '/local-questions');
    };
    app.post('/local-questions', proposeHandler);
    app.post('/api/v1/local-questions', proposeHandler);

    for (const action of ['withdraw', 'end'] as const) {
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        const actor = await requireActor(request, ctx);
        const { id } = parseInput(idParam, request.params);
        const question = await transition(ctx, actor, id, action);
        return isApi(request) ? reply.send({ question }) : back(request, reply, '/local-questions');
      };
      app.post(`/local-questions/:id/${action}`, handler);
      app.post(`/api/v1/local-questions/:id/${action}`, handler);
    }

    // ----- Results (the owning office's leaders / county's analysts only) -----
    app.get('/local-questions/:id', async (request, reply) => {
      const actor = await requireActor(request, ctx);
      const { id } = parseInput(idParam, request.params);
      const { period } = parseInput(periodQuery, request.query);
      const lang = langOf(request);
      const { question, results } = await resultsFor(ctx, actor, id, period);
      const released = results.periods.flatMap((p) => (p.figure.suppressed ? [] : [{ label: p.period, distribution: p.figure.distribution }]));
      const t = translator(localQuestionMessages, lang);
      const chartSvg = released.length > 0 ? await distributionBars(released, NATIONAL_INSTRUMENT.scale.map((s) => s[lang]), t('chartAxis')) : null;
      return sendHtml(request, reply, resultsPage({ viewer: await viewerOf(actor), question, results, chartSvg }, lang));
    });

    app.get('/api/v1/local-questions/:id/results', async (request) => {
      const actor = await requireActor(request, ctx);
      const { id } = parseInput(idParam, request.params);
      const { period } = parseInput(periodQuery, request.query);
      const { question, results } = await resultsFor(ctx, actor, id, period);
      return {
        question: { id: question.id, owner_unit_id: question.owner_unit_id, owner_name: question.owner_name, text: question.text, status: question.status, start_month: question.start_month,
          end_month: question.end_month },
        ...results,
      };
    });

    // Downloads of exactly what the results page shows (same periods, same suppression).
    for (const format of ['csv', 'xlsx'] as const) {
      app.get(`/api/v1/local-questions/:id/results.${format}`, async (request, reply) => {
        const actor = await requireActor(request, ctx);
        const { id } = parseInput(idParam, request.params);
        const { period } = parseInput(periodQuery, request.query);
        const { question, results } = await resultsFor(ctx, actor, id, period);
        const rows = localExportRows(question, results);
        const name = `local-question-${question.id}-${results.period_kind}`;
        reply.header('content-disposition', `attachment; filename="${name}.${format}"`).header('cache-control', 'no-store');
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows, LOCAL_EXPORT_COLUMNS));
        return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(rows, LOCAL_EXPORT_COLUMNS, name));
      });
    }

    // ----- The administrator's review queue -----
    app.get('/admin/local-questions', async (request, reply) => {
      const actor = await requireAdministrator(request);
      return renderReview(request, reply, actor);
    });

    app.get('/api/v1/admin/local-questions', async (request) => {
      await requireAdministrator(request);
      const tree = await loadUnitTree(ctx.db);
      const { pending, decided } = await reviewQueue(ctx.db);
      return { pending: await Promise.all(pending.map(async (q) => ({ ...q, cap_violation: await capCheck(ctx.db, tree, q) }))), decided };
    });

    for (const action of ['approve', 'reject'] as const) {
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        const actor = await requireAdministrator(request);
        const { id } = parseInput(idParam, request.params);
        if (isApi(request)) {
          const { reason } = parseInput(action === 'reject' ? rejectBody : reasonBody, request.body ?? {});
          return reply.send({ question: await transition(ctx, actor, id, action, reason) });
        }
        try {
          const { reason } = parseInput(action === 'reject' ? rejectBody : reasonBody, request.body ?? {});
          await transition(ctx, actor, id, action, reason);
        } catch (error) {
          if (!(error instanceof HttpError) || error.statusCode >= 500 || error.statusCode === 401 || error.statusCode === 403) throw error;
          return renderReview(request, reply, actor, { status: error.statusCode, message: error.message, fields: error.fields }, error.statusCode);
        }
        return back(request, reply, '/admin/local-questions');
      };
      app.post(`/admin/local-questions/:id/${action}`, handler);
      app.post(`/api/v1/admin/local-questions/:id/${action}`, handler);
    }
  }
}

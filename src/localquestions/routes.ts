import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { multilineText } from '../validation/text.ts';
import type { AppContext } from '../core/context.ts';
import { loadUnitTree } from '../access/actor.ts';
import { actorOf } from '../access/guard.ts';
import type { Actor } from '../access/scope.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { requestLang } from '../web/lang.ts';
import { pageFrame } from '../access/navigation.ts';
import { distributionBars } from '../reporting/charts.ts';
import { toCsv } from '../files/csv.ts';
import { toXlsx } from '../files/xlsx.ts';
import { LOCAL_EXPORT_COLUMNS, localExportRows } from './exports.ts';
import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import { AppError, parseInput } from '../core/errors.ts';
import { describeError } from '../web/error-handler.tsx';
import { sendHtml } from '../web/layout.tsx';
import { localQuestionMessages } from './messages.ts';
import { managePage, resultsPage, reviewPage, type FormProblem } from './pages.tsx';
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

const isApi = (request: FastifyRequest) =>
  request.url.startsWith('/api/') || (request.headers['content-type'] ?? '').startsWith('application/json');
const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const periodQuery = z.object({ period: z.enum(['month', 'tertial', 'year']).default('tertial'), lang: z.string().optional() });
const reasonBody = z.object({
  reason: multilineText()
    .trim()
    .max(500, 'at most 500 characters')
    .optional()
    .transform((v) => (v ? v : undefined)),
});
const rejectBody = z.object({
  reason: multilineText().trim().min(1, 'a reason is required when rejecting').max(500, 'at most 500 characters'),
});

export async function registerLocalQuestionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  /** The reader's shell; a refused form is answered on the page it was sent from (`page`), where its links lead. */
  const frameOf = (request: FastifyRequest, page: string) =>
    pageFrame(ctx.db, request, requestLang(request), request.method === 'GET' ? {} : { url: page });

  /** The owner's units; the access hook has made sure there is at least one. */
  async function ownerOf(request: FastifyRequest) {
    const actor = actorOf(request);
    return { actor, owners: ownedUnits(actor, await loadUnitTree(ctx.db)) };
  }

  /** A refused form as the page shows it, in the reader's language. */
  const problemOf = (error: AppError, lang: Lang): FormProblem => {
    const described = describeError(error, lang);
    return {
      status: error.statusCode,
      message: described.message,
      fields: described.fields.map((f) => ({ field: f.field, message: f.text })),
    };
  };

  // Who may call each route (access/guard.ts); which question a reader may touch is checked in the store.
  const owner = { config: { access: 'local_question_owner' } } as const;
  const administrator = { config: { access: 'administrator' } } as const;
  const signedIn = { config: { access: 'signed_in' } } as const;

  const renderManage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    owners: ReturnType<typeof ownedUnits>,
    extra: { problem?: FormProblem; values?: Record<string, string> } = {},
    status = 200,
  ) => {
    const questions = await questionsOf(
      ctx.db,
      owners.map((o) => o.id),
    );
    const frame = await frameOf(request, '/local-questions');
    const html = managePage(
      { frame, timeZone: ctx.config.TIME_ZONE, owners, questions, k: ctx.config.MIN_ANSWERS, currentMonth: currentMonth(ctx), ...extra },
      requestLang(request),
    );
    return sendHtml(request, reply, html, status);
  };

  const renderReview = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, problem?: FormProblem, status = 200) => {
    const tree = await loadUnitTree(ctx.db);
    const { pending, decided } = await reviewQueue(ctx.db);
    const withCap = await Promise.all(pending.map(async (question) => ({ question, violation: await capCheck(ctx.db, tree, question) })));
    const frame = await frameOf(request, '/admin/local-questions');
    return sendHtml(
      request,
      reply,
      reviewPage({ frame, timeZone: ctx.config.TIME_ZONE, pending: withCap, decided, problem }, requestLang(request)),
      status,
    );
  };

  /** After a form post: back to the page (303). */
  const back = (request: FastifyRequest, reply: FastifyReply, to: string) => reply.redirect(`${to}?lang=${requestLang(request)}`, 303);

  // ----- The owner's page and API -----
  app.get('/local-questions', owner, async (request, reply) => {
    const { actor, owners } = await ownerOf(request);
    return renderManage(request, reply, actor, owners);
  });

  app.get('/api/v1/local-questions', owner, async (request) => {
    const { owners } = await ownerOf(request);
    return {
      owners,
      questions: await questionsOf(
        ctx.db,
        owners.map((o) => o.id),
      ),
    };
  });

  const proposeHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { actor, owners } = await ownerOf(request);
    if (isApi(request)) {
      const question = await propose(ctx, actor, parseInput(proposalSchema, request.body));
      return reply.status(201).send({ question });
    }
    // A form: show the page again with the problem and what was typed, nothing stored.
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries((request.body ?? {}) as Record<string, unknown>))
      if (typeof value === 'string') values[key] = value;
    try {
      await propose(ctx, actor, parseInput(proposalSchema, request.body));
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode >= 500 || error.statusCode === 401) throw error;
      return renderManage(request, reply, actor, owners, { problem: problemOf(error, requestLang(request)), values }, error.statusCode);
    }
    return back(request, reply, '/local-questions');
  };
  app.post('/local-questions', owner, proposeHandler);
  app.post('/api/v1/local-questions', owner, proposeHandler);

  for (const action of ['withdraw', 'end'] as const) {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = actorOf(request);
      const { id } = parseInput(idParam, request.params);
      const question = await transition(ctx, actor, id, action);
      return isApi(request) ? reply.send({ question }) : back(request, reply, '/local-questions');
    };
    app.post(`/local-questions/:id/${action}`, signedIn, handler);
    app.post(`/api/v1/local-questions/:id/${action}`, signedIn, handler);
  }

  // ----- Results (the owning office's leaders / county's analysts only) -----
  app.get('/local-questions/:id', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseInput(idParam, request.params);
    const { period } = parseInput(periodQuery, request.query);
    const lang = requestLang(request);
    const { question, results } = await resultsFor(ctx, actor, id, period);
    const released = results.periods.flatMap((p) =>
      p.figure.suppressed ? [] : [{ label: p.period, distribution: p.figure.distribution }],
    );
    const t = translator(localQuestionMessages, lang);
    const chartSvg =
      released.length > 0
        ? await distributionBars(
            released,
            NATIONAL_INSTRUMENT.scale.map((s) => s[lang]),
            t('chartAxis'),
            lang,
          )
        : null;
    return sendHtml(request, reply, resultsPage({ frame: await frameOf(request, request.url), question, results, chartSvg }, lang));
  });

  app.get('/api/v1/local-questions/:id/results', signedIn, async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(idParam, request.params);
    const { period } = parseInput(periodQuery, request.query);
    const { question, results } = await resultsFor(ctx, actor, id, period);
    return {
      question: {
        id: question.id,
        owner_unit_id: question.owner_unit_id,
        owner_name: question.owner_name,
        text: question.text,
        status: question.status,
        start_month: question.start_month,
        end_month: question.end_month,
      },
      ...results,
    };
  });

  // Downloads of exactly what the results page shows (same periods, same suppression).
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/api/v1/local-questions/:id/results.${format}`, signedIn, async (request, reply) => {
      const actor = actorOf(request);
      const { id } = parseInput(idParam, request.params);
      const { period } = parseInput(periodQuery, request.query);
      const { question, results } = await resultsFor(ctx, actor, id, period);
      const rows = localExportRows(question, results);
      const name = `local-question-${question.id}-${results.period_kind}`;
      reply.header('content-disposition', `attachment; filename="${name}.${format}"`).header('cache-control', 'no-store');
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows, LOCAL_EXPORT_COLUMNS));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await toXlsx(rows, LOCAL_EXPORT_COLUMNS, name));
    });
  }

  // ----- The administrator's review queue -----
  app.get('/admin/local-questions', administrator, async (request, reply) => {
    return renderReview(request, reply, actorOf(request));
  });

  app.get('/api/v1/admin/local-questions', administrator, async () => {
    const tree = await loadUnitTree(ctx.db);
    const { pending, decided } = await reviewQueue(ctx.db);
    return { pending: await Promise.all(pending.map(async (q) => ({ ...q, cap_violation: await capCheck(ctx.db, tree, q) }))), decided };
  });

  for (const action of ['approve', 'reject'] as const) {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = actorOf(request);
      const { id } = parseInput(idParam, request.params);
      if (isApi(request)) {
        const { reason } = parseInput(action === 'reject' ? rejectBody : reasonBody, request.body ?? {});
        return reply.send({ question: await transition(ctx, actor, id, action, reason) });
      }
      try {
        const { reason } = parseInput(action === 'reject' ? rejectBody : reasonBody, request.body ?? {});
        await transition(ctx, actor, id, action, reason);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500 || error.statusCode === 401 || error.statusCode === 403) throw error;
        return renderReview(request, reply, actor, problemOf(error, requestLang(request)), error.statusCode);
      }
      return back(request, reply, '/admin/local-questions');
    };
    app.post(`/admin/local-questions/:id/${action}`, administrator, handler);
    app.post(`/api/v1/admin/local-questions/:id/${action}`, administrator, handler);
  }
}

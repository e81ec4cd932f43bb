import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../core/context.ts';
import { loadUnitTree } from '../access/actor.ts';
import { actorOf } from '../access/guard.ts';
import { shellFrame } from '../access/navigation.ts';
import type { Actor, UnitTree } from '../access/scope.ts';
import { AppError, fieldProblem, parseInput } from '../core/errors.ts';
import { requestLang } from '../web/lang.ts';
import { sendHtml } from '../web/layout.tsx';
import { multilineText, singleLineText } from '../validation/text.ts';
import { editableOffices, FORMS, readableOffices, scrubFindings, type FreeTextField } from './core.ts';
import { AREAS } from '../i18n/vocabulary.ts';
import { activityPage, registerPage, type ActivityValues } from './pages.tsx';
import { activitiesOf, activityFor, createActivity, deleteActivity, registerFor, updateActivity, type ActivityInput } from './store.ts';
import { confirmAnyway } from '../web/scrub-confirm.tsx';

const wantsJson = (request: FastifyRequest) => (request.headers['content-type'] ?? '').startsWith('application/json');
const idParam = z.object({ id: z.coerce.number().int().positive() });
const officeParam = z.object({ id: singleLineText().min(1).max(100) });
/** A form's repeated field: absent, one value or several. */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A calendar date that exists (2026-02-30 does not), between 2000 and 2099. */
const localDate = z
  .string()
  .regex(/^20\d{2}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(
    (d) => {
      const at = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === d;
    },
    {
      message: 'not a date in the calendar',
      params: { code: 'bad_format' },
    },
  );

const activityFields = {
  form: z.enum(FORMS),
  title: singleLineText().trim().min(1).max(200),
  led_by: singleLineText().trim().min(1).max(200),
  target_group: singleLineText().trim().min(1).max(200),
  date: localDate,
  areas: many(z.enum(AREAS)).refine((a) => new Set(a).size === a.length, 'an area is given twice'),
  expected_outcome: multilineText().trim().min(1).max(1000),
  observed_outcome: z.preprocess(blankIsAbsent, multilineText().trim().max(1000).optional()),
  confirm: confirmAnyway,
};
const createSchema = z.object({ office_id: singleLineText().min(1).max(100), ...activityFields }).strict();
const updateSchema = z.object(activityFields).strict();

const inputOf = (body: z.infer<typeof updateSchema>): ActivityInput => ({
  form: body.form,
  title: body.title,
  ledBy: body.led_by,
  targetGroup: body.target_group,
  heldOn: body.date,
  areas: body.areas,
  expectedOutcome: body.expected_outcome,
  observedOutcome: body.observed_outcome ?? null,
});

const asJson = (a: Awaited<ReturnType<typeof activitiesOf>>[number]) => ({
  id: a.id,
  office_id: a.officeId,
  form: a.form,
  title: a.title,
  led_by: a.ledBy,
  target_group: a.targetGroup,
  date: a.heldOn,
  areas: a.areas,
  expected_outcome: a.expectedOutcome,
  observed_outcome: a.observedOutcome,
});

/**
 * The office's competence activities: /competence (the register of each office the reader belongs to
 * or leads, and the form for the offices they lead), /competence/:id (change, delete), and the JSON
 * under /api/v1/offices/:id/competence. Who reads and writes is decided in core.ts, checked in the store.
 */
export async function registerCompetenceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const signedIn = { config: { access: 'signed_in' } } as const;
  const done = (request: FastifyRequest, reply: FastifyReply, to: string, body: Record<string, unknown> = { ok: true }) =>
    wantsJson(request) ? reply.send(body) : reply.redirect(`${to}?lang=${requestLang(request)}`, 303);

  const registers = async (actor: Actor, tree: UnitTree) => {
    const editable = new Set(editableOffices(actor, tree));
    return Promise.all(
      readableOffices(actor, tree).map(async (id) => ({
        office: { id, name: tree.get(id)?.name ?? id },
        editable: editable.has(id),
        activities: await activitiesOf(ctx, id),
      })),
    );
  };

  const renderRegister = async (request: FastifyRequest, extra: { values?: ActivityValues; scrubFields?: FreeTextField[] } = {}) => {
    const actor = actorOf(request);
    const tree = await loadUnitTree(ctx.db);
    const lang = requestLang(request);
    return registerPage(
      {
        frame: shellFrame(request, tree, lang, { url: '/competence' }),
        registers: await registers(actor, tree),
        timeZone: ctx.config.TIME_ZONE,
        ...extra,
      },
      lang,
    );
  };

  /**
   * Taushetsplikt: the comment scrubber looks at the free text first. What it would change comes back
   * as a warning (the page, or 422 naming the fields for JSON); `confirm: "anyway"` saves it as written.
   */
  const scrubbed = (request: FastifyRequest, body: z.infer<typeof updateSchema>): FreeTextField[] => {
    if (body.confirm === 'anyway') return [];
    const found = scrubFindings(body);
    if (found.length > 0 && wantsJson(request))
      throw new AppError('invalid_input', {
        status: 422,
        fields: found.map((field) =>
          fieldProblem(
            field,
            'may_identify',
            'may hold an identity number, phone number or e-mail address; send confirm: "anyway" to save it',
          ),
        ),
      });
    return found;
  };
  const formValues = (body: z.infer<typeof updateSchema> & { office_id?: string }): ActivityValues => {
    const { confirm: _confirm, ...values } = body;
    return values;
  };

  app.get('/competence', signedIn, async (request, reply) => sendHtml(request, reply, await renderRegister(request)));

  app.post('/competence', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const body = parseInput(createSchema, request.body, 422);
    const tree = await loadUnitTree(ctx.db);
    if (!tree.has(body.office_id)) throw new AppError('not_found', { reason: 'unit_unknown' });
    if (!editableOffices(actor, tree).includes(body.office_id)) throw new AppError('forbidden', { reason: 'competence_leaders_only' });
    const found = scrubbed(request, body);
    if (found.length > 0)
      return sendHtml(request, reply, await renderRegister(request, { values: formValues(body), scrubFields: found }), 422);
    const id = await createActivity(ctx, actor, body.office_id, inputOf(body));
    return done(request, reply, '/competence', { id });
  });

  const renderActivity = async (
    request: FastifyRequest,
    id: number,
    extra: { values?: ActivityValues; scrubFields?: FreeTextField[] } = {},
  ): Promise<string> => {
    const actor = actorOf(request);
    const tree = await loadUnitTree(ctx.db);
    const activity = await activityFor(ctx, actor, id, tree);
    if (!editableOffices(actor, tree).includes(activity.officeId)) throw new AppError('forbidden', { reason: 'competence_leaders_only' });
    const lang = requestLang(request);
    return activityPage(
      {
        frame: shellFrame(request, tree, lang, { url: `/competence/${id}` }),
        activity,
        officeName: tree.get(activity.officeId)?.name ?? activity.officeId,
        timeZone: ctx.config.TIME_ZONE,
        ...extra,
      },
      lang,
    );
  };

  app.get('/competence/:id', signedIn, async (request, reply) => {
    const { id } = parseInput(idParam, request.params);
    return sendHtml(request, reply, await renderActivity(request, id));
  });

  app.post('/competence/:id', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseInput(idParam, request.params);
    // Who may change it first (404 outside the office, 403 for its staff), then the input.
    const tree = await loadUnitTree(ctx.db);
    const current = await activityFor(ctx, actor, id, tree);
    if (!editableOffices(actor, tree).includes(current.officeId)) throw new AppError('forbidden', { reason: 'competence_leaders_only' });
    const body = parseInput(updateSchema, request.body, 422);
    const found = scrubbed(request, body);
    if (found.length > 0)
      return sendHtml(request, reply, await renderActivity(request, id, { values: formValues(body), scrubFields: found }), 422);
    const updated = await updateActivity(ctx, actor, id, inputOf(body));
    return done(request, reply, '/competence', { activity: asJson(updated) });
  });

  app.post('/competence/:id/delete', signedIn, async (request, reply) => {
    const { id } = parseInput(idParam, request.params);
    await deleteActivity(ctx, actorOf(request), id);
    return done(request, reply, '/competence');
  });

  app.get('/api/v1/offices/:id/competence', signedIn, async (request) => {
    const { id } = parseInput(officeParam, request.params);
    const tree = await loadUnitTree(ctx.db);
    const activities = await registerFor(ctx, actorOf(request), tree, id);
    return { office_id: id, activities: activities.map(asJson) };
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../core/context.ts';
import { actorOf } from '../access/guard.ts';
import { pageFrame } from '../access/navigation.ts';
import type { Actor } from '../access/scope.ts';
import { AppError, fieldProblem, parseInput } from '../core/errors.ts';
import { requestLang } from '../web/lang.ts';
import { sendHtml } from '../web/layout.tsx';
import { multilineText, singleLineText } from '../validation/text.ts';
import { scrubComment } from '../validation/scrub.ts';
import { zonedTimeToInstant } from '../time/zone.ts';
import { NOTE_MAX, parseTarget, STRUCTURES, TOPIC_MAX } from './core.ts';
import { AREAS } from '../i18n/vocabulary.ts';
import { groupPage, groupsPage, sessionPage, type AskValues, type PlanValues } from './pages.tsx';
import { askDiscussion, discussionsFor, markDiscussionDone, withdrawDiscussion } from './discussions.ts';
import { saveSessionNote, sessionWithNote } from './session-notes.ts';
import {
  cancelSession,
  circleFor,
  createCircle,
  heldCounts,
  joinCircle,
  leaveCircle,
  officeCircles,
  officeStaff,
  planSession,
  sessionsOfCircle,
  upcomingFor,
} from './store.ts';
import { confirmAnyway } from '../web/scrub-confirm.tsx';

const wantsJson = (request: FastifyRequest) => (request.headers['content-type'] ?? '').startsWith('application/json');
const idParam = z.object({ id: z.coerce.number().int().positive() });
const sessionParam = idParam.extend({ sessionId: z.coerce.number().int().positive() });
/** A form's repeated field: absent, one value or several. */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), singleLineText().trim().max(max).optional());

const planSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  starts: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM'),
  ends: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM'),
  place: optionalText(200),
  video_link: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .trim()
      .max(500)
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'expected an http(s) address')
      .optional(),
  ),
  facilitator_id: singleLineText().min(1).max(200),
  theme: z.string().trim().min(1).max(500),
  structure: z.preprocess((v) => (v === '' ? undefined : v), z.enum(STRUCTURES).optional()),
  areas: many(z.enum(AREAS)),
  confirm: confirmAnyway,
});

/** Kollegaveiledning: /groups (my groups, coming sessions, create, join, leave; the leader's counts) and /groups/:id. */
export async function registerCircleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Counselors and leaders; which group a reader may open is checked in the store (members only).
  const signedIn = { config: { access: 'signed_in' } } as const;
  const frameOf = (request: FastifyRequest, url?: string) => pageFrame(ctx.db, request, requestLang(request), url ? { url } : {});
  const staffOnly = (request: FastifyRequest): Actor => {
    const actor = actorOf(request);
    if (actor.job !== 'counselor' && actor.leaderOf.length === 0) throw new AppError('forbidden', { reason: 'circles_staff_only' });
    return actor;
  };
  const done = (request: FastifyRequest, reply: FastifyReply, to: string, body: Record<string, unknown> = { ok: true }) =>
    wantsJson(request) ? reply.send(body) : reply.redirect(`${to}?lang=${requestLang(request)}`, 303);

  const renderGroups = async (request: FastifyRequest, actor: Actor, ask?: { values: AskValues; scrubWarning: boolean }) => {
    const [circles, upcoming, colleagues, leader, discussions] = await Promise.all([
      officeCircles(ctx, actor.employeeId),
      upcomingFor(ctx, actor.employeeId),
      officeStaff(ctx, actor.employeeId),
      actor.leaderOf.length > 0 ? heldCounts(ctx, actor) : Promise.resolve(null),
      discussionsFor(ctx, actor.employeeId),
    ]);
    return groupsPage(
      {
        frame: await frameOf(request),
        circles,
        upcoming,
        colleagues,
        employeeId: actor.employeeId,
        timeZone: ctx.config.TIME_ZONE,
        leader,
        inOffice: colleagues.length > 0,
        discussions,
        ...(ask ? { ask } : {}),
      },
      requestLang(request),
    );
  };

  app.get('/groups', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    return sendHtml(request, reply, await renderGroups(request, actor));
  });

  // ----- "Drøft en sak": a short topic, no case data; a notice on the recipients' pages, no e-mail, no deadline -----

  /** Whether the scrubber the comments use finds something that may identify a person (taushetsplikt). */
  const mayIdentify = async (actor: Actor, text: string) => {
    const names = (await officeStaff(ctx, actor.employeeId)).map((p) => p.name);
    return scrubComment(text, names) !== text;
  };
  const identifyProblem = (field: string, what: string) =>
    new AppError('invalid_input', {
      status: 422,
      fields: [
        fieldProblem(
          field,
          'may_identify',
          `may hold an identity number, phone number, e-mail address or name; send confirm: "anyway" to save ${what}`,
        ),
      ],
    });
  const backTo = (body: unknown) => ((body as { back?: unknown } | undefined)?.back === 'me' ? '/me' : '/groups');

  app.post('/groups/discussions', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const input = parseInput(
      z.object({
        to: singleLineText().min(1, 'choose a colleague or a group').max(220),
        topic: singleLineText().trim().min(1).max(TOPIC_MAX),
        confirm: confirmAnyway,
      }),
      request.body,
      422,
    );
    const target = parseTarget(input.to);
    if (!target)
      throw new AppError('invalid_input', {
        status: 422,
        fields: [fieldProblem('to', 'discussion_target', 'expected employee:<id> or group:<id>')],
      });
    if (input.confirm !== 'anyway' && (await mayIdentify(actor, input.topic))) {
      if (wantsJson(request)) throw identifyProblem('topic', 'it');
      return sendHtml(
        request,
        reply,
        await renderGroups(request, actor, { values: { to: input.to, topic: input.topic }, scrubWarning: true }),
        422,
      );
    }
    const id = await askDiscussion(ctx, actor.employeeId, target, input.topic);
    return done(request, reply, '/groups', { id });
  });

  app.post('/groups/discussions/:id/done', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const { id } = parseInput(idParam, request.params);
    await markDiscussionDone(ctx, actor.employeeId, id);
    return done(request, reply, backTo(request.body));
  });

  app.post('/groups/discussions/:id/withdraw', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const { id } = parseInput(idParam, request.params);
    await withdrawDiscussion(ctx, actor.employeeId, id);
    return done(request, reply, backTo(request.body));
  });

  app.post('/groups', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const input = parseInput(
      z.object({ name: singleLineText().trim().min(1).max(100), members: many(singleLineText().min(1).max(200)) }),
      request.body,
      422,
    );
    const id = await createCircle(ctx, actor.employeeId, input.name, input.members);
    return done(request, reply, `/groups/${id}`, { id });
  });

  app.post('/groups/:id/join', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const { id } = parseInput(idParam, request.params);
    await joinCircle(ctx, actor.employeeId, id);
    return done(request, reply, `/groups/${id}`);
  });

  app.post('/groups/:id/leave', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const { id } = parseInput(idParam, request.params);
    await leaveCircle(ctx, actor.employeeId, id);
    return done(request, reply, '/groups');
  });

  const renderGroup = async (
    request: FastifyRequest,
    actor: Actor,
    id: number,
    extra: { values?: PlanValues; scrubWarning?: boolean } = {},
  ) => {
    const group = await circleFor(ctx, actor.employeeId, id);
    const sessions = await sessionsOfCircle(ctx, id);
    return groupPage(
      {
        frame: await frameOf(request, `/groups/${id}`),
        group,
        sessions,
        now: ctx.now(),
        timeZone: ctx.config.TIME_ZONE,
        employeeId: actor.employeeId,
        ...extra,
      },
      requestLang(request),
    );
  };

  app.get('/groups/:id', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const { id } = parseInput(idParam, request.params);
    return sendHtml(request, reply, await renderGroup(request, actor, id));
  });

  app.get('/api/v1/groups/:id', signedIn, async (request) => {
    const actor = staffOnly(request);
    const { id } = parseInput(idParam, request.params);
    return { group: await circleFor(ctx, actor.employeeId, id), sessions: await sessionsOfCircle(ctx, id) };
  });

  app.post('/groups/:id/sessions', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const { id } = parseInput(idParam, request.params);
    const group = await circleFor(ctx, actor.employeeId, id); // members only, before anything is read back
    const input = parseInput(planSchema, request.body, 422);
    const at = (time: string) => {
      const [year, month, day] = input.date.split('-').map(Number);
      const [hour, minute] = time.split(':').map(Number);
      return zonedTimeToInstant({ year, month, day, hour, minute }, ctx.config.TIME_ZONE);
    };
    // Taushetsplikt: the scrubber the comments use looks at the theme first; the planner may edit it or save anyway.
    if (input.confirm !== 'anyway') {
      const names = (await officeStaff(ctx, actor.employeeId)).map((p) => p.name);
      if (scrubComment(input.theme, names) !== input.theme) {
        if (wantsJson(request)) {
          throw new AppError('invalid_input', {
            status: 422,
            fields: [
              fieldProblem(
                'theme',
                'may_identify',
                'may hold an identity number, phone number, e-mail address or name; send confirm: "anyway" to save it',
              ),
            ],
          });
        }
        const { confirm: _confirm, ...values } = input;
        return sendHtml(
          request,
          reply,
          await renderGroup(request, actor, group.id, { values: values as PlanValues, scrubWarning: true }),
          422,
        );
      }
    }
    const sessionId = await planSession(ctx, actor, id, {
      startsAt: at(input.starts),
      endsAt: at(input.ends),
      place: input.place ?? null,
      videoLink: input.video_link ?? null,
      facilitatorId: input.facilitator_id,
      theme: input.theme,
      structure: input.structure ?? null,
      areas: input.areas,
    });
    return done(request, reply, `/groups/${id}`, { id: sessionId });
  });

  // ----- A session and the group's notes of it (members only; scrubbed like themes) -----

  const renderSession = async (request: FastifyRequest, actor: Actor, id: number, sessionId: number, draft?: string) => {
    const { group, session, note } = await sessionWithNote(ctx, actor.employeeId, id, sessionId);
    return sessionPage(
      {
        frame: await frameOf(request, `/groups/${id}/sessions/${sessionId}`),
        group,
        session,
        note,
        now: ctx.now(),
        timeZone: ctx.config.TIME_ZONE,
        ...(draft === undefined ? {} : { draft, scrubWarning: true }),
      },
      requestLang(request),
    );
  };

  app.get('/groups/:id/sessions/:sessionId', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const { id, sessionId } = parseInput(sessionParam, request.params);
    return sendHtml(request, reply, await renderSession(request, actor, id, sessionId));
  });

  app.post('/groups/:id/sessions/:sessionId/notes', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const { id, sessionId } = parseInput(sessionParam, request.params);
    await sessionWithNote(ctx, actor.employeeId, id, sessionId); // members only, before anything is read back
    const input = parseInput(
      z.object({ text: z.preprocess((v) => v ?? '', multilineText().trim().max(NOTE_MAX)), confirm: confirmAnyway }),
      request.body,
      422,
    );
    if (input.text !== '' && input.confirm !== 'anyway' && (await mayIdentify(actor, input.text))) {
      if (wantsJson(request)) throw identifyProblem('text', 'them');
      return sendHtml(request, reply, await renderSession(request, actor, id, sessionId, input.text), 422);
    }
    await saveSessionNote(ctx, actor.employeeId, id, sessionId, input.text);
    return done(request, reply, `/groups/${id}/sessions/${sessionId}`);
  });

  app.post('/groups/:id/sessions/:sessionId/cancel', signedIn, async (request, reply) => {
    const actor = staffOnly(request);
    const { id, sessionId } = parseInput(sessionParam, request.params);
    await cancelSession(ctx, actor, id, sessionId);
    return done(request, reply, `/groups/${id}`);
  });
}

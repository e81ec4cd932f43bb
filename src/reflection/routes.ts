import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../core/context.ts';
import { AppError, fieldProblemsOf, parseInput } from '../core/errors.ts';
import { actorOf } from '../access/guard.ts';
import { pageFrame } from '../access/navigation.ts';
import { requestLang } from '../web/lang.ts';
import { confirmAnyway } from '../web/scrub-confirm.tsx';
import { sendHtml } from '../web/layout.tsx';
import { fieldText } from '../web/error-handler.tsx';
import { translator, type Lang } from '../i18n/index.ts';
import { monthStartOf } from '../time/periods.ts';
import { multilineText } from '../validation/text.ts';
import { employeeNameMatcher } from '../reporting/counselor-report.ts';
import { reflectionMessages } from './messages.ts';
import { findIdentifying, NOTE_MAX_LENGTH, notePeriod, periodChoices } from './notes.ts';
import { deleteAllNotesPage, deleteNotePage, editNotePage, notesPage, type NoteFormProblem, type NoteFormState } from './pages.tsx';
import { createNote, deleteAllNotes, deleteNote, noteOf, notesOf, updateNote } from './store.ts';

/**
 * The counselor's private notes, `/me/notes`: only ever the signed-in counselor's own (every store
 * call takes their id; another's note is "not found", the same as none). No JSON API, no export,
 * nothing in the audit log or the server log.
 */
export async function registerReflectionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const counselor = { config: { access: 'counselor' } } as const;
  const currentMonth = () => monthStartOf(ctx.now(), ctx.config.TIME_ZONE);
  const frameOf = (request: FastifyRequest) =>
    pageFrame(ctx.db, request, requestLang(request), request.method === 'GET' ? {} : { url: '/me/notes' });
  const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
  const textSchema = multilineText().trim().min(1).max(NOTE_MAX_LENGTH);

  const ownNote = async (request: FastifyRequest) => {
    const { id } = parseInput(idParam, request.params);
    const note = await noteOf(ctx, actorOf(request).employeeId, id);
    if (!note) throw new AppError('not_found');
    return note;
  };

  /** A refused form as the page shows it: each field in the reader's language. */
  const problemOf = (issues: z.core.$ZodIssue[], lang: Lang): NoteFormProblem => ({
    fields: issues.flatMap((issue) => fieldProblemsOf(issue)).map((f) => ({ field: f.field, message: fieldText(f, lang) })),
  });
  const typed = (body: unknown, field: string) => {
    const value = (body as Record<string, unknown> | undefined)?.[field];
    return typeof value === 'string' ? value : '';
  };

  const renderList = async (request: FastifyRequest, reply: FastifyReply, selected: string, form?: NoteFormState, status = 200) => {
    const employeeId = actorOf(request).employeeId;
    const html = notesPage(
      {
        frame: await frameOf(request),
        timeZone: ctx.config.TIME_ZONE,
        notes: await notesOf(ctx, employeeId),
        choices: periodChoices(currentMonth()),
        selected,
        form,
      },
      requestLang(request),
    );
    return sendHtml(request, reply, html, status);
  };

  app.get('/me/notes', counselor, async (request, reply) => {
    const { period } = parseInput(z.object({ period: z.string().max(20).optional(), lang: z.string().optional() }), request.query);
    const month = currentMonth();
    // The period /me links from, when it is one a note may have; else the current tertial.
    const asked = period ? notePeriod(period, month, ctx.config.RESPONSE_RETENTION_MONTHS) : null;
    const choices = periodChoices(month);
    const offered = asked && [...choices.tertial, ...choices.month, ...choices.year].some((p) => p.key === asked.key);
    return renderList(request, reply, offered ? asked.key : choices.tertial[0].key);
  });

  app.post('/me/notes', counselor, async (request, reply) => {
    const lang = requestLang(request);
    const t = translator(reflectionMessages, lang);
    const month = currentMonth();
    const schema = z.object({
      period: z
        .string()
        .max(20)
        .refine((key) => notePeriod(key, month, ctx.config.RESPONSE_RETENTION_MONTHS) !== null, { message: t('badPeriod') }),
      text: textSchema,
      confirm: confirmAnyway,
    });
    const parsed = schema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const problem = problemOf(parsed.error.issues, lang);
      // A refused period's reason is the page's own sentence, already in the reader's language.
      for (const f of problem.fields) if (f.field === 'period') f.message = t('badPeriod');
      const period = typed(request.body, 'period');
      const selected = notePeriod(period, month, ctx.config.RESPONSE_RETENTION_MONTHS) ? period : periodChoices(month).tertial[0].key;
      return renderList(request, reply, selected, { text: typed(request.body, 'text'), period: selected, problem }, 422);
    }
    const { period, text } = parsed.data;
    const findings = parsed.data.confirm ? [] : findIdentifying(text, await employeeNameMatcher(ctx));
    if (findings.length > 0) return renderList(request, reply, period, { text, period, findings });
    await createNote(ctx, actorOf(request).employeeId, period, text);
    return reply.redirect(`/me/notes?lang=${lang}#notes`, 303);
  });

  app.get('/me/notes/:id/edit', counselor, async (request, reply) => {
    const note = await ownNote(request);
    return sendHtml(request, reply, editNotePage({ frame: await frameOf(request), note }, requestLang(request)));
  });

  app.post('/me/notes/:id', counselor, async (request, reply) => {
    const lang = requestLang(request);
    const note = await ownNote(request);
    const parsed = z.object({ text: textSchema, confirm: confirmAnyway }).safeParse(request.body ?? {});
    const frame = await frameOf(request);
    if (!parsed.success) {
      const form = { text: typed(request.body, 'text'), problem: problemOf(parsed.error.issues, lang) };
      return sendHtml(request, reply, editNotePage({ frame, note, form }, lang), 422);
    }
    const { text } = parsed.data;
    const findings = parsed.data.confirm ? [] : findIdentifying(text, await employeeNameMatcher(ctx));
    if (findings.length > 0) return sendHtml(request, reply, editNotePage({ frame, note, form: { text, findings } }, lang));
    if (!(await updateNote(ctx, actorOf(request).employeeId, note.id, text))) throw new AppError('not_found');
    return reply.redirect(`/me/notes?lang=${lang}#notes`, 303);
  });

  app.get('/me/notes/:id/delete', counselor, async (request, reply) => {
    const note = await ownNote(request);
    return sendHtml(request, reply, deleteNotePage({ frame: await frameOf(request), note }, requestLang(request)));
  });

  app.post('/me/notes/:id/delete', counselor, async (request, reply) => {
    const { id } = parseInput(idParam, request.params);
    if (!(await deleteNote(ctx, actorOf(request).employeeId, id))) throw new AppError('not_found');
    return reply.redirect(`/me/notes?lang=${requestLang(request)}#notes`, 303);
  });

  app.get('/me/notes/delete-all', counselor, async (request, reply) => {
    const count = (await notesOf(ctx, actorOf(request).employeeId)).length;
    return sendHtml(request, reply, deleteAllNotesPage({ frame: await frameOf(request), count }, requestLang(request)));
  });

  app.post('/me/notes/delete-all', counselor, async (request, reply) => {
    await deleteAllNotes(ctx, actorOf(request).employeeId);
    return reply.redirect(`/me/notes?lang=${requestLang(request)}`, 303);
  });
}

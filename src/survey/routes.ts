import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../core/context.ts';
import { isLang, negotiateLang, translator, type Lang } from '../i18n/index.ts';
import { parseLocalAnswers, withoutInvalid } from '../localquestions/form.ts';
import { questionsForMeeting, type LocalAnswer } from '../localquestions/store.ts';
import { sendHtml } from '../web/assets.ts';
import { parseSurveyForm, type SurveyAnswers } from '../instrument/form.ts';
import { ensureInstrument, NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import { surveyMessages } from './messages.ts';
import { renderMessagePage, renderOptOutPage, renderSurveyPage } from './pages.tsx';
import { lookupInvitation, lookupOptOut, optOut, submitResponse } from './store.ts';

type TokenRequest = FastifyRequest<{ Params: { token: string }; Querystring: { lang?: string } }>;

/** Content-Security-Policy (no script, nothing from elsewhere) and the other headers: web/security-headers.ts. */
function page(request: FastifyRequest, reply: FastifyReply, html: string, status = 200) {
  return sendHtml(request, reply, html, status);
}

/** `?lang=` wins; else the invitation's language; else (unknown link) the browser's. */
function pageLang(request: TokenRequest, fallback?: Lang): Lang {
  const asked = request.query.lang;
  if (isLang(asked)) return asked;
  return fallback ?? negotiateLang(undefined, request.headers['accept-language']);
}

function redirect(reply: FastifyReply, path: string, lang: Lang) {
  // 303: after a POST the browser follows with a GET, so reload and back never resubmit.
  return reply.header('cache-control', 'no-store').redirect(`${path}?lang=${lang}`, 303);
}

export async function registerSurveyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await ensureInstrument(ctx.db, NATIONAL_INSTRUMENT);
  // Errors (a body too large, a database failure) are answered by the one error handler, as a page: these are page routes.
  surveyRoutes(app, ctx);
}

function surveyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const instrument = NATIONAL_INSTRUMENT;
  // The citizen's pages: anyone with the link (the token is the access; the rate limits guard guessing).
  const citizen = { config: { access: 'public' } } as const;

  const statusPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    status: 'answered' | 'closed' | 'unknown' | 'thanks',
    basePath: string,
  ) => {
    const t = translator(surveyMessages, lang);
    const [title, text] =
      status === 'answered'
        ? [t('answeredTitle'), t('answeredText')]
        : status === 'closed'
          ? [t('expiredTitle'), t('expiredText')]
          : status === 'thanks'
            ? [t('thanksTitle'), t('thanksText')]
            : [t('unknownTitle'), t('unknownText')];
    const html = renderMessagePage({ lang, title, text, basePath: status === 'unknown' ? undefined : basePath, contactNote: true });
    return page(request, reply, html, status === 'unknown' ? 404 : 200);
  };

  app.get('/s/:token', citizen, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    const found = await lookupInvitation(ctx.db, token, ctx.now());
    const lang = pageLang(request, found.status === 'unknown' ? undefined : found.language);
    if (found.status !== 'open') return statusPage(request, reply, lang, found.status, `/s/${token}`);
    const local = await questionsForMeeting(ctx.db, found.meetingId);
    return page(request, reply, renderSurveyPage({ def: instrument, lang, token, local }));
  });

  app.post('/s/:token', citizen, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    // The office's and county's own questions (lq_<id>); which apply is decided when storing.
    const localForm = parseLocalAnswers(request.body);
    const form = parseSurveyForm(instrument, request.body, { otherAnswered: localForm.answered });
    const submit = async (lang: Lang, answers: SurveyAnswers, local: LocalAnswer[]) => {
      const outcome = await submitResponse(ctx.db, { token, instrument, answers, now: ctx.now(), local });
      if (outcome === 'stored') return redirect(reply, `/s/${token}/takk`, lang);
      if (outcome === 'unknown') return statusPage(request, reply, lang, 'unknown', `/s/${token}`);
      // A second tab or a concurrent double click lost the race: the link's page says it is already answered.
      return redirect(reply, `/s/${token}`, lang);
    };
    // The form posts with ?lang=, so a valid answer goes straight to the single-use update (no lookup first).
    if (form.ok && localForm.ok && isLang(request.query.lang)) return submit(request.query.lang, form.value, localForm.answers);

    const found = await lookupInvitation(ctx.db, token, ctx.now());
    const lang = pageLang(request, found.status === 'unknown' ? undefined : found.language);
    if (found.status === 'unknown') return statusPage(request, reply, lang, 'unknown', `/s/${token}`);
    if (found.status !== 'open') return redirect(reply, `/s/${token}`, lang);
    if (!form.ok || !localForm.ok) {
      const errors = [...(form.ok ? [] : form.errors), ...(localForm.ok ? [] : localForm.errors)];
      const local = await questionsForMeeting(ctx.db, found.meetingId);
      return page(
        request,
        reply,
        renderSurveyPage({ def: instrument, lang, token, values: withoutInvalid(form.values, errors), errors, local }),
        400,
      );
    }
    return submit(lang, form.value, localForm.answers);
  });

  app.get('/s/:token/takk', citizen, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    const found = await lookupInvitation(ctx.db, token, ctx.now());
    const lang = pageLang(request, found.status === 'unknown' ? undefined : found.language);
    if (found.status === 'answered') return statusPage(request, reply, lang, 'thanks', `/s/${token}/takk`);
    if (found.status === 'unknown') return statusPage(request, reply, lang, 'unknown', `/s/${token}`);
    return redirect(reply, `/s/${token}`, lang);
  });

  app.get('/optout/:token', citizen, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    const lang = pageLang(request);
    const t = translator(surveyMessages, lang);
    const found = await lookupOptOut(ctx.db, token);
    if (found.status === 'unknown') {
      return page(
        request,
        reply,
        renderMessagePage({ lang, title: t('optoutUnknownTitle'), text: t('optoutUnknownText'), contactNote: true }),
        404,
      );
    }
    if (found.status === 'done') {
      return page(
        request,
        reply,
        renderMessagePage({ lang, title: t('optoutDoneTitle'), text: t('optoutDoneText'), basePath: `/optout/${token}` }),
      );
    }
    return page(request, reply, renderOptOutPage({ lang, token }));
  });

  app.post('/optout/:token', citizen, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    const lang = pageLang(request);
    const found = await lookupOptOut(ctx.db, token);
    if (found.status === 'unknown') {
      const t = translator(surveyMessages, lang);
      return page(
        request,
        reply,
        renderMessagePage({ lang, title: t('optoutUnknownTitle'), text: t('optoutUnknownText'), contactNote: true }),
        404,
      );
    }
    await optOut(ctx.db, token, ctx.now(), ctx.ledger);
    return redirect(reply, `/optout/${token}`, lang);
  });
}

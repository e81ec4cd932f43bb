import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Alert, BodyLong, BodyShort, Heading, Link } from '@navikt/ds-react';
import { translator, type Lang } from '../i18n/index.ts';
import { AppError, type FieldProblem } from '../core/errors.ts';
import { errorMessages } from '../core/error-messages.ts';
import { renderDocument, sendHtml } from './layout.tsx';
import { requestLang } from './lang.ts';
import { staffPage, type ShellFrame } from './shell.tsx';
declare module 'fastify' {
  interface FastifyContextConfig {
    /** false for a route outside /api/ that is not a page (a download, an asset): its errors follow Accept. */
    page?: boolean;
  }
}

/**
 * The one error handler and the one not-found handler. Every refusal and failure, from a hook, a
 * route or Fastify itself, ends here and is answered once: as a page in the app's layout for a
 * browser, or as JSON `{ error, message, fields }` for the API and JSON clients. The text comes from
 * the catalog (error-messages.ts) in the reader's language.
 */

/** The quality an Accept header gives one media type exactly (-1 when it is not named). */
function quality(accept: string, type: string): number {
  let best = -1;
  for (const part of accept.split(',')) {
    const [range, ...params] = part.split(';');
    if (range.trim().toLowerCase() !== type) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    best = Math.max(best, q ? Number(q.slice(2)) || 0 : 1);
  }
  return best;
}

/**
 * Page or JSON: the API always gets JSON; otherwise what Accept prefers (a browser names text/html),
 * then a JSON body asks for JSON, and a page route answers as a page. What is left (an unknown
 * address, a download) answers JSON to a client that did not ask for HTML.
 */
export function wantsHtml(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0];
  if (path.startsWith('/api/')) return false;
  const accept = String(request.headers.accept ?? '');
  const html = quality(accept, 'text/html');
  const json = quality(accept, 'application/json');
  if (html > 0 && html >= json) return true;
  if (json > 0) return false;
  if (String(request.headers['content-type'] ?? '').startsWith('application/json')) return false;
  return request.routeOptions.url !== undefined && !request.is404 && request.routeOptions.config?.page !== false;
}

/** Any error as an AppError: Fastify's own client errors get their code; anything else is internal. */
export function asAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const status = (error as FastifyError | undefined)?.statusCode;
  if (!status || status < 400 || status >= 500) return null;
  const fastify = error as FastifyError;
  const detail = fastify.message;
  switch (status) {
    case 401:
      return new AppError('not_signed_in', { detail });
    case 403:
      return new AppError('forbidden', { detail });
    case 404:
      return new AppError('not_found', { detail });
    case 409:
      return new AppError('conflict', { detail });
    case 413:
      return new AppError('payload_too_large', { detail });
    case 415:
      return new AppError('unsupported_media_type', { detail });
    case 429:
      return new AppError('rate_limited', { detail });
  }
  // A body that could not be read (malformed JSON, a bad form) or a request Fastify could not route.
  const field = fastify.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError ? '(body)' : '(request)';
  return new AppError('invalid_input', { status, detail, fields: [{ field, message: detail, code: 'invalid' }] });
}

export interface DescribedError {
  title: string;
  message: string;
  fields: Array<{ field: string; text: string }>;
}

/** One refused field's text in the reader's language (its code's words; "is not valid" when it has none). */
export function fieldText(problem: FieldProblem, lang: Lang): string {
  return translator(errorMessages, lang)(`field_${problem.code ?? 'invalid'}`, problem.vars ?? {});
}

/** The error in the reader's language: a title, one sentence, and each refused field. */
export function describeError(error: AppError, lang: Lang): DescribedError {
  const t = translator(errorMessages, lang);
  const vars = error.options.vars ?? {};
  return {
    title: t(`title_${error.code}`),
    message: error.reason ? t(`reason_${error.reason}`, vars) : t(`body_${error.code}`, vars),
    fields: error.fields.map((f) => ({
      field: f.field,
      text: error.options.fieldsInReaderLanguage ? f.message : fieldText(f, lang),
    })),
  };
}

/** "field: text", or the text alone for the body as a whole. */
export function fieldLine(field: string, text: string, lang: Lang): string {
  return field.startsWith('(') ? `${translator(errorMessages, lang)('body_field')}: ${text}` : `${field}: ${text}`;
}

/**
 * The way back: the page the reader came from on this site (our pages send a same-origin Referer),
 * else, after a form post, the nearest page above the address posted to (/policies/7/withdraw → /policies).
 */
function backLink(request: FastifyRequest, lang: Lang): string | undefined {
  const referer = request.headers.referer;
  if (referer && request.headers.host) {
    try {
      const url = new URL(referer);
      const path = url.pathname + url.search;
      if (url.host === request.headers.host && path !== request.url) return path;
    } catch {
      // Not a URL: no way back from it.
    }
  }
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const segments = request.url.split('?')[0].split('/').filter(Boolean);
  for (let n = segments.length; n > 0; n--) {
    const path = `/${segments.slice(0, n).join('/')}`;
    if (request.server.findRoute({ method: 'GET', url: path })) return `${path}?lang=${lang}`;
  }
  return undefined;
}

/** `frame`: the employee's shell when a signed-in employee reads the page; without it the page stands alone. */
export function renderErrorPage(
  error: AppError,
  lang: Lang,
  links: { back?: string; overview?: boolean },
  frame?: ShellFrame | null,
): string {
  const t = translator(errorMessages, lang);
  const described = describeError(error, lang);
  // The cross-site refusal names the origin for the API; on a page the sentence says all there is.
  const fields = error.code === 'cross_site' ? [] : described.fields;
  const link =
    error.code === 'not_signed_in' ? (
      <Link href={`/login?lang=${lang}`}>{t('signIn')}</Link>
    ) : links.back ? (
      <Link href={links.back}>{t('back')}</Link>
    ) : links.overview ? (
      <Link href={`/home?lang=${lang}`}>{t('toOverview')}</Link>
    ) : null;
  const content = (
    <>
      <BodyLong spacing>{described.message}</BodyLong>
      {fields.length > 0 ? (
        <Alert variant="error" className="bs-section">
          <Heading level="2" size="xsmall" spacing>
            {t('fieldsHeading')}
          </Heading>
          <ul>
            {fields.map((f, i) => (
              <li key={i}>{fieldLine(f.field, f.text, lang)}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {link ? <BodyShort>{link}</BodyShort> : null}
    </>
  );
  if (frame) return staffPage({ lang, title: described.title, frame, body: content });
  return renderDocument({
    lang,
    title: described.title,
    body: (
      <>
        <Heading level="1" size="large" spacing>
          {described.title}
        </Heading>
        {content}
      </>
    ),
  });
}

/** Answers one error: a page for a browser (the signed-out reading a page go to the login), else JSON. */
async function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError, frameOf: ShellFrameOf) {
  for (const [name, value] of Object.entries(error.options.headers ?? {})) reply.header(name, value);
  const lang = requestLang(request);
  if (wantsHtml(request)) {
    if (error.code === 'not_signed_in' && (request.method === 'GET' || request.method === 'HEAD'))
      return reply.redirect(`/login?lang=${lang}`, 302);
    const frame = error.code === 'not_signed_in' ? null : await frameOf(request, lang);
    return sendHtml(
      request,
      reply,
      renderErrorPage(error, lang, { back: backLink(request, lang), overview: frame !== null }, frame),
      error.statusCode,
    );
  }
  const { message } = describeError(error, lang);
  return reply.status(error.statusCode).send({
    error: error.code,
    message,
    fields: error.fields.map(({ field, message: detail }) => ({ field, message: detail })),
    ...(error.reason ? { reason: error.reason } : {}),
    ...(error.options.detail ? { detail: error.options.detail } : {}),
    ...error.options.extra,
  });
}

/** The shell of a signed-in employee's page, or null for anyone else (and when it cannot be read). */
export type ShellFrameOf = (request: FastifyRequest, lang: Lang) => Promise<ShellFrame | null>;

/**
 * `frameOf` gives the employee's shell when the request carries a signed-in employee (the access
 * guard and the menu know; the composition root passes them in, so this toolkit does not depend on them).
 */
export function installErrorHandler(app: FastifyInstance, frameOf: ShellFrameOf): void {
  app.setErrorHandler((error, request, reply) => {
    const known = asAppError(error);
    if (!known) request.log.error(error);
    return sendError(request, reply, known ?? new AppError('internal'), frameOf);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new AppError('not_found'), frameOf));
}

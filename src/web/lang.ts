import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { isLang, negotiateLang, type Lang } from '../i18n/index.ts';

/**
 * The language of an employee's page: `?lang=` when the address gives one, else the language the
 * reader chose before (remembered in a cookie when they pick one), else the browser's
 * Accept-Language, else bokmål. The citizen's survey has its own rule (the invitation's language).
 */
export const LANG_COOKIE = 'bs_lang';

export function requestLang(request: FastifyRequest): Lang {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (isLang(asked)) return asked;
  const remembered = request.cookies?.[LANG_COOKIE];
  if (isLang(remembered)) return remembered;
  return negotiateLang(undefined, request.headers['accept-language']);
}

/** A language newly picked with `?lang=` on a page read: the one to remember, or null. */
function newlyPicked(request: FastifyRequest): Lang | null {
  if (request.method !== 'GET') return null;
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (!isLang(asked) || request.cookies?.[LANG_COOKIE] === asked) return null;
  return asked;
}

/**
 * Remembers a language picked with `?lang=` on a page read (GET), for a year. Install after the
 * cookie plugin. The cookie holds nothing but the language, so it needs no consent. `remember`, if
 * given, is told of the pick too when the page is answered (not refused), its reader known by then,
 * so the server can keep it for the signed-in employee (org/language.ts).
 */
export function installLanguageMemory(
  app: FastifyInstance,
  opts: { secure: boolean; remember?: (request: FastifyRequest, lang: Lang) => Promise<void> },
): void {
  app.addHook('onRequest', async (request, reply) => {
    const asked = newlyPicked(request);
    if (!asked) return;
    reply.setCookie(LANG_COOKIE, asked, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: 365 * 24 * 3600 });
  });
  const remember = opts.remember;
  if (remember) {
    // When the page is answered (not refused: a refused request changes nothing), its reader known.
    app.addHook('onSend', async (request, reply, payload) => {
      const asked = reply.statusCode < 400 ? newlyPicked(request) : null;
      if (asked) {
        // A page is not refused because its language could not be kept: the cookie still holds it.
        await remember(request, asked).catch((err: unknown) => request.log.warn({ err }, 'the language picked was not kept'));
      }
      return payload;
    });
  }
}

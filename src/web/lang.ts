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

/**
 * Remembers a language picked with `?lang=` on a page read (GET), for a year. Install after the
 * cookie plugin. The cookie holds nothing but the language, so it needs no consent.
 */
export function installLanguageMemory(app: FastifyInstance, opts: { secure: boolean }): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    const asked = (request.query as { lang?: unknown } | undefined)?.lang;
    if (!isLang(asked) || request.cookies?.[LANG_COOKIE] === asked) return;
    reply.setCookie(LANG_COOKIE, asked, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: 365 * 24 * 3600 });
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { translator, type Catalog } from '../i18n/index.ts';
import { publicUrl, type Config } from '../config.ts';
import { sendRefusal } from './layout.tsx';

/**
 * Cross-site request forgery guard. Employees act through a session cookie, so a page on another
 * site could otherwise make their browser post a form here (grant a role, share results, hide a
 * comment). The cookie is SameSite=Lax, which already keeps it off cross-site POSTs in current
 * browsers; this is the second, browser-independent layer: every state-changing request that a
 * browser marks as coming from another origin is refused before any route runs.
 *
 * Browsers send `Sec-Fetch-Site` (and `Origin`) on every POST; the decision uses them and needs no
 * token in the forms, so pages stay plain HTML. A request with neither header is not from a
 * browser that could be tricked (a case system with its API key, curl) and goes through.
 *
 * `Origin: null` without `Sec-Fetch-Site` is refused: it is what a sandboxed frame, a `data:` page or
 * a cross-origin redirect sends, and our own pages never do (they send `Referrer-Policy: same-origin`,
 * under which a browser posts our real origin from our own forms).
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestOrigin {
  method: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

export function isCrossSiteWrite(request: RequestOrigin, ownOrigins: ReadonlySet<string>): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const site = request.secFetchSite?.toLowerCase();
  // `none` is a navigation the user started (typed, bookmarked): never forged.
  if (site === 'same-origin' || site === 'none') return false;
  // `same-site` is a sibling host (another *.nav.no service): still another origin.
  if (site === 'cross-site' || site === 'same-site') return true;
  // Only a browser too old for Sec-Fetch-Site (or a client that is not a browser) gets here. An
  // opaque origin (`null`: a sandboxed frame, a data: page, a redirect from elsewhere) is not ours.
  if (request.origin !== undefined) return request.origin.toLowerCase() === 'null' || !ownOrigins.has(request.origin.toLowerCase());
  return false;
}

/** Our own origins: the public URL citizens and employees use, and the host the request came to. */
export function ownOriginsOf(publicOrigin: string, request: FastifyRequest): Set<string> {
  const origins = new Set<string>([publicOrigin]);
  const host = request.headers.host;
  if (host) origins.add(`${request.protocol}://${host}`.toLowerCase());
  return origins;
}

const messages: Catalog<'title' | 'body'> = {
  nb: {
    title: 'Forespørselen ble avvist',
    body: 'Skjemaet ble sendt fra en annen nettside enn Brukerstemme, og ingenting ble endret. Gå tilbake til siden du kom fra i Brukerstemme og prøv igjen.',
  },
  nn: {
    title: 'Førespurnaden vart avvist',
    body: 'Skjemaet vart sendt frå ei anna nettside enn Brukerstemme, og ingenting vart endra. Gå tilbake til sida du kom frå i Brukerstemme og prøv igjen.',
  },
  en: {
    title: 'The request was refused',
    body: 'The form was sent from a website other than Brukerstemme, and nothing was changed. Go back to the Brukerstemme page you came from and try again.',
  },
};

export function installCrossSiteGuard(app: FastifyInstance, config: Config): void {
  const publicOrigin = new URL(publicUrl(config)).origin.toLowerCase();
  app.addHook('onRequest', async (request, reply) => {
    // Reads (every survey page, every report) need no check: nothing to compute for them.
    if (SAFE_METHODS.has(request.method.toUpperCase())) return;
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const cross = isCrossSiteWrite(
      { method: request.method, origin: header('origin'), secFetchSite: header('sec-fetch-site') },
      ownOriginsOf(publicOrigin, request),
    );
    if (!cross) return;
    request.log.warn({ route: request.routeOptions.url }, 'cross-site write refused');
    return sendRefusal(
      request,
      reply,
      403,
      (lang) => {
        const t = translator(messages, lang);
        return { title: t('title'), body: t('body') };
      },
      { error: 'Cross-site request refused', fields: [{ field: 'origin', message: 'the request came from another site' }] },
    );
  });
}

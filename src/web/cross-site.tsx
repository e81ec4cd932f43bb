import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicUrl, type Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';

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

export function installCrossSiteGuard(app: FastifyInstance, config: Config): void {
  const publicOrigin = new URL(publicUrl(config)).origin.toLowerCase();
  app.addHook('onRequest', async (request) => {
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
    // The one error handler answers: a page in the reader's language for a browser, else JSON naming the origin.
    throw new AppError('cross_site', { fields: [{ field: 'origin', message: 'the request came from another site' }] });
  });
}

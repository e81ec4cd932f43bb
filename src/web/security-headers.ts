import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicUrl, type Config } from '../core/config.ts';

/**
 * The security headers every response carries, set in one place (`@fastify/helmet` plus one hook).
 *
 * Content-Security-Policy: the pages run no script and load nothing from elsewhere. Inline `style`
 * attributes are allowed because Aksel's layout primitives set CSS custom properties that way; the
 * charts are inline SVG, and `data:` images are allowed for them. Forms post only to ourselves, and no
 * other site may frame a page (`frame-ancestors 'none'`, with `X-Frame-Options: DENY` for old browsers).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The policy exactly as helmet sends it in the header. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join(';');

/** HSTS for a year, only when the service is published over https (a plain-http demo must stay reachable). */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** Routes whose responses may be cached: the content-hashed static assets (web/assets.ts), nothing else. */
function isPublicAsset(request: FastifyRequest): boolean {
  return request.routeOptions.url?.startsWith('/assets/') === true;
}

export async function installSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  const https = publicUrl(config).startsWith('https:');
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([k, v]) => [k, [...v]])),
    },
    strictTransportSecurity: https ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false, preload: false } : false,
    frameguard: { action: 'deny' },
    // Our own forms then post their real Origin (web/cross-site.tsx refuses `Origin: null`), while a
    // survey link's token never goes to another site in a Referer.
    referrerPolicy: { policy: 'same-origin' },
  });
  // Everything but the static assets is personal, below nation level, or both: no cache may keep it,
  // neither the browser's (a shared office PC) nor a proxy's. Set last, so no route can weaken it.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isPublicAsset(request)) reply.header('cache-control', 'no-store');
    return payload;
  });
}

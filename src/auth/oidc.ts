import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { z } from 'zod';
import { hasControlCharacter } from '../validation/text.ts';
import type { AppContext } from '../core/context.ts';
import { publicUrl, type Config } from '../core/config.ts';
import type { Lang } from '../i18n/index.ts';
import { requestLang } from '../web/lang.ts';
import { sendHtml } from '../web/layout.tsx';
import { oidcProblemPage } from './oidc-pages.tsx';
import { startSession } from './session.ts';

/**
 * Employee login with OpenID Connect: authorization code flow with PKCE, state and nonce.
 *
 * The three one-time values live in a short-lived signed cookie scoped to /login/oidc, not in a
 * server-side store, so any web node can finish a login another node started. The cookie is
 * httpOnly and SameSite=Lax: Lax still sends it on the identity provider's top-level redirect back.
 * The employee id comes from a configurable claim (OIDC_EMPLOYEE_CLAIM, e.g. NAVident), looked up in
 * the ID token and then in userinfo, falling back to `sub`; it must name an active employee.
 */
const FLOW_COOKIE = 'bs_oidc';
const FLOW_MAX_AGE_SECONDS = 10 * 60;
const CALLBACK_PATH = '/login/oidc/callback';

const flowSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(43),
  issuedAt: z.number().int(),
  lang: z.enum(['nb', 'nn', 'en']),
});
type Flow = z.infer<typeof flowSchema>;

/** Only a loopback issuer may be plain http (a provider started on this machine, as in tests). */
export function isLoopbackHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
}

/**
 * The employee id in a set of claims: the configured claim when it is a non-empty string, else `sub`.
 * An id with control characters names no employee (and the database would refuse a NUL in the lookup).
 */
export function employeeIdFromClaims(claims: Record<string, unknown>, claimName: string): string | null {
  const preferred = claims[claimName];
  const id =
    typeof preferred === 'string' && preferred.trim() !== ''
      ? preferred.trim()
      : typeof claims.sub === 'string' && claims.sub !== ''
        ? claims.sub
        : null;
  return id === null || hasControlCharacter(id) ? null : id;
}

// Discovery is one network round trip; its result is the same for every request, so it is kept per
// process (a failed discovery is forgotten and retried on the next login).
const discovered = new Map<string, Promise<client.Configuration>>();

function oidcConfiguration(config: Config): Promise<client.Configuration> {
  const issuer = new URL(config.OIDC_ISSUER!);
  const key = `${issuer.href}|${config.OIDC_CLIENT_ID}`;
  let pending = discovered.get(key);
  if (!pending) {
    pending = client.discovery(
      issuer,
      config.OIDC_CLIENT_ID!,
      undefined,
      client.ClientSecretBasic(config.OIDC_CLIENT_SECRET!),
      isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    pending.catch(() => discovered.delete(key));
    discovered.set(key, pending);
  }
  return pending;
}

function readFlow(request: FastifyRequest, ctx: AppContext): Flow | null {
  const raw = request.cookies[FLOW_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(unsigned.value);
  } catch {
    return null;
  }
  const flow = flowSchema.safeParse(parsed);
  if (!flow.success) return null;
  const age = ctx.now().getTime() / 1000 - flow.data.issuedAt;
  return age >= 0 && age <= FLOW_MAX_AGE_SECONDS ? flow.data : null;
}

export async function registerOidcRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { config } = ctx;
  if (!config.OIDC_ISSUER) return;
  const redirectUri = `${publicUrl(config)}${CALLBACK_PATH}`;
  const cookieOptions = {
    signed: true,
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/login/oidc',
    secure: redirectUri.startsWith('https:'),
  };

  const problem = (request: FastifyRequest, reply: FastifyReply, kind: 'forbidden' | 'failed', lang: Lang) => {
    reply.clearCookie(FLOW_COOKIE, { path: '/login/oidc' });
    return sendHtml(request, reply, oidcProblemPage(kind, lang), kind === 'forbidden' ? 403 : 400);
  };

  // Without the dev login, /login (where pages send the signed-out) is the OIDC login.
  if (!config.DEV_LOGIN) {
    app.get('/login', { config: { access: 'public' } }, async (request, reply) =>
      reply.redirect(`/login/oidc?lang=${requestLang(request)}`),
    );
  }

  app.get('/login/oidc', { config: { access: 'public' } }, async (request, reply) => {
    const oidc = await oidcConfiguration(config);
    const flow: Flow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      issuedAt: Math.floor(ctx.now().getTime() / 1000),
      lang: requestLang(request),
    };
    const authorizationUrl = client.buildAuthorizationUrl(oidc, {
      redirect_uri: redirectUri,
      scope: config.OIDC_SCOPES,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
      ui_locales: flow.lang === 'en' ? 'en' : `${flow.lang} nb no`,
    });
    reply.setCookie(FLOW_COOKIE, JSON.stringify(flow), { ...cookieOptions, maxAge: FLOW_MAX_AGE_SECONDS });
    return reply.redirect(authorizationUrl.href, 302);
  });

  app.get(CALLBACK_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const flow = readFlow(request, ctx);
    if (!flow) return problem(request, reply, 'failed', requestLang(request));
    const oidc = await oidcConfiguration(config);
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(oidc, new URL(`${publicUrl(config)}${request.url}`), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims()! };
      if (typeof claims[config.OIDC_EMPLOYEE_CLAIM] !== 'string' && oidc.serverMetadata().userinfo_endpoint) {
        // Some providers release extra claims only through userinfo; its subject must match the ID token's.
        const userinfo = await client.fetchUserInfo(oidc, tokens.access_token, claims.sub as string);
        claims = { ...userinfo, ...claims, [config.OIDC_EMPLOYEE_CLAIM]: userinfo[config.OIDC_EMPLOYEE_CLAIM] };
      }
    } catch (error) {
      // A wrong state, a replayed or foreign code, a bad signature, or the user cancelling at the provider.
      request.log.warn({ reason: (error as Error).message }, 'oidc callback rejected');
      return problem(request, reply, 'failed', flow.lang);
    }
    const employeeId = employeeIdFromClaims(claims, config.OIDC_EMPLOYEE_CLAIM);
    const employee = employeeId
      ? await ctx.db.selectFrom('employee').select('id').where('id', '=', employeeId).where('active', '=', true).executeTakeFirst()
      : undefined;
    if (!employee) return problem(request, reply, 'forbidden', flow.lang);
    reply.clearCookie(FLOW_COOKIE, { path: '/login/oidc' });
    await startSession(reply, ctx, employee.id);
    return reply.redirect(`/home?lang=${flow.lang}`, 303);
  });
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'brukerstemme-test';
export const CLIENT_SECRET = 'a-client-secret-for-tests-only';

export interface LocalProvider {
  issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID provider on a loopback port, with oidc-provider's development login and consent
 * pages. Any login name is accepted and becomes the subject (`sub`); a login `navident:<id>` also
 * carries the claim NAVident `<id>` (like the agency's identity provider), any other login none (to
 * exercise the fallback to `sub`).
 */
export async function startLocalProvider(redirectUri: string, options: { claimsInIdToken?: boolean } = {}): Promise<LocalProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['NAVident', 'name'] },
    cookies: { keys: ['cookie-key-for-tests-only'] },
    // By default scope claims come from userinfo only (as the spec has it); `claimsInIdToken` puts them in
    // the ID token and switches userinfo off, like identity providers configured with optional claims.
    conformIdTokenClaims: !options.claimsInIdToken,
    features: { devInteractions: { enabled: true }, userinfo: { enabled: !options.claimsInIdToken } },
    pkce: { required: () => true },
    async findAccount(_ctx, accountId) {
      const navIdent = accountId.startsWith('navident:') ? accountId.slice('navident:'.length) : null;
      return {
        accountId,
        async claims() {
          return navIdent ? { sub: accountId, NAVident: navIdent, name: navIdent } : { sub: accountId, name: accountId };
        },
      };
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * Walks the provider's own pages as a browser would (following redirects, keeping its cookies,
 * submitting the login and consent forms) until it redirects to our callback; returns that URL.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, callbackPrefix: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  let init: { method: string; body?: URLSearchParams } = { method: 'GET' };
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: init.method,
      body: init.body,
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      url = new URL(response.headers.get('location')!, url);
      if (url.href.startsWith(callbackPrefix)) return url;
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no login or consent form on ${url.href}`);
    url = new URL(action.replace(/&amp;/g, '&'), url);
    init = { method: 'POST', body: new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt }) };
  }
  throw new Error('the provider never redirected back');
}

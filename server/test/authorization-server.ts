// A real OAuth 2.0 authorization server (the oidc-provider package) on a free loopback port: the
// authorization-code grant with PKCE, refresh tokens, revocation and a userinfo endpoint that
// accepts its access tokens. Its own sign-in and consent pages (devInteractions) stand in for the
// vendor's; `approve` fills them in the way a person would in a browser.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import Provider from 'oidc-provider';

export interface AuthorizationServerOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Scopes the client may ask for, besides openid. */
  scopes: string[];
  accessTokenTtlSeconds?: number;
}

export async function startAuthorizationServer(options: AuthorizationServerOptions) {
  const http = createServer();
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: ['openid', ...options.scopes].join(' '),
      },
    ],
    scopes: ['openid', ...options.scopes],
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
    // As Slack and most APIs do: a refresh token for every grant, not only for offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    pkce: { required: () => true },
    ttl: { AccessToken: options.accessTokenTtlSeconds ?? 3600 },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub }),
    }),
    cookies: { keys: [randomBytes(32).toString('hex')] },
  });
  // oidc-provider warns on stderr about its development keys and pages: expected in a test.
  provider.on('server_error', () => {});
  http.on('request', provider.callback());
  return {
    issuer,
    provider,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    revocationUrl: `${issuer}/token/revocation`,
    userinfoUrl: `${issuer}/me`,
    /** Revokes a token at the provider, as a user removing the app in the vendor's settings does. */
    async revoke(token: string): Promise<void> {
      const response = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ token }),
      });
      if (!response.ok) throw new Error(`revocation answered ${response.status}`);
    },
    close: async () => {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

export type AuthorizationServer = Awaited<ReturnType<typeof startAuthorizationServer>>;

/**
 * Signs in as `login` on the provider's pages and approves the consent screen, following every
 * redirect with the provider's cookies, and returns the URL the browser would be sent back to
 * (the redirect URI with code and state) without opening it.
 */
export async function approve(authorizeUrl: string, redirectUri: string, login = 'alice') {
  const cookies = new Map<string, string>();
  let url = authorizeUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form } : {}),
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url).href;
      if (next.startsWith(redirectUri)) return next;
      url = next;
      form = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(html)?.[1];
    if (!action)
      throw new Error(
        `the provider answered ${response.status} with no form: ${html.slice(0, 300)}`,
      );
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? '';
    form = new URLSearchParams(
      prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt },
    );
    url = new URL(action.replaceAll('&amp;', '&'), url).href;
  }
  throw new Error('the provider never redirected back');
}

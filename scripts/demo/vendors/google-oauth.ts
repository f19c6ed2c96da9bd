// A Google-shaped OAuth 2.0 authorization server for the demo's Google Analytics connection, as
// Google documents its web-server flow (https://developers.google.com/identity/protocols/oauth2/web-server):
// the authorize page (`/o/oauth2/v2/auth`, which here consents at once for the demo user) sends
// the browser back with a code; the token endpoint (`/token`) exchanges it, PKCE checked, for an
// access token of an hour and a refresh token, and refreshes with that refresh token. Errors are
// Google's (`invalid_grant`, `invalid_client`, `redirect_uri_mismatch`). Codes and tokens are
// signed, not stored, so a restarted demo service still accepts the grants it gave; a code may
// therefore be used more than once, which Google would refuse.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { DemoRequest, DemoResponse, DemoRoute } from './routes.js';

/** The demo tenant's own OAuth app, as registered with Google. */
export const GOOGLE_DEMO_CLIENT = {
  clientId: '000000000000-demo.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-demo-0000-0000',
};

const ACCESS_TOKEN_SECONDS = 3599;
const CODE_SECONDS = 60;
const SIGNING_KEY = 'bizosaas demo service';

type Grant =
  | { use: 'code'; redirectUri: string; scope: string; challenge?: string; exp: number }
  | { use: 'access'; scope: string; exp: number }
  | { use: 'refresh'; scope: string };

const mac = (data: string) => createHmac('sha256', SIGNING_KEY).update(data).digest('base64url');

function sign(grant: Grant): string {
  const data = Buffer.from(JSON.stringify(grant)).toString('base64url');
  return `${data}.${mac(data)}`;
}

function verify<U extends Grant['use']>(
  token: string,
  use: U,
): Extract<Grant, { use: U }> | undefined {
  const [data = '', signature = ''] = token.split('.');
  const expected = Buffer.from(mac(data));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const grant = JSON.parse(Buffer.from(data, 'base64url').toString()) as Grant;
  if (grant.use !== use) return undefined;
  if ('exp' in grant && grant.exp * 1000 <= Date.now()) return undefined;
  return grant as Extract<Grant, { use: U }>;
}

const now = () => Math.floor(Date.now() / 1000);

/** Google's access tokens start `ya29.`, its refresh tokens `1//`. */
const ACCESS_PREFIX = 'ya29.';
const REFRESH_PREFIX = '1//';

/** Whether an `Authorization` header carries a live access token this server issued. */
export function isGoogleAccessToken(authorization: string | undefined): boolean {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '';
  return token.startsWith(ACCESS_PREFIX) && !!verify(token.slice(ACCESS_PREFIX.length), 'access');
}

const oauthError = (status: number, error: string, description: string): DemoResponse => ({
  status,
  body: { error, error_description: description },
});

/** The client from the form (client_secret_post) or a Basic header (client_secret_basic). */
function clientOf(req: DemoRequest): { id: string; secret: string } {
  const basic = /^Basic (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (basic) {
    const [id = '', secret = ''] = Buffer.from(basic, 'base64').toString().split(':');
    return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
  }
  return { id: String(req.json.client_id ?? ''), secret: String(req.json.client_secret ?? '') };
}

function tokens(scope: string, withRefresh: boolean): DemoResponse {
  return {
    status: 200,
    headers: { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' },
    body: {
      access_token:
        ACCESS_PREFIX + sign({ use: 'access', scope, exp: now() + ACCESS_TOKEN_SECONDS }),
      expires_in: ACCESS_TOKEN_SECONDS,
      ...(withRefresh ? { refresh_token: REFRESH_PREFIX + sign({ use: 'refresh', scope }) } : {}),
      scope,
      token_type: 'Bearer',
    },
  };
}

function exchange(req: DemoRequest): DemoResponse {
  const client = clientOf(req);
  if (
    client.id !== GOOGLE_DEMO_CLIENT.clientId ||
    client.secret !== GOOGLE_DEMO_CLIENT.clientSecret
  )
    return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
  const form = req.json;
  switch (form.grant_type) {
    case 'authorization_code': {
      const code = verify(String(form.code ?? ''), 'code');
      if (!code) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
      if (code.redirectUri !== form.redirect_uri)
        return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
      const verifier = String(form.code_verifier ?? '');
      if (
        code.challenge !== undefined &&
        createHash('sha256').update(verifier).digest('base64url') !== code.challenge
      )
        return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
      return tokens(code.scope, true);
    }
    case 'refresh_token': {
      const token = String(form.refresh_token ?? '');
      const grant = token.startsWith(REFRESH_PREFIX)
        ? verify(token.slice(REFRESH_PREFIX.length), 'refresh')
        : undefined;
      if (!grant) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      // Google keeps the refresh token: a refresh answers a new access token only.
      return tokens(grant.scope, false);
    }
    default:
      return oauthError(
        400,
        'unsupported_grant_type',
        `Invalid grant_type: ${String(form.grant_type ?? '')}`,
      );
  }
}

function authorize(req: DemoRequest): DemoResponse {
  const q = req.query;
  const redirectUri = q.get('redirect_uri') ?? '';
  if (q.get('client_id') !== GOOGLE_DEMO_CLIENT.clientId)
    return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
  if (q.get('response_type') !== 'code' || !/^https?:\/\//.test(redirectUri))
    return oauthError(
      400,
      'invalid_request',
      'Required parameter is missing: response_type or redirect_uri',
    );
  const method = q.get('code_challenge_method');
  if (method !== null && method !== 'S256')
    return oauthError(400, 'invalid_request', 'Invalid code_challenge_method');
  const scope = q.get('scope') ?? '';
  const challenge = q.get('code_challenge') ?? undefined;
  const code = sign({
    use: 'code',
    redirectUri,
    scope,
    ...(challenge ? { challenge } : {}),
    exp: now() + CODE_SECONDS,
  });
  const back = new URL(redirectUri);
  const state = q.get('state');
  if (state !== null) back.searchParams.set('state', state);
  back.searchParams.set('code', code);
  back.searchParams.set('scope', scope);
  return { status: 302, headers: { location: back.href }, body: {} };
}

export function googleOAuthRoutes(): DemoRoute[] {
  return [
    { method: 'GET', pattern: /^\/o\/oauth2\/v2\/auth$/, handle: authorize },
    { method: 'POST', pattern: /^\/token$/, handle: exchange },
  ];
}

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtinConnectors } from '../src/connectors/index.js';
import type { OAuth2Auth } from '../src/connectors/sdk/index.js';
import { exchangeAuthorizationCode } from '../src/http/oauth2.js';
import { NodeError } from '../src/node-error.js';
import { json, startVendor } from './support/vendor-server.js';

// Each connector's "Connect" ends in a code exchange at its vendor's token endpoint, and vendors
// answer it in their own ways: Slack says ok:false in a 200, Shopify and WordPress.com give no
// expiry or refresh token, Zoho adds its api_domain. The answers below are the examples of each
// vendor's documentation page (named per case), served by a stand-in for the token endpoint; the
// request each connection sends is asserted in full.

interface Case {
  connector: string;
  method: string;
  /** The connection's own fields besides the client id and secret. */
  fields?: Record<string, string>;
  tokenUrl: string;
  page: string;
  answer: Record<string, unknown>;
  tokens: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    connector: 'slack',
    method: 'oauth2',
    fields: { signingSecret: 'sig' },
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    page: 'https://api.slack.com/methods/oauth.v2.access',
    answer: {
      ok: true,
      access_token: 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
      token_type: 'bot',
      scope: 'commands,incoming-webhook',
      bot_user_id: 'U0KRQLJ9H',
      app_id: 'A0KRD7HC3',
      team: { name: 'Slack Softball Team', id: 'T9TK3CUKW' },
      enterprise: { name: 'slack-sports', id: 'E12345678' },
      authed_user: {
        id: 'U1234',
        scope: 'chat:write',
        access_token: 'xoxp-1234',
        token_type: 'user',
      },
    },
    tokens: {
      accessToken: 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
      scope: 'commands,incoming-webhook',
      tokenType: 'bot',
    },
  },
  {
    connector: 'shopify',
    method: 'oauth2',
    fields: { shop: 'acme.myshopify.com', webhookSecret: 'whs' },
    tokenUrl: 'https://acme.myshopify.com/admin/oauth/access_token',
    page: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-token-types/offline-access-tokens',
    answer: {
      access_token: 'f85632530bf277ec9ac6f649fc327f17',
      scope: 'write_orders,read_customers',
    },
    tokens: {
      accessToken: 'f85632530bf277ec9ac6f649fc327f17',
      scope: 'write_orders,read_customers',
    },
  },
  {
    connector: 'hubspot',
    method: 'oauth2',
    tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
    page: 'https://developers.hubspot.com/docs/api/oauth/tokens',
    answer: {
      token_type: 'bearer',
      refresh_token: '1e8fbfb1-8e96-4826-8b8d-c8af73715',
      access_token: 'CIrToaiiMhIHAAEAQAAAARiO1ooBIOP0sgEokuLtATEaOLZKgN2sPQPGCLrWUHa0',
      expires_in: 1800,
    },
    tokens: {
      accessToken: 'CIrToaiiMhIHAAEAQAAAARiO1ooBIOP0sgEokuLtATEaOLZKgN2sPQPGCLrWUHa0',
      refreshToken: '1e8fbfb1-8e96-4826-8b8d-c8af73715',
      tokenType: 'bearer',
      expiresIn: 1800,
    },
  },
  {
    connector: 'zoho_crm',
    method: 'oauth2',
    fields: { dataCentre: 'eu' },
    tokenUrl: 'https://accounts.zoho.eu/oauth/v2/token',
    page: 'https://www.zoho.com/crm/developer/docs/api/v8/access-refresh.html',
    answer: {
      access_token: '1000.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      refresh_token: '1000.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy',
      scope: 'ZohoCRM.modules.ALL',
      api_domain: 'https://www.zohoapis.eu',
      token_type: 'Bearer',
      expires_in: 3600,
    },
    tokens: {
      accessToken: '1000.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      refreshToken: '1000.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy',
      scope: 'ZohoCRM.modules.ALL',
      tokenType: 'Bearer',
      expiresIn: 3600,
    },
  },
  {
    connector: 'google_analytics',
    method: 'oauth2',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    page: 'https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code',
    answer: {
      access_token: '1/fFAGRNJru1FTz70BzhT3Zg',
      expires_in: 3920,
      token_type: 'Bearer',
      scope: 'https://www.googleapis.com/auth/analytics.readonly',
      refresh_token: '1//xEoDL4iW3cxlI7yDbSRFYNG01kVKM2C-259HOF2aQbI',
    },
    tokens: {
      accessToken: '1/fFAGRNJru1FTz70BzhT3Zg',
      refreshToken: '1//xEoDL4iW3cxlI7yDbSRFYNG01kVKM2C-259HOF2aQbI',
      scope: 'https://www.googleapis.com/auth/analytics.readonly',
      tokenType: 'Bearer',
      expiresIn: 3920,
    },
  },
  {
    connector: 'wordpress',
    method: 'wordpress_com',
    fields: { site: 'example.wordpress.com' },
    tokenUrl: 'https://public-api.wordpress.com/oauth2/token',
    page: 'https://developer.wordpress.com/docs/oauth2/',
    answer: {
      access_token: 'YOUR_API_TOKEN',
      blog_id: '12345678',
      blog_url: 'https://example.wordpress.com',
      token_type: 'bearer',
    },
    tokens: { accessToken: 'YOUR_API_TOKEN', tokenType: 'bearer' },
  },
];

let answer: { status: number; body: unknown } = { status: 200, body: {} };
let vendor: Awaited<ReturnType<typeof startVendor>>;
beforeAll(async () => {
  vendor = await startVendor((_, res) => json(res, answer.status, answer.body));
});
afterAll(() => vendor.close());

function oauthMethod(connectorId: string, methodId: string) {
  const connector = builtinConnectors.find((c) => c.id === connectorId)!;
  const method = connector.connection.auth.find((a) => a.id === methodId);
  expect(method?.kind).toBe('oauth2');
  return method as OAuth2Auth<string, never>;
}

/** The code exchange as the server makes it after the callback, sent to the stand-in. */
function exchange(method: OAuth2Auth<string, never>, credentials: Record<string, string>) {
  return exchangeAuthorizationCode(
    {
      url: `${vendor.url}/token`,
      client: method.client(credentials as never),
      clientAuth: method.clientAuth,
      outbound: vendor.outbound,
    },
    { code: 'the-code', redirectUri: 'https://app.example/oauth/callback' },
  );
}

describe.each(CASES)('$connector: the token answer of $page', (c) => {
  test('reads as the connection’s tokens, from the request the vendor documents', async () => {
    const method = oauthMethod(c.connector, c.method);
    const credentials = { clientId: 'client-1', clientSecret: 'secret-1', ...c.fields };
    expect(method.tokenUrl(credentials as never)).toBe(c.tokenUrl);
    answer = { status: 200, body: c.answer };
    const from = vendor.received.length;
    const before = Date.now();
    const tokens = await exchange(method, credentials);
    const { expiresIn, ...rest } = c.tokens as { expiresIn?: number };
    expect({ ...tokens, expiresAt: undefined }).toEqual({ ...rest, expiresAt: undefined });
    if (expiresIn === undefined) expect(tokens.expiresAt).toBeUndefined();
    else {
      expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + expiresIn * 1000);
      expect(tokens.expiresAt).toBeLessThanOrEqual(Date.now() + expiresIn * 1000);
    }
    const [sent] = vendor.received.slice(from);
    expect(sent).toMatchObject({
      method: 'POST',
      path: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(Object.fromEntries(new URLSearchParams(sent!.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.example/oauth/callback',
      client_id: 'client-1',
      client_secret: 'secret-1',
    });
  });
});

describe('refusals', () => {
  const refusal = async () => {
    const error = await exchange(oauthMethod('slack', 'oauth2'), {
      clientId: 'client-1',
      clientSecret: 'secret-1',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NodeError);
    return error as NodeError;
  };

  test('Slack’s ok: false in a 200 is a refusal naming Slack’s error', async () => {
    answer = { status: 200, body: { ok: false, error: 'invalid_code' } };
    expect(await refusal()).toMatchObject({
      code: 'AUTH_FAILED',
      retryable: false,
      message: `${vendor.host} refused the token request (invalid_code)`,
    });
  });

  test('an RFC 6749 error answer names the error and its description', async () => {
    answer = { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
    expect(await refusal()).toMatchObject({
      code: 'AUTH_FAILED',
      message: `${vendor.host} refused the token request (invalid_grant: Bad Request)`,
    });
  });
});

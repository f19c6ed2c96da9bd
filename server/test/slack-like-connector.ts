// A Slack-like connector whose OAuth app lives on the local authorization server (oidc-provider):
// "Sign in" is its authorization-code grant with PKCE, the test request and the one operation
// read its userinfo endpoint with the access token, as Slack's auth.test reads the bot's identity.
import { z } from 'zod';
import { defineConnection, defineConnector, oauth2Auth, oauth2ClientFields } from '@bizosaas/nodes';

export const SLACK_LIKE_SCOPES = ['chat:write'];

/** The platform's OAuth app for it, as OAUTH_CLIENTS names it. */
export const SLACK_LIKE_CLIENT = {
  clientId: 'bizosaas-chatter',
  clientSecret: 'chatter-client-secret-for-tests',
};

/** `issuer()` is read on every use, so the connector can exist before the server it points at. */
export function slackLikeConnector(issuer: () => string) {
  const connection = defineConnection({
    auth: [
      oauth2Auth({
        id: 'oauth2',
        title: 'Sign in with Chatter',
        credentials: z.object({ ...oauth2ClientFields }),
        authorizeUrl: () => `${issuer()}/auth`,
        tokenUrl: () => `${issuer()}/token`,
        scopes: ['openid', ...SLACK_LIKE_SCOPES],
        clientAuth: 'basic',
      }),
    ],
    baseUrl: () => issuer(),
    test: { method: 'GET', path: '/me' },
  });
  return defineConnector({
    id: 'chatter',
    title: 'Chatter',
    description: 'A Slack-like chat whose OAuth app is the local authorization server.',
    category: 'messaging',
    icon: 'message-square',
    docsUrl: 'https://github.com/panva/node-oidc-provider',
    connection,
    operations: [
      connection.operation({
        id: 'whoami',
        title: 'Who am I',
        description: 'The workspace the connection signed in to.',
        params: z.object({}),
        output: z.object({ sub: z.string() }),
        http: { method: 'GET', path: '/me' },
      }),
    ],
  });
}

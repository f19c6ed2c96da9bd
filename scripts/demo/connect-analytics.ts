// Connects a tenant to the demo service's Google Analytics as a person would, so its OAuth tokens
// are what a completed grant leaves: Connect (connections.authorize) → the demo's Google consent
// page, which approves at once → /oauth/callback in the same browser session, where the server
// exchanges the code (PKCE) and writes the access token, refresh token and expiry to OpenBao →
// Test connection, so the connection shows as connected. Needs the server's CONNECTOR_OAUTH_URLS
// and CONNECTOR_BASE_URLS to send google_analytics to the demo service (vendors/base-urls.ts).
import { GA4_DEMO_PROPERTY } from './vendors/google-analytics.js';
import { GOOGLE_DEMO_CLIENT } from './vendors/google-oauth.js';

/** A signed-in tRPC mutation that resolves with its data or throws. */
export type Mutation = (path: string, input: unknown) => Promise<unknown>;

/** @returns the new connection's id; throws with the step that refused. */
export async function connectDemoAnalytics(
  mutate: Mutation,
  session: { cookie: string },
  name = 'Demo analytics',
): Promise<string> {
  const { authorizeUrl } = (await mutate('connections.authorize', {
    type: 'google_analytics',
    method: 'oauth2',
    name,
    credentials: { ...GOOGLE_DEMO_CLIENT, propertyId: GA4_DEMO_PROPERTY },
  })) as { authorizeUrl: string };
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = consent.headers.get('location');
  if (!callback)
    throw new Error(
      `the demo's Google sign-in answered ${consent.status}: ${await consent.text()}`,
    );
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie: session.cookie } });
  const connectionId = new URL(back.headers.get('location') ?? '/', callback).searchParams.get(
    'connected',
  );
  if (!connectionId)
    throw new Error(
      `the OAuth callback answered ${back.status}: ${(await back.text()).slice(0, 300)}`,
    );
  const test = (await mutate('connections.test', { connectionId })) as {
    ok: boolean;
    error: string | null;
  };
  if (!test.ok) throw new Error(`Test connection failed: ${test.error ?? 'no reason given'}`);
  return connectionId;
}

// Which connectors the dev stack sends to the demo service instead of the vendor (the demo
// tenant's connections then use the real connectors against it). WordPress needs no entry: a
// connection names its own site, the demo service's address. `demo` is that address.
import type { OAuthStandIn } from '@bizosaas/nodes/executors';

/** CONNECTOR_BASE_URLS: the vendors' APIs. */
export function demoConnectorBaseUrls(demo: string): Record<string, string> {
  return { hubspot: demo, slack: `${demo}/api`, google_analytics: demo };
}

/** CONNECTOR_OAUTH_URLS: Google's authorization server, so the demo's GA4 grant refreshes offline. */
export function demoConnectorOAuthUrls(demo: string): Record<string, OAuthStandIn> {
  return {
    google_analytics: { authorizeUrl: `${demo}/o/oauth2/v2/auth`, tokenUrl: `${demo}/token` },
  };
}

// Seeds the demo tenant's flows through the API, as a user would build them: the tenant may call
// the local demo service, is connected to its CMS, CRM, chat and analytics (the last through an
// OAuth grant, see connect-analytics.ts), and both journeys are created and published. Skipped
// when the tenant already has flows, so a second `npm run up` changes nothing.
import { CSRF_HEADER } from '@bizosaas/shared';
import { readConfig } from '@bizosaas/shared/config';
import { connectDemoAnalytics } from './connect-analytics.js';
import { campaignFlow, leadIntakeFlow } from './demo-flows.js';
import { HUBSPOT_DEMO_TOKEN } from './vendors/hubspot.js';
import { SLACK_DEMO_TOKEN } from './vendors/slack.js';
import { WORDPRESS_DEMO_USER } from './vendors/wordpress.js';

const DEMO = { email: 'demo@bizosaas.local', password: 'demo-password' };

const config = readConfig(process.env);
const api = `http://127.0.0.1:${config.SERVER_PORT}/trpc`;
const demoHost = `127.0.0.1:${config.DEMO_SERVICE_PORT}`;

let cookie = '';
let csrf = '';

async function call<T>(
  path: string,
  input: unknown,
  type: 'query' | 'mutation' = 'mutation',
): Promise<T> {
  const headers: Record<string, string> = { cookie, [CSRF_HEADER]: csrf };
  const response =
    type === 'query'
      ? await fetch(`${api}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers,
        })
      : await fetch(`${api}/${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${path}: ${body.error?.message ?? response.status}`);
  if (path === 'auth.login')
    cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  return body.result.data;
}

const login = await call<{ csrfToken: string }>('auth.login', DEMO);
csrf = login.csrfToken;
const existing = await call<{ flows: unknown[] }>('flows.list', {}, 'query');
if (existing.flows.length > 0) {
  console.log('    demo flows already there');
} else {
  await call('settings.update', {
    outbound: { allowPrivateNetworks: false, allowedHosts: [demoHost] },
  });
  // The demo tenant's systems, connected through the real connectors: WordPress at the demo
  // service's address, HubSpot, Slack and Google Analytics sent there by the stack's
  // CONNECTOR_BASE_URLS (and Google's sign-in by its CONNECTOR_OAUTH_URLS).
  const connect = async (name: string, type: string, method: string, credentials: object) =>
    (await call<{ id: string }>('connections.create', { name, type, method, credentials })).id;
  const connections = {
    cms: await connect('Demo blog', 'wordpress', 'application_password', {
      siteUrl: `http://${demoHost}`,
      ...WORDPRESS_DEMO_USER,
    }),
    crm: await connect('Demo CRM', 'hubspot', 'private_app', { accessToken: HUBSPOT_DEMO_TOKEN }),
    chat: await connect('Demo chat', 'slack', 'bot_token', { botToken: SLACK_DEMO_TOKEN }),
    analytics: await connectDemoAnalytics((path, input) => call(path, input), { cookie }),
  };
  const base = `http://${demoHost}`;
  for (const demo of [campaignFlow(base, connections), leadIntakeFlow(base, connections)]) {
    const flow = await call<{ id: string; revision: number }>('flows.create', demo);
    await call('flows.publish', { flowId: flow.id, revision: flow.revision });
    console.log(`    demo flow published: ${demo.name}`);
  }
}

// A small stand-in for a tenant's external systems, so the demo flows that `npm run up` seeds have
// something real to call. The CMS answers as WordPress, the CRM as HubSpot, the chat as Slack and
// the analytics as Google Analytics 4 behind a Google-shaped authorization server (vendors/), so
// the demo connections use the real connectors; social networks, reports and email, which have no
// connector yet, keep small routes of their own. State lives in memory: the point is the flows,
// not this service. Listens on 127.0.0.1 only.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { googleAnalyticsRoutes } from './vendors/google-analytics.js';
import { googleOAuthRoutes } from './vendors/google-oauth.js';
import { hubspotRoutes } from './vendors/hubspot.js';
import type { DemoRoute } from './vendors/routes.js';
import { slackRoutes } from './vendors/slack.js';
import { wordpressRoutes } from './vendors/wordpress.js';

const ok = (status: number, body: unknown) => ({ status, body });

function ownRoutes(): DemoRoute[] {
  return [
    { method: 'GET', pattern: /^\/healthz$/, handle: () => ok(200, { ok: true }) },
    {
      method: 'POST',
      pattern: /^\/social\/(linkedin|x)\/share$/,
      handle: ({ params: [network], json }) =>
        ok(201, { network, shareId: randomUUID(), postId: json.postId }),
    },
    {
      method: 'POST',
      pattern: /^\/reports$/,
      handle: ({ json }) => ok(201, { id: randomUUID(), ...json }),
    },
    {
      method: 'POST',
      pattern: /^\/email\/nurture$/,
      handle: ({ json }) => ok(202, { queued: true, email: json.email }),
    },
  ];
}

/** The body as JSON, or as a form where the vendor takes one (Slack's Web API). */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  if (!text) return {};
  if (req.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

async function handle(routes: DemoRoute[], req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://demo');
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    res
      .writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers })
      .end(JSON.stringify(body));
  for (const route of routes) {
    const match = route.pattern.exec(url.pathname);
    if (!match || route.method !== req.method) continue;
    let json: Record<string, unknown>;
    try {
      json = await readJson(req);
    } catch {
      return send(400, { error: 'the body must be JSON' });
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers[name] = value;
    const answer = route.handle({
      method: req.method,
      headers,
      query: url.searchParams,
      params: match.slice(1),
      json,
    });
    return send(answer.status, answer.body, answer.headers);
  }
  send(404, { error: `no route for ${req.method} ${url.pathname}` });
}

/** The WordPress site is the service's root (its REST API under /wp-json/wp/v2). */
export function startDemoService(port: number, host = '127.0.0.1') {
  let siteUrl = '';
  const routes = [
    ...ownRoutes(),
    ...wordpressRoutes(() => siteUrl),
    ...hubspotRoutes(),
    ...slackRoutes(),
    ...googleOAuthRoutes(),
    ...googleAnalyticsRoutes(),
  ];
  const server = createServer((req, res) => void handle(routes, req, res));
  return new Promise<typeof server>((resolve) =>
    server.listen(port, host, () => {
      siteUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
      resolve(server);
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.DEMO_SERVICE_PORT ?? 3002);
  await startDemoService(port);
  console.log(`demo service on http://127.0.0.1:${port}`);
}

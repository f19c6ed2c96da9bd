// A small stand-in for a tenant's external systems (CMS, social networks, analytics, CRM, chat,
// email), so the demo flows that `npm run up` seeds have something real to call. State lives in
// memory: the point is the flows, not this service. Listens on 127.0.0.1 only.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

type Json = Record<string, unknown>;
type Handler = (body: Json, params: string[], query: URLSearchParams) => [number, unknown];

const posts = new Map<string, Json>();
const contacts = new Map<string, Json>();
const deals: Json[] = [];
const messages: Json[] = [];

const routes: Array<[string, RegExp, Handler]> = [
  ['GET', /^\/healthz$/, () => [200, { ok: true }]],
  [
    'POST',
    /^\/cms\/posts$/,
    (body) => {
      const id = randomUUID();
      const topic = String(body.topic ?? 'our product');
      const post = {
        id,
        status: 'draft',
        title: `Five ways ${topic} saves you time`,
        body: `A draft about ${topic}.`,
      };
      posts.set(id, post);
      return [201, post];
    },
  ],
  [
    'POST',
    /^\/cms\/posts\/([\w-]+)\/publish$/,
    (_body, [id]) => {
      const post = posts.get(id!);
      if (!post) return [404, { error: 'no such post' }];
      Object.assign(post, { status: 'published', url: `https://blog.example.com/${id}` });
      return [200, post];
    },
  ],
  [
    'POST',
    /^\/social\/(linkedin|x)\/share$/,
    (body, [network]) => [201, { network, shareId: randomUUID(), postId: body.postId }],
  ],
  [
    'GET',
    /^\/analytics\/posts\/([\w-]+)$/,
    (_body, [id]) => [200, { postId: id, views: 1200 + (id!.charCodeAt(0) % 50) * 10, clicks: 87 }],
  ],
  ['POST', /^\/reports$/, (body) => [201, { id: randomUUID(), ...body }]],
  [
    'GET',
    /^\/crm\/contacts$/,
    (_body, _params, query) => [200, { contact: contacts.get(query.get('email') ?? '') ?? null }],
  ],
  [
    'POST',
    /^\/crm\/contacts$/,
    (body) => {
      const email = String(body.email ?? '');
      if (!email.includes('@')) return [400, { error: 'email is required' }];
      const contact = {
        id: contacts.get(email)?.id ?? randomUUID(),
        ...contacts.get(email),
        ...body,
      };
      contacts.set(email, contact);
      return [200, contact];
    },
  ],
  [
    'POST',
    /^\/crm\/deals$/,
    (body) => {
      const deal = { id: randomUUID(), stage: 'qualified', ...body };
      deals.push(deal);
      return [201, deal];
    },
  ],
  [
    'POST',
    /^\/chat\/messages$/,
    (body) => {
      messages.push(body);
      return [201, { ok: true, channel: body.channel ?? '#sales' }];
    },
  ],
  ['POST', /^\/email\/nurture$/, (body) => [202, { queued: true, email: body.email }]],
];

async function readJson(req: IncomingMessage): Promise<Json> {
  let text = '';
  for await (const chunk of req) text += chunk;
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://demo');
  const send = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  for (const [method, pattern, handler] of routes) {
    const match = pattern.exec(url.pathname);
    if (!match || method !== req.method) continue;
    try {
      const [status, body] = handler(await readJson(req), match.slice(1), url.searchParams);
      return send(status, body);
    } catch {
      return send(400, { error: 'the body must be JSON' });
    }
  }
  send(404, { error: `no route for ${req.method} ${url.pathname}` });
}

export function startDemoService(port: number, host = '127.0.0.1') {
  const server = createServer((req, res) => void handle(req, res));
  return new Promise<typeof server>((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.DEMO_SERVICE_PORT ?? 3002);
  await startDemoService(port);
  console.log(`demo service on http://127.0.0.1:${port}`);
}

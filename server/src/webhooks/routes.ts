// POST /hooks/<tenant>/<path>: authenticate the caller with the endpoint's secret, parse the body
// by its Content-Type, then either record the run (async: 202 + run id once Temporal has started
// it or Redis holds its job, webhooks/ingress.ts) or start it and wait for its result (sync: 200 +
// result, or what the flow's Respond to webhook node answered; 504 after the endpoint's timeout).
// /hooks/<tenant>/test/<path> does the same for the flow's current draft, as a test run: the
// builder tries a change on the real caller before publishing it (same secret, even while the
// flow is paused).
import { createHmac } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { OutboundPolicy, WebhookResponse } from '@bizosaas/nodes';
import type { RunResult } from '@bizosaas/runtime';
import type { JsonValue } from '@bizosaas/shared';
import { randomUUID } from 'node:crypto';
import { safeEqual, sha256 } from '../auth/tokens.js';
import type { WebhookEndpoint } from '../db/entities.js';
import { AppError } from '../errors.js';
import { startDraftRun } from '../runs/draft-runs.js';
import type { Services } from '../services.js';
import type { IngressJob } from './ingress.js';
import { parseWebhookBody } from './body.js';
import { ensureSameRequest } from './idempotency.js';
import { webhookSecretCache } from './secrets.js';
import { settingsOf } from '../tenants/settings.js';

export const WEBHOOK_MAX_BODY = '1mb';
const SECRET_HEADER = 'x-webhook-secret';
const SIGNATURE_HEADER = 'x-signature';
/** Headers never passed into a run: credentials of the call itself. */
const DROPPED_HEADERS = new Set([
  SECRET_HEADER,
  SIGNATURE_HEADER,
  'authorization',
  'cookie',
  'proxy-authorization',
]);

/** Headers a Respond to webhook node may not set: the platform's cookies and the framing. */
const PLATFORM_HEADERS = new Set([
  'set-cookie',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
]);

/** The flow's Respond to webhook answer: its status, headers and body; a string body sent as is. */
function answerAsDesigned(res: Response, runId: string, response: WebhookResponse) {
  res.status(response.status).setHeader('x-run-id', runId);
  for (const [name, value] of Object.entries(response.headers)) {
    if (!PLATFORM_HEADERS.has(name.toLowerCase())) res.setHeader(name, value);
  }
  if (typeof response.body === 'string') {
    if (!res.hasHeader('content-type')) res.type('text/plain');
    res.send(response.body);
  } else res.json(response.body);
}

type Endpoint = Pick<
  WebhookEndpoint,
  'id' | 'tenantId' | 'flowId' | 'method' | 'authMode' | 'responseMode' | 'timeoutMs'
> & {
  publishedVersion: number;
  /** The tenant's outbound policy, read with the endpoint: a sync call's run starts with it. */
  outbound: OutboundPolicy;
};

function authenticate(req: Request, endpoint: Endpoint, secret: string | undefined, raw: Buffer) {
  if (!secret) throw new AppError('UNAVAILABLE', 'the endpoint secret could not be read');
  if (endpoint.authMode === 'header') {
    const sent = req.header(SECRET_HEADER);
    if (!sent || !safeEqual(sent, secret))
      throw new AppError('UNAUTHENTICATED', `missing or wrong ${SECRET_HEADER} header`);
    return;
  }
  const sent = req.header(SIGNATURE_HEADER) ?? '';
  const expected = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  if (!safeEqual(sent, expected))
    throw new AppError(
      'UNAUTHENTICATED',
      `missing or wrong ${SIGNATURE_HEADER} (sha256=<hex HMAC-SHA256 of the body>)`,
    );
}

function runKeyOf(req: Request): string {
  const key = req.header('idempotency-key');
  if (key === undefined) return `hook-${randomUUID()}`;
  if (!/^[\x21-\x7e]{1,200}$/.test(key))
    throw new AppError('BAD_REQUEST', 'Idempotency-Key: 1–200 printable ASCII characters');
  return `hook-${sha256(key).slice(0, 40)}`;
}

export function webhookRoutes(services: Services) {
  const routes = express.Router();
  const secretOf = webhookSecretCache(services.secrets);
  const em = () => services.orm.em.fork();

  // One statement per call, on the shared connection pool (no EntityManager of its own).
  async function endpointOf(
    tenantSlug: string,
    path: string,
    live: boolean,
  ): Promise<Endpoint | undefined> {
    const [row] = await services.orm.em.getConnection().execute<Record<string, unknown>[]>(
      `SELECT e.id, e.tenant_id, e.flow_id, e.method, e.auth_mode, e.response_mode, e.timeout_ms,
                f.published_version, t.settings
           FROM webhook_endpoints e
           JOIN tenants t ON t.id = e.tenant_id
           JOIN flows f ON f.id = e.flow_id AND f.tenant_id = e.tenant_id
          WHERE t.slug = ? AND e.path = ? AND (e.active OR NOT ?) AND f.archived_at IS NULL
            AND f.published_version IS NOT NULL`,
      [tenantSlug, path, live],
    );
    if (!row) return undefined;
    return {
      id: row.id as string,
      tenantId: row.tenant_id as string,
      flowId: row.flow_id as string,
      method: row.method as string,
      authMode: row.auth_mode as Endpoint['authMode'],
      responseMode: row.response_mode as Endpoint['responseMode'],
      timeoutMs: row.timeout_ms as number,
      publishedVersion: row.published_version as number,
      outbound: settingsOf(row.settings).outbound,
    };
  }

  /** The draft as a test run of the call (the endpoint's flow, the caller's run key). */
  async function startDraft(job: IngressJob): Promise<void> {
    const [row] = await em()
      .getConnection()
      .execute<{ draft: unknown }[]>('SELECT draft FROM flows WHERE id = ? AND tenant_id = ?', [
        job.flowId,
        job.tenantId,
      ]);
    await startDraftRun(services, em(), {
      tenantId: job.tenantId,
      flowId: job.flowId,
      draft: row?.draft,
      payload: job.payload,
      runId: job.runKey,
      startedBy: null,
    });
  }

  const handle =
    (live: boolean) =>
    async (req: Request, res: Response): Promise<void> => {
      const tenant = String(req.params.tenant);
      const path = String(req.params.path);
      if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(tenant) || !/^[\w.-]{1,100}$/.test(path))
        throw new AppError('NOT_FOUND', 'no such webhook');
      const endpoint = await endpointOf(tenant, path, live);
      if (!endpoint) throw new AppError('NOT_FOUND', 'no such webhook');
      if (req.method !== endpoint.method) {
        res.setHeader('Allow', endpoint.method);
        throw new AppError('METHOD_NOT_ALLOWED', `this webhook accepts ${endpoint.method}`);
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      authenticate(req, endpoint, await secretOf(endpoint.tenantId, endpoint.id), raw);
      const body = parseWebhookBody(req.header('content-type'), raw);
      // Test runs have ids of their own: a key never reaches a live run from the test URL.
      const runKey = `${live ? '' : 'test-'}${runKeyOf(req)}`;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string' && !DROPPED_HEADERS.has(name)) headers[name] = value;
      const query: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.query))
        if (typeof value === 'string') query[name] = value;
      const payload = { method: req.method, headers, query, body } as JsonValue;
      const job = {
        tenantId: endpoint.tenantId,
        flowId: endpoint.flowId,
        version: endpoint.publishedVersion,
        runKey,
        payload,
      };
      // The id the run gets (RunGateway.start), known before it starts.
      const runId = `${endpoint.tenantId}/${endpoint.flowId}/${runKey}`;
      if (req.header('idempotency-key') !== undefined)
        await ensureSameRequest(services.redis, runId, {
          query: new URL(req.originalUrl, 'http://local').search,
          body: raw,
        });

      if (!live) await startDraft(job);
      else if (endpoint.responseMode === 'async')
        await services.ingress.accept(job, endpoint.outbound);
      else await services.ingress.startRun(job, endpoint.outbound);
      if (endpoint.responseMode === 'async') {
        res.status(202).json({ runId, status: 'accepted' });
        return;
      }
      let result: RunResult;
      try {
        result = await services.runs.result(endpoint.tenantId, runId, endpoint.timeoutMs);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('RUN_FAILED', 'the flow failed', { runId });
      }
      if (result.response) answerAsDesigned(res, runId, result.response);
      else res.status(200).json({ runId, result });
    };
  const body = express.raw({ type: () => true, limit: WEBHOOK_MAX_BODY });
  routes.all('/:tenant/test/:path', body, handle(false));
  routes.all('/:tenant/:path', body, handle(true));
  return routes;
}

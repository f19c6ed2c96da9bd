// POST /hooks/<tenant>/events/<flow id>: a vendor's webhook for a flow whose trigger is a
// connector's push trigger (Stripe events, Shopify webhooks, Slack's Events API, HubSpot). The
// vendor's own signature is checked with the trigger node's connection, its secret read from the
// secrets engine at the moment of use; a bad one is a 401 and starts nothing. Each verified event
// becomes one queued run whose id comes from the vendor's event id, so a redelivery (vendors retry
// until they see a 2xx) lands on the run the first delivery started.
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { JsonValue } from '@bizosaas/shared';
import type { Connector } from '@bizosaas/nodes';
import { pushEventId, verifyPushRequest } from '@bizosaas/nodes/executors';
import { sha256 } from '../auth/tokens.js';
import { AppError } from '../errors.js';
import { connectionSecretPath } from '../secrets/vault.js';
import type { Services } from '../services.js';
import { connectorTriggerOf, registeredConnectors } from '../services/connector-triggers.js';
import { WEBHOOK_MAX_BODY } from './routes.js';

const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The run key of one event: the vendor's id when it gives one (redeliveries share it). */
function runKeyOf(connector: Connector, eventId: string | undefined): string {
  return eventId === undefined
    ? `event-${randomUUID()}`
    : `event-${sha256(`${connector.id}:${eventId}`).slice(0, 40)}`;
}

export function connectorEventRoutes(services: Services) {
  const routes = express.Router();
  const connectors = registeredConnectors(services);

  async function publishedFlow(tenantSlug: string, flowId: string) {
    const [row] = await services.orm.em
      .fork()
      .getConnection()
      .execute<{ tenant_id: string; published_version: number }[]>(
        `SELECT f.tenant_id, f.published_version
           FROM flows f JOIN tenants t ON t.id = f.tenant_id
          WHERE t.slug = ? AND f.id = ? AND f.active AND f.archived_at IS NULL
            AND f.published_version IS NOT NULL`,
        [tenantSlug, flowId],
      );
    return row && { tenantId: row.tenant_id, version: row.published_version };
  }

  routes.post(
    '/:tenant/events/:flowId',
    express.raw({ type: () => true, limit: WEBHOOK_MAX_BODY }),
    async (req: Request, res: Response) => {
      const tenant = String(req.params.tenant);
      const flowId = String(req.params.flowId);
      if (!TENANT_SLUG.test(tenant) || !UUID.test(flowId))
        throw new AppError('NOT_FOUND', 'no such webhook');
      const flow = await publishedFlow(tenant, flowId);
      if (!flow) throw new AppError('NOT_FOUND', 'no such webhook');
      const definition = await services.ingress.definitionOf(flow.tenantId, flowId, flow.version);
      const found = connectorTriggerOf(definition, connectors);
      if (!found || found.trigger.kind !== 'push' || !found.connectionId)
        throw new AppError('NOT_FOUND', 'this flow does not start on vendor events');
      const { connector, trigger, connectionId, params } = found;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers[name] = value;
      const secret = await services.secrets.read(connectionSecretPath(flow.tenantId, connectionId));
      const outcome = await verifyPushRequest(
        connector,
        trigger.id,
        {
          headers,
          rawBody: (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)).toString('utf8'),
          receivedAt: Date.now(),
          method: req.method,
          url: `${services.connections.publicUrl}${req.originalUrl}`,
        },
        secret,
        params,
      );
      if (outcome.status === 401) throw new AppError('UNAUTHENTICATED', outcome.reason);
      if (outcome.status === 200) {
        res.status(200).type(outcome.reply.contentType).send(outcome.reply.body);
        return;
      }
      const runIds: string[] = [];
      for (const event of outcome.events) {
        const runKey = runKeyOf(connector, pushEventId(connector, trigger.id, event));
        await services.ingress.enqueue({
          tenantId: flow.tenantId,
          flowId,
          version: flow.version,
          runKey,
          payload: event as JsonValue,
        });
        runIds.push(`${flow.tenantId}/${flowId}/${runKey}`);
      }
      res.status(202).json({ runIds, status: 'accepted' });
    },
  );
  return routes;
}

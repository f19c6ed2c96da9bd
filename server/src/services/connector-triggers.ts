// Flows whose trigger is a connector's: a vendor's webhook (push) or a poll of its API. Which
// trigger a node is, and where a vendor sends a flow's events.
import type { AnyTrigger, Connector } from '@bizosaas/nodes';
import { FlowGraphSchema, type FlowDefinition } from '@bizosaas/shared';
import { FlowEntity, FlowVersionEntity, TenantEntity } from '../db/entities.js';
import { AppError } from '../errors.js';
import type { Services } from '../services.js';
import type { Scope } from './scope.js';

/** A flow whose trigger is a connector's (a vendor's webhook or a poll of its API). */
export interface ConnectorTrigger {
  connector: Connector;
  trigger: AnyTrigger;
  /** The trigger node's connection: its secret verifies the vendor's calls, or makes the polls. */
  connectionId: string | undefined;
  params: Record<string, unknown>;
}

/** The connectors tenants may connect on this server (its connection types that have one). */
export function registeredConnectors(services: Pick<Services, 'connections'>): Connector[] {
  return services.connections.types
    .list()
    .flatMap((type) => (type.connector ? [type.connector] : []));
}

interface TriggerNodeLike {
  type: string;
  typeVersion: number;
  params: unknown;
  connectionId?: string | undefined;
}

/** The connector trigger a node is, if it is one (of a draft or a published definition). */
export function connectorTriggerNode(
  node: TriggerNodeLike,
  connectors: readonly Connector[],
): ConnectorTrigger | undefined {
  const dot = node.type.indexOf('.');
  const connector = connectors.find((c) => c.id === node.type.slice(0, dot));
  const trigger = connector?.triggers.find(
    (t) => t.id === node.type.slice(dot + 1) && (t.version ?? 1) === node.typeVersion,
  );
  if (!connector || !trigger) return undefined;
  return {
    connector,
    trigger,
    connectionId: node.connectionId,
    params: (node.params ?? {}) as Record<string, unknown>,
  };
}

/** The connector trigger of a published definition, when its trigger is one. */
export function connectorTriggerOf(
  definition: Pick<FlowDefinition, 'trigger' | 'nodes'>,
  connectors: readonly Connector[],
): ConnectorTrigger | undefined {
  const node = definition.nodes.find((n) => n.id === definition.trigger);
  return node ? connectorTriggerNode(node, connectors) : undefined;
}

/** Where a vendor sends a flow's events: known from the flow id alone, before it is published. */
export function connectorEventsUrl(publicUrl: string, tenantSlug: string, flowId: string): string {
  return `${publicUrl}/hooks/${tenantSlug}/events/${flowId}`;
}

/**
 * The URL to register at the vendor for a flow whose draft starts on a connector's push trigger
 * (null for any other flow), and whether the published version listens on it now.
 */
export async function connectorEventsEndpoint(scope: Scope, flowId: string) {
  const flow = await scope.em.findOne(FlowEntity, { id: flowId, tenantId: scope.tenantId });
  if (!flow) throw new AppError('NOT_FOUND', 'no such flow');
  const connectors = registeredConnectors(scope.services);
  const push = FlowGraphSchema.parse(flow.draft)
    .nodes.map((node) => connectorTriggerNode(node, connectors))
    .find((found) => found?.trigger.kind === 'push');
  if (!push) return null;
  let listening = false;
  if (flow.publishedVersion !== null && flow.active && !flow.archivedAt) {
    const version = await scope.em.findOneOrFail(FlowVersionEntity, {
      tenantId: scope.tenantId,
      flowId,
      version: flow.publishedVersion,
    });
    const published = connectorTriggerOf(version.definition as FlowDefinition, connectors);
    listening = published?.trigger.kind === 'push';
  }
  const tenant = await scope.em.findOneOrFail(TenantEntity, { id: scope.tenantId });
  return {
    url: connectorEventsUrl(scope.services.connections.publicUrl, tenant.slug, flowId),
    connector: { id: push.connector.id, title: push.connector.title },
    trigger: { id: push.trigger.id, title: push.trigger.title },
    connectionId: push.connectionId ?? null,
    listening,
  };
}

// What a run needs from the platform database, gathered when it starts because the worker has
// none: the tenant's outbound network policy and the pinned definitions of every flow its
// sub-flow nodes may start (transitively), so the run is self-contained and replays the same way.
import type { EntityManager } from '@mikro-orm/postgresql';
import { definitionNodes, type FlowDefinition } from '@bizosaas/shared';
import type { OutboundPolicy } from '@bizosaas/nodes';
import type { RunMeta } from '@bizosaas/runtime';
import { FlowEntity, FlowVersionEntity } from '../db/entities.js';
import { outboundPolicyOf } from '../tenants/settings.js';

const SUB_FLOW_TYPE = 'core.sub_flow';
/** Sub-flows nest at most this deep; a deeper chain is left unpinned and fails at that node. */
const MAX_SUB_FLOW_DEPTH = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RunContext = Pick<RunMeta, 'outbound' | 'subFlows'>;

/** Literal flow ids of the sub-flow nodes in a definition and its loop bodies. */
function subFlowIds(definition: FlowDefinition): string[] {
  const ids: string[] = [];
  for (const node of definitionNodes(definition))
    if (
      node.type === SUB_FLOW_TYPE &&
      typeof node.params.flowId === 'string' &&
      !node.expressions.length
    )
      ids.push(node.params.flowId);
  return ids;
}

async function pinSubFlows(
  orm: EntityManager,
  tenantId: string,
  definition: FlowDefinition,
): Promise<NonNullable<RunMeta['subFlows']>> {
  const pinned: NonNullable<RunMeta['subFlows']> = {};
  let frontier = subFlowIds(definition);
  if (frontier.length === 0) return pinned;
  // Entity reads need an EntityManager of their own; most flows start no sub-flow and need none.
  const em = orm.fork();
  for (let depth = 0; frontier.length > 0 && depth < MAX_SUB_FLOW_DEPTH; depth++) {
    const next: string[] = [];
    for (const flowId of frontier) {
      if (pinned[flowId] || !UUID.test(flowId)) continue;
      const flow = await em.findOne(FlowEntity, { id: flowId, tenantId, archivedAt: null });
      if (!flow?.publishedVersion) continue;
      const version = await em.findOneOrFail(FlowVersionEntity, {
        tenantId,
        flowId,
        version: flow.publishedVersion,
      });
      const child = version.definition as FlowDefinition;
      pinned[flowId] = { version: version.version, definition: child };
      next.push(...subFlowIds(child));
    }
    frontier = next;
  }
  return pinned;
}

/**
 * What a run of `definition` carries from the database. `outbound` is the tenant's policy when the
 * caller has read it already (a webhook call reads it with its endpoint, in one statement).
 */
export async function runContextOf(
  orm: EntityManager,
  tenantId: string,
  definition: FlowDefinition,
  outbound?: OutboundPolicy,
): Promise<RunContext> {
  const [policy, subFlows] = await Promise.all([
    outbound ?? outboundPolicyOf(orm, tenantId),
    pinSubFlows(orm, tenantId, definition),
  ]);
  return Object.keys(subFlows).length > 0 ? { outbound: policy, subFlows } : { outbound: policy };
}

// The server's half of a polling trigger (new HubSpot contacts, …). Publishing the flow gives it
// a Temporal Schedule, as a schedule trigger gets one, so pausing, archiving or republishing the
// flow acts on it the same way; at each interval the runtime's poll workflow calls this activity
// on the platform worker, which holds what a poll needs: the database, the connection's secret
// and the run gateway. It asks the vendor what is new since the trigger's cursor, starts one run
// per new item, its run id made from the item's id, and only then moves the cursor: a poll that
// dies half way asks again, and the runs it had started are found, not started twice. The cursor
// and the seen ids live in Redis, which fsyncs every write, so they survive restarts.
import type { PollTriggerActivities } from '@bizosaas/runtime';
import {
  openConnection,
  pollTrigger,
  RedisCursorStore,
  standInsFor,
} from '@bizosaas/nodes/executors';
import { sha256 } from '../auth/tokens.js';
import { markNeedsAttention } from '../connections/health.js';
import { ConnectionEntity, FlowEntity } from '../db/entities.js';
import { connectionKey, type StoredSecret } from '../oauth/refresh.js';
import { connectionSecretPath } from '../secrets/vault.js';
import type { Services } from '../services.js';
import { outboundPolicyOf } from '../tenants/settings.js';
import { connectorTriggerOf, registeredConnectors } from './connector-triggers.js';

/** Where a flow's polling trigger keeps its cursor and the ids it has seen. */
export const pollStateKey = (tenantId: string, flowId: string) => `${tenantId}/${flowId}`;

export function pollCursors(services: Pick<Services, 'redis'>) {
  return new RedisCursorStore(services.redis);
}

export function createTriggerPollActivities(services: Services): PollTriggerActivities {
  const cursors = pollCursors(services);
  const connectors = registeredConnectors(services);
  return {
    async pollConnectorTrigger({ tenantId, flowId, version }) {
      const em = services.orm.em.fork();
      const flow = await em.findOne(FlowEntity, { id: flowId, tenantId });
      // A firing that raced a republish or a pause: the schedule itself has moved on.
      if (!flow || flow.publishedVersion !== version || !flow.active || flow.archivedAt)
        return { started: 0 };
      const definition = await services.ingress.definitionOf(tenantId, flowId, version);
      const found = connectorTriggerOf(definition, connectors);
      if (found?.trigger.kind !== 'polling' || !found.connectionId) return { started: 0 };
      const { connector, trigger, params } = found;
      const connection = await em.findOne(ConnectionEntity, { id: found.connectionId, tenantId });
      if (!connection) throw new Error(`the trigger's connection ${found.connectionId} is gone`);
      const secret = await services.secrets.read<StoredSecret>(
        connectionSecretPath(tenantId, connection.id),
      );
      const deps = services.connections;
      const call = openConnection(connector, secret, {
        outbound: await outboundPolicyOf(em, tenantId),
        runtime: {
          key: connectionKey(tenantId, connection.id),
          tokens: deps.refresher,
          markNeedsAttention: (reason) => markNeedsAttention(em, deps, connection, reason),
        },
        ...standInsFor(deps, connector.id),
      });
      const poll = await pollTrigger(
        connector,
        trigger.id,
        pollStateKey(tenantId, flowId),
        call,
        params,
        cursors,
      );
      for (const item of poll.items) {
        await services.runs.start({
          tenantId,
          flowId,
          version,
          definition,
          trigger: { kind: 'poll', payload: item as never },
          runId: `poll-${sha256(`${connector.id}:${trigger.itemId(item)}`).slice(0, 40)}`,
          startedBy: null,
        });
      }
      await poll.commit();
      services.metrics.runsStarted.inc({ trigger: 'poll' }, poll.items.length);
      return { started: poll.items.length };
    },
  };
}

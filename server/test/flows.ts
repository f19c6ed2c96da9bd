// Flow graphs the server tests draw, with the built-in nodes of @bizosaas/nodes.
import type { FlowGraphInput, JsonValue, NodeInstance } from '@bizosaas/shared';

export const node = (
  id: string,
  type: string,
  params: Record<string, unknown> = {},
  name = id,
): NodeInstance => ({
  id,
  type,
  typeVersion: 1,
  name,
  position: { x: 0, y: 0 },
  params: params as NodeInstance['params'],
  onError: 'fail',
});

export const edge = (source: string, target: string, sourceOutput = 'main') => ({
  id: sourceOutput === 'main' ? `${source}-${target}` : `${source}-${sourceOutput}-${target}`,
  source,
  sourceOutput,
  target,
  targetInput: 'main',
});

/** Manual trigger → Set `{ version: <marker> }`: a run's result tells which version ran it. */
export function manualFlow(
  marker: string | number = 1,
  extra: Record<string, unknown> = {},
): FlowGraphInput {
  return {
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.manual_trigger'),
      node('set', 'core.set', { values: { version: marker, ...extra } }),
    ],
    edges: [edge('trigger', 'set')],
    settings: { variables: {} },
  };
}

/** Webhook trigger → Set echoing the body: the bench and webhook tests' flow. */
export function webhookFlow(path: string, params: Record<string, unknown> = {}): FlowGraphInput {
  return {
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.webhook_trigger', { path, ...params }),
      node('set', 'core.set', { values: { received: '{{ $trigger.body }}', ok: true } }),
    ],
    edges: [edge('trigger', 'set')],
    settings: { variables: {} },
  };
}

/** A delay between trigger and Set, so a run stays open while a test changes the flow. */
export function slowFlow(marker: string | number, delayMs: number): FlowGraphInput {
  return {
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.manual_trigger'),
      node('wait', 'core.delay', { amount: delayMs, unit: 'ms' }),
      node('set', 'core.set', { values: { version: marker } }),
    ],
    edges: [edge('trigger', 'wait'), edge('wait', 'set')],
    settings: { variables: {} },
  };
}

/** Manual trigger → HTTP GET of `url`: what a tenant's outbound settings allow or refuse. */
export function httpFlow(url: string): FlowGraphInput {
  return {
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.manual_trigger'),
      node('call', 'core.http_request', { method: 'GET', url }, 'Call service'),
    ],
    edges: [edge('trigger', 'call')],
    settings: { variables: {} },
  };
}

/** Manual trigger → Sub-flow running `childFlowId` and waiting for its result. */
export function parentFlow(childFlowId: string): FlowGraphInput {
  return {
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.manual_trigger'),
      node('child', 'core.sub_flow', { flowId: childFlowId, wait: true }, 'Run child'),
    ],
    edges: [edge('trigger', 'child')],
    settings: { variables: {} },
  };
}

/** Schedule trigger firing every `intervalMs` → Set recording when it fired. */
export function scheduledFlow(intervalMs: number): FlowGraphInput {
  return {
    schemaVersion: 2,
    nodes: [
      node('tick', 'core.schedule_trigger', { intervalMs }),
      node('set', 'core.set', { values: { firedAt: '{{ $trigger.scheduledAt }}' } }),
    ],
    edges: [edge('tick', 'set')],
    settings: { variables: {} },
  };
}

/** Manual trigger → Approval → one Set per outcome, each saying which way the run went. */
export function approvalFlow(params: Record<string, JsonValue>): FlowGraphInput {
  const node = (id: string, type: string, p: Record<string, JsonValue> = {}) => ({
    id,
    type,
    typeVersion: 1,
    name: id,
    position: { x: 0, y: 0 },
    params: p,
    onError: 'fail' as const,
  });
  const edge = (source: string, sourceOutput: string, target: string) => ({
    id: `${source}-${sourceOutput}-${target}`,
    source,
    sourceOutput,
    target,
    targetInput: 'main',
  });
  return {
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.manual_trigger'),
      node('ask', 'core.approval', {
        title: 'Discount of {{ $trigger.discount }}% for {{ $trigger.customer }}',
        description: 'Deal size {{ $trigger.amount }} EUR',
        details: { Customer: '{{ $trigger.customer }}', Discount: '{{ $trigger.discount }}' },
        ...params,
      }),
      node('approved', 'core.set', {
        values: { went: 'approved', by: '{{ $node.ask.output.decidedBy }}' },
      }),
      node('rejected', 'core.set', {
        values: { went: 'rejected', form: '{{ $node.ask.output.form }}' },
      }),
      node('timeout', 'core.set', { values: { went: 'timeout' } }),
    ],
    edges: [
      edge('trigger', 'main', 'ask'),
      edge('ask', 'approved', 'approved'),
      edge('ask', 'rejected', 'rejected'),
      edge('ask', 'timeout', 'timeout'),
    ],
    settings: { variables: {} },
  };
}

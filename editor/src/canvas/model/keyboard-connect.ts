import type { Edge, FlowGraph, NodeCatalog } from '@bizosaas/shared';
import { checkConnection } from './connection-rules';
import { newId } from './names';

/** A port chosen with the keyboard as one end of a connection still being made. */
export interface PendingPort {
  nodeId: string;
  port: string;
  side: 'input' | 'output';
}

export type PortPress =
  | { kind: 'started'; pending: PendingPort; notice: string }
  | { kind: 'cancelled'; notice: string }
  | { kind: 'connected'; edge: Edge; notice: string }
  | { kind: 'refused'; pending: PendingPort; notice: string };

/**
 * What pressing Enter on a port means: the first press picks one end (an output or an input), a
 * press on a port of the other side makes the edge, through the same rules a drag obeys; pressing
 * the picked port again, or another port on its side, cancels or re-picks. Each outcome carries the
 * sentence the live region reads out.
 */
export function pressPort(
  graph: FlowGraph,
  catalog: NodeCatalog,
  pending: PendingPort | undefined,
  pressed: PendingPort,
): PortPress {
  const name = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id;
  const describe = (p: PendingPort) => `${name(p.nodeId)} ${p.side} ${p.port}`;
  if (
    pending &&
    pending.nodeId === pressed.nodeId &&
    pending.port === pressed.port &&
    pending.side === pressed.side
  )
    return { kind: 'cancelled', notice: 'Connection cancelled' };
  if (!pending || pending.side === pressed.side)
    return {
      kind: 'started',
      pending: pressed,
      notice: `Connecting from ${describe(pressed)}: move to ${pressed.side === 'output' ? 'an input' : 'an output'} and press Enter, or Escape to cancel`,
    };
  const [from, to] = pending.side === 'output' ? [pending, pressed] : [pressed, pending];
  const proposed = {
    source: from.nodeId,
    sourceOutput: from.port,
    target: to.nodeId,
    targetInput: to.port,
  };
  const verdict = checkConnection(graph, catalog, proposed);
  if (!verdict.ok) return { kind: 'refused', pending, notice: `Cannot connect: ${verdict.reason}` };
  return {
    kind: 'connected',
    edge: { id: newId('e'), ...proposed },
    notice: `Connected ${name(from.nodeId)} ${from.port} to ${name(to.nodeId)}`,
  };
}

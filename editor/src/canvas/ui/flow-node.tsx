import { memo, useContext, useEffect, useState } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { ERROR_OUTPUT } from '@bizosaas/shared';
import { nodeMinHeight, nodePorts, portFraction } from '../model/node-geometry';
import type { FlowRfNode } from '../model/react-flow-adapter';
import { RUN_STATUS_LABEL } from '../model/run-status';
import { DIFF_LABEL } from '../model/diff-marks';
import { useCatalog } from '../store';
import { NodeIcon } from './node-icon';
import { ZoomedOutContext } from './zoom-level';

const portOffset = (index: number, count: number) => `${portFraction(index, count) * 100}%`;

function FlowNode({ id, data, selected }: NodeProps<FlowRfNode>) {
  const catalog = useCatalog();
  const { node, problems, status, mark, measured } = data;
  const type = catalog.get(node.type, node.typeVersion);
  const { inputs, outputs } = nodePorts(node, catalog);
  const minHeight = nodeMinHeight(outputs.length);
  const ports = [...inputs, '→', ...outputs].join(' ');
  const portsMeasured = usePortsMeasured(id, ports);
  // Zoomed out, handles can be neither seen nor used, and each costs a React Flow store listener
  // that runs on every pan and drag frame. But React Flow learns where edges attach from the
  // handles it finds when it measures a node, so they stay while a measurement is due: before the
  // first, when a new port count changes the node's height, and when the ports change.
  const showHandles =
    !useContext(ZoomedOutContext) || measured?.height !== minHeight || !portsMeasured;
  const className = [
    'flow-node',
    selected ? 'is-selected' : '',
    status ? `status-${status}` : '',
    problems?.errors ? 'has-errors' : '',
    node.disabled ? 'is-disabled' : '',
    mark ? `diff-${mark}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className} data-node-name={node.name} style={{ minHeight }}>
      {showHandles && <PortHandles nodeName={node.name} side="input" ports={inputs} />}
      <div className="flow-node-icon" aria-hidden="true">
        <NodeIcon name={type?.icon ?? 'box'} />
      </div>
      <div className="flow-node-text">
        <div className="flow-node-name">{node.name}</div>
        <div className="flow-node-type">{type?.title ?? `${node.type}@${node.typeVersion}`}</div>
      </div>
      {problems && (problems.errors > 0 || problems.warnings > 0) && (
        <span
          className={problems.errors > 0 ? 'badge badge-error' : 'badge badge-warning'}
          title={problems.messages.join('\n')}
          role="img"
          aria-label={`${problems.errors} errors, ${problems.warnings} warnings: ${problems.messages.join('; ')}`}
        >
          {problems.errors > 0 ? `! ${problems.errors}` : `⚠ ${problems.warnings}`}
        </span>
      )}
      {mark && (
        <span className={`diff-pill diff-pill-${mark}`} data-diff={mark}>
          {DIFF_LABEL[mark]}
        </span>
      )}
      {status && (
        <span className={`status-pill status-pill-${status}`} data-status={status}>
          {RUN_STATUS_LABEL[status]}
        </span>
      )}
      {showHandles && <PortHandles nodeName={node.name} side="output" ports={outputs} />}
    </div>
  );
}

/**
 * A node's inputs on its left side or outputs on its right, spaced evenly. A handle is pressed (or
 * dragged) to start or finish a connection: a button by role. Several outputs show their names.
 */
function PortHandles({
  nodeName,
  side,
  ports,
}: {
  nodeName: string;
  side: 'input' | 'output';
  ports: readonly string[];
}) {
  const output = side === 'output';
  return ports.map((port, i) => (
    <Handle
      key={port}
      type={output ? 'source' : 'target'}
      position={output ? Position.Right : Position.Left}
      id={port}
      style={{ top: portOffset(i, ports.length) }}
      className={output && port === ERROR_OUTPUT ? 'handle-error' : undefined}
      role="button"
      aria-label={`${nodeName} ${side} ${port}`}
    >
      {output && ports.length > 1 && <span className="handle-label">{port}</span>}
    </Handle>
  ));
}

/**
 * React Flow measures a node's handles when it mounts or resizes, not when its ports change at
 * the same height (a Set node routing its errors gains an output): measure it then, with its
 * handles in place. Says whether React Flow has seen the current ports.
 */
function usePortsMeasured(id: string, ports: string): boolean {
  const updateNodeInternals = useUpdateNodeInternals();
  const [seen, setSeen] = useState(ports);
  useEffect(() => {
    if (seen === ports) return;
    // Both wait for the next frame, the measurement first.
    updateNodeInternals(id);
    const frame = requestAnimationFrame(() => setSeen(ports));
    return () => cancelAnimationFrame(frame);
  }, [updateNodeInternals, id, ports, seen]);
  return seen === ports;
}

/**
 * One flow node on the canvas. Declared at module level and memoised, as React Flow's performance
 * guidance asks: it re-renders only when its own node object changes (see `createProjector`), and
 * not when React Flow passes it a new position on every frame of a drag, which it does not show.
 */
export const FlowNodeView = memo(
  FlowNode,
  (before, after) => before.data === after.data && before.selected === after.selected,
);

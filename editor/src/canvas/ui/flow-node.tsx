import { Fragment, memo, useContext, useEffect, useState, type KeyboardEvent } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { ERROR_OUTPUT } from '@bizosaas/shared';
import {
  NODE_WIDTH,
  nodeMinHeight,
  nodePorts,
  portPlaces,
  type PortPlace,
} from '../model/node-geometry';
import type { FlowRfNode } from '../model/react-flow-adapter';
import { RUN_STATUS_LABEL } from '../model/run-status';
import { DIFF_LABEL } from '../model/diff-marks';
import { useCanvasStore, useCatalog } from '../store';
import { AddAfterContext } from './add-after';
import { NodeIcon } from './node-icon';
import { ZoomedOutContext } from './zoom-level';

function FlowNode({ id, data, selected }: NodeProps<FlowRfNode>) {
  const catalog = useCatalog();
  const { node, problems, status, mark, measured, container, readOnly, pending } = data;
  const type = catalog.get(node.type, node.typeVersion);
  const { inputs, outputs, labels } = nodePorts(node, catalog);
  const minHeight = nodeMinHeight(outputs.length);
  const places = portPlaces(
    node,
    catalog,
    container ?? { width: NODE_WIDTH, height: Math.max(minHeight, measured?.height ?? 0) },
  );
  const ports = [...inputs, '→', ...outputs.map((p) => `${p}:${labels.get(p) ?? ''}`)].join(' ');
  const portsMeasured = usePortsMeasured(id, ports);
  // Zoomed out, handles can be neither seen nor used, and each costs a React Flow store listener
  // that runs on every pan and drag frame. But React Flow learns where edges attach from the
  // handles it finds when it measures a node, so they stay while a measurement is due: before the
  // first, when a new port count changes the node's height, and when the ports change.
  const showHandles =
    !useContext(ZoomedOutContext) ||
    (container ? measured?.height !== container.height : measured?.height !== minHeight) ||
    !portsMeasured;
  const className = [
    'flow-node',
    container ? 'is-container' : '',
    selected ? 'is-selected' : '',
    status ? `status-${status}` : '',
    problems?.errors ? 'has-errors' : '',
    node.disabled ? 'is-disabled' : '',
    mark ? `diff-${mark}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const heading = (
    <>
      <div className="flow-node-icon" aria-hidden="true">
        <NodeIcon name={type?.icon ?? 'box'} />
      </div>
      <div className="flow-node-text">
        <div className="flow-node-name">{node.name}</div>
        <div className="flow-node-type">{type?.title ?? `${node.type}@${node.typeVersion}`}</div>
      </div>
    </>
  );
  return (
    <div
      className={className}
      data-node-name={node.name}
      style={container ? { width: container.width, height: container.height } : { minHeight }}
    >
      {showHandles && (
        <PortHandles
          nodeId={id}
          nodeName={node.name}
          side="input"
          places={places.inputs}
          readOnly={readOnly}
          pending={pending?.side === 'input' ? pending.port : undefined}
        />
      )}
      {container ? <div className="flow-node-header">{heading}</div> : heading}
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
      {showHandles && (
        <PortHandles
          nodeId={id}
          nodeName={node.name}
          side="output"
          places={places.outputs}
          labels={labels}
          readOnly={readOnly}
          pending={pending?.side === 'output' ? pending.port : undefined}
        />
      )}
    </div>
  );
}

/**
 * A node's inputs on its left side or outputs on its right. A handle is dragged to start or finish
 * a connection, or focused (Tab) and pressed with Enter on each end to connect with the keyboard
 * (Escape cancels). Several outputs show their names, a Switch's cases their values; each output
 * has a "+" that adds the next node already connected to it.
 */
function PortHandles({
  nodeId,
  nodeName,
  side,
  places,
  labels,
  readOnly,
  pending,
}: {
  nodeId: string;
  nodeName: string;
  side: 'input' | 'output';
  places: readonly PortPlace[];
  labels?: ReadonlyMap<string, string>;
  readOnly: boolean;
  /** The port of this side picked for a keyboard connection. */
  pending: string | undefined;
}) {
  // Read when a key is pressed, not subscribed to: a thousand nodes listening would all wake on
  // every frame of a drag.
  const store = useCanvasStore();
  const addAfter = useContext(AddAfterContext);
  const output = side === 'output';
  const onKeyDown = (port: string) => (e: KeyboardEvent) => {
    if (readOnly || (e.key !== 'Enter' && e.key !== ' ' && e.key !== 'Escape')) return;
    // The node around the port would take Enter as "select me" and Escape as "deselect all".
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape') store.getState().cancelPort();
    else store.getState().pressPort({ nodeId, port, side });
  };
  return places.map(({ port, top, left }) => {
    const label = labels?.get(port) ?? port;
    // A port on the node's side keeps React Flow's placement; the loop's body port sits inside.
    const inner = output ? left < NODE_WIDTH / 2 : left > 0;
    const place = inner
      ? { top, left, right: 'auto', transform: 'translate(-50%, -50%)' }
      : { top };
    return (
      <Fragment key={port}>
        <Handle
          type={output ? 'source' : 'target'}
          position={output ? Position.Right : Position.Left}
          id={port}
          style={place}
          className={[
            output && port === ERROR_OUTPUT ? 'handle-error' : '',
            pending === port ? 'is-pending' : '',
          ]
            .filter(Boolean)
            .join(' ')}
          role="button"
          tabIndex={readOnly ? undefined : 0}
          aria-pressed={pending === port}
          aria-label={`${nodeName} ${side} ${label}`}
          onKeyDown={onKeyDown(port)}
        />
        {output && (
          // Right of the port, on its line: its name (several outputs) and its "+".
          <div className="port-extras" style={{ top, left: left + 10 }}>
            {places.length > 1 && <span className="handle-label">{label}</span>}
            {addAfter && !readOnly && (
              <button
                type="button"
                className="port-add nodrag nopan"
                aria-label={`Add a node after ${nodeName} ${label}`}
                title="Add the next node"
                onClick={(e) => {
                  e.stopPropagation();
                  addAfter(nodeId, port);
                }}
              >
                +
              </button>
            )}
          </div>
        )}
      </Fragment>
    );
  });
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

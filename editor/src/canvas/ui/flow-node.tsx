import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { ERROR_OUTPUT } from '@bizosaas/shared';
import type { FlowRfNode } from '../model/react-flow-adapter';
import { RUN_STATUS_LABEL } from '../model/run-status';
import { DIFF_LABEL } from '../model/diff-marks';
import { useCatalog } from '../store';
import { NodeIcon } from './node-icon';

const portOffset = (index: number, count: number) => `${((index + 1) / (count + 1)) * 100}%`;

function FlowNode({ data, selected }: NodeProps<FlowRfNode>) {
  const catalog = useCatalog();
  const { node, problems, status, mark } = data;
  const type = catalog.get(node.type, node.typeVersion);
  const inputs = type?.inputs ?? [];
  const outputs = [
    ...(type?.outputs.map((o) => o.name) ?? []),
    ...(node.onError === 'route' ? [ERROR_OUTPUT] : []),
  ];
  const labelled = outputs.length > 1;
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
    <div
      className={className}
      data-node-name={node.name}
      style={{ minHeight: Math.max(56, outputs.length * 22 + 12) }}
    >
      {inputs.map((port, i) => (
        <Handle
          key={port.name}
          type="target"
          position={Position.Left}
          id={port.name}
          style={{ top: portOffset(i, inputs.length) }}
          // A handle is pressed (or dragged) to start or finish a connection: a button by role.
          role="button"
          aria-label={`${node.name} input ${port.name}`}
        />
      ))}
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
      {outputs.map((name, i) => (
        <Handle
          key={name}
          type="source"
          position={Position.Right}
          id={name}
          style={{ top: portOffset(i, outputs.length) }}
          className={name === ERROR_OUTPUT ? 'handle-error' : undefined}
          role="button"
          aria-label={`${node.name} output ${name}`}
        >
          {labelled && <span className="handle-label">{name}</span>}
        </Handle>
      ))}
    </div>
  );
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

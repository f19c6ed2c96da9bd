import { useMemo } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { useCanvas, useCatalog } from '../canvas/store';
import { JsonBlock } from '../ui/json-block';
import { ErrorNote, formatTime } from '../ui/page';
import { AgentTranscript } from './agent-transcript';
import { nodeRunKeyOf } from './agent-transcript-model';
import { formatDuration, nodeRunLabel, timeline, type NodeRun } from './node-states';
import type { RunDetail } from './use-run';

const RUN_LABEL: Record<string, string> = {
  running: 'Running',
  completed: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  terminated: 'Terminated',
  timed_out: 'Timed out',
  continued: 'Continued',
  unknown: 'Unknown',
};

export const runStatusLabel = (status: string) => RUN_LABEL[status] ?? status;

/**
 * A run beside its canvas: overall state, a timeline of node durations, and the input, output and
 * error of the node selected on the canvas.
 */
export function RunPanel({
  run,
  updatedAt,
  canCancel,
  onClose,
}: {
  run: RunDetail;
  /** When this state was fetched: a node still running is drawn up to then. */
  updatedAt: number;
  canCancel: boolean;
  onClose?(): void;
}) {
  const selected = useCanvas((s) => s.selected);
  const graphNodes = useCanvas((s) => s.doc.graph.nodes);
  const select = useCanvas((s) => s.select);
  const names = useMemo(() => new Map(graphNodes.map((n) => [n.id, n.name])), [graphNodes]);
  const nodes = run.nodes as NodeRun[];
  const { bars, total } = timeline(nodes, names, updatedAt);
  const only = selected.size === 1 ? [...selected][0] : undefined;
  const detail = only === undefined ? [] : nodes.filter((n) => n.nodeId === only);
  const catalog = useCatalog();
  const onlyNode = graphNodes.find((n) => n.id === only);
  // Agents (and crews of them) keep a transcript in the decision log.
  const isAgent =
    onlyNode !== undefined &&
    catalog.get(onlyNode.type, onlyNode.typeVersion)?.kind === 'agent';
  const client = useQueryClient();
  const trpc = useTRPC();
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: () =>
        client.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId: run.runId }) }),
    }),
  );
  const duration =
    run.startedAt && (run.closedAt || run.status === 'running')
      ? (run.closedAt ? Date.parse(run.closedAt) : updatedAt) - Date.parse(run.startedAt)
      : undefined;

  return (
    <section className="run-panel" aria-labelledby="run-panel-title">
      <header className="run-panel-header">
        <h2 id="run-panel-title" className="panel-title">
          {run.version === 0 ? 'Test run' : `Run of v${run.version}`}
        </h2>
        <span className={`tag run-${run.status}`} data-run-status={run.status}>
          {runStatusLabel(run.status)}
        </span>
        <span className="muted small">
          Started {formatTime(run.startedAt)}
          {duration !== undefined && ` · ${formatDuration(duration)}`}
        </span>
        <div className="toolbar-spacer" />
        {canCancel && run.status === 'running' && (
          <button type="button" className="button" onClick={() => cancel.mutate({ runId: run.runId })}>
            Cancel run
          </button>
        )}
        {onClose && (
          <button type="button" className="button" onClick={onClose}>
            Close run
          </button>
        )}
      </header>
      <ErrorNote error={cancel.error} />
      {run.error && (
        <p className="error-note" role="alert">
          {run.error}
        </p>
      )}
      <div className="run-panel-body">
        <ol className="timeline" aria-label="Node timeline">
          {bars.map((b, i) => (
            <li key={i} className="timeline-row">
              <button type="button" className="timeline-label" onClick={() => select([b.nodeId])}>
                {b.label}
              </button>
              <span className="timeline-track" aria-hidden="true">
                <span
                  className={`timeline-bar bar-${b.status}`}
                  style={{
                    left: `${(b.start / total) * 100}%`,
                    width: `${Math.max(0.5, ((b.end - b.start) / total) * 100)}%`,
                  }}
                />
              </span>
              <span className="timeline-duration">{formatDuration(b.end - b.start)}</span>
            </li>
          ))}
        </ol>
        <div className="node-detail" aria-live="polite">
          {only === undefined ? (
            <p className="muted">Select a node on the canvas to see its input, output and error.</p>
          ) : detail.length === 0 ? (
            <p className="muted">{names.get(only) ?? 'This node'} has not run.</p>
          ) : (
            detail.map((d, i) => <NodeRunDetail key={i} name={names.get(only) ?? only} run={d} />)
          )}
          {isAgent &&
            detail.map((d) => (
              <AgentTranscript
                key={nodeRunKeyOf(d)}
                runId={run.runId}
                nodeKey={nodeRunKeyOf(d)}
                updatedAt={updatedAt}
              />
            ))}
        </div>
      </div>
    </section>
  );
}


function NodeRunDetail({ name, run }: { name: string; run: NodeRun }) {
  const label = nodeRunLabel(run);
  return (
    <article className="node-run" aria-label={`${name} run details`}>
      <h3 className="node-run-title">
        {name}
        {run.iteration?.length ? ` [${run.iteration.join('.')}]` : ''}{' '}
        <span className={`status-pill status-pill-${run.status}`}>{label}</span>
      </h3>
      {run.error !== undefined && <JsonBlock title="Error" value={run.error} tone="error" />}
      <JsonBlock title="Input" value={run.input} />
      <JsonBlock title="Output" value={run.output} />
    </article>
  );
}

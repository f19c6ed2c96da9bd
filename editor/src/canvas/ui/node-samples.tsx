import { createContext, useContext, useId } from 'react';
import { nodeRunLabel } from '../../runs/node-states';
import { sampleOf, useClearTestData, useTestData } from '../../runs/test-data';
import { useRunDetail } from '../../runs/use-run';
import { JsonBlock } from '../../ui/json-block';
import { ErrorNote, formatTime } from '../../ui/page';
import { useCanvas } from '../store';

/**
 * The flow whose pinned test run gives the inspector its samples; none (a past run's canvas, the
 * scratch page) shows no samples.
 */
export const NodeSamplesContext = createContext<string | undefined>(undefined);

/** The selected node's input and output in the flow's latest test run, read-only. */
export function NodeSamples({ nodeId }: { nodeId: string }) {
  const flowId = useContext(NodeSamplesContext);
  return flowId === undefined ? null : <Samples flowId={flowId} nodeId={nodeId} />;
}

function Samples({ flowId, nodeId }: { flowId: string; nodeId: string }) {
  const title = useId();
  const testData = useTestData(flowId);
  const pinned = testData.data ?? undefined;
  const run = useRunDetail(pinned?.runId);
  const sample = run.data && sampleOf(run.data.nodes, nodeId);
  const readOnly = useCanvas((s) => s.readOnly);
  const clear = useClearTestData(flowId);
  return (
    <section className="node-samples" aria-labelledby={title}>
      <h3 id={title} className="panel-title">
        Sample data
      </h3>
      {testData.isPending || (pinned && run.isPending) ? (
        <p className="muted">Loading the latest test run…</p>
      ) : !sample ? (
        <p className="muted">No sample yet — run a test.</p>
      ) : (
        <>
          <p className="field-help">
            From the test run of {formatTime(pinned!.pinnedAt)}
            {sample.count > 1 && `, its first of ${sample.count} runs`}
            {sample.run.status !== 'succeeded' && ` (${nodeRunLabel(sample.run).toLowerCase()})`}.
          </p>
          {/* Labelled apart from the run panel's blocks, which show beside these while a run is open. */}
          {sample.run.error !== undefined && (
            <JsonBlock title="Error" label="Sample error" value={sample.run.error} tone="error" />
          )}
          <JsonBlock title="Input" label="Sample input" value={sample.run.input} />
          <JsonBlock title="Output" label="Sample output" value={sample.run.output} />
        </>
      )}
      {pinned && !readOnly && (
        <button
          type="button"
          className="button"
          onClick={() => clear.mutate()}
          disabled={clear.isPending}
        >
          Clear test data
        </button>
      )}
      <ErrorNote error={clear.error} />
    </section>
  );
}
